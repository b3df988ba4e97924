"""One conversation per case between the patient (and the family members acting for them) and
the hospital's coordinators, physicians and nurses."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Message(models.Model):
    case = models.ForeignKey("patients.Case", on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: the author's role when they wrote (a role can change; the thread shows who spoke as what)
    author_role = models.CharField(max_length=20)
    body = models.TextField(max_length=4000)
    document = models.ForeignKey(
        "records.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"message {self.pk} on {self.case_id}"


class ReadMark(models.Model):
    """How far a person has read a case's conversation (for the unread count)."""

    case = models.ForeignKey("patients.Case", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_mark_per_reader")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.case_id} to {self.last_read}"

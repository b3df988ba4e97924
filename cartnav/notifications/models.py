"""The in-app notification centre: one row per person per event (a stage move, a review
decision, a message, a to-do, an estimate, a letter, tomorrow's appointment), written in the
person's language when it happens, and each person's choice of e-mail (each, a daily digest, or
none)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        STAGE = "stage", _("Journey")
        REVIEW = "review", _("Review decision")
        MESSAGE = "message", _("Message")
        TODO = "todo", _("To-do")
        QUOTE = "quote", _("Cost estimate")
        LETTER = "letter", _("Visa letter")
        APPOINTMENT = "appointment", _("Appointment")
        WARD_ALERT = "ward_alert", _("Ward alert")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(
        "patients.Case", null=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    #: what happened, in the person's language at the time (a notification is a record of what
    #: they were told)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    #: makes a repeated event (tomorrow's reminder, sent by a job that may run twice) one row
    key = models.CharField(max_length=120, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "-created", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="one_notification_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"


class Preference(models.Model):
    class Email(models.TextChoices):
        EACH = "each", _("Each notification (collected for up to 10 minutes)")
        DAILY = "daily", _("One summary a day")
        NONE = "none", _("None: only in cartnav")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(
        _("Notifications by e-mail"), max_length=8, choices=Email.choices, default=Email.EACH
    )
    last_digest = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"

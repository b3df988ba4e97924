"""Records intake and specialist review: documents, review requests and the patient's to-dos.

Documents are stored by content hash (never by the uploaded name) and served only through the
access module. A review request goes to one specialist reviewer of the case's hospital, who
accepts (with the proposed product or trial), declines (with a reason) or asks for more (each
item becomes a to-do for the patient).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cartnav.core.choices import choice_display


class DocumentKind(models.TextChoices):
    PATHOLOGY = "pathology", _("Pathology report")
    IMAGING = "imaging", _("Imaging")
    DISCHARGE = "discharge", _("Discharge summary")
    LAB = "lab", _("Laboratory report")
    PASSPORT = "passport", _("Passport page")
    VISA_LETTER = "visa_letter", _("Visa invitation letter")
    OTHER = "other", _("Other")


#: What a person may upload: everything but the letters cartnav itself issues (a letter is only
#: ever made by ``visas.services``, so a document of that kind is the hospital's).
UPLOAD_KINDS = [(v, label) for v, label in DocumentKind.choices if v != DocumentKind.VISA_LETTER]


class Document(models.Model):
    case = models.ForeignKey("patients.Case", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    get_kind_display = choice_display("kind", DocumentKind)
    display_name = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=60)
    storage_name = models.CharField(max_length=200)
    note = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [models.UniqueConstraint(fields=["case", "sha256"], name="one_copy_per_case")]

    def __str__(self) -> str:
        return self.display_name


class Decision(models.TextChoices):
    PENDING = "", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    MORE = "more", _("More information requested")


class ReviewRequest(models.Model):
    case = models.ForeignKey("patients.Case", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews_to_do"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(
        max_length=10, choices=Decision.choices, default=Decision.PENDING, blank=True
    )
    get_decision_display = choice_display("decision", Decision)
    proposal = models.CharField(_("proposed product or trial"), max_length=200, blank=True)
    reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"review of {self.case_id} ({self.decision or 'pending'})"


class ToDo(models.Model):
    case = models.ForeignKey("patients.Case", on_delete=models.CASCADE, related_name="todos")
    review = models.ForeignKey(
        ReviewRequest, null=True, on_delete=models.SET_NULL, related_name="todos"
    )
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: what closed it: the document that answers it, or the patient's word why it cannot be had
    document = models.ForeignKey(
        "records.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    explanation = models.TextField(blank=True)

    class Meta:
        ordering = ["done_at", "created_at"]

    def __str__(self) -> str:
        return self.text


class PendingImport(models.Model):
    """A FHIR bundle previewed and waiting for its import to be confirmed.

    The bundle is kept as a file in the document store (never in the session, where a large
    bundle would be read and written on every later request), for one person and one case, for
    an hour. Importing or refusing it deletes the row and the file.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "patients.Case", on_delete=models.CASCADE, related_name="pending_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    storage_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    repair_ids = models.BooleanField(default=False)
    profile_digest = models.CharField(
        max_length=64, blank=True, help_text="The profile the preview was compared with."
    )

    def __str__(self) -> str:
        return f"pending import {self.pk} for {self.case_id}"

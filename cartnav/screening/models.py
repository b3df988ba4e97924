"""A case's screening profile (the facts screening needs) and its stored screening result.

The profile is stored as the validated JSON of ``cartnav.eligibility.profile`` — one source of
truth that the case page, the API, the CLI and (later) the records intake all edit. The result
remembers the catalog version and profile digest it was computed from, so a stale result is
recognised and recomputed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cartnav.core.choices import choice_display


class ScreeningProfile(models.Model):
    case = models.OneToOneField(
        "patients.Case", on_delete=models.CASCADE, related_name="screening_profile"
    )
    data = models.JSONField(default=dict)
    digest = models.CharField(max_length=64)
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"profile of {self.case_id}"


class ScreeningResult(models.Model):
    case = models.OneToOneField(
        "patients.Case", on_delete=models.CASCADE, related_name="screening_result"
    )
    catalog_version = models.PositiveIntegerField()
    profile_digest = models.CharField(max_length=64)
    computed = models.DateTimeField(auto_now=True)
    counts = models.JSONField(default=dict)
    options = models.JSONField(default=list)
    hospitals = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"screening of {self.case_id} (catalog v{self.catalog_version})"


class ProfileSource(models.TextChoices):
    """Where a version of the profile came from."""

    PATIENT = "patient", _("the patient or their family")
    STAFF = "staff", _("hospital staff")
    IMPORT = "import", _("a FHIR import")
    RESTORE = "restore", _("restoring an earlier version")


class ProfileVersion(models.Model):
    """Every saved state of a case's profile, kept: who made it, from where, and what it held.

    Nothing is ever lost by saving or importing: an earlier version can be restored, which
    writes a new version (the history only grows).
    """

    case = models.ForeignKey(
        "patients.Case", on_delete=models.CASCADE, related_name="profile_versions"
    )
    number = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    digest = models.CharField(max_length=64)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=10, choices=ProfileSource.choices)
    get_source_display = choice_display("source", ProfileSource)
    note = models.CharField(max_length=300, blank=True)
    changed = models.JSONField(
        default=list, help_text="The facts that changed from the version before."
    )

    class Meta:
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_profile_version_number")
        ]

    def __str__(self) -> str:
        return f"profile v{self.number} of {self.case_id}"

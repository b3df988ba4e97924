"""A case's screening profile (the facts screening needs) and its stored screening result.

The profile is stored as the validated JSON of ``cartnav.eligibility.profile`` — one source of
truth that the case page, the API, the CLI and (later) the records intake all edit. The result
remembers the catalog version and profile digest it was computed from, so a stale result is
recognised and recomputed.
"""

from django.conf import settings
from django.db import models


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

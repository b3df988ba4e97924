"""Companions travelling with the patient, and the hospital's visa invitation letters with
their history (issued, revoked, superseded by a reissue).

Passport numbers stay encrypted at rest: a companion's in an encrypted field, and everything a
letter said about people (names, passports, dates of birth, diagnosis, plan) in one encrypted
snapshot. Only what the public verification page shows — the number, the hospital, the validity
and the status — is stored in plain columns.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cartnav.core.fields import EncryptedTextField
from cartnav.core.validators import validate_birth_date, validate_nationality


class Companion(models.Model):
    """A person travelling with the patient, as their passport reads."""

    case = models.ForeignKey("patients.Case", on_delete=models.CASCADE, related_name="companions")
    name = models.CharField(_("name as in the passport"), max_length=120)
    relation = models.CharField(_("relation to the patient"), max_length=60)
    nationality = models.CharField(
        _("nationality (ISO country code)"), max_length=2, validators=[validate_nationality]
    )
    date_of_birth = models.DateField(_("date of birth"), validators=[validate_birth_date])
    passport_number = EncryptedTextField(_("passport number"))
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "added"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relation})"


class InvitationLetter(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", pgettext_lazy("letter status", "Valid")
        REVOKED = "revoked", pgettext_lazy("letter status", "Revoked")
        SUPERSEDED = "superseded", pgettext_lazy("letter status", "Superseded by a new letter")

    case = models.ForeignKey("patients.Case", on_delete=models.CASCADE, related_name="letters")
    hospital = models.ForeignKey("catalog.Hospital", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=24, unique=True)
    visa_type = models.CharField(max_length=2, choices=[("S2", "S2"), ("S1", "S1")])
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VALID)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    valid_until = models.DateField(_("valid until"))
    #: what the letter said, encrypted (names, passports, dates of birth, diagnosis, plan)
    content = EncryptedTextField()
    document = models.ForeignKey(
        "records.Document", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField(max_length=300, blank=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )

    class Meta:
        ordering = ["case", "-issued_at"]

    def __str__(self) -> str:
        return self.number

    @property
    def said(self) -> dict[str, Any]:
        """The letter's content, decrypted."""
        return json.loads(self.content) if self.content else {}

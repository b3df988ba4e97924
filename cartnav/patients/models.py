"""Patients, their cases, the history of each case's stage, and consents.

These rows are a person's health data: read them through ``cartnav.access`` (which audits) and
change them through ``cartnav.patients.services`` (which audits and owns the transaction).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cartnav.core.choices import choice_display
from cartnav.core.fields import EncryptedTextField
from cartnav.core.validators import (
    validate_birth_date,
    validate_contacts,
    validate_languages,
    validate_nationality,
    validate_time_zone,
)
from cartnav.patients.stages import Stage


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Patient(models.Model):
    """A person who may have several cases. ``user`` is their own sign-in, if they have one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient",
    )
    proxies = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="proxy_for",
        help_text=_("Family members who act for this patient."),
    )
    family_name = models.CharField(_("family name (Latin script)"), max_length=100)
    given_name = models.CharField(_("given name (Latin script)"), max_length=100)
    native_name = models.CharField(_("name in own script"), max_length=200, blank=True)
    date_of_birth = models.DateField(_("date of birth"), validators=[validate_birth_date])
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    get_sex_display = choice_display("sex", Sex)
    nationality = models.CharField(
        _("nationality (ISO 3166 alpha-2)"), max_length=2, validators=[validate_nationality]
    )
    passport_number = EncryptedTextField(_("passport number"), blank=True)
    languages = models.JSONField(
        _("languages (BCP 47)"), default=list, blank=True, validators=[validate_languages]
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contacts = models.JSONField(
        _("other contacts"),
        default=list,
        blank=True,
        validators=[validate_contacts],
        help_text=_("Emergency and family contacts: name, relation, phone, e-mail."),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name(self.given_name, self.family_name, self.native_name)


def display_name(given_name: str, family_name: str, native_name: str) -> str:
    """A person's name as pages show it: Latin script, then their own script in brackets."""
    latin = f"{given_name} {family_name}"
    return f"{latin} ({native_name})" if native_name else latin


class Case(models.Model):
    """One course of care at one hospital, following the journey's stages."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("case number"), max_length=20, unique=True)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="cases")
    hospital = models.ForeignKey("catalog.Hospital", on_delete=models.PROTECT, related_name="cases")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_cases",
    )
    stage = models.CharField(
        _("stage"), max_length=30, choices=Stage.choices, default=Stage.INQUIRY
    )
    get_stage_display = choice_display("stage", Stage)
    stage_changed = models.DateTimeField(_("stage since"))
    diagnosis = models.CharField(_("diagnosis (summary)"), max_length=200, blank=True)
    opened = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-stage_changed"]
        indexes = [models.Index(fields=["hospital", "stage"])]

    def __str__(self) -> str:
        return self.number


class StageChange(models.Model):
    """The history of a case's stage: who moved it, when, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    get_from_stage_display = choice_display("from_stage", Stage)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    get_to_stage_display = choice_display("to_stage", Stage)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.TextField()
    #: a move outside the journey's table (``patients.journey``), or one whose conditions did
    #: not hold, made by a physician or an administrator
    override = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} → {self.to_stage}"


class ConsentPurpose(models.TextChoices):
    TREATMENT = "treatment", _("Treatment and care")
    CROSS_BORDER = "cross_border", _("Transfer of health data across borders")
    RESEARCH = "research", _("Registry research")
    CONTACT = "contact", _("Being contacted")


class ConsentText(models.Model):
    """A versioned consent text, per purpose and language; a consent records which one was shown."""

    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    get_purpose_display = choice_display("purpose", ConsentPurpose)
    version = models.CharField(max_length=20)
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=200)
    body = models.TextField()
    published = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "version", "language"], name="one_text_per_version_language"
            )
        ]
        ordering = ["purpose", "-published"]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.version} ({self.language})"


class Consent(models.Model):
    """A patient's consent for one purpose, given and possibly withdrawn, with the text shown."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    get_purpose_display = choice_display("purpose", ConsentPurpose)
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField()
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["purpose", "-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({'active' if self.active else 'withdrawn'})"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

"""The ward after infusion: a stay from day 0, the observations and doses recorded during it,
and the alerts raised from them. Grades are not stored: they are computed from the record by the
pure core (``cartnav.clinical.ward``) whenever they are shown, so they can never drift from the
observations they rest on.

Observations are never changed or deleted: a correction is a new row that ``replaces`` the old
one, which is then marked ``superseded`` (the only change an observation row accepts), so the
original value and who corrected it stay in the record.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cartnav.clinical import ward as core


def _default_schedule() -> list[dict[str, Any]]:
    return [dict(item) for item in core.DEFAULT_SCHEDULE]


def _default_rules() -> list[dict[str, Any]]:
    return [dict(rule) for rule in core.DEFAULT_RULES]


class WardSettings(models.Model):
    """A hospital's ward rules: how often each check is due, the alert rules, and how long an
    unacknowledged alert waits before it goes to the next person on the rota."""

    hospital = models.OneToOneField(
        "catalog.Hospital", on_delete=models.CASCADE, related_name="ward_settings"
    )
    schedule = models.JSONField(_("checks and how often they are due"), default=_default_schedule)
    alert_rules = models.JSONField(_("alert rules"), default=_default_rules)
    escalate_after_minutes = models.PositiveIntegerField(
        _("minutes before an unacknowledged alert escalates"), default=15
    )
    hypotension_systolic_below = models.FloatField(
        _("systolic pressure (mmHg) below which an adult counts as hypotensive"), default=90.0
    )
    masking_hours = models.FloatField(
        _("hours after tocilizumab or a corticosteroid during which fever counts as masked"),
        null=True,
        blank=True,
        default=72.0,
        help_text=_("Empty: masked for the rest of the stay (ASTCT sets no end)."),
    )
    prophylaxis_policy = models.CharField(
        _("infection prophylaxis policy"),
        max_length=12,
        blank=True,
        choices=[
            ("blood23", "Blood-23"),
            ("icaht", "EHA/EBMT ICAHT"),
            ("ash_sap", "ASH-SAP"),
            ("stanford", "Stanford"),
        ],
        help_text=_("The sources differ; until one is chosen, every policy is shown."),
    )
    igg_policy = models.CharField(
        _("IgG flag"),
        max_length=8,
        default="lt_400",
        choices=[
            ("lt_400", _("IgG < 400 mg/dL (TCT 2021 Table II, Blood-23, Stanford)")),
            ("le_400", _("IgG ≤ 400 mg/dL (ASH-SAP)")),
        ],
    )
    discharge_criteria = models.JSONField(
        _("discharge criteria (one line each)"), default=list, blank=True
    )

    class Meta:
        verbose_name = _("ward settings")
        verbose_name_plural = _("ward settings")

    def __str__(self) -> str:
        return f"ward settings of {self.hospital_id}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        for name, check in (("schedule", core.check_schedule), ("alert_rules", core.check_rules)):
            try:
                check(getattr(self, name))
            except ValueError as exc:
                errors[name] = str(exc)
        if errors:
            raise ValidationError(errors)


class RotaEntry(models.Model):
    """Who is called, in order, when an alert is not acknowledged in time."""

    hospital = models.ForeignKey("catalog.Hospital", on_delete=models.CASCADE, related_name="rota")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("order on the rota"))

    class Meta:
        ordering = ["hospital", "position"]
        constraints = [
            models.UniqueConstraint(fields=["hospital", "position"], name="one_person_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.user_id}"


class WardStay(models.Model):
    """A case's inpatient stay after infusion: day 0, the weight doses are reckoned from, and
    the responsible physician the alerts go to first."""

    case = models.OneToOneField("patients.Case", on_delete=models.CASCADE, related_name="ward")
    infused_at = models.DateTimeField(_("infusion (day 0)"))
    weight_kg = models.FloatField(_("weight (kg)"), null=True, blank=True)
    physician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible physician"),
    )
    admitted_at = models.DateTimeField(auto_now_add=True)
    discharged_at = models.DateTimeField(null=True, blank=True)
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: each discharge criterion as it was confirmed at discharge
    discharge_checks = models.JSONField(default=dict, blank=True)
    #: the last 24 hours' grades as of ``graded_at`` (the last recording or dose), kept on the
    #: row so the ward board reads one row per inpatient instead of grading every record
    crs_now = models.PositiveSmallIntegerField(null=True, blank=True)
    icans_now = models.PositiveSmallIntegerField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    #: when each check of the schedule was last done (schedule key → ISO time)
    last_checks = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"ward stay of {self.case_id}"


class Observation(models.Model):
    """One value charted at the bedside or received from a device or a FHIR server."""

    class Source(models.TextChoices):
        BEDSIDE = "bedside", _("bedside")
        API = "api", _("API")
        FHIR = "fhir", _("FHIR")
        MONITOR = "monitor", _("monitor export")

    stay = models.ForeignKey(WardStay, on_delete=models.CASCADE, related_name="observations")
    code = models.CharField(max_length=24, choices=[(c, c) for c in core.CODES])
    #: the canonical value: a number (NUMERIC codes), else None
    number = models.FloatField(null=True)
    #: a grader's word (CHOICES codes) or "yes"/"no" (FLAGS codes), else empty
    word = models.CharField(max_length=48, blank=True)
    #: what was typed or received, as given, with its unit (kept for the record)
    entered = models.CharField(max_length=60, blank=True)
    taken_at = models.DateTimeField(db_index=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.BEDSIDE)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    correction_reason = models.CharField(max_length=300, blank=True)
    superseded = models.BooleanField(default=False)

    class Meta:
        ordering = ["taken_at", "pk"]
        indexes = [models.Index(fields=["stay", "superseded", "taken_at"])]

    def __str__(self) -> str:
        return f"{self.code} {self.entered} at {self.taken_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and set(kwargs.get("update_fields") or ()) != {"superseded"}:
            raise ValueError("an observation is never changed: record a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("an observation is never deleted: record a correction instead")

    @property
    def value(self) -> float | str | bool:
        if self.code in core.FLAGS:
            return self.word == "yes"
        return self.number if self.number is not None else self.word


class Dose(models.Model):
    """A medication given on the ward; a dose past a limit carries a physician's override."""

    stay = models.ForeignKey(WardStay, on_delete=models.CASCADE, related_name="doses")
    drug = models.CharField(max_length=24, choices=[(d, d) for d in core.DRUGS])
    dose_mg = models.FloatField(null=True, blank=True)
    detail = models.CharField(max_length=120, blank=True)
    given_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    override_reason = models.CharField(max_length=300, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["given_at", "pk"]

    def __str__(self) -> str:
        return f"{self.drug} {self.dose_mg} mg at {self.given_at:%Y-%m-%d %H:%M}"


class Alert(models.Model):
    """An alert raised by a rule: who was told, who acknowledged it, how far it escalated."""

    stay = models.ForeignKey(WardStay, on_delete=models.CASCADE, related_name="alerts")
    rule = models.CharField(max_length=40)
    key = models.CharField(max_length=80)
    text = models.CharField(max_length=300)
    #: the same sentence as a template and its parameters (``clinical.text.dump``), so each
    #: reader sees it in their own language
    words = models.JSONField(default=dict, blank=True)
    raised_at = models.DateTimeField()
    #: the place on the rota it has reached: 0 the responsible physician, 1 the first on the rota…
    level = models.PositiveSmallIntegerField(default=0)
    notified = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["stay", "key"], name="one_alert_per_firing")]

    def __str__(self) -> str:
        return f"{self.rule}: {self.text}"

    @property
    def sentence(self) -> Any:
        """The alert's words as a :class:`~cartnav.clinical.text.Text` (English if not kept)."""
        from cartnav.clinical.text import load

        return load(self.words) if self.words else self.text


class InfectionEpisode(models.Model):
    """An infection during the stay: where, what, how severe (CTCAE grade), from when to when."""

    class Site(models.TextChoices):
        BLOOD = "blood", _("bloodstream")
        LUNG = "lung", _("lung")
        URINE = "urine", _("urinary tract")
        GUT = "gut", _("gastrointestinal")
        SKIN = "skin", _("skin or soft tissue")
        LINE = "line", _("central line")
        CNS = "cns", _("central nervous system")
        OTHER = "other", _("other or unknown")

    stay = models.ForeignKey(WardStay, on_delete=models.CASCADE, related_name="infections")
    site = models.CharField(_("site"), max_length=8, choices=Site.choices)
    organism = models.CharField(_("organism (if known)"), max_length=120, blank=True)
    grade = models.PositiveSmallIntegerField(
        _("CTCAE grade"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    started = models.DateField(_("started"))
    ended = models.DateField(_("ended"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["started", "pk"]

    def __str__(self) -> str:
        return f"{self.site} infection from {self.started}"

"""A case's treatment plan: the accepted option, the treating physician, and the dated timeline
(see :mod:`cartnav.plans.timeline` for its rules)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class TreatmentPlan(models.Model):
    case = models.OneToOneField(
        "patients.Case", on_delete=models.CASCADE, related_name="treatment_plan"
    )
    option = models.CharField(_("accepted option (approved product or trial)"), max_length=200)
    physician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("treating physician"),
    )
    assessment = models.DateField(_("assessment"), null=True, blank=True)
    apheresis = models.DateField(_("apheresis"), null=True, blank=True)
    lymphodepletion = models.DateField(_("lymphodepletion starts"), null=True, blank=True)
    infusion = models.DateField(_("infusion (day 0)"), null=True, blank=True)
    discharge = models.DateField(_("discharge from the ward"), null=True, blank=True)
    local_stay_end = models.DateField(_("end of the local stay"), null=True, blank=True)
    home = models.DateField(_("home"), null=True, blank=True)
    stay_days = models.PositiveSmallIntegerField(
        _("local stay the label or the hospital requires (days after infusion)"),
        default=14,
        validators=[MaxValueValidator(365)],
    )
    stay_within_hours = models.DecimalField(
        _("within (hours from the hospital)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(48)],
    )
    stay_source = models.CharField(_("whose rule"), max_length=200)
    #: the secret of the patient's calendar subscription (an address that needs no sign-in)
    feed_token = models.CharField(max_length=64, unique=True, default=_feed_token)
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"plan of {self.case_id}"

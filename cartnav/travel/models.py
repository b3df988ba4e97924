"""A case's travel and local stay: arrival and departure, the accommodation (with its distance
from the hospital checked against the plan's proximity rule), local contacts, and the patient's
ticks on the checklist of each stage."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TravelPlan(models.Model):
    case = models.OneToOneField("patients.Case", on_delete=models.CASCADE, related_name="travel")
    arrival = models.DateTimeField(_("arrival in China"), null=True, blank=True)
    arrival_flight = models.CharField(_("arrival flight or train"), max_length=40, blank=True)
    departure = models.DateTimeField(_("departure from China"), null=True, blank=True)
    departure_flight = models.CharField(_("departure flight or train"), max_length=40, blank=True)
    accommodation = models.CharField(_("accommodation (name)"), max_length=200, blank=True)
    accommodation_address = models.CharField(_("its address"), max_length=300, blank=True)
    latitude = models.FloatField(
        _("its latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("its longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    check_in = models.DateField(_("check-in"), null=True, blank=True)
    check_out = models.DateField(_("check-out"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"travel of {self.case_id}"


class LocalContact(models.Model):
    case = models.ForeignKey(
        "patients.Case", on_delete=models.CASCADE, related_name="local_contacts"
    )
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("who they are"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40)

    class Meta:
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class ChecklistTick(models.Model):
    case = models.ForeignKey(
        "patients.Case", on_delete=models.CASCADE, related_name="checklist_ticks"
    )
    item = models.CharField(max_length=40)
    done_at = models.DateTimeField()
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "item"], name="one_tick_per_item")]

    def __str__(self) -> str:
        return f"{self.item} of {self.case_id}"

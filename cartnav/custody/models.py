"""The cell product's chain of identity and custody in the database: manufacturing capacity, the
therapy order with its chain-of-identity identifier and its booked slot, and the append-only,
keyed hash chain of custody events with their electronic signatures.

The rules are the pure cores beside this module (``isbt128``, ``events``, ``clocks``,
``temperature``); this layer stores what they accept, and refuses to change or delete a recorded
event (the log is append-only: a correction is a new event).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ManufacturingSite(models.Model):
    """Where a maker manufactures a product, and how many products a week it can start: the
    capacity an apheresis booking must find a slot in (data an admin keeps)."""

    name = models.CharField(_("name"), max_length=200)
    maker = models.CharField(_("maker"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    products = models.ManyToManyField("catalog.Product", related_name="manufacturing_sites")
    slots_per_week = models.PositiveSmallIntegerField(
        _("manufacturing slots per week"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    #: days from apheresis to the start of manufacturing (shipping and receipt)
    days_to_start = models.PositiveSmallIntegerField(
        _("days from apheresis to manufacturing start"),
        default=1,
        validators=[MaxValueValidator(14)],
    )
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


class HandlingRules(models.Model):
    """A product's handling limits as data (issue 13, items 4 and 5): the shipping temperature
    range a logger is judged against, and the clocks (``custody.clocks`` rule keys). Entered by
    an admin from the label or the maker's manual, with the source; ``verified`` stays false
    until an admin has checked it, and every page that uses an unverified rule says so."""

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, related_name="handling"
    )
    shipping_low_c = models.FloatField(
        _("shipping range: lowest °C"), validators=[MinValueValidator(-273.15)]
    )
    shipping_high_c = models.FloatField(
        _("shipping range: highest °C"), validators=[MaxValueValidator(100)]
    )
    clocks = models.JSONField(_("clock rules (custody.clocks keys)"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=300)
    verified = models.BooleanField(_("confirmed by an admin"), default=False)

    def __str__(self) -> str:
        return f"handling of {self.product_id}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from cartnav.clinical.text import localize
        from cartnav.custody import clocks

        if (
            self.shipping_low_c is not None
            and self.shipping_high_c is not None
            and self.shipping_low_c >= self.shipping_high_c
        ):
            raise ValidationError({"shipping_high_c": _("must be above the lowest temperature")})
        try:
            clocks.parse_rule(self.clocks or {})
        except clocks.ClockError as exc:
            raise ValidationError({"clocks": str(localize(exc.message, str))}) from exc


class TemperatureRecord(models.Model):
    """A shipper's logger file read at a receipt: the file (a case document), the report and the
    points of its chart."""

    order = models.ForeignKey(
        "TherapyOrder", on_delete=models.PROTECT, related_name="temperature_records"
    )
    event = models.OneToOneField(
        "CustodyEvent", on_delete=models.PROTECT, related_name="temperature"
    )
    document = models.ForeignKey(
        "records.Document", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    low_c = models.FloatField()
    high_c = models.FloatField()
    report = models.JSONField(default=dict)
    points = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"logger of {self.event_id}"


class TherapyOrder(models.Model):
    """One therapy event for one patient: the product, the manufacturing slot, the apheresis
    date, and the chain-of-identity identifier every bag and label carries."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Slot booked")
        IN_PROGRESS = "in_progress", _("In progress")
        INFUSED = "infused", _("Infused")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(
        "patients.Case", on_delete=models.PROTECT, related_name="therapy_orders"
    )
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(ManufacturingSite, on_delete=models.PROTECT, related_name="orders")
    #: the ISBT 128 chain-of-identity identifier's 15 characters after ``&/`` (CH + FIN + year +
    #: sequence), assigned when the order is made, before the first collection
    coi = models.CharField(max_length=15, unique=True)
    apheresis = models.DateField(_("apheresis"))
    #: the Monday of the manufacturing week the slot is in
    slot_week = models.DateField(_("manufacturing week"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)
    #: the order's custody log head: how many events and the last digest (locked on append)
    events_count = models.PositiveIntegerField(default=0)
    head_digest = models.CharField(max_length=64, default="0" * 64)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["site", "slot_week"], name="order_slot_week")]

    def __str__(self) -> str:
        return self.coi


class CustodyEvent(models.Model):
    """One event of the chain of custody, as :func:`cartnav.custody.events.record` accepted it:
    who, when (UTC), where, the identifiers and fields, its content hash, and its place in the
    order's chain (``digest``: an HMAC under the audit key of the plain chain digest, so nobody
    without the key can re-chain the log). Never changed or deleted."""

    order = models.ForeignKey(TherapyOrder, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=30)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    place = models.CharField(max_length=200)
    identifiers = models.JSONField(default=dict)
    fields = models.JSONField(default=dict)
    content_hash = models.CharField(max_length=64)
    prev_digest = models.CharField(max_length=64)
    chain_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)
    key_id = models.CharField(max_length=40)
    recorded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "seq"]
        constraints = [models.UniqueConstraint(fields=["order", "seq"], name="one_event_per_seq")]

    def __str__(self) -> str:
        return f"{self.order_id}#{self.seq} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("A custody event is never changed: record a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("A custody event is never deleted.")


class EventSignature(models.Model):
    """An electronic signature on a custody event: the signer (who re-entered their password),
    the printed name and role at the time, the meaning, the time, and the content hash signed
    (21 CFR Part 11 §11.50 and §11.70)."""

    event = models.ForeignKey(CustodyEvent, on_delete=models.PROTECT, related_name="signatures")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    printed_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20)
    meaning = models.CharField(max_length=20)
    signed_at = models.DateTimeField()
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["event", "signed_at"]

    def __str__(self) -> str:
        return f"{self.printed_name}: {self.meaning}"


class SafetyRecord(models.Model):
    """A refusal that is itself a safety event (a bag scanned for the wrong patient, an event on
    a quarantined product, a wrong password on a signature): recorded with who and what, while
    the refused event changes nothing."""

    order = models.ForeignKey(TherapyOrder, on_delete=models.PROTECT, related_name="safety_records")
    kind = models.CharField(max_length=30)
    reason = models.TextField()
    detail = models.JSONField(default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "-at"]

    def __str__(self) -> str:
        return f"safety: {self.kind} on {self.order_id}"

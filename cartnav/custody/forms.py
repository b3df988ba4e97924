"""The booking and custody-event forms: each value validated where it enters, with its field
named; the rules of order, identity and signatures are the pure core's (``events``)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cartnav.catalog.models import Product
from cartnav.custody import events as rules
from cartnav.custody.models import ManufacturingSite

_DAY = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class BookForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.none(), to_field_name="slug"
    )
    site = forms.ModelChoiceField(
        label=_("Manufacturing site"), queryset=ManufacturingSite.objects.none()
    )
    apheresis = forms.DateField(label=_("Apheresis"), widget=_DAY)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["product"]).queryset = Product.objects.filter(
            region="NMPA", manufacturing_sites__isnull=False
        ).distinct()
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = ManufacturingSite.objects.all()


class MoveForm(forms.Form):
    apheresis = forms.DateField(label=_("New apheresis date"), widget=_DAY)


#: The event form's own fields beyond kind, place and identifiers: each kind uses its
#: ``events.REQUIRED_FIELDS``; the rest are ignored for that kind.
EVENT_FIELDS = (
    "volume_ml",
    "operator",
    "courier",
    "shipper_id",
    "logger_id",
    "lot",
    "dose",
    "expiry",
    "location",
    "reason",
    "decision",
)


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Event"), choices=[(k, str(rules.NAMES[k])) for k in rules.KINDS]
    )
    place = forms.CharField(label=_("Where"), max_length=200)
    coi = forms.CharField(
        label=_("Chain of identity (scan the label)"), max_length=24, required=False
    )
    din = forms.CharField(label=_("DIN of the bag (scan the label)"), max_length=24, required=False)
    volume_ml = forms.FloatField(
        label=_("Volume (mL)"), required=False, min_value=0.1, max_value=5000
    )
    operator = forms.CharField(label=_("Operator"), max_length=120, required=False)
    courier = forms.CharField(label=_("Courier"), max_length=120, required=False)
    shipper_id = forms.CharField(label=_("Shipper"), max_length=60, required=False)
    logger_id = forms.CharField(label=_("Temperature logger"), max_length=60, required=False)
    lot = forms.CharField(label=_("Lot"), max_length=60, required=False)
    dose = forms.CharField(label=_("Dose"), max_length=120, required=False)
    expiry = forms.DateField(label=_("Expiry"), required=False, widget=_DAY)
    certificate = forms.FileField(label=_("Release certificate (PDF)"), required=False)
    logger = forms.FileField(
        label=_("Temperature logger file (CSV), with a receipt"), required=False
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", "—"), ("released", _("Release")), ("rejected", _("Reject"))],
    )
    tocilizumab_on_hand = forms.IntegerField(
        label=_("Tocilizumab doses on hand (for the infusion)"),
        required=False,
        min_value=0,
        max_value=20,
    )
    decision_reason = forms.CharField(
        label=_("Physician's decision to proceed past a limit (reason)"),
        max_length=500,
        required=False,
    )
    meaning = forms.ChoiceField(
        label=_("Signature meaning"),
        required=False,
        choices=[("", "—")]
        + [(m, m) for m in sorted({m for ms in rules.SIGNED.values() for m in ms})],
    )
    password = forms.CharField(
        label=_("Your password (to sign)"), required=False, widget=forms.PasswordInput
    )
    second_signer = forms.CharField(
        label=_("Second person (user name)"), max_length=150, required=False
    )
    second_password = forms.CharField(
        label=_("Second person's password"), required=False, widget=forms.PasswordInput
    )

    def event_fields(self) -> dict[str, Any]:
        """The kind's own fields, as the rules take them (empty ones left out, so a missing
        required field is named by the rules)."""
        kind = self.cleaned_data["kind"]
        wanted = set(rules.REQUIRED_FIELDS.get(kind, ())) - {"coi", "din", "certificate_document"}
        return {
            k: self.cleaned_data[k] for k in wanted if self.cleaned_data.get(k) not in (None, "")
        }


class BedsideForm(forms.Form):
    """Two people at the bedside: each scans the wristband and the bag (a scanner types like a
    keyboard and ends with Enter), and both sign."""

    wristband = forms.CharField(label=_("Wristband (scan)"), max_length=40)
    coi = forms.CharField(label=_("Bag: chain of identity (scan)"), max_length=24)
    din = forms.CharField(label=_("Bag: DIN (scan)"), max_length=24)
    place = forms.CharField(label=_("Where"), max_length=200)
    password = forms.CharField(label=_("Your password (to sign)"), widget=forms.PasswordInput)
    second_signer = forms.CharField(label=_("Second person (user name)"), max_length=150)
    second_password = forms.CharField(
        label=_("Second person's password"), widget=forms.PasswordInput
    )

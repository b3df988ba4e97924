"""The travel form: each value validated where it enters, with its field named. Times are the
hospital's (China's time zone), as the arrival board shows them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cartnav.travel.models import TravelPlan
from cartnav.travel.services import FIELDS

_WHEN = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
_DAY = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class TravelForm(forms.ModelForm):
    class Meta:
        model = TravelPlan
        fields = FIELDS
        widgets = {
            "arrival": _WHEN,
            "departure": _WHEN,
            "check_in": _DAY,
            "check_out": _DAY,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "latitude": _(
                "From a map app, e.g. 31.1990; with the longitude it lets cartnav estimate the distance."
            ),
        }


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    role = forms.CharField(label=_("Who they are"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=40)

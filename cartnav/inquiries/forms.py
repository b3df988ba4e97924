"""The inquiry form: every field validated where it enters, each error naming its field."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cartnav.catalog.models import Hospital
from cartnav.core.validators import validate_languages, validate_nationality


class InquiryForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    country = forms.CharField(
        label=_("Country you live in (two letters, e.g. KZ, RU, AE)"), max_length=2, min_length=2
    )
    languages = forms.CharField(
        label=_("Languages you speak (codes, comma-separated, e.g. en, ru)"), max_length=100
    )
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    diagnosis = forms.CharField(
        label=_("Your diagnosis and treatment so far, in your own words"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    hospital = forms.ModelChoiceField(
        label=_("Hospital you prefer"),
        queryset=Hospital.objects.order_by("city", "name"),
        required=False,
        empty_label=_("Help me choose"),
    )
    consent_contact = forms.BooleanField(label=_("I agree to be contacted about my inquiry"))
    consent_cross_border = forms.BooleanField(
        label=_("I agree that what I send is transferred to the care team in China")
    )
    #: A field people never see (hidden by the page's style): only robots fill it in.
    website = forms.CharField(required=False, label="website")

    def clean_country(self) -> str:
        value = self.cleaned_data["country"].strip().upper()
        validate_nationality(value)
        return value

    def clean_languages(self) -> list[str]:
        codes = [
            c.strip() for c in re.split(r"[,\s]+", self.cleaned_data["languages"]) if c.strip()
        ]
        if not codes:
            raise forms.ValidationError(_("Name at least one language."))
        validate_languages(codes)
        return codes

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def fields_for_inquiry(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "country": data["country"],
            "languages": data["languages"],
            "email": data["email"],
            "phone": data["phone"].strip(),
            "diagnosis": data["diagnosis"].strip(),
            "hospital": data["hospital"],
        }


class ConvertForm(forms.Form):
    """What a case needs that an inquiry does not ask: the person's names and date of birth."""

    given_name = forms.CharField(label=_("given name (Latin script)"), max_length=100)
    family_name = forms.CharField(label=_("family name (Latin script)"), max_length=100)
    date_of_birth = forms.DateField(label=_("date of birth"))
    sex = forms.ChoiceField(
        label=_("sex"),
        choices=[
            ("female", _("Female")),
            ("male", _("Male")),
            ("other", _("Other")),
            ("unknown", _("Unknown")),
        ],
    )
    hospital = forms.ModelChoiceField(label=_("Hospital"), queryset=Hospital.objects.none())

    def __init__(self, *args: Any, hospitals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hospital"].queryset = hospitals

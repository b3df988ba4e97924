"""The letter's forms: each value validated where it enters, with its field named."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cartnav.patients.models import Patient
from cartnav.visas.models import Companion

#: The widgets of a person's passport fields: ISO dates for the browser's date input, and no
#: autofill of a passport number from another person's form.
_PASSPORT_WIDGETS = {
    "date_of_birth": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    "passport_number": forms.TextInput(attrs={"autocomplete": "off"}),
}


class _PassportFields(forms.ModelForm):
    """A passport number is letters and digits, upper case (as the page prints it); a
    nationality is upper case (ISO 3166)."""

    def clean_passport_number(self) -> str:
        value = (self.cleaned_data.get("passport_number") or "").strip().upper()
        if not value or len(value) > 20 or not value.isalnum():
            raise forms.ValidationError(_("A passport number is 1 to 20 letters and digits."))
        return value

    def clean_nationality(self) -> str:
        return (self.cleaned_data.get("nationality") or "").upper()


class PassportForm(_PassportFields):
    """The patient's details as their passport reads: what the letter prints."""

    class Meta:
        model = Patient
        fields = ["family_name", "given_name", "nationality", "date_of_birth", "passport_number"]
        widgets = _PASSPORT_WIDGETS


class CompanionForm(_PassportFields):
    class Meta:
        model = Companion
        fields = ["name", "relation", "nationality", "date_of_birth", "passport_number"]
        widgets = _PASSPORT_WIDGETS


class IssueForm(forms.Form):
    signer_name = forms.CharField(label=_("Signer's name"), max_length=120)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=120)
    valid_until = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Why it is revoked"), max_length=300)

"""The plan form: every date validated where it enters, each error naming its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cartnav.plans.models import TreatmentPlan
from cartnav.plans.timeline import STEPS


class PlanForm(forms.ModelForm):
    class Meta:
        model = TreatmentPlan
        fields = ["option", "physician", *STEPS, "stay_days", "stay_within_hours", "stay_source"]
        widgets = {
            step: forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}) for step in STEPS
        }
        help_texts = {
            "stay_source": _(
                "For example: “US labels since June 2025: at least 2 weeks within 2 hours” or "
                "“the hospital's own rule”."
            )
        }

    def __init__(self, *args: Any, physicians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["physician"].queryset = physicians
        self.fields["stay_days"].min_value = 0
        self.fields["stay_days"].max_value = 365


class MoveForm(forms.Form):
    step = forms.ChoiceField(label=_("Date"), choices=[(s, s) for s in STEPS])
    to = forms.DateField(
        label=_("New date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

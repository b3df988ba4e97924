"""The bedside forms. Each field is in the unit printed beside it on the page; the view turns
what was filled in into grading-io quantities and the service checks them with pint, so a value
is validated in one place whichever door it came through."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cartnav.clinical import ward as core
from cartnav.clinical.crs import DEVICE_GRADE
from cartnav.clinical.icans import CONSCIOUSNESS, RAISED_ICP, SEIZURE
from cartnav.ward.models import InfectionEpisode

#: field -> (code, UCUM unit) for the numeric fields; counts have no unit.
UNITS: dict[str, tuple[str, str | None]] = {
    "temperature": ("temperature", "Cel"),
    "heart_rate": ("heart_rate", "/min"),
    "systolic": ("systolic", "mm[Hg]"),
    "diastolic": ("diastolic", "mm[Hg]"),
    "respiratory_rate": ("respiratory_rate", "/min"),
    "spo2": ("spo2", "%"),
    "oxygen_flow": ("oxygen_flow", "L/min"),
    "vasopressors": ("vasopressors", None),
    "ice_total": ("ice_total", None),
    "capd_total": ("capd_total", None),
    "anc": ("anc", "10*9/L"),
    "platelets": ("platelets", "10*9/L"),
    "hemoglobin": ("hemoglobin", "g/dL"),
    "lymphocytes": ("lymphocytes", "10*9/L"),
    "crp": ("crp", "mg/L"),
    "ferritin": ("ferritin", "ng/mL"),
    "fibrinogen": ("fibrinogen", "g/L"),
    "igg": ("igg", "g/L"),
    "fluid_in": ("fluid_in", "mL"),
    "fluid_out": ("fluid_out", "mL"),
    "weight": ("weight", "kg"),
}

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _number(label: Any, unit: str, step: str = "any") -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        help_text=unit,
        widget=forms.NumberInput(attrs={"step": step, "inputmode": "decimal"}),
    )


def _count(label: Any, high: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=high)


#: How each grader word reads on the form (the words themselves are the grading-io vocabulary).
WORDS: dict[str, Any] = {
    "room_air": _("room air"),
    "blow_by": _("blow-by oxygen"),
    "low_flow_nasal_cannula": _("low-flow nasal cannula"),
    "high_flow_nasal_cannula": _("high-flow nasal cannula"),
    "facemask": _("face mask"),
    "nonrebreather_mask": _("non-rebreather mask"),
    "venturi_mask": _("Venturi mask"),
    "cpap": _("CPAP"),
    "bipap": _("BiPAP"),
    "mechanical_ventilation": _("mechanical ventilation"),
    "alert": _("alert"),
    "awakens_spontaneously": _("awakens spontaneously"),
    "awakens_to_voice": _("awakens to voice"),
    "awakens_to_tactile_stimulus": _("awakens only to touch"),
    "unarousable_or_requires_vigorous_stimuli": _("unarousable, or needs vigorous stimuli"),
    "stupor_or_coma": _("stupor or coma"),
    "none": pgettext_lazy("finding", "none"),
    "focal_or_generalized_resolving_rapidly": _("seizure resolving rapidly"),
    "nonconvulsive_on_eeg_resolving_with_intervention": _(
        "non-convulsive on EEG, resolving with treatment"
    ),
    "life_threatening_prolonged": _("prolonged, life-threatening (> 5 min)"),
    "repetitive_without_return_to_baseline": _("repetitive, no return to baseline between"),
    "focal_edema_on_imaging": _("focal oedema on imaging"),
    "diffuse_edema_on_imaging": _("diffuse oedema on imaging"),
    "decerebrate_or_decorticate_posturing": _("decerebrate or decorticate posturing"),
    "cranial_nerve_vi_palsy": _("cranial nerve VI palsy"),
    "papilledema": _("papilloedema"),
    "cushings_triad": _("Cushing's triad"),
}


def _finding(label: Any) -> forms.ChoiceField:
    """Yes, no, or not charted."""
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[
            ("", "—"),
            ("yes", pgettext_lazy("finding", "yes")),
            ("no", pgettext_lazy("finding", "no")),
        ],
    )


def _words(words: Any, blank: Any) -> list[tuple[str, Any]]:
    return [("", blank), *((w, WORDS.get(w, w.replace("_", " "))) for w in words)]


class ChartForm(forms.Form):
    """One set of values taken at one time; empty fields are not charted."""

    taken_at = forms.DateTimeField(label=_("taken at"), widget=_DT)
    temperature = _number(_("temperature"), "°C", "0.1")
    heart_rate = _number(_("heart rate"), "/min", "1")
    systolic = _number(_("systolic"), "mmHg", "1")
    diastolic = _number(_("diastolic"), "mmHg", "1")
    respiratory_rate = _number(_("respiratory rate"), "/min", "1")
    spo2 = _number(_("SpO2"), "%", "1")
    oxygen_device = forms.ChoiceField(
        label=_("oxygen device"), required=False, choices=_words(DEVICE_GRADE, "—")
    )
    oxygen_flow = _number(_("oxygen flow"), "L/min", "0.5")
    vasopressors = _count(_("vasopressors running (other than vasopressin)"), 5)
    vasopressin = _finding(_("vasopressin running"))
    hypotension = _finding(_("hypotension"))
    ice_total = _count(_("ICE score (0–10)"), 10)
    capd_total = _count(_("CAPD score (0–32, children)"), 32)
    consciousness = forms.ChoiceField(
        label=_("consciousness"), required=False, choices=_words(CONSCIOUSNESS, "—")
    )
    seizure = forms.ChoiceField(label=_("seizure"), required=False, choices=_words(SEIZURE, "—"))
    raised_icp = forms.ChoiceField(
        label=_("raised intracranial pressure"), required=False, choices=_words(RAISED_ICP, "—")
    )
    motor_weakness = _finding(_("motor weakness"))
    anc = _number(_("ANC"), "× 10⁹/L")
    platelets = _number(_("platelets"), "× 10⁹/L")
    hemoglobin = _number(_("haemoglobin"), "g/dL")
    lymphocytes = _number(_("lymphocytes"), "× 10⁹/L")
    crp = _number(_("CRP"), "mg/L")
    ferritin = _number(_("ferritin"), "ng/mL")
    fibrinogen = _number(_("fibrinogen"), "g/L")
    igg = _number(_("IgG"), "g/L")
    fluid_in = _number(_("fluid in"), "mL", "1")
    fluid_out = _number(_("fluid out"), "mL", "1")
    weight = _number(_("weight"), "kg", "0.1")

    GROUPS = (
        (
            _("Vital signs"),
            (
                "temperature",
                "heart_rate",
                "systolic",
                "diastolic",
                "respiratory_rate",
                "spo2",
                "oxygen_device",
                "oxygen_flow",
                "vasopressors",
                "vasopressin",
                "hypotension",
            ),
        ),
        (
            _("Neurological checks"),
            ("ice_total", "capd_total", "consciousness", "seizure", "raised_icp", "motor_weakness"),
        ),
        (
            _("Laboratory"),
            (
                "anc",
                "platelets",
                "hemoglobin",
                "lymphocytes",
                "crp",
                "ferritin",
                "fibrinogen",
                "igg",
            ),
        ),
        (_("Fluids and weight"), ("fluid_in", "fluid_out", "weight")),
    )

    def values(self) -> dict[str, object]:
        """What was filled in, as the service takes it (quantities with their unit)."""
        out: dict[str, object] = {}
        for name, value in self.cleaned_data.items():
            if name == "taken_at" or value in (None, ""):
                continue
            if name in core.FLAGS:
                out[name] = value == "yes"
            elif name in UNITS:
                code, unit = UNITS[name]
                out[code] = value if unit is None else {"value": value, "unit": unit}
            else:
                out[name] = value
        return out


class DoseForm(forms.Form):
    drug = forms.ChoiceField(
        label=_("drug"), choices=[(d, d.replace("_", " ")) for d in core.DRUGS]
    )
    dose_mg = forms.FloatField(label=_("dose (mg)"), required=False, min_value=0)
    given_at = forms.DateTimeField(label=_("given at"), widget=_DT)
    detail = forms.CharField(label=_("detail (route, name)"), required=False, max_length=120)
    override_reason = forms.CharField(
        label=_("physician's reason to pass a limit"), required=False, max_length=300
    )


class AdmitForm(forms.Form):
    infused_at = forms.DateTimeField(label=_("infusion (day 0)"), widget=_DT)
    weight_kg = forms.FloatField(
        label=_("weight (kg)"), required=False, min_value=0.3, max_value=400
    )


class InfectionForm(forms.Form):
    site = forms.ChoiceField(label=_("site"), choices=InfectionEpisode.Site.choices)
    organism = forms.CharField(label=_("organism (if known)"), required=False, max_length=120)
    grade = forms.TypedChoiceField(
        label=_("CTCAE grade"), coerce=int, choices=[(g, str(g)) for g in range(1, 6)]
    )
    started = forms.DateField(
        label=_("started"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ended = forms.DateField(
        label=_("ended"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

"""Management guidance shown beside a grade: reference for clinicians, never an order
(reference/clinical.md §6).

Sources: the tocilizumab product label (CRS dosing); Santomasso BD et al., Management of
Immune-Related Adverse Events in Patients Treated With Chimeric Antigen Receptor T-Cell Therapy:
ASCO Guideline, J Clin Oncol 2021;39:3978–92 (the steroid lines and the rest). Every line
names its source and carries the label :data:`REFERENCE_LABEL`; cartnav prescribes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from cartnav.clinical.decide import number
from cartnav.clinical.result import GradeResult
from cartnav.clinical.text import gettext_noop

REFERENCE_LABEL = "reference, not an order"
LABEL = "Tocilizumab product label (CRS)"
ASCO = "Santomasso et al., ASCO guideline, J Clin Oncol 2021"

MG_PER_KG = 8.0
MG_PER_KG_UNDER_30_KG = 12.0
LIGHT_KG = 30.0
MAX_DOSE_MG = 800.0
REPEAT_HOURS = 8
MAX_DOSES_24H = 3
MAX_DOSES_TOTAL = 4


@dataclass(frozen=True)
class Guidance:
    """One line of guidance, where it comes from, and its standing (always reference only)."""

    text: str
    source: str
    label: str = REFERENCE_LABEL

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "source": self.source, "label": self.label}


@dataclass(frozen=True)
class TocilizumabDose:
    """A label dose for a body weight: mg/kg used, the dose, and whether the cap applied."""

    weight_kg: float
    mg_per_kg: float
    dose_mg: float
    capped: bool


def tocilizumab_dose(weight_kg: float) -> TocilizumabDose:
    """8 mg/kg IV over 1 h (12 mg/kg under 30 kg), at most 800 mg per dose (product label)."""
    number("weight_kg", weight_kg, 0.5, 350, gettext_noop("a human body weight in kg"))
    weight = float(weight_kg)
    per_kg = MG_PER_KG_UNDER_30_KG if weight < LIGHT_KG else MG_PER_KG
    dose = per_kg * weight
    return TocilizumabDose(weight, per_kg, min(dose, MAX_DOSE_MG), dose > MAX_DOSE_MG)


def tocilizumab_guidance(weight_kg: float | None = None) -> Guidance:
    """The tocilizumab dosing line, with the dose worked out when the weight is known."""
    rule = gettext_noop(
        "Tocilizumab {per_kg:g} mg/kg IV over 1 h ({light_per_kg:g} mg/kg if under "
        "{light_kg:g} kg), at most {cap:g} mg per dose; may repeat every {hours} h if no "
        "improvement; at most {per_day} doses in 24 h and {total} in total.",
        per_kg=MG_PER_KG,
        light_per_kg=MG_PER_KG_UNDER_30_KG,
        light_kg=LIGHT_KG,
        cap=MAX_DOSE_MG,
        hours=REPEAT_HOURS,
        per_day=MAX_DOSES_24H,
        total=MAX_DOSES_TOTAL,
    )
    if weight_kg is None:
        return Guidance(rule, LABEL)
    dose = tocilizumab_dose(weight_kg)
    if dose.capped:
        return Guidance(
            gettext_noop(
                "{rule} For {kg:g} kg: {mg:g} mg (capped at {cap:g} mg).",
                rule=rule,
                kg=dose.weight_kg,
                mg=dose.dose_mg,
                cap=MAX_DOSE_MG,
            ),
            LABEL,
        )
    return Guidance(
        gettext_noop(
            "{rule} For {kg:g} kg: {mg:g} mg.", rule=rule, kg=dose.weight_kg, mg=dose.dose_mg
        ),
        LABEL,
    )


def crs_guidance(grade: int | None, weight_kg: float | None = None) -> list[Guidance]:
    """Guidance for a CRS grade (ASCO 2021; the dose line from the label). Nothing for grade 0,
    5 or unknown."""
    tocilizumab = tocilizumab_guidance(weight_kg)
    steps: dict[int, Guidance] = {
        1: Guidance(
            gettext_noop(
                "Supportive care; tocilizumab may be considered for persistent fever (> 3 days) "
                "or high-risk patients."
            ),
            ASCO,
        ),
        2: Guidance(
            gettext_noop(
                "Tocilizumab; dexamethasone 10 mg IV every 12 h if refractory to 1–2 doses."
            ),
            ASCO,
        ),
        3: Guidance(gettext_noop("Tocilizumab plus dexamethasone 10 mg IV every 6 h."), ASCO),
        4: Guidance(
            gettext_noop(
                "Tocilizumab plus methylprednisolone 500 mg IV every 12 h for 3 days, then a "
                "fast taper (250 mg every 12 h for 2 days, 125 mg every 12 h for 2 days, 60 mg "
                "every 12 h for 2 days); escalate to 1,000 mg IV twice a day if no improvement."
            ),
            ASCO,
        ),
    }
    if grade not in steps:
        return []
    return [steps[grade], tocilizumab]


def icans_guidance(grade: int | None) -> list[Guidance]:
    """Guidance for an ICANS grade (ASCO 2021). Nothing for grade 0, 5 or unknown.

    Seizure prophylaxis is shown at every grade because it is decided by product and patient
    risk, not by the ICANS grade."""
    steps: dict[int, Guidance] = {
        1: Guidance(gettext_noop("Supportive care."), ASCO),
        2: Guidance(
            gettext_noop(
                "Supportive care; consider dexamethasone 10 mg IV for high-risk products or "
                "patients, repeated every 6–12 h if no improvement."
            ),
            ASCO,
        ),
        3: Guidance(
            gettext_noop(
                "Dexamethasone 10 mg IV every 6–12 h, or methylprednisolone 1 mg/kg IV every 12 h."
            ),
            ASCO,
        ),
        4: Guidance(
            gettext_noop("Methylprednisolone 1,000 mg/day IV for 3 days, then taper."), ASCO
        ),
    }
    if grade not in steps:
        return []
    prophylaxis = Guidance(
        gettext_noop(
            "Seizure prophylaxis (levetiracetam) is considered by product and patient risk, at "
            "any grade, not by ICANS grade."
        ),
        ASCO,
    )
    only_crs = Guidance(gettext_noop("Tocilizumab only for concurrent CRS."), ASCO)
    return [steps[grade], prophylaxis, only_crs]


def guidance_for(result: GradeResult, weight_kg: float | None = None) -> list[Guidance]:
    """The guidance that goes with a graded result; empty for kinds without guidance."""
    if result.kind == "crs":
        return crs_guidance(result.grade, weight_kg)
    if result.kind == "icans":
        return icans_guidance(result.grade)
    return []

"""Management guidance shown beside a grade: reference for clinicians, never an order
(reference/clinical.md §6).

Sources: the tocilizumab product label (CRS dosing); Neelapu SS et al., Nat Rev Clin Oncol 2018
(CARTOX); Santomasso BD et al., ASCO guideline, J Clin Oncol 2021. Every item carries its source
and the label :data:`REFERENCE_LABEL`; cartnav prescribes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from cartnav.clinical.decide import number
from cartnav.clinical.result import GradeResult
from cartnav.clinical.text import gettext_noop

REFERENCE_LABEL = "reference, not an order"
LABEL = "Tocilizumab product label (CRS)"
CARTOX = "Neelapu et al., Nat Rev Clin Oncol 2018 (CARTOX)"
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
    """Guidance for a CRS grade (CARTOX; ASCO 2021). Nothing for grade 0, 5 or unknown."""
    tocilizumab = tocilizumab_guidance(weight_kg)
    steps: dict[int, list[Guidance]] = {
        1: [
            Guidance(
                gettext_noop(
                    "Supportive care; tocilizumab may be considered for persistent fever."
                ),
                ASCO,
            ),
            tocilizumab,
        ],
        2: [Guidance(gettext_noop("Tocilizumab; dexamethasone if refractory."), ASCO), tocilizumab],
        3: [
            Guidance(gettext_noop("Tocilizumab plus dexamethasone 10 mg IV every 6 h."), ASCO),
            tocilizumab,
        ],
        4: [
            Guidance(gettext_noop("Tocilizumab plus methylprednisolone 1,000 mg/day IV."), ASCO),
            tocilizumab,
        ],
    }
    return steps.get(grade, []) if grade is not None else []


def icans_guidance(grade: int | None) -> list[Guidance]:
    """Guidance for an ICANS grade (CARTOX; ASCO 2021). Nothing for grade 0, 5 or unknown."""
    only_crs = Guidance(gettext_noop("Tocilizumab only for concurrent CRS."), CARTOX)
    steps: dict[int, list[Guidance]] = {
        1: [Guidance(gettext_noop("Supportive care; seizure prophylaxis."), ASCO), only_crs],
        2: [Guidance(gettext_noop("Dexamethasone 10 mg IV every 6–12 h."), ASCO), only_crs],
        3: [Guidance(gettext_noop("Dexamethasone 10 mg IV every 6 h."), ASCO), only_crs],
        4: [
            Guidance(gettext_noop("Methylprednisolone 1,000 mg/day IV for 3 days."), ASCO),
            only_crs,
        ],
    }
    return steps.get(grade, []) if grade is not None else []


def guidance_for(result: GradeResult, weight_kg: float | None = None) -> list[Guidance]:
    """The guidance that goes with a graded result; empty for kinds without guidance."""
    if result.kind == "crs":
        return crs_guidance(result.grade, weight_kg)
    if result.kind == "icans":
        return icans_guidance(result.grade)
    return []

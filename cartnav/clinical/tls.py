"""Tumour lysis syndrome: Cairo-Bishop laboratory and clinical TLS (reference/clinical.md §3).

Source: Cairo MS, Bishop M. Tumour lysis syndrome: new therapeutic strategies and
classification. Br J Haematol 2004;127:3–11 — the laboratory TLS definition and the clinical TLS
definition and grading tables. Option ``rule="howard_2011"``: Howard SC, Jones DP, Pui CH. The
tumor lysis syndrome. NEJM 2011;364:1844–54, Table 1 — its own rule (strict thresholds, the same
24 hours, no change from baseline, its own clinical criteria, no grade).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from cartnav.clinical.decide import choice, flag, number, resolve, whole
from cartnav.clinical.result import Basis, GradeResult
from cartnav.clinical.text import Text, gettext_noop
from cartnav.clinical.units import (
    ClinicalInputError,
    canonical_quantity,
    check_range,
    tidy,
    to_canonical,
)

LAB_SOURCE = "Cairo-Bishop 2004, laboratory TLS table"
CLINICAL_SOURCE = "Cairo-Bishop 2004, clinical TLS grading table"
HOWARD_SOURCE = "Howard et al., NEJM 2011, Table 1"
CHOICE = gettext_noop("cartnav's choice (docs/grading.md)")

RULES = ("cairo_bishop_2004", "howard_2011")
WINDOW_DAYS = (-3, 7)
CHILD_BELOW_YEARS = 18
ANALYTES = ("uric_acid", "potassium", "phosphate", "calcium")
CHANGE = 0.25

# The 2004 table prints every threshold in SI units only (476 µmol/L, 6.0 mmol/L, 1.45 and
# 2.1 mmol/L, 1.75 mmol/L); the mg/dL figures clinicians quote (8.0, 4.5, 6.5, 7.0 mg/dL) are the
# equivalents printed by later guidelines (Coiffier 2008) and fall a hair on the other side
# (8.0 mg/dL is 475.84 µmol/L). cartnav's choice: a value meets the threshold if it meets either
# printed figure, the more inclusive of the two, so the unit reported cannot change the result.
URIC_ACID_MG_DL = min(8.0, to_canonical("uric_acid", 476.0, "umol/L"))
POTASSIUM_MMOL_L = 6.0
PHOSPHATE_ADULT_MG_DL = min(4.5, to_canonical("phosphate", 1.45, "mmol/L"))
PHOSPHATE_CHILD_MG_DL = min(6.5, to_canonical("phosphate", 2.1, "mmol/L"))
CALCIUM_MG_DL = max(7.0, to_canonical("calcium", 1.75, "mmol/L"))

# Howard 2011, Table 1: strict thresholds. The figure Howard prints first decides (mg/dL; mmol/L
# for potassium and ionised calcium), and its bracketed SI figure is read as its rounded
# conversion: values exactly at 8.0, 4.5, 6.5, 6.0 and 7.0 do not qualify (clinical.md §3), so
# 475.8 µmol/L uric acid (7.9993 mg/dL) and 1.75 mmol/L calcium (7.014 mg/dL) do not either.
HOWARD_URIC_ACID_MG_DL = 8.0
HOWARD_PHOSPHATE_ADULT_MG_DL = 4.5
HOWARD_PHOSPHATE_CHILD_MG_DL = 6.5
HOWARD_POTASSIUM_MMOL_L = 6.0
HOWARD_CALCIUM_MG_DL = 7.0
#: The table prints "<1.12 (0.3 mmol/liter)", a misprint; cartnav reads 1.12 mmol/L, the lower
#: limit of normal of ionised calcium, and says so in the basis.
HOWARD_IONIZED_CALCIUM_MMOL_L = 1.12
#: "≥ 0.3 mg/dL (26.5 µmol/L)": an inclusive threshold, so, as for Cairo-Bishop, either printed
#: figure meets it (26.5 µmol/L is 0.2998 mg/dL; cartnav's choice, clinical.md leaves it open).
#: A rise is a difference of two converted values, each rounded to 9 places, so rises and this
#: threshold are compared at :data:`RISE_DECIMALS` places: 26.5 µmol/L then meets it exactly.
RISE_DECIMALS = 6
HOWARD_CREATININE_RISE_MG_DL = round(
    min(0.3, to_canonical("creatinine", 26.5, "umol/L")), RISE_DECIMALS
)
HOWARD_CREATININE_ULN_RATIO = 1.5
#: Howard's clinical criteria, each met, not met or unknown (``howard_outcome``).
HOWARD_CLINICAL = ("creatinine", "oliguria", "dysrhythmia", "symptomatic_hypocalcemia", "death")
#: Inputs only the Howard rule reads (ignored, with a warning, under Cairo-Bishop).
HOWARD_ONLY = (
    "baseline.creatinine",
    "current.ionized_calcium",
    "uric_acid_uln",
    "oliguria",
    "symptomatic_hypocalcemia",
)

ARRHYTHMIA: dict[str, int] = {
    "none": 0,
    "intervention_not_indicated": 1,
    "nonurgent_intervention_indicated": 2,
    "symptomatic_incompletely_controlled_or_device": 3,
    "life_threatening": 4,
}
SEIZURE: dict[str, int] = {
    "none": 0,
    "single_brief_generalized_or_well_controlled": 2,
    "altered_consciousness_or_poorly_controlled": 3,
    "prolonged_repetitive_or_refractory": 4,
}
_UNIT = {"uric_acid": "mg/dL", "potassium": "mmol/L", "phosphate": "mg/dL", "calcium": "mg/dL"}
_PRINTED: dict[str, Text] = {
    "uric_acid": gettext_noop("8.0 mg/dL or 476 µmol/L"),
    "potassium": gettext_noop("6.0 mmol/L"),
    "calcium": gettext_noop("7.0 mg/dL or 1.75 mmol/L"),
}
_ANALYTE_TEXT: dict[str, Text] = {
    "uric_acid": gettext_noop("uric acid"),
    "potassium": gettext_noop("potassium"),
    "phosphate": gettext_noop("phosphate"),
    "calcium": gettext_noop("calcium"),
}
_EVENT_TEXT: dict[str, Text] = {
    "none": gettext_noop("none"),
    "intervention_not_indicated": gettext_noop("intervention not indicated"),
    "nonurgent_intervention_indicated": gettext_noop("nonurgent intervention indicated"),
    "symptomatic_incompletely_controlled_or_device": gettext_noop(
        "symptomatic incompletely controlled or device"
    ),
    "life_threatening": gettext_noop("life threatening"),
    "single_brief_generalized_or_well_controlled": gettext_noop(
        "single brief generalized or well controlled"
    ),
    "altered_consciousness_or_poorly_controlled": gettext_noop(
        "altered consciousness or poorly controlled"
    ),
    "prolonged_repetitive_or_refractory": gettext_noop("prolonged repetitive or refractory"),
}


_HOWARD_TEXT: dict[str, Text] = {
    "uric_acid": gettext_noop("> 8.0 mg/dL (475.8 µmol/L), adults"),
    "potassium": gettext_noop("> 6.0 mmol/L"),
    "phosphate_adult": gettext_noop("> 4.5 mg/dL (1.5 mmol/L), adults"),
    "phosphate_child": gettext_noop("> 6.5 mg/dL (2.1 mmol/L), children under 18"),
    "calcium": gettext_noop("< 7.0 mg/dL (1.75 mmol/L)"),
    "ionized_calcium": gettext_noop(
        '< 1.12 mmol/L (the table prints "<1.12 (0.3 mmol/liter)", a misprint: cartnav reads '
        "1.12 mmol/L, the lower limit of normal)"
    ),
}


def absolute_threshold_met(analyte: str, value: float, child: bool) -> bool:
    """Cairo-Bishop's absolute column: uric acid, potassium, phosphate at or above; calcium at or
    below (either printed figure, see above).

    Phosphate uses the children's threshold under 18 years (cartnav's choice of the age).
    """
    if analyte == "uric_acid":
        return value >= URIC_ACID_MG_DL
    if analyte == "potassium":
        return value >= POTASSIUM_MMOL_L
    if analyte == "phosphate":
        return value >= (PHOSPHATE_CHILD_MG_DL if child else PHOSPHATE_ADULT_MG_DL)
    return value <= CALCIUM_MG_DL


def howard_abnormal(
    analyte: str, value: float, child: bool, uric_acid_uln: float | None = None
) -> bool | None:
    """Howard's laboratory column, strict: uric acid > 8.0 mg/dL in adults and above the upper
    limit of normal for age in children (``None`` while that limit is unknown); phosphorus
    > 4.5 mg/dL adults, > 6.5 mg/dL children; potassium > 6.0 mmol/L; corrected calcium
    < 7.0 mg/dL; ionised calcium < 1.12 mmol/L. Children are under 18, as for Cairo-Bishop."""
    if analyte == "uric_acid":
        if not child:
            return value > HOWARD_URIC_ACID_MG_DL
        return None if uric_acid_uln is None else value > uric_acid_uln
    if analyte == "potassium":
        return value > HOWARD_POTASSIUM_MMOL_L
    if analyte == "phosphate":
        return value > (HOWARD_PHOSPHATE_CHILD_MG_DL if child else HOWARD_PHOSPHATE_ADULT_MG_DL)
    if analyte == "calcium":
        return value < HOWARD_CALCIUM_MG_DL
    return value < HOWARD_IONIZED_CALCIUM_MMOL_L


def change_met(analyte: str, current: float, baseline: float) -> bool:
    """The change column: a 25% rise from baseline (a 25% fall for calcium).

    A baseline of 0 cannot rise by a proportion, so the change rule then does not apply.
    """
    if baseline <= 0:
        return False
    ratio = tidy(current / baseline)
    return ratio <= 1 - CHANGE if analyte == "calcium" else ratio >= 1 + CHANGE


def creatinine_grade(ratio: float) -> int:
    """Creatinine column: < 1.5 × ULN 0; exactly 1.5 × ULN 1 (cartnav's choice for the table's
    overlap); > 1.5–3.0 2; > 3.0–6.0 3; > 6.0 4."""
    if ratio < 1.5:
        return 0
    if ratio == 1.5:
        return 1
    if ratio <= 3.0:
        return 2
    return 3 if ratio <= 6.0 else 4


def tls_outcome(v: dict[str, Any]) -> tuple[bool, bool, int]:
    """Cairo-Bishop (laboratory TLS, clinical TLS, grade) of complete inputs.

    ``v`` holds each analyte's criterion (met or not), ``in_window``, the creatinine,
    arrhythmia and seizure grades, and ``death`` (death due to TLS). Laboratory TLS is two or
    more criteria inside the window; without it the grade is 0 whatever the creatinine. With it,
    death is grade 5, as the table's last row; cartnav's choice is that a death, like every
    other clinical finding, makes clinical TLS only with laboratory TLS.
    """
    ltls = bool(v["in_window"]) and sum(bool(v[a]) for a in ANALYTES) >= 2
    if not ltls:
        grade = 0
    elif v.get("death"):
        grade = 5
    else:
        grade = max(v["creatinine"], v["arrhythmia"], v["seizure"])
    return ltls, grade >= 1, grade


def howard_outcome(v: dict[str, Any]) -> tuple[bool, bool]:
    """Howard (laboratory TLS, clinical TLS) of complete inputs; Howard has no grade.

    Laboratory TLS: two or more analytes abnormal together (this one sample: the same 24 hours)
    inside the window. Clinical TLS: laboratory TLS plus any of :data:`HOWARD_CLINICAL`.
    """
    ltls = bool(v["in_window"]) and sum(bool(v[a]) for a in ANALYTES) >= 2
    return ltls, ltls and any(bool(v[c]) for c in HOWARD_CLINICAL)


@dataclass(frozen=True)
class Criterion:
    """One criterion: met, not met or undecided; what would decide it; why."""

    met: bool | None
    missing: tuple[str, ...]
    basis: tuple[Basis, ...] = ()


def _children(age: float | None) -> tuple[bool, ...]:
    """The age groups the age allows: both while it is unknown."""
    if age is None:
        return (False, True)
    return (age < CHILD_BELOW_YEARS,)


def _threshold_text(analyte: str, child: bool | None) -> Text:
    if analyte != "phosphate":
        return _PRINTED[analyte]
    if child is None:
        return gettext_noop("4.5 mg/dL (1.45 mmol/L) adults, 6.5 mg/dL (2.1 mmol/L) children")
    if child:
        return gettext_noop("6.5 mg/dL or 2.1 mmol/L (child, under 18)")
    return gettext_noop("4.5 mg/dL or 1.45 mmol/L")


def _shown(analyte: str, value: float) -> Text:
    return gettext_noop(
        "{analyte} {value:g} {unit}",
        analyte=_ANALYTE_TEXT[analyte],
        value=value,
        unit=_UNIT[analyte],
    )


def criterion(
    analyte: str, current: float | None, baseline: float | None, age: float | None
) -> Criterion:
    """Whether one analyte meets its Cairo-Bishop laboratory criterion, from what is known."""
    name, base_name = f"current.{analyte}", f"baseline.{analyte}"
    if current is None:
        extra: tuple[str, ...] = (base_name,) if baseline is None else ()
        extra += ("age_years",) if analyte == "phosphate" and age is None else ()
        return Criterion(None, (name, *extra))
    outcomes = {absolute_threshold_met(analyte, current, c) for c in _children(age)}
    child = None if age is None else age < CHILD_BELOW_YEARS
    shown = _shown(analyte, current)
    source = (
        LAB_SOURCE
        if analyte == "potassium"
        else gettext_noop(
            "{source}; the more inclusive printed threshold: {choice}",
            source=LAB_SOURCE,
            choice=CHOICE,
        )
    )
    if outcomes == {True}:
        return Criterion(
            True,
            (),
            (
                Basis(
                    gettext_noop(
                        "{shown} reaches {threshold}: criterion met",
                        shown=shown,
                        threshold=_threshold_text(analyte, child),
                    ),
                    source,
                ),
            ),
        )
    changed = None if baseline is None else change_met(analyte, current, baseline)
    if changed is True:
        text = (
            gettext_noop(
                # xgettext:no-python-format
                "{shown}: a fall of 25% or more from baseline {baseline:g}: criterion met",
                shown=shown,
                baseline=baseline,
            )
            if analyte == "calcium"
            else gettext_noop(
                # xgettext:no-python-format
                "{shown}: a rise of 25% or more from baseline {baseline:g}: criterion met",
                shown=shown,
                baseline=baseline,
            )
        )
        return Criterion(True, (), (Basis(text, LAB_SOURCE),))
    missing: tuple[str, ...] = (("age_years",) if len(outcomes) == 2 else ()) + (
        (base_name,) if changed is None else ()
    )
    if missing:
        return Criterion(None, missing)
    text = gettext_noop(
        # xgettext:no-python-format
        "{shown} does not reach {threshold}, within 25% of baseline {baseline:g}: "
        "criterion not met",
        shown=shown,
        threshold=_threshold_text(analyte, child),
        baseline=baseline,
    )
    return Criterion(False, (), (Basis(text, source),))


def _howard_threshold(analyte: str, child: bool, uln: float | None) -> Text:
    if analyte == "uric_acid" and child:
        return gettext_noop(
            "> the upper limit of normal for age, {uln:g} mg/dL (children under 18)", uln=uln
        )
    if analyte == "phosphate":
        return _HOWARD_TEXT["phosphate_child" if child else "phosphate_adult"]
    return _HOWARD_TEXT[analyte]


def _howard_line(analyte: str, value: float, met: bool, threshold: Text) -> Basis:
    shown = (
        gettext_noop("ionised calcium {value:g} mmol/L", value=value)
        if analyte == "ionized_calcium"
        else gettext_noop("corrected calcium {value:g} mg/dL", value=value)
        if analyte == "calcium"
        else _shown(analyte, value)
    )
    text = (
        gettext_noop("{shown} meets {threshold}: abnormal", shown=shown, threshold=threshold)
        if met
        else gettext_noop(
            "{shown} does not meet {threshold}: not abnormal", shown=shown, threshold=threshold
        )
    )
    return Basis(text, HOWARD_SOURCE)


def howard_criterion(
    analyte: str, current: Mapping[str, float | None], age: float | None, uln: float | None
) -> Criterion:
    """Whether one analyte is abnormal by Howard's strict thresholds, from what is known.

    Calcium is abnormal when the corrected calcium (``current.calcium``) or the ionised calcium
    is; cartnav's choice: it is normal when those given are normal, and undecided only when
    neither is given (an unmeasured ionised calcium does not hold a normal calcium open).
    """
    if analyte == "calcium":
        given = [
            (name, value, bool(howard_abnormal(name, value, False)))
            for name in ("calcium", "ionized_calcium")
            if (value := current.get(name)) is not None
        ]
        if not given:
            return Criterion(None, ("current.calcium", "current.ionized_calcium"))
        lines = tuple(_howard_line(n, v, m, _HOWARD_TEXT[n]) for n, v, m in given)
        return Criterion(any(m for _, _, m in given), (), lines)
    value = current.get(analyte)
    groups = _children(age) if analyte != "potassium" else (False,)
    needs_uln = analyte == "uric_acid" and uln is None and True in groups
    if value is None:
        extra = ("age_years",) if len(groups) == 2 else ()
        return Criterion(None, (f"current.{analyte}", *extra, *(("uric_acid_uln",) * needs_uln)))
    outcomes = [howard_abnormal(analyte, value, child, uln) for child in groups]
    if None in outcomes or len(set(outcomes)) > 1:
        missing = ("age_years",) if len(groups) == 2 else ()
        return Criterion(None, missing + ("uric_acid_uln",) * needs_uln)
    met = bool(outcomes[0])
    lines = tuple(
        _howard_line(analyte, value, met, _howard_threshold(analyte, child, uln))
        for child in groups
    )
    return Criterion(met, (), lines)


def creatinine_rise(current: float, baseline: float) -> float:
    """The rise from baseline in mg/dL, at :data:`RISE_DECIMALS` places (numpy, as the bulk path)."""
    return float(np.round(current - baseline, RISE_DECIMALS))


def howard_creatinine(
    current: float | None, baseline: float | None, uln: float | None
) -> Criterion:
    """Howard's creatinine criterion: a rise of ≥ 0.3 mg/dL (26.5 µmol/L) from baseline, or,
    with no baseline known, a single value > 1.5 × the upper limit of normal for age."""
    if current is None:
        return Criterion(None, ("current.creatinine",))
    if baseline is not None:
        rise = creatinine_rise(current, baseline)
        met = rise >= HOWARD_CREATININE_RISE_MG_DL
        text = (
            gettext_noop(
                "creatinine {value:g} mg/dL, {rise:+g} mg/dL from baseline {baseline:g}: a rise "
                "of 0.3 mg/dL (26.5 µmol/L) or more",
                value=current,
                rise=rise,
                baseline=baseline,
            )
            if met
            else gettext_noop(
                "creatinine {value:g} mg/dL, {rise:+g} mg/dL from baseline {baseline:g}: not a "
                "rise of 0.3 mg/dL (26.5 µmol/L) or more",
                value=current,
                rise=rise,
                baseline=baseline,
            )
        )
        return Criterion(met, (), (Basis(text, HOWARD_SOURCE),))
    if uln is None:
        return Criterion(None, ("baseline.creatinine", "creatinine_uln"))
    ratio = tidy(current / uln)
    met = ratio > HOWARD_CREATININE_ULN_RATIO
    text = (
        gettext_noop(
            "creatinine {value:g} mg/dL = {ratio:.2f} × ULN ({uln:g} mg/dL), no baseline known: "
            "above 1.5 × ULN",
            value=current,
            ratio=ratio,
            uln=uln,
        )
        if met
        else gettext_noop(
            "creatinine {value:g} mg/dL = {ratio:.2f} × ULN ({uln:g} mg/dL), no baseline known: "
            "not above 1.5 × ULN",
            value=current,
            ratio=ratio,
            uln=uln,
        )
    )
    return Criterion(met, (), (Basis(text, HOWARD_SOURCE),))


def _howard_clinical_basis(
    oliguria: bool | None, arrhythmia: str | None, hypocalcemia: bool | None, death: bool | None
) -> list[Basis]:
    out: list[Basis] = []
    if oliguria is not None:
        text = (
            gettext_noop("oliguria (< 0.5 mL/kg/h for 6 h)")
            if oliguria
            else gettext_noop("no oliguria")
        )
        out.append(Basis(text, HOWARD_SOURCE))
    if arrhythmia is not None:
        text = (
            gettext_noop(
                "cardiac dysrhythmia ({finding}), read as probably or definitely caused by "
                "hyperkalaemia",
                finding=_EVENT_TEXT[arrhythmia],
            )
            if arrhythmia != "none"
            else gettext_noop("no cardiac dysrhythmia")
        )
        out.append(Basis(text, HOWARD_SOURCE))
    if hypocalcemia is not None:
        text = (
            gettext_noop(
                "symptomatic hypocalcaemia (dysrhythmia, sudden death, seizure, neuromuscular "
                "irritability, hypotension or heart failure probably or definitely caused by it)"
            )
            if hypocalcemia
            else gettext_noop("no symptomatic hypocalcaemia")
        )
        out.append(Basis(text, HOWARD_SOURCE))
    if death:
        out.append(Basis(gettext_noop("death due to TLS (sudden death)"), HOWARD_SOURCE))
    return out


def _window(day: int | None) -> bool | None:
    return None if day is None else WINDOW_DAYS[0] <= day <= WINDOW_DAYS[1]


def _validate_labs(
    field: str, labs: Mapping[str, float | None] | None, allowed: tuple[str, ...]
) -> dict[str, float | None]:
    labs = labs or {}
    unknown = set(labs) - set(allowed)
    if unknown:
        raise ClinicalInputError(
            f"{field}.{sorted(unknown)[0]}",
            f"is not a laboratory value here; accepted: {', '.join(allowed)}.",
        )
    out: dict[str, float | None] = {}
    for name in allowed:
        value = labs.get(name)
        if value is not None:
            check_range(f"{field}.{name}", name, value)
        out[name] = value
    return out


def _creatinine(current: float | None, uln: float | None) -> tuple[int | None, Basis | None]:
    if current is None or uln is None:
        return None, None
    ratio = tidy(current / uln)
    grade = creatinine_grade(ratio)
    if ratio == 1.5:
        return grade, Basis(
            gettext_noop(
                "creatinine {value:g} mg/dL is exactly 1.5 × ULN ({uln:g} mg/dL): grade 1 (the "
                "table's overlap)",
                value=current,
                uln=uln,
            ),
            CHOICE,
        )
    return grade, Basis(
        gettext_noop(
            "creatinine {value:g} mg/dL = {ratio:.2f} × ULN ({uln:g} mg/dL): grade {grade}",
            value=current,
            ratio=ratio,
            uln=uln,
            grade=grade,
        ),
        CLINICAL_SOURCE,
    )


def _event_basis(arrhythmia: str | None, seizure: str | None) -> list[Basis]:
    out = []
    if arrhythmia is not None:
        out.append(
            Basis(
                gettext_noop(
                    "cardiac arrhythmia: {finding}: grade {grade}",
                    finding=_EVENT_TEXT[arrhythmia],
                    grade=ARRHYTHMIA[arrhythmia],
                ),
                CLINICAL_SOURCE,
            )
        )
    if seizure is not None:
        out.append(
            Basis(
                gettext_noop(
                    "seizure: {finding}: grade {grade}",
                    finding=_EVENT_TEXT[seizure],
                    grade=SEIZURE[seizure],
                ),
                CLINICAL_SOURCE,
            )
        )
    return out


def _expand(relevant: list[str], names: Mapping[str, tuple[str, ...]]) -> list[str]:
    out: list[str] = []
    for r in relevant:
        for n in names.get(r, (r,)):
            if n not in out:
                out.append(n)
    return out


_QUANTITIES = ("creatinine_uln", "uric_acid_uln")


def _echo(v: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in v.items():
        if isinstance(value, dict):
            labs = {k: canonical_quantity(k, x) for k, x in value.items() if x is not None}
            if labs:
                out[key] = labs
        elif key in _QUANTITIES and value is not None:
            out[key] = canonical_quantity(key, value)
        elif value is not None:
            out[key] = value
    return out


def grade_tls(
    *,
    age_years: float | None = None,
    day_relative_to_therapy: int | None = None,
    baseline: Mapping[str, float | None] | None = None,
    current: Mapping[str, float | None] | None = None,
    creatinine_uln: float | None = None,
    arrhythmia: str | None = None,
    seizure: str | None = None,
    rule: str | None = "cairo_bishop_2004",
    death_from_tls: bool | None = None,
    uric_acid_uln: float | None = None,
    oliguria: bool | None = None,
    symptomatic_hypocalcemia: bool | None = None,
) -> GradeResult:
    """Laboratory TLS, clinical TLS and the Cairo-Bishop clinical grade (Cairo-Bishop 2004), or
    laboratory and clinical TLS by Howard 2011 (``rule="howard_2011"``, no grade).

    Laboratory values in canonical units: uric acid, phosphate, calcium, creatinine mg/dL;
    potassium and ionised calcium mmol/L. ``baseline`` holds uric_acid, potassium, phosphate,
    calcium and (Howard) creatinine; ``current`` those, creatinine and (Howard) ionized_calcium.

    Cairo-Bishop, cartnav's choices (in the basis when they apply): a value meets a threshold if
    it meets either printed figure (the 2004 table prints SI units only; the mg/dL figures are
    later guidelines' equivalents); the children's phosphate threshold under 18 years; an exact
    25% change counts; creatinine exactly 1.5 × ULN with laboratory TLS is grade 1; labs
    outside the window (day −3 to +7) do not make laboratory TLS; a baseline of 0 has no 25%
    change. ``death_from_tls`` with laboratory TLS is grade 5; without laboratory TLS the death
    is not graded as TLS (a warning says so); absent, it is read as false (the assessment is of
    a living patient), as for CRS and ICANS. A change or finding caused by a therapeutic agent
    does not count: the result warns that attribution is the clinician's to confirm.

    Howard 2011 is its own rule (:func:`_grade_howard`).
    """
    rule = choice("rule", rule or "cairo_bishop_2004", RULES) or RULES[0]
    age = number("age_years", age_years, 0, 130, gettext_noop("a human age in years"))
    day = whole(
        "day_relative_to_therapy",
        day_relative_to_therapy,
        -3650,
        3650,
        gettext_noop("days from the start of therapy"),
    )
    base = _validate_labs("baseline", baseline, (*ANALYTES, "creatinine"))
    cur = _validate_labs("current", current, (*ANALYTES, "creatinine", "ionized_calcium"))
    for name, value in (("creatinine_uln", creatinine_uln), ("uric_acid_uln", uric_acid_uln)):
        if value is not None:
            check_range(name, name, value)
    arrhythmia = choice("arrhythmia", arrhythmia, tuple(ARRHYTHMIA))
    seizure = choice("seizure", seizure, tuple(SEIZURE))
    death = flag("death_from_tls", death_from_tls)
    oliguria = flag("oliguria", oliguria)
    hypocalcemia = flag("symptomatic_hypocalcemia", symptomatic_hypocalcemia)
    echo = _echo(
        {
            "age_years": age,
            "day_relative_to_therapy": day,
            "baseline": base,
            "current": cur,
            "creatinine_uln": creatinine_uln,
            "uric_acid_uln": uric_acid_uln,
            "arrhythmia": arrhythmia,
            "seizure": seizure,
            "oliguria": oliguria,
            "symptomatic_hypocalcemia": hypocalcemia,
            "rule": rule,
            "death_from_tls": death,
        }
    )
    if rule == "howard_2011":
        return _grade_howard(
            age=age,
            day=day,
            base=base,
            cur=cur,
            creatinine_uln=creatinine_uln,
            uric_acid_uln=uric_acid_uln,
            arrhythmia=arrhythmia,
            seizure=seizure,
            oliguria=oliguria,
            hypocalcemia=hypocalcemia,
            death=death,
            echo=echo,
        )
    criteria = {a: criterion(a, cur[a], base[a], age) for a in ANALYTES}
    creat_grade, creat_basis = _creatinine(cur["creatinine"], creatinine_uln)
    values: dict[str, Any] = {a: c.met for a, c in criteria.items()}
    values.update(
        in_window=_window(day),
        creatinine=creat_grade,
        arrhythmia=None if arrhythmia is None else ARRHYTHMIA[arrhythmia],
        seizure=None if seizure is None else SEIZURE[seizure],
        death=bool(death),
    )
    spaces: dict[str, tuple[Any, ...]] = dict.fromkeys(ANALYTES, (False, True))
    spaces.update(
        in_window=(False, True),
        creatinine=(0, 1, 2, 3, 4),
        arrhythmia=(0, 1, 2, 3, 4),
        seizure=(0, 2, 3, 4),
    )
    names: dict[str, tuple[str, ...]] = {a: c.missing for a, c in criteria.items()}
    names.update(
        in_window=("day_relative_to_therapy",),
        creatinine=tuple(
            n
            for n, x in (
                ("current.creatinine", cur["creatinine"]),
                ("creatinine_uln", creatinine_uln),
            )
            if x is None
        ),
    )
    ltls, r1 = resolve(lambda v: tls_outcome(v)[0], values, spaces)
    ctls, r2 = resolve(lambda v: tls_outcome(v)[1], values, spaces)
    grade, r3 = resolve(lambda v: tls_outcome(v)[2], values, spaces)
    basis = _basis(day, criteria, ltls, creat_basis, arrhythmia, seizure, grade, death)
    ignored = [
        name
        for name, value in (
            ("baseline.creatinine", base["creatinine"]),
            ("current.ionized_calcium", cur["ionized_calcium"]),
            ("uric_acid_uln", uric_acid_uln),
            ("oliguria", oliguria),
            ("symptomatic_hypocalcemia", hypocalcemia),
        )
        if value is not None
    ]
    return GradeResult(
        kind="tls",
        grade=grade,
        laboratory_tls=ltls,
        clinical_tls=ctls,
        basis=tuple(basis),
        missing=tuple(_expand(r1 + r2 + r3, names)),
        warnings=tuple(_warnings(day, ltls, death, ignored)),
        input=echo,
    )


def _window_basis(day: int | None, source: str) -> list[Basis]:
    if day is None:
        return []
    text = (
        gettext_noop(
            "labs on day {day:+d}: inside the window, 3 days before to 7 days after the "
            "start of therapy",
            day=day,
        )
        if _window(day)
        else gettext_noop(
            "labs on day {day:+d}: outside the window, 3 days before to 7 days after the "
            "start of therapy",
            day=day,
        )
    )
    return [Basis(text, source)]


def _lab_conclusion(
    criteria: Mapping[str, Criterion], ltls: bool | None, source: str
) -> list[Basis]:
    if ltls is None:
        return []
    met = sum(c.met is True for c in criteria.values())
    text = (
        gettext_noop("{met} of 4 laboratory criteria met: laboratory TLS", met=met)
        if ltls
        else gettext_noop("{met} of 4 laboratory criteria met: no laboratory TLS", met=met)
    )
    return [Basis(text, source)]


def _basis(
    day: int | None,
    criteria: Mapping[str, Criterion],
    ltls: bool | None,
    creat: Basis | None,
    arrhythmia: str | None,
    seizure: str | None,
    grade: int | None,
    death: bool | None,
) -> list[Basis]:
    out = [
        Basis(
            gettext_noop(
                # xgettext:no-python-format
                "rule: Cairo-Bishop 2004 (absolute threshold or 25% change from baseline)"
            ),
            LAB_SOURCE,
        ),
        *_window_basis(day, LAB_SOURCE),
    ]
    out += [b for c in criteria.values() for b in c.basis]
    out += _lab_conclusion(criteria, ltls, LAB_SOURCE)
    out += ([creat] if creat else []) + _event_basis(arrhythmia, seizure)
    if grade is not None:
        if ltls is False:
            text = gettext_noop("grade {grade}: without laboratory TLS the grade is 0", grade=grade)
        elif death:
            text = gettext_noop("death due to clinical TLS: grade 5")
        else:
            text = gettext_noop(
                "grade {grade}: the most severe of creatinine, arrhythmia and seizure", grade=grade
            )
        out.append(Basis(text, CLINICAL_SOURCE))
    if death is None and ltls is not False:
        out.append(
            Basis(gettext_noop("death due to TLS not recorded: graded as a living patient"), CHOICE)
        )
    return out


def _warnings(
    day: int | None, ltls: bool | None, death: bool | None, ignored: list[str]
) -> list[str]:
    out: list[str] = []
    if death and ltls is False:
        out.append(
            gettext_noop(
                "a death recorded as due to TLS without laboratory TLS: Cairo-Bishop grade "
                "clinical TLS only with laboratory TLS, so the grade is 0; check the labs and "
                "their day"
            )
        )
    if day is not None and not _window(day):
        out.append(
            gettext_noop(
                "labs on day {day:+d} are outside the Cairo-Bishop window (day -3 to +7): "
                "laboratory TLS is not defined there",
                day=day,
            )
        )
    if ltls:
        out.append(
            gettext_noop(
                "attribution is the clinician's to confirm: a laboratory change or a clinical "
                "finding directly or probably caused by a therapeutic agent (e.g. a creatinine "
                "rise after amphotericin) does not count"
            )
        )
    if ignored:
        out.append(
            gettext_noop(
                "{fields}: used only by the Howard 2011 rule, ignored under Cairo-Bishop 2004",
                fields=", ".join(ignored),
            )
        )
    return out


def _grade_howard(
    *,
    age: float | None,
    day: int | None,
    base: Mapping[str, float | None],
    cur: Mapping[str, float | None],
    creatinine_uln: float | None,
    uric_acid_uln: float | None,
    arrhythmia: str | None,
    seizure: str | None,
    oliguria: bool | None,
    hypocalcemia: bool | None,
    death: bool | None,
    echo: dict[str, Any],
) -> GradeResult:
    """Laboratory and clinical TLS by Howard 2011 (Table 1), its own rule; ``grade`` is None.

    - Laboratory TLS: two or more of uric acid > 8.0 mg/dL (adults; children above
      ``uric_acid_uln``, the upper limit of normal for age), phosphorus > 4.5 mg/dL (adults) or
      > 6.5 mg/dL (children), potassium > 6.0 mmol/L, corrected calcium < 7.0 mg/dL or ionised
      calcium < 1.12 mmol/L — strict, abnormal together in the same 24 hours (this one sample);
      no change from baseline.
    - Clinical TLS: laboratory TLS plus any of a creatinine rise ≥ 0.3 mg/dL from
      ``baseline.creatinine`` (or, with no baseline, a value > 1.5 × ``creatinine_uln``),
      ``oliguria``, a cardiac dysrhythmia (``arrhythmia`` other than none, read as probably or
      definitely caused by hyperkalaemia), ``symptomatic_hypocalcemia``, or ``death_from_tls``
      (sudden death; absent read as false, as under Cairo-Bishop).

    cartnav's choices: children are under 18, as for Cairo-Bishop; the Cairo-Bishop window
    (day −3 to +7), which the reference does not restate for Howard, still applies, so the two
    rules answer for the same labs; ``seizure`` is not a Howard criterion on its own (a seizure
    caused by hypocalcaemia is ``symptomatic_hypocalcemia``) and is ignored with a warning.
    """
    criteria = {a: howard_criterion(a, cur, age, uric_acid_uln) for a in ANALYTES}
    creat = howard_creatinine(cur["creatinine"], base["creatinine"], creatinine_uln)
    values: dict[str, Any] = {a: c.met for a, c in criteria.items()}
    values.update(
        in_window=_window(day),
        creatinine=creat.met,
        oliguria=oliguria,
        dysrhythmia=None if arrhythmia is None else arrhythmia != "none",
        symptomatic_hypocalcemia=hypocalcemia,
        death=bool(death),
    )
    spaces: dict[str, tuple[Any, ...]] = dict.fromkeys(
        (*ANALYTES, "in_window", *HOWARD_CLINICAL), (False, True)
    )
    names: dict[str, tuple[str, ...]] = {a: c.missing for a, c in criteria.items()}
    names.update(
        in_window=("day_relative_to_therapy",),
        creatinine=creat.missing,
        dysrhythmia=("arrhythmia",),
    )
    ltls, r1 = resolve(lambda v: howard_outcome(v)[0], values, spaces)
    ctls, r2 = resolve(lambda v: howard_outcome(v)[1], values, spaces)
    basis = [
        Basis(
            gettext_noop(
                "rule: Howard 2011 (strict thresholds, two or more abnormalities in the same 24 "
                "hours, no change from baseline, its own clinical criteria)"
            ),
            HOWARD_SOURCE,
        ),
        *_window_basis(day, CHOICE),
        *(b for c in criteria.values() for b in c.basis),
        *_lab_conclusion(criteria, ltls, HOWARD_SOURCE),
        *creat.basis,
        *_howard_clinical_basis(oliguria, arrhythmia, hypocalcemia, death),
    ]
    if ctls is not None:
        text = (
            gettext_noop("laboratory TLS with a clinical criterion: clinical TLS")
            if ctls
            else gettext_noop("no clinical TLS")
        )
        basis.append(Basis(text, HOWARD_SOURCE))
    basis.append(
        Basis(
            gettext_noop(
                "Howard 2011 has no grade table: the grade is not given; laboratory TLS and "
                "clinical TLS are the answer"
            ),
            HOWARD_SOURCE,
        )
    )
    warnings: list[str] = []
    if day is not None and not _window(day):
        warnings.append(
            gettext_noop(
                "labs on day {day:+d} are outside the Cairo-Bishop window (day -3 to +7): "
                "laboratory TLS is not defined there",
                day=day,
            )
        )
    if any(base[a] is not None for a in ANALYTES):
        warnings.append(
            gettext_noop(
                "Howard 2011 does not use the change from baseline: the baseline uric acid, "
                "potassium, phosphate and calcium are ignored"
            )
        )
    if seizure not in (None, "none"):
        warnings.append(
            gettext_noop(
                "Howard 2011 counts a seizure only when caused by hypocalcaemia: record it as "
                "symptomatic hypocalcaemia; the seizure field is not used under this rule"
            )
        )
    if ctls:
        warnings.append(
            gettext_noop(
                "attribution is the clinician's to confirm: Howard 2011 counts a dysrhythmia, "
                "sudden death or symptoms only when probably or definitely caused by "
                "hyperkalaemia or hypocalcaemia"
            )
        )
    return GradeResult(
        kind="tls",
        grade=None,
        laboratory_tls=ltls,
        clinical_tls=ctls,
        basis=tuple(basis),
        missing=tuple(_expand(r1 + r2, names)),
        warnings=tuple(warnings),
        input=echo,
    )

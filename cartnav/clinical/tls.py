"""Tumour lysis syndrome: Cairo-Bishop laboratory and clinical TLS (reference/clinical.md §3).

Source: Cairo MS, Bishop M. Tumour lysis syndrome: new therapeutic strategies and
classification. Br J Haematol 2004;127:3–11 — the laboratory TLS definition and the clinical TLS
definition and grading tables. Option: Howard SC et al. NEJM 2011;364:1844–54.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
HOWARD_SOURCE = "Howard et al., NEJM 2011"
CHOICE = gettext_noop("cartnav's choice (docs/grading.md)")

RULES = ("cairo_bishop_2004", "howard_2011")
WINDOW_DAYS = (-3, 7)
CHILD_BELOW_YEARS = 18
ANALYTES = ("uric_acid", "potassium", "phosphate", "calcium")
CHANGE = 0.25

# The table prints every threshold in both unit systems and the two differ by the rounding of
# the conversion (8.0 mg/dL is 475.84 µmol/L). cartnav applies the more inclusive of the two, so a
# value at either printed threshold meets it and the unit reported cannot change the result.
URIC_ACID_MG_DL = min(8.0, to_canonical("uric_acid", 476.0, "umol/L"))
POTASSIUM_MMOL_L = 6.0
PHOSPHATE_ADULT_MG_DL = min(4.5, to_canonical("phosphate", 1.45, "mmol/L"))
PHOSPHATE_CHILD_MG_DL = min(6.5, to_canonical("phosphate", 2.1, "mmol/L"))
CALCIUM_MG_DL = max(7.0, to_canonical("calcium", 1.75, "mmol/L"))

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


def absolute_threshold_met(analyte: str, value: float, child: bool) -> bool:
    """The absolute column: uric acid, potassium, phosphate at or above; calcium at or below.

    Phosphate uses the children's threshold under 18 years (cartnav's choice of the age).
    """
    if analyte == "uric_acid":
        return value >= URIC_ACID_MG_DL
    if analyte == "potassium":
        return value >= POTASSIUM_MMOL_L
    if analyte == "phosphate":
        return value >= (PHOSPHATE_CHILD_MG_DL if child else PHOSPHATE_ADULT_MG_DL)
    return value <= CALCIUM_MG_DL


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
    """(laboratory TLS, clinical TLS, grade) of complete inputs.

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


@dataclass(frozen=True)
class Criterion:
    """One analyte's criterion: met, not met or undecided; what would decide it; why."""

    met: bool | None
    missing: tuple[str, ...]
    basis: Basis | None


def _phosphate_child(age: float | None) -> tuple[bool, ...]:
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


def criterion(
    analyte: str, current: float | None, baseline: float | None, age: float | None, rule: str
) -> Criterion:
    """Whether one analyte meets its laboratory criterion, from what is known."""
    name, base_name = f"current.{analyte}", f"baseline.{analyte}"
    uses_change = rule == "cairo_bishop_2004"
    if current is None:
        extra: tuple[str, ...] = (base_name,) if uses_change and baseline is None else ()
        extra += ("age_years",) if analyte == "phosphate" and age is None else ()
        return Criterion(None, (name, *extra), None)
    outcomes = {absolute_threshold_met(analyte, current, c) for c in _phosphate_child(age)}
    child = None if age is None else age < CHILD_BELOW_YEARS
    shown = gettext_noop(
        "{analyte} {value:g} {unit}",
        analyte=_ANALYTE_TEXT[analyte],
        value=current,
        unit=_UNIT[analyte],
    )
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
            Basis(
                gettext_noop(
                    "{shown} reaches {threshold}: criterion met",
                    shown=shown,
                    threshold=_threshold_text(analyte, child),
                ),
                source,
            ),
        )
    changed = _change_state(analyte, current, baseline, uses_change)
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
        return Criterion(True, (), Basis(text, LAB_SOURCE))
    missing: tuple[str, ...] = (("age_years",) if len(outcomes) == 2 else ()) + (
        (base_name,) if changed is None else ()
    )
    if missing:
        return Criterion(None, missing, None)
    threshold = _threshold_text(analyte, child)
    text = (
        gettext_noop(
            # xgettext:no-python-format
            "{shown} does not reach {threshold}, within 25% of baseline {baseline:g}: "
            "criterion not met",
            shown=shown,
            threshold=threshold,
            baseline=baseline,
        )
        if uses_change
        else gettext_noop(
            "{shown} does not reach {threshold}: criterion not met",
            shown=shown,
            threshold=threshold,
        )
    )
    return Criterion(False, (), Basis(text, source))


def _change_state(
    analyte: str, current: float, baseline: float | None, uses_change: bool
) -> bool | None:
    if not uses_change:
        return False
    if baseline is None:
        return None
    return change_met(analyte, current, baseline)


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


def _echo(v: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in v.items():
        if isinstance(value, dict):
            labs = {k: canonical_quantity(k, x) for k, x in value.items() if x is not None}
            if labs:
                out[key] = labs
        elif key == "creatinine_uln" and value is not None:
            out[key] = canonical_quantity("creatinine_uln", value)
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
) -> GradeResult:
    """Laboratory TLS, clinical TLS and the Cairo-Bishop clinical grade (Cairo-Bishop 2004).

    Laboratory values in canonical units: uric acid, phosphate, calcium, creatinine mg/dL;
    potassium mmol/L. ``baseline`` holds uric_acid, potassium, phosphate, calcium; ``current``
    those and creatinine. cartnav's choices (in the basis when they apply): the more inclusive of
    the two printed thresholds of each analyte; the children's phosphate threshold under 18
    years; creatinine exactly 1.5 × ULN with laboratory TLS is grade 1; labs outside the window
    (day −3 to +7) do not make laboratory TLS; a baseline of 0 has no 25% change.
    ``rule="howard_2011"`` drops the 25% change rule and needs two abnormalities together (in
    this one sample). ``death_from_tls`` with laboratory TLS is grade 5; without laboratory TLS
    the death is not graded as TLS (a warning says so); absent, it is read as false (the
    assessment is of a living patient), as for CRS and ICANS.
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
    base = _validate_labs("baseline", baseline, ANALYTES)
    cur = _validate_labs("current", current, (*ANALYTES, "creatinine"))
    if creatinine_uln is not None:
        check_range("creatinine_uln", "creatinine_uln", creatinine_uln)
    arrhythmia = choice("arrhythmia", arrhythmia, tuple(ARRHYTHMIA))
    seizure = choice("seizure", seizure, tuple(SEIZURE))
    death = flag("death_from_tls", death_from_tls)
    criteria = {a: criterion(a, cur[a], base[a], age, rule) for a in ANALYTES}
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
    basis = _basis(rule, day, criteria, ltls, creat_basis, arrhythmia, seizure, grade, death)
    return GradeResult(
        kind="tls",
        grade=grade,
        laboratory_tls=ltls,
        clinical_tls=ctls,
        basis=tuple(basis),
        missing=tuple(_expand(r1 + r2 + r3, names)),
        warnings=tuple(_warnings(day, rule, base, ltls, death)),
        input=_echo(
            {
                "age_years": age,
                "day_relative_to_therapy": day,
                "baseline": base,
                "current": cur,
                "creatinine_uln": creatinine_uln,
                "arrhythmia": arrhythmia,
                "seizure": seizure,
                "rule": rule,
                "death_from_tls": death,
            }
        ),
    )


def _basis(
    rule: str,
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
        )
        if rule == "cairo_bishop_2004"
        else Basis(
            gettext_noop(
                "rule: Howard 2011 (absolute thresholds only, two abnormalities together in "
                "this sample)"
            ),
            HOWARD_SOURCE,
        )
    ]
    if day is not None:
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
        out.append(Basis(text, LAB_SOURCE))
    out += [c.basis for c in criteria.values() if c.basis is not None]
    if ltls is not None:
        met = sum(c.met is True for c in criteria.values())
        text = (
            gettext_noop("{met} of 4 laboratory criteria met: laboratory TLS", met=met)
            if ltls
            else gettext_noop("{met} of 4 laboratory criteria met: no laboratory TLS", met=met)
        )
        out.append(Basis(text, LAB_SOURCE))
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
    day: int | None,
    rule: str,
    base: Mapping[str, float | None],
    ltls: bool | None,
    death: bool | None,
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
    if rule == "howard_2011" and any(v is not None for v in base.values()):
        out.append(
            gettext_noop(
                "Howard 2011 does not use the change from baseline: baseline values ignored"
            )
        )
    return out

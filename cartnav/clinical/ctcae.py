"""CTCAE v5.0 laboratory grades a ward needs (ward-and-followup.md §11.1).

Source: NCI Common Terminology Criteria for Adverse Events v5.0 (27 Nov 2017), read as the
machine-readable grading of ``pharmaverse/admiral`` (``data-raw/adlb_grading/ncictcaev5.json``);
each rule below follows that code. Febrile neutropenia is not lab-gradable in admiral: its grade-3
text was read in a CTCAE v6.0 reproduction whose change log for the term is "Clarification:
Definition" only, so the v5.0 text is carried over.

Rules (values in 10⁹/L; every cut-point strict "<", as the table's "< 1500–1000" bands):

- Neutrophil count decreased: < 0.5 → 4; < 1.0 → 3; < 1.5 → 2; < LLN → 1; otherwise 0.
- Platelet count decreased: < 25 → 4; < 50 → 3; < 75 → 2; < LLN → 1; otherwise 0.
- Lymphocyte count decreased: < 0.2 → 4; < 0.5 → 3; < 0.8 → 2; < LLN → 1; otherwise 0.
- Anaemia, compared in g/L as the table prints it (the input is g/dL, × 10): < 80 → 3;
  < 100 → 2; < LLN → 1; otherwise 0. Grade 4 ("life-threatening consequences; urgent
  intervention indicated") and 5 are clinical and never set from the value.
- Febrile neutropenia: grade 3 when ANC < 1.0 and a single temperature > 38.3 °C, or a
  temperature ≥ 38.0 °C sustained for more than one hour. Grades 4 and 5 are clinical.

At or above the grade-2 band the lower limit of normal (LLN) decides grade 1 against 0: without
it the grade is ``None`` and ``missing`` names ``lln`` (admiral returns NA). Boundaries: ANC
exactly 1.0 → 2, exactly 0.5 → 3; platelets exactly 50 → 2, exactly 25 → 3; Hb exactly
8.0 g/dL → 2; lymphocytes exactly 0.2 → 3; a single 38.3 °C does not meet "> 38.3".

Admiral compares ``signif(AVAL, signif_dig)`` (``signif_dig`` 15 by default) with each cut-point.
cartnav rounds every value to 15 significant digits the same way before comparing, so that a
unit conversion's floating-point noise (1500/µL as 1.5000000000000002 × 10⁹/L) cannot cross a
cut-point, while the value keeps the precision it was reported with (0.499 stays 0.499).

cartnav's choices for febrile neutropenia (the text does not say how "sustained" is shown):
fever is sustained when readings ≥ 38.0 °C in a row, with no reading below 38.0 °C between them,
span more than 60 minutes from the first to the last (exactly 60 minutes is not "more than one
hour"); a run still open at the last reading and not yet longer than an hour leaves the grade
undecided (``missing`` names ``temperatures``). The ANC is the one current with the readings;
cartnav does not pair them by time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cartnav.clinical.text import Text, gettext_noop
from cartnav.clinical.units import ClinicalInputError, check_range

CTCAE_VERSION = "5.0"
SOURCE = "NCI CTCAE v5.0 (2017), as coded by pharmaverse/admiral (ncictcaev5.json)"
FN_SOURCE = "NCI CTCAE v5.0, Febrile neutropenia (grade 3 text, carried into v6.0)"
#: admiral's ``signif_dig``: values are compared at 15 significant digits.
SIGNIFICANT_DIGITS = 15

#: (cut-point, grade) from the most severe; a value below the cut-point takes the grade.
ANC_CUTS = ((0.5, 4), (1.0, 3), (1.5, 2))
PLATELET_CUTS = ((25.0, 4), (50.0, 3), (75.0, 2))
LYMPHOCYTE_CUTS = ((0.2, 4), (0.5, 3), (0.8, 2))
#: Haemoglobin in g/L, as the table prints it.
HEMOGLOBIN_CUTS_G_L = ((80.0, 3), (100.0, 2))
G_L_PER_G_DL = 10

FEBRILE_ANC_BELOW = 1.0
SINGLE_FEVER_ABOVE = 38.3
SUSTAINED_FEVER_FROM = 38.0
SUSTAINED_LONGER_THAN = timedelta(hours=1)

_COUNT_UNIT = "× 10⁹/L"
TERMS: dict[str, Text] = {
    "anc": gettext_noop("neutrophil count decreased"),
    "platelets": gettext_noop("platelet count decreased"),
    "hemoglobin": gettext_noop("anaemia"),
    "lymphocytes": gettext_noop("lymphocyte count decreased"),
    "febrile_neutropenia": gettext_noop("febrile neutropenia"),
}


@dataclass(frozen=True)
class CtcaeGrade:
    """One CTCAE term graded from a value: the grade (``None`` if the inputs cannot decide it),
    the sentence it rests on, what could decide it, and the version graded by."""

    term: str
    grade: int | None
    basis: Text
    missing: tuple[str, ...] = ()
    value: float | None = None
    source: str = SOURCE
    ctcae_version: str = CTCAE_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "grade": self.grade,
            "basis": {"criterion": self.basis, "source": self.source},
            "missing": list(self.missing),
            "value": self.value,
            "ctcae_version": self.ctcae_version,
        }


def reported(value: float) -> float:
    """``value`` at 15 significant digits, as admiral's ``signif(AVAL, 15)``."""
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def band_grade(value: float, cuts: Sequence[tuple[float, int]], lln: float | None) -> int | None:
    """The grade of a (rounded) value: the first cut-point it is below; else 1 below the LLN,
    0 at or above it, ``None`` without it."""
    for limit, grade in cuts:
        if value < limit:
            return grade
    if lln is None:
        return None
    return 1 if value < lln else 0


def _grade_value(
    name: str,
    value: float | None,
    lln: float | None,
    cuts: Sequence[tuple[float, int]],
    scale: float,
    shown: Any,
) -> CtcaeGrade:
    """Grade ``value`` (canonical unit) compared as ``value × scale`` against ``cuts``.

    ``shown(v)`` writes a value in the comparison unit for the sentence.
    """
    term = TERMS[name]
    if value is None:
        return CtcaeGrade(
            term, None, gettext_noop("{term}: no value, not graded", term=term), (name,)
        )
    check_range(name, name, value)
    if lln is not None:
        check_range("lln", name, lln)
    compared = reported(value * scale)
    limit_lln = None if lln is None else reported(lln * scale)
    grade = band_grade(compared, cuts, limit_lln)
    below = next((limit for limit, _ in cuts if compared < limit), None)
    lowest_cut = cuts[-1][0]
    if below is not None and name == "hemoglobin" and grade == 3:
        text = gettext_noop(
            "{term} {value} < {limit}: grade 3 (grade 4, life-threatening consequences with "
            "urgent intervention indicated, is clinical and never set from the value)",
            term=term,
            value=shown(compared),
            limit=shown(below),
        )
    elif below is not None:
        text = gettext_noop(
            "{term} {value} < {limit}: grade {grade}",
            term=term,
            value=shown(compared),
            limit=shown(below),
            grade=grade,
        )
    elif limit_lln is None:
        text = gettext_noop(
            "{term} {value} ≥ {limit}: grade 0 or 1, the lower limit of normal (LLN) decides",
            term=term,
            value=shown(compared),
            limit=shown(lowest_cut),
        )
        return CtcaeGrade(term, None, text, ("lln",), value=compared)
    elif grade == 1:
        text = gettext_noop(
            "{term} {value} < LLN {lln}: grade 1",
            term=term,
            value=shown(compared),
            lln=shown(limit_lln),
        )
    else:
        text = gettext_noop(
            "{term} {value} ≥ LLN {lln}: grade 0",
            term=term,
            value=shown(compared),
            lln=shown(limit_lln),
        )
    return CtcaeGrade(term, grade, text, value=compared)


def _number(value: float) -> str:
    """``1.0`` rather than ``1`` for a whole number below 10, as the table prints them."""
    text = f"{value:g}"
    return f"{text}.0" if value < 10 and text.isdigit() else text


def _count(value: float) -> str:
    return f"{_number(value)} {_COUNT_UNIT}"


def _g_l(value: float) -> str:
    """A haemoglobin compared in g/L, shown in g/dL with its g/L."""
    return f"{_number(reported(value / G_L_PER_G_DL))} g/dL ({value:g} g/L)"


def grade_anc(anc: float | None, lln: float | None = None) -> CtcaeGrade:
    """Neutrophil count decreased (× 10⁹/L): < 0.5 → 4; < 1.0 → 3; < 1.5 → 2; < LLN → 1; else 0.

    At or above 1.5 without an LLN the grade is ``None`` (0 or 1) and ``missing`` names ``lln``.
    """
    return _grade_value("anc", anc, lln, ANC_CUTS, 1, _count)


def grade_platelets(platelets: float | None, lln: float | None = None) -> CtcaeGrade:
    """Platelet count decreased (× 10⁹/L): < 25 → 4; < 50 → 3; < 75 → 2; < LLN → 1; else 0."""
    return _grade_value("platelets", platelets, lln, PLATELET_CUTS, 1, _count)


def grade_lymphocytes(lymphocytes: float | None, lln: float | None = None) -> CtcaeGrade:
    """Lymphocyte count decreased (× 10⁹/L): < 0.2 → 4; < 0.5 → 3; < 0.8 → 2; < LLN → 1."""
    return _grade_value("lymphocytes", lymphocytes, lln, LYMPHOCYTE_CUTS, 1, _count)


def grade_hemoglobin(hemoglobin: float | None, lln: float | None = None) -> CtcaeGrade:
    """Anaemia: haemoglobin and its LLN in g/dL, compared in g/L as the table prints it:
    < 80 → 3; < 100 → 2; < LLN → 1; else 0. Grades 4 and 5 are clinical, never from the value.
    ``value`` of the result is in g/L."""
    return _grade_value("hemoglobin", hemoglobin, lln, HEMOGLOBIN_CUTS_G_L, G_L_PER_G_DL, _g_l)


def _readings(temperatures: object) -> list[tuple[datetime, float]]:
    """Checked ``(datetime, °C)`` pairs in time order; all naive or all with an offset."""
    if temperatures is None:
        return []
    if isinstance(temperatures, str | bytes) or not isinstance(temperatures, Sequence):
        raise ClinicalInputError("temperatures", "must be a list of (date and time, °C) pairs.")
    readings: list[tuple[datetime, float]] = []
    for i, item in enumerate(temperatures):
        if not isinstance(item, Sequence) or isinstance(item, str | bytes) or len(item) != 2:
            raise ClinicalInputError(f"temperatures[{i}]", "must be a (date and time, °C) pair.")
        at, value = item
        if not isinstance(at, datetime):
            raise ClinicalInputError(
                f"temperatures[{i}].at", f"{at!r} must be a date and time (a fever's duration)."
            )
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ClinicalInputError(f"temperatures[{i}].value", f"{value!r} is not a number.")
        check_range(f"temperatures[{i}].value", "temperature", float(value))
        if readings and (readings[0][0].tzinfo is None) != (at.tzinfo is None):
            raise ClinicalInputError(
                f"temperatures[{i}].at",
                "every time must have a UTC offset, or none must: they cannot be ordered.",
            )
        readings.append((at, reported(float(value))))
    return sorted(readings, key=lambda reading: reading[0])


def _fever_runs(readings: Sequence[tuple[datetime, float]]) -> list[tuple[datetime, datetime]]:
    """Runs of consecutive readings ≥ 38.0 °C, as (first, last) times."""
    runs: list[tuple[datetime, datetime]] = []
    previous_hot = False
    for at, value in readings:
        hot = value >= SUSTAINED_FEVER_FROM
        if hot and previous_hot:
            runs[-1] = (runs[-1][0], at)
        elif hot:
            runs.append((at, at))
        previous_hot = hot
    return runs


def febrile_neutropenia(
    anc: float | None, temperatures: Sequence[tuple[datetime, float]] | None
) -> CtcaeGrade:
    """Febrile neutropenia (CTCAE v5.0): grade 3 if ANC < 1.0 × 10⁹/L and a single temperature
    > 38.3 °C, or ≥ 38.0 °C sustained for more than one hour; otherwise 0. Grades 4 and 5 are
    clinical. ``temperatures`` are ``(datetime, °C)`` readings (see the module docstring for how
    "sustained" is read)."""
    term = TERMS["febrile_neutropenia"]
    if anc is not None:
        check_range("anc", "anc", anc)
    readings = _readings(temperatures)
    if anc is None:
        missing = ("anc",) if readings else ("anc", "temperatures")
        return CtcaeGrade(
            term,
            None,
            gettext_noop("no ANC: febrile neutropenia cannot be decided"),
            missing,
            source=FN_SOURCE,
        )
    value = reported(anc)
    if value >= FEBRILE_ANC_BELOW:
        text = gettext_noop(
            "ANC {anc:g} × 10⁹/L ≥ 1.0 × 10⁹/L: no febrile neutropenia (grade 0)", anc=value
        )
        return CtcaeGrade(term, 0, text, value=value, source=FN_SOURCE)
    single = next(((at, t) for at, t in readings if t > SINGLE_FEVER_ABOVE), None)
    if single is not None:
        text = gettext_noop(
            "ANC {anc:g} × 10⁹/L < 1.0 × 10⁹/L and a single temperature of {t:g} °C > 38.3 °C "
            "at {at}: febrile neutropenia grade 3 (grades 4 and 5 are clinical)",
            anc=value,
            t=single[1],
            at=single[0].isoformat(),
        )
        return CtcaeGrade(term, 3, text, value=value, source=FN_SOURCE)
    runs = _fever_runs(readings)
    sustained = next(((a, b) for a, b in runs if b - a > SUSTAINED_LONGER_THAN), None)
    if sustained is not None:
        text = gettext_noop(
            "ANC {anc:g} × 10⁹/L < 1.0 × 10⁹/L and a temperature ≥ 38.0 °C from {start} to "
            "{end}, more than one hour: febrile neutropenia grade 3 (grades 4 and 5 are "
            "clinical)",
            anc=value,
            start=sustained[0].isoformat(),
            end=sustained[1].isoformat(),
        )
        return CtcaeGrade(term, 3, text, value=value, source=FN_SOURCE)
    if not readings:
        text = gettext_noop(
            "ANC {anc:g} × 10⁹/L < 1.0 × 10⁹/L but no temperature recorded: febrile "
            "neutropenia cannot be decided",
            anc=value,
        )
        return CtcaeGrade(term, None, text, ("temperatures",), value=value, source=FN_SOURCE)
    if readings[-1][1] >= SUSTAINED_FEVER_FROM:
        text = gettext_noop(
            "ANC {anc:g} × 10⁹/L < 1.0 × 10⁹/L and a temperature ≥ 38.0 °C since {start}, not "
            "yet shown to last more than one hour: febrile neutropenia cannot be decided yet",
            anc=value,
            start=runs[-1][0].isoformat(),
        )
        return CtcaeGrade(term, None, text, ("temperatures",), value=value, source=FN_SOURCE)
    text = gettext_noop(
        "ANC {anc:g} × 10⁹/L < 1.0 × 10⁹/L but no temperature > 38.3 °C and none ≥ 38.0 °C for "
        "more than one hour: no febrile neutropenia (grade 0)",
        anc=value,
    )
    return CtcaeGrade(term, 0, text, value=value, source=FN_SOURCE)

"""Quantities at the clinical boundary: UCUM codes in, one canonical unit per analyte out.

Every quantity that enters a grader passes through :func:`normalise`, which

1. accepts only the UCUM codes listed for that analyte in reference/grading-io.md,
2. converts to the analyte's canonical unit with pint (one module-level registry, ``UREG``), and
3. refuses values no living patient can have (:data:`LIMITS`), naming the field, the value, the
   unit and the accepted range, because a wrong unit (µmol/L typed as mg/dL) is by far the most
   likely cause and a silently absurd grade is worse than an error.

Conversions that stay inside one dimension (mg/L ↔ mg/dL, /µL ↔ 10⁹/L, °F ↔ °C) are pint's own.
Conversions between mass and amount of substance are analyte-specific; the factors are the ones
printed in reference/clinical.md §3 (uric acid 1 mg/dL = 59.48 µmol/L, creatinine 88.4 µmol/L
(molar mass 113.12), phosphate as phosphorus 0.3229 mmol/L, calcium 0.2495 mmol/L — total and
ionised calcium alike) and are applied as pint quantities (:data:`MOLAR_FACTORS`), so the
dimension check still happens. Potassium is monovalent, so 1 mEq/L = 1 mmol/L.

Converted values are rounded to 9 decimal places (``numpy.round``, the same routine the columnar
path uses) so that binary floating-point noise cannot move a value across a threshold: pint turns
100.4 °F into 38.00000000000006 °C, which is 38.0 °C.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pint

from cartnav.clinical.text import Text, gettext_noop

UREG: pint.UnitRegistry = pint.UnitRegistry()
# UCUM count codes are scale factors times "per volume"; pint units cannot carry a bare scale,
# so each scale is a named unit (a cell count is dimensionless, its concentration is 1/volume).
UREG.define("giga_per_liter = 1e9 / liter")
UREG.define("kilo_per_microliter = 1e3 / microliter")
# Potassium is monovalent: one milliequivalent is one millimole.
UREG.define("milliequivalent_potassium = millimole")

DECIMALS = 9


class ClinicalInputError(ValueError):
    """An input the graders refuse. ``field`` is the dotted path in the grading-io payload."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Analyte:
    """How one kind of quantity is accepted: canonical unit, accepted codes, hard limits."""

    name: str
    canonical: str
    accepted: tuple[str, ...]
    low: float
    high: float
    why: Text


# UCUM code -> pint unit expression. The molar codes of analytes measured by mass are handled by
# MOLAR_FACTORS below rather than by pint alone.
UCUM: dict[str, str] = {
    "Cel": "degC",
    "[degF]": "degF",
    "L/min": "liter / minute",
    "mg/dL": "milligram / deciliter",
    "mg/L": "milligram / liter",
    "g/dL": "gram / deciliter",
    "g/L": "gram / liter",
    "ng/mL": "nanogram / milliliter",
    "ug/L": "microgram / liter",
    "umol/L": "micromole / liter",
    "mmol/L": "millimole / liter",
    "meq/L": "milliequivalent_potassium / liter",
    "10*9/L": "giga_per_liter",
    "10*3/uL": "kilo_per_microliter",
    "/uL": "1 / microliter",
    "U/L": "enzyme_unit / liter",
    "/min": "1 / minute",
    "mm[Hg]": "millimeter_Hg",
    "%": "percent",
    "kg": "kilogram",
    "[lb_av]": "pound",
    "mg": "milligram",
    "g": "gram",
    "mL": "milliliter",
    "L": "liter",
}

# mg/dL of the analyte that equal one "per mg/dL" amount: reference/clinical.md §3.
MOLAR_FACTORS: dict[str, pint.Quantity] = {
    "uric_acid": UREG.Quantity(59.48, "micromole / liter"),
    "creatinine": UREG.Quantity(88.4, "micromole / liter"),
    "phosphate": UREG.Quantity(0.3229, "millimole / liter"),
    "calcium": UREG.Quantity(0.2495, "millimole / liter"),
}

# Fields that are a limit of another analyte convert with that analyte's factor.
SUBSTANCE: dict[str, str] = {
    "creatinine_uln": "creatinine",
    "uric_acid_uln": "uric_acid",
    "ionized_calcium": "calcium",
}

_MASS = ("mg/dL", "umol/L")
_ELECTROLYTE = ("mg/dL", "mmol/L")
_COUNT = ("10*9/L", "10*3/uL", "/uL")

ANALYTES: dict[str, Analyte] = {
    a.name: a
    for a in (
        Analyte(
            "temperature",
            "Cel",
            ("Cel", "[degF]"),
            25.0,
            45.0,
            gettext_noop(
                "core temperature outside 25–45 °C is not survivable long enough to be graded"
            ),
        ),
        Analyte(
            "oxygen_flow",
            "L/min",
            ("L/min",),
            0.0,
            80.0,
            gettext_noop("no oxygen device delivers more than 80 L/min"),
        ),
        Analyte(
            "uric_acid",
            "mg/dL",
            _MASS,
            0.0,
            50.0,
            gettext_noop("the highest reported uric acid in tumour lysis is about 40 mg/dL"),
        ),
        Analyte(
            "creatinine",
            "mg/dL",
            _MASS,
            0.05,
            40.0,
            gettext_noop("creatinine below 0.05 mg/dL is unmeasurable and above 40 mg/dL unseen"),
        ),
        Analyte(
            "creatinine_uln",
            "mg/dL",
            _MASS,
            0.1,
            3.0,
            gettext_noop(
                "age-adjusted upper limits of normal run from about 0.3 (infants) to 1.3 mg/dL"
            ),
        ),
        Analyte(
            "uric_acid_uln",
            "mg/dL",
            _MASS,
            1.0,
            15.0,
            gettext_noop(
                "an upper limit of normal for uric acid outside 1–15 mg/dL is no laboratory's "
                "reference range"
            ),
        ),
        Analyte(
            "potassium",
            "mmol/L",
            ("mmol/L", "meq/L"),
            0.5,
            15.0,
            gettext_noop("potassium outside 0.5–15 mmol/L stops the heart"),
        ),
        Analyte(
            "phosphate",
            "mg/dL",
            _ELECTROLYTE,
            0.0,
            40.0,
            gettext_noop(
                "phosphate above 40 mg/dL (12.9 mmol/L) has not been reported in living patients"
            ),
        ),
        Analyte(
            "calcium",
            "mg/dL",
            _ELECTROLYTE,
            1.0,
            25.0,
            gettext_noop(
                "total calcium outside 1–25 mg/dL (0.25–6.2 mmol/L) is not compatible with life"
            ),
        ),
        Analyte(
            "ionized_calcium",
            "mmol/L",
            _ELECTROLYTE,
            0.2,
            3.0,
            gettext_noop(
                "ionised calcium outside 0.2–3.0 mmol/L (0.8–12 mg/dL) is not compatible with life"
            ),
        ),
        Analyte(
            "platelets",
            "10*9/L",
            _COUNT,
            0.0,
            5000.0,
            gettext_noop("a count cannot be negative; above 5000 × 10⁹/L is not seen"),
        ),
        Analyte(
            "anc",
            "10*9/L",
            _COUNT,
            0.0,
            500.0,
            gettext_noop(
                "a count cannot be negative; above 500 × 10⁹/L is not seen even in leukaemia"
            ),
        ),
        Analyte(
            "hemoglobin",
            "g/dL",
            ("g/dL", "g/L"),
            1.0,
            25.0,
            gettext_noop("haemoglobin outside 1–25 g/dL is not compatible with life"),
        ),
        Analyte(
            "crp",
            "mg/dL",
            ("mg/dL", "mg/L"),
            0.0,
            100.0,
            gettext_noop("CRP above 100 mg/dL (1000 mg/L) is beyond any assay's reported range"),
        ),
        Analyte(
            "ferritin",
            "ng/mL",
            ("ng/mL", "ug/L"),
            0.0,
            500000.0,
            gettext_noop("ferritin above 500,000 ng/mL exceeds the highest reported (in HLH)"),
        ),
        Analyte(
            "ldh",
            "U/L",
            ("U/L",),
            1.0,
            100000.0,
            gettext_noop("LDH below 1 U/L is unmeasurable and above 100,000 U/L unseen"),
        ),
        # The ward's flowsheet (issue 14 Part B): vital signs, counts and proteins, and the
        # body weight that doses are reckoned from. Limits are what no living patient shows.
        Analyte(
            "lymphocytes",
            "10*9/L",
            _COUNT,
            0.0,
            1000.0,
            gettext_noop("a count cannot be negative; above 1000 × 10⁹/L is not seen"),
        ),
        Analyte(
            "heart_rate",
            "/min",
            ("/min",),
            10.0,
            300.0,
            gettext_noop("a heart rate outside 10–300 beats per minute is not a living rhythm"),
        ),
        Analyte(
            "respiratory_rate",
            "/min",
            ("/min",),
            2.0,
            80.0,
            gettext_noop("a respiratory rate outside 2–80 breaths per minute is not recordable"),
        ),
        Analyte(
            "systolic",
            "mm[Hg]",
            ("mm[Hg]",),
            30.0,
            300.0,
            gettext_noop("a systolic pressure outside 30–300 mmHg is not a living circulation"),
        ),
        Analyte(
            "diastolic",
            "mm[Hg]",
            ("mm[Hg]",),
            10.0,
            200.0,
            gettext_noop("a diastolic pressure outside 10–200 mmHg is not a living circulation"),
        ),
        Analyte(
            "spo2",
            "%",
            ("%",),
            30.0,
            100.0,
            gettext_noop("oxygen saturation cannot exceed 100 %; below 30 % is not measurable"),
        ),
        Analyte(
            "weight",
            "kg",
            ("kg", "[lb_av]"),
            0.3,
            400.0,
            gettext_noop("a body weight outside 0.3–400 kg is not a patient's"),
        ),
        Analyte(
            "igg",
            "mg/dL",
            ("mg/dL", "g/L"),
            0.0,
            10000.0,
            gettext_noop("IgG above 10,000 mg/dL (100 g/L) is beyond any assay's reported range"),
        ),
        Analyte(
            "fibrinogen",
            "mg/dL",
            ("mg/dL", "g/L"),
            0.0,
            2000.0,
            gettext_noop("fibrinogen above 2000 mg/dL (20 g/L) is beyond any assay's range"),
        ),
        Analyte(
            "fluid",
            "mL",
            ("mL", "L"),
            0.0,
            30000.0,
            gettext_noop("more than 30 litres in or out in one entry is not a recording"),
        ),
        Analyte(
            "dose_mg",
            "mg",
            ("mg", "g"),
            0.0,
            100000.0,
            gettext_noop("a single dose above 100 g is not a dose"),
        ),
    )
}


def tidy(value: float) -> float:
    """Round to :data:`DECIMALS` places with numpy, exactly as the columnar path does."""
    return float(np.round(value, DECIMALS))


def tidy_array(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The array twin of :func:`tidy`."""
    return np.round(values, DECIMALS)


def _analyte(kind: str) -> Analyte:
    return ANALYTES[kind]


def _check_unit(field: str, analyte: Analyte, unit: object) -> str:
    if not isinstance(unit, str) or unit not in analyte.accepted:
        raise ClinicalInputError(
            field,
            f"unit {unit!r} is not accepted for {analyte.name.replace('_', ' ')}; "
            f"accepted UCUM codes: {', '.join(analyte.accepted)} — check the unit.",
        )
    return unit


def _convert(values: Any, unit: str, target: str, analyte: str) -> Any:
    """Convert magnitudes (a float or an array) from ``unit`` to ``target`` through pint."""
    if unit == target:
        return values
    source, goal = UREG.Unit(UCUM[unit]), UREG.Unit(UCUM[target])
    factor = MOLAR_FACTORS.get(SUBSTANCE.get(analyte, analyte))
    per_mg_dl = UREG.Quantity(1.0, "milligram / deciliter")
    if factor is not None and source.dimensionality != goal.dimensionality:
        if source.dimensionality == per_mg_dl.dimensionality:
            moles = UREG.Quantity(values, source) / per_mg_dl * factor
            return moles.to(goal).magnitude
        mass = UREG.Quantity(values, source) / factor * per_mg_dl
        return mass.to(goal).magnitude
    return UREG.Quantity(values, source).to(goal).magnitude


def to_canonical(kind: str, value: float, unit: str) -> float:
    """Convert one magnitude of analyte ``kind`` from an accepted UCUM code to its canonical unit."""
    analyte = _analyte(kind)
    return tidy(float(_convert(value, unit, analyte.canonical, kind)))


def from_canonical(kind: str, value: float, unit: str) -> float:
    """Convert a canonical magnitude back into ``unit`` (for messages and round-trip checks)."""
    analyte = _analyte(kind)
    return tidy(float(_convert(value, analyte.canonical, unit, kind)))


def array_to_canonical(
    kind: str, values: npt.NDArray[np.float64], unit: str
) -> npt.NDArray[np.float64]:
    """The columnar twin of :func:`to_canonical`: same pint conversion, same rounding."""
    analyte = _analyte(kind)
    _check_unit(kind, analyte, unit)
    converted = np.asarray(_convert(values, unit, analyte.canonical, kind), dtype=np.float64)
    return tidy_array(converted)


def _fmt(value: float) -> str:
    return f"{value:g}"


def check_range(
    field: str, kind: str, value: float, unit: str | None = None, given: float | None = None
) -> float:
    """Refuse a canonical ``value`` outside the analyte's hard limits; return it unchanged.

    ``unit`` and ``given`` are what the caller typed, so the message speaks the caller's units.
    """
    analyte = _analyte(kind)
    if math.isnan(value) or not analyte.low <= value <= analyte.high:
        shown = unit or analyte.canonical
        low = from_canonical(kind, analyte.low, shown)
        high = from_canonical(kind, analyte.high, shown)
        given = value if given is None else given
        raise ClinicalInputError(
            field,
            gettext_noop(
                "{given} {unit} is not a value a living patient can have (accepted {low}–{high} "
                "{unit}: {why}); check the unit (accepted UCUM codes: {codes}).",
                given=_fmt(given),
                unit=shown,
                low=_fmt(low),
                high=_fmt(high),
                why=analyte.why,
                codes=", ".join(analyte.accepted),
            ),
        )
    return value


def normalise(field: str, kind: str, quantity: object) -> float:
    """Turn a grading-io quantity ``{"value": n, "unit": "UCUM"}`` into a checked canonical float.

    ``field`` is the dotted payload path used in the error (``current.uric_acid``); ``kind`` the
    analyte (``uric_acid``).
    """
    if not isinstance(quantity, dict) or set(quantity) != {"value", "unit"}:
        raise ClinicalInputError(
            field, 'a quantity must be {"value": number, "unit": "UCUM code"}.'
        )
    analyte = _analyte(kind)
    unit = _check_unit(field, analyte, quantity["unit"])
    value = quantity["value"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ClinicalInputError(field, f"value {value!r} is not a finite number.")
    canonical = to_canonical(kind, float(value), unit)
    check_range(field, kind, canonical, unit, float(value))
    return canonical


def canonical_quantity(kind: str, value: float) -> dict[str, Any]:
    """The normalised grading-io shape of a canonical magnitude."""
    return {"value": value, "unit": _analyte(kind).canonical}

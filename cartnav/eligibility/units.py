"""Lab units for screening, converted with pint to the unit each criterion is written in.

Analyte-specific mass/molar factors: creatinine 1 mg/dL = 88.42 µmol/L, bilirubin
1 mg/dL = 17.1 µmol/L (reference/clinical.md and standard conversion tables).
"""

from __future__ import annotations

import pint

UREG: pint.UnitRegistry = pint.UnitRegistry()
UREG.define("cells = [cells]")

#: The canonical unit of each lab the profile holds, and the UCUM codes accepted for it.
CANONICAL: dict[str, tuple[str, tuple[str, ...]]] = {
    "creatinine": ("mg/dL", ("mg/dL", "umol/L")),
    "creatinine_clearance": ("mL/min", ("mL/min", "mL/min/{1.73_m2}", "mL/s")),
    "bilirubin": ("mg/dL", ("mg/dL", "umol/L")),
    "alt": ("xULN", ("xULN", "U/L")),
    "ast": ("xULN", ("xULN", "U/L")),
    "lvef": ("%", ("%",)),
    "spo2": ("%", ("%",)),
    "anc": ("10*9/L", ("10*9/L", "10*3/uL", "/uL")),
    "platelets": ("10*9/L", ("10*9/L", "10*3/uL", "/uL")),
    "hemoglobin": ("g/dL", ("g/dL", "g/L")),
}
#: Values no living patient has, per canonical unit (refused as impossible).
LIMITS: dict[str, tuple[float, float]] = {
    "creatinine": (0.05, 30),
    "creatinine_clearance": (0, 250),
    "bilirubin": (0, 60),
    "alt": (0, 200),
    "ast": (0, 200),
    "lvef": (5, 90),
    "spo2": (40, 100),
    "anc": (0, 200),
    "platelets": (0, 3000),
    "hemoglobin": (1, 25),
}
_MOLAR = {"creatinine": 88.42, "bilirubin": 17.1}
_PINT = {"mg/dL": "mg/dL", "g/dL": "g/dL", "g/L": "g/L", "mL/min": "mL/min", "mL/s": "mL/s"}
#: Count units as (cells per unit of value, volume): pint converts the volume.
_COUNTS = {"10*9/L": (1e9, "L"), "10*3/uL": (1e3, "uL"), "/uL": (1.0, "uL")}


class LabUnitError(ValueError):
    pass


def to_canonical(lab: str, value: float, unit: str, uln: float | None = None) -> float:
    canonical, accepted = CANONICAL[lab]
    if unit == "mL/min/{1.73_m2}":
        unit = "mL/min"  # body-surface normalised clearance is compared as written in criteria
    if unit not in accepted and unit != "mL/min":
        raise LabUnitError(f"unit {unit!r} does not fit {lab}; accepted: {', '.join(accepted)}")
    if unit == canonical:
        return float(value)
    if unit == "umol/L":
        return float(value) / _MOLAR[lab]
    if unit == "U/L":
        if not uln:
            raise LabUnitError(f"{lab} in U/L needs the laboratory's upper limit of normal ('uln')")
        return float(value) / uln
    if unit in _COUNTS:
        cells, volume = _COUNTS[unit]
        per_litre = UREG.Quantity(float(value) * cells, f"cells/{volume}").to("cells/L").magnitude
        return float(round(per_litre / 1e9, 9))
    quantity = UREG.Quantity(float(value), _PINT[unit]).to(_PINT[canonical])
    return float(round(quantity.magnitude, 9))

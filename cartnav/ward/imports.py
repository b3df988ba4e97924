"""Ward values that arrive from other systems: FHIR R4 Observations and MedicationAdministrations
(one resource, or a batch, transaction or collection Bundle) and a bedside monitor's CSV export.

Both are read whole before anything is written: every entry is checked (FHIR structure by
``fhir.resources.R4B``, then the value by :func:`cartnav.ward.services.parse_value` with pint),
and a refusal names the entry and the field. What cartnav does not chart (another LOINC code, a
drug it does not know) is not an error: it is listed as ``unmapped`` with the reason, so the
sender sees what was left out. The caller records the result in one transaction.

LOINC codes charted (the vital signs profile's and the common laboratory codes): body
temperature 8310-5, heart rate 8867-4, blood pressure panel 85354-9 with systolic 8480-6 and
diastolic 8462-4 components (or those two alone), respiratory rate 9279-1, SpO2 59408-5 or
2708-6, inhaled oxygen flow 3151-8, neutrophils 751-8 (automated) and 753-3 (manual), platelets
777-3 or 26515-7, haemoglobin 718-7, lymphocytes 731-0, CRP 1988-5, ferritin 2276-4, fibrinogen
3255-7, IgG 2465-3, body weight 29463-7 or 3141-9. Drugs by RxNorm ingredient code (listed in
:data:`RXNORM`) or, failing that, by the coding's display or the text naming the drug.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationadministration import MedicationAdministration
from fhir.resources.R4B.observation import Observation as FhirObservation
from pydantic import ValidationError

from cartnav.clinical import ward as core
from cartnav.clinical.units import ClinicalInputError
from cartnav.ward.services import parse_value

LOINC = "http://loinc.org"
RXNORM_SYSTEM = "http://www.nlm.nih.gov/research/umls/rxnorm"
LOINC_CODES: dict[str, str] = {
    "8310-5": "temperature",
    "8867-4": "heart_rate",
    "8480-6": "systolic",
    "8462-4": "diastolic",
    "9279-1": "respiratory_rate",
    "59408-5": "spo2",
    "2708-6": "spo2",
    "3151-8": "oxygen_flow",
    "751-8": "anc",
    "753-3": "anc",
    "777-3": "platelets",
    "26515-7": "platelets",
    "718-7": "hemoglobin",
    "731-0": "lymphocytes",
    "1988-5": "crp",
    "2276-4": "ferritin",
    "3255-7": "fibrinogen",
    "2465-3": "igg",
    "29463-7": "weight",
    "3141-9": "weight",
}
BP_PANEL = "85354-9"
RXNORM: dict[str, str] = {
    "612865": "tocilizumab",
    "3264": "dexamethasone",
    "6902": "methylprednisolone",
    "5492": "hydrocortisone",
    "8640": "prednisone",
    "7512": "norepinephrine",
    "11149": "vasopressin",
    "114477": "levetiracetam",
    "68442": "g_csf",
    "72435": "anakinra",
    "1535218": "siltuximab",
}
#: FHIR R4 ObservationStatus (the model checks only that it is a code)
OBSERVATION_STATUS = (
    "registered",
    "preliminary",
    "final",
    "amended",
    "corrected",
    "cancelled",
    "entered-in-error",
    "unknown",
)
MAX_ENTRIES = 500
MAX_CSV_ROWS = 20_000
MAX_CSV_BYTES = 2 * 1024 * 1024


class ImportRefused(ClinicalInputError):
    """An import refused whole; ``field`` is where (``entry[3].valueQuantity``, ``row 12``)."""


@dataclass
class Incoming:
    """What an import brings: values grouped by the time they were taken, doses, and what was
    left out (with why)."""

    values: dict[dt.datetime, dict[str, object]] = field(default_factory=dict)
    doses: list[dict[str, Any]] = field(default_factory=list)
    unmapped: list[dict[str, str]] = field(default_factory=list)

    def add(self, where: str, at: dt.datetime, code: str, raw: object) -> None:
        try:
            parse_value(code, raw, where)
        except ClinicalInputError as exc:
            raise ImportRefused(exc.field, exc.message) from exc
        same = self.values.setdefault(at, {})
        if code in same and same[code] != raw:
            raise ImportRefused(where, f"a second, different {code} for the same time")
        same[code] = raw

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.values.values())


def _when(where: str, text: object) -> dt.datetime:
    if not isinstance(text, str):
        raise ImportRefused(where, "a date and time is required")
    try:
        at = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ImportRefused(where, f"{text[:40]!r} is not a date and time") from None
    if at.tzinfo is None:
        raise ImportRefused(where, "the time needs its UTC offset")
    return at


def _codes(concept: Any, system: str) -> list[str]:
    if not isinstance(concept, dict):
        return []
    return [
        str(c.get("code"))
        for c in concept.get("coding") or []
        if isinstance(c, dict) and c.get("system") == system
    ]


def _quantity(where: str, value: Any) -> dict[str, object]:
    if not isinstance(value, dict) or "value" not in value:
        raise ImportRefused(where, "a valueQuantity with a value and a UCUM code is required")
    return {"value": value.get("value"), "unit": value.get("code") or value.get("unit")}


def _observation(where: str, res: dict[str, Any], into: Incoming) -> None:
    effective = res.get("effectiveDateTime") or (res.get("effectivePeriod") or {}).get("start")
    at = _when(f"{where}.effectiveDateTime", effective)
    if res.get("status") not in OBSERVATION_STATUS:
        raise ImportRefused(f"{where}.status", f"accepted: {', '.join(OBSERVATION_STATUS)}")
    if res.get("status") in ("entered-in-error", "cancelled"):
        into.unmapped.append({"entry": where, "reason": f"status {res.get('status')}"})
        return
    codes = _codes(res.get("code"), LOINC)
    if BP_PANEL in codes or not any(c in LOINC_CODES for c in codes):
        components = res.get("component") or []
        found = False
        for i, comp in enumerate(components):
            for c in _codes(comp.get("code"), LOINC):
                if c in LOINC_CODES:
                    into.add(
                        f"{where}.component[{i}].valueQuantity",
                        at,
                        LOINC_CODES[c],
                        _quantity(
                            f"{where}.component[{i}].valueQuantity", comp.get("valueQuantity")
                        ),
                    )
                    found = True
        if not found:
            into.unmapped.append(
                {"entry": where, "reason": f"LOINC {', '.join(codes) or 'none'} is not charted"}
            )
        return
    code = LOINC_CODES[next(c for c in codes if c in LOINC_CODES)]
    into.add(
        f"{where}.valueQuantity",
        at,
        code,
        _quantity(f"{where}.valueQuantity", res.get("valueQuantity")),
    )


def _drug(res: dict[str, Any]) -> str | None:
    concept = res.get("medicationCodeableConcept")
    for code in _codes(concept, RXNORM_SYSTEM):
        if code in RXNORM:
            return RXNORM[code]
    words = " ".join(
        [str((concept or {}).get("text") or "")]
        + [
            str(c.get("display") or "")
            for c in (concept or {}).get("coding") or []
            if isinstance(c, dict)
        ]
    ).lower()
    for drug in core.DRUGS:
        if drug.replace("_", "-") in words or drug.replace("_", " ") in words:
            return drug
    return None


def _administration(where: str, res: dict[str, Any], into: Incoming) -> None:
    effective = res.get("effectiveDateTime") or (res.get("effectivePeriod") or {}).get("start")
    at = _when(f"{where}.effectiveDateTime", effective)
    if res.get("status") not in (None, "completed", "in-progress"):
        into.unmapped.append({"entry": where, "reason": f"status {res.get('status')}"})
        return
    drug = _drug(res)
    if drug is None:
        into.unmapped.append({"entry": where, "reason": "a drug cartnav does not chart"})
        return
    dose = ((res.get("dosage") or {}).get("dose")) or None
    mg: float | None = None
    if dose is not None:
        unit = dose.get("code") or dose.get("unit")
        value = dose.get("value")
        if unit not in ("mg", "g") or isinstance(value, bool) or not isinstance(value, int | float):
            raise ImportRefused(f"{where}.dosage.dose", "a dose in mg or g is required")
        mg = float(value) * (1000 if unit == "g" else 1)
    into.doses.append({"drug": drug, "given_at": at, "dose_mg": mg, "entry": where})


_READERS = {"Observation": _observation, "MedicationAdministration": _administration}
_MODELS = {"Observation": FhirObservation, "MedicationAdministration": MedicationAdministration}


def from_fhir(payload: object) -> Incoming:
    """Read one resource or a Bundle of them; refuse the whole on any invalid entry."""
    if not isinstance(payload, dict):
        raise ImportRefused("resourceType", "a FHIR resource (a JSON object) is required")
    kind = payload.get("resourceType")
    into = Incoming()
    if kind == "Bundle":
        try:
            Bundle.model_validate(payload)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ImportRefused(
                "Bundle." + ".".join(str(p) for p in first["loc"]), first["msg"]
            ) from None
        if payload.get("type") not in ("batch", "transaction", "collection"):
            raise ImportRefused("Bundle.type", "a batch, transaction or collection is required")
        entries = payload.get("entry") or []
        if len(entries) > MAX_ENTRIES:
            raise ImportRefused("Bundle.entry", f"at most {MAX_ENTRIES} entries in one bundle")
        for i, entry in enumerate(entries):
            res = entry.get("resource") if isinstance(entry, dict) else None
            _one(f"Bundle.entry[{i}].resource", res, into)
    else:
        _one(str(kind) if isinstance(kind, str) else "resourceType", payload, into)
    return into


def _one(where: str, res: object, into: Incoming) -> None:
    if not isinstance(res, dict):
        raise ImportRefused(where, "a resource is required")
    kind = res.get("resourceType")
    if kind not in _READERS:
        into.unmapped.append({"entry": where, "reason": f"{str(kind)[:40]} is not charted"})
        return
    try:
        _MODELS[kind].model_validate(res)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ImportRefused(
            f"{where}." + ".".join(str(p) for p in first["loc"]), first["msg"]
        ) from None
    _READERS[kind](where, res, into)


def from_monitor_csv(raw: bytes) -> Incoming:
    """A monitor export: a header ``time,code,value,unit`` and one value per row. ``code`` is a
    cartnav code or a LOINC code; ``unit`` a UCUM code (empty for counts and words)."""
    if len(raw) > MAX_CSV_BYTES:
        raise ImportRefused("file", f"at most {MAX_CSV_BYTES // (1024 * 1024)} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused("file", "the file is not UTF-8 text") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ImportRefused("file", f"not a CSV file ({exc})") from None
    header = [h.strip().lower() for h in (rows[0] if rows else [])]
    if header[:4] != ["time", "code", "value", "unit"]:
        raise ImportRefused("row 1", "the header must be time,code,value,unit")
    into = Incoming()
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if n - 1 > MAX_CSV_ROWS:
            raise ImportRefused("file", f"at most {MAX_CSV_ROWS} rows")
        if len(row) < 4:
            raise ImportRefused(f"row {n}", "four columns are required: time,code,value,unit")
        time, code, value, unit = (cell.strip() for cell in row[:4])
        at = _when(f"row {n}", time)
        code = LOINC_CODES.get(code, code)
        where = f"row {n}"
        raw_value: object
        if code in core.NUMERIC and code not in ("vasopressors", "ice_total", "capd_total"):
            try:
                number = float(value)
            except ValueError:
                raise ImportRefused(where, f"{value[:20]!r} is not a number") from None
            raw_value = {"value": number, "unit": unit}
        elif code in ("vasopressors", "ice_total", "capd_total"):
            try:
                raw_value = int(value)
            except ValueError:
                raise ImportRefused(where, f"{value[:20]!r} is not a whole number") from None
        elif code in core.FLAGS:
            raw_value = {"yes": True, "no": False, "true": True, "false": False}.get(
                value.lower(), value
            )
        else:
            raw_value = value
        try:
            into.add(where, at, code, raw_value)
        except ImportRefused as exc:
            raise ImportRefused(where, f"{code}: {exc.message}") from None
    if not into.values:
        raise ImportRefused("file", "no values in the file")
    return into

"""FHIR R4 (and mCODE) bundles in and out: validate, preview, map onto the screening profile.

Validation uses ``fhir.resources.R4B`` (the package's top level is R5). Every validation error is
listed with its path in the bundle (``Bundle.entry[3].resource.valueQuantity.value``), shaped like
an OperationOutcome issue. The one documented repair, offered only when asked (``repair_ids``),
replaces characters the FHIR id rule ``[A-Za-z0-9\\-.]{1,64}`` forbids with ``-`` and says so in
the preview's warnings — the MITRE mCODE bundles need it for their ``Bundle.id``.

Mapping (what becomes which profile fact; everything else is listed as unmapped with the reason):
Patient.birthDate → date_of_birth, gender → sex; Condition (ICD-10, ICD-O-3 or the SNOMED codes
below) → disease/icd10; Observation LOINC 89247-1 → ecog, 89243-0 → karnofsky, and the labs in
``LOINC_LABS`` (value and UCUM unit, checked against the lab); MedicationStatement /
MedicationAdministration / MedicationRequest → lines of therapy (one per medication, with its
period); Procedure with a haematopoietic stem-cell transplant code → transplant and its date.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from cartnav.core import safe_json
from cartnav.eligibility import profile as profile_limits
from cartnav.eligibility import vocab
from cartnav.eligibility.profile import PatientProfile, ProfileError
from cartnav.records.identity import CasePerson, Identity, patient_identity

#: The largest bundle accepted, and the most entries: a whole Synthea patient history is about
#: 1 MB and a few hundred entries. Past these a bundle is refused, before it is validated.
MAX_BUNDLE_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 5000
ID_RULE = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
LOINC = "http://loinc.org"
ICD10 = ("http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm")
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
SNOMED = "http://snomed.info/sct"
#: cartnav's own disease keys, used on export when the profile carries no ICD-10 code, so that
#: an exported and re-imported profile is the same profile (an ICD-10 coding goes beside it).
CARTNAV_DISEASE = "urn:cartnav:disease"
#: SNOMED CT concepts for the diseases cartnav screens (a starting set; others stay unmapped).
SNOMED_DISEASES = {
    "91861009": "AML",
    "109989006": "MM",
    "91857003": "B-ALL",
    "1255203004": "DLBCL",
    "413537009": "DLBCL",
    "55921005": "FL",
    "443487006": "MCL",
    "92814006": "CLL",
    "118599009": "HL",
    "254837009": "BREAST",
    "408643008": "BREAST",
    "363346000": "SOLID",
    "372244006": "SOLID",
}
#: LOINC → (profile lab, accepted UCUM units as written by senders → profile unit)
LOINC_LABS = {
    "2160-0": ("creatinine", {"mg/dL": "mg/dL", "umol/L": "umol/L"}),
    "38483-4": ("creatinine", {"mg/dL": "mg/dL", "umol/L": "umol/L"}),
    "1975-2": ("bilirubin", {"mg/dL": "mg/dL", "umol/L": "umol/L"}),
    "751-8": ("anc", {"10*3/uL": "10*3/uL", "10*9/L": "10*9/L", "/uL": "/uL"}),
    "777-3": ("platelets", {"10*3/uL": "10*3/uL", "10*9/L": "10*9/L", "/uL": "/uL"}),
    "26515-7": ("platelets", {"10*3/uL": "10*3/uL", "10*9/L": "10*9/L", "/uL": "/uL"}),
    "718-7": ("hemoglobin", {"g/dL": "g/dL", "g/L": "g/L"}),
    "1742-6": ("alt", {"U/L": "U/L"}),
    "1920-8": ("ast", {"U/L": "U/L"}),
    "10230-1": ("lvef", {"%": "%"}),
    "59408-5": ("spo2", {"%": "%"}),
    "2708-6": ("spo2", {"%": "%"}),
}
#: The LOINC answer lists of the performance scores, read from the answer codes themselves
#: (ECOG: LL529-9; Karnofsky: LL4986-7) — an answer code's last digit is a check digit, not
#: the score. Confirmed against the mCODE bundles in ../shared/data/fhir, which carry both the
#: code and the score.
PERFORMANCE_ANSWERS: dict[str, dict[str, int]] = {
    "ecog": {
        "LA9622-7": 0,
        "LA9623-5": 1,
        "LA9624-3": 2,
        "LA9625-0": 3,
        "LA9626-8": 4,
        "LA9627-6": 5,
    },
    "karnofsky": {
        "LA29175-9": 100,
        "LA29176-7": 90,
        "LA29177-5": 80,
        "LA29178-3": 70,
        "LA29179-1": 60,
        "LA29180-9": 50,
        "LA29181-7": 40,
        "LA29182-5": 30,
        "LA29183-3": 20,
        "LA29184-1": 10,
        "LA9627-6": 0,
    },
}
TRANSPLANT = {
    "234336002": "allogeneic",
    "58776007": "autologous",
    "425983008": "allogeneic",
    "709115004": "autologous",
}


@dataclass
class Preview:
    profile: dict[str, Any]
    added: dict[str, int]
    unmapped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    identity: Identity | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "added": self.added,
            "unmapped": self.unmapped,
            "warnings": self.warnings,
            "patient": self.identity.to_dict() if self.identity else None,
        }


class BundleError(ValueError):
    """The bundle cannot be imported; ``issues`` lists every problem with its path."""

    def __init__(self, issues: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{i['path']}: {i['message']}" for i in issues[:5]))
        self.issues = issues

    def operation_outcome(self) -> dict[str, Any]:
        return {
            "resourceType": "OperationOutcome",
            "issue": [
                {
                    "severity": "error",
                    "code": i.get("code", "invalid"),
                    "diagnostics": i["message"],
                    "expression": [i["path"]],
                }
                for i in self.issues
            ],
        }


def _path(loc: tuple[Any, ...]) -> str:
    out = "Bundle"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _issue(path: str, message: str, code: str = "invalid") -> dict[str, str]:
    return {"severity": "error", "code": code, "path": path, "message": message}


def parse(
    raw: bytes | str | dict[str, Any], *, repair_ids: bool = False
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The validated bundle as JSON and the repair warnings, or BundleError with every issue."""
    if isinstance(raw, bytes | str):
        try:
            data = safe_json.loads(raw, max_bytes=MAX_BUNDLE_BYTES)
        except safe_json.JSONRefused as exc:
            raise BundleError([_issue("$", str(exc), "structure")]) from exc
    else:
        found = safe_json.problem(raw)  # a document the API parser did not read
        if found:
            raise BundleError([_issue("$", found, "structure")])
        data = copy.deepcopy(raw)
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise BundleError(
            [_issue("$", "not a FHIR Bundle (resourceType must be 'Bundle')", "structure")]
        )
    if isinstance(data.get("entry"), list) and len(data["entry"]) > MAX_ENTRIES:
        raise BundleError(
            [
                _issue(
                    "Bundle.entry",
                    f"{len(data['entry'])} entries; cartnav imports at most {MAX_ENTRIES} at once "
                    "— split the bundle",
                    "too-costly",
                )
            ]
        )
    if data.get("type") not in ("transaction", "collection", "batch"):
        raise BundleError(
            [
                _issue(
                    "Bundle.type",
                    f"{data.get('type')!r}: cartnav imports transaction, collection or batch bundles",
                    "not-supported",
                )
            ]
        )
    warnings = _repair(data) if repair_ids else []
    _check_resource_types(data)
    try:
        Bundle.model_validate(data)
    except (KeyError, TypeError, AttributeError) as exc:
        # fhir.resources looks resource classes up by name and fails this way on names it does
        # not know, before its own validation can say so.
        raise BundleError(
            [_issue("Bundle", f"not a valid FHIR R4 bundle ({type(exc).__name__})", "structure")]
        ) from exc
    except ValidationError as exc:
        issues = [
            _issue(
                _path(err["loc"]),
                err["msg"]
                + (
                    " — the FHIR id rule is [A-Za-z0-9-.]{1,64}; import with the id repair to replace the other characters"
                    if err["loc"][-1] == "id"
                    else ""
                ),
            )
            for err in exc.errors()
        ]
        raise BundleError(issues) from exc
    return data, warnings


@lru_cache(maxsize=512)
def is_resource_type(name: str) -> bool:
    """Whether ``name`` is a FHIR R4 resource type (``Patient``), not a data type or nonsense."""
    if not re.fullmatch(r"[A-Z][A-Za-z]{1,60}", name):
        return False
    try:
        model = get_fhir_model_class(name)
    except (ValueError, KeyError, AttributeError, TypeError):
        return False
    return issubclass(model, Resource)


def _check_resource_types(data: dict[str, Any]) -> None:
    """Every entry's resource names a FHIR R4 resource type (``Patient``, ``Observation`` …)."""
    issues = []
    entries = data.get("entry")
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            continue
        kind = resource.get("resourceType")
        if not isinstance(kind, str) or not is_resource_type(kind):
            issues.append(
                _issue(
                    f"Bundle.entry[{i}].resource.resourceType",
                    f"{str(kind)[:40]!r} is not a FHIR R4 resource type",
                    "structure",
                )
            )
    if issues:
        raise BundleError(issues)


def _repair(data: dict[str, Any]) -> list[dict[str, str]]:
    warnings = []

    def fix(obj: dict[str, Any], path: str) -> None:
        value = obj.get("id")
        if isinstance(value, str) and not ID_RULE.match(value):
            obj["id"] = re.sub(r"[^A-Za-z0-9\-.]", "-", value)[:64]
            warnings.append(
                {
                    "severity": "warning",
                    "code": "value",
                    "path": f"{path}.id",
                    "message": f"id {value!r} broke the FHIR id rule; imported as {obj['id']!r}",
                }
            )

    fix(data, "Bundle")
    for i, entry in enumerate(data.get("entry") or []):
        if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
            fix(entry["resource"], f"Bundle.entry[{i}].resource")
    return warnings


def _codings(concept: Any) -> list[dict[str, Any]]:
    return [c for c in (concept or {}).get("coding", []) if isinstance(c, dict)]


def _date(value: Any) -> str | None:
    return str(value)[:10] if value else None


def preview(raw: bytes | str | dict[str, Any], *, repair_ids: bool = False) -> Preview:
    data, warnings = parse(raw, repair_ids=repair_ids)
    profile: dict[str, Any] = {}
    added = {
        "patient": 0,
        "diagnoses": 0,
        "performance": 0,
        "labs": 0,
        "lines": 0,
        "medications": 0,
        "reports": 0,
        "transplants": 0,
    }
    unmapped: list[dict[str, str]] = []
    lines: list[dict[str, Any]] = []
    identity: Identity | None = None
    for i, entry in enumerate(data.get("entry") or []):
        res = entry.get("resource") or {}
        kind, path = res.get("resourceType", "?"), f"Bundle.entry[{i}].resource"
        reason = _map(kind, res, profile, lines, added, path)
        if kind == "Patient":
            identity = patient_identity(res)
        if reason:
            unmapped.append({"path": path, "resourceType": kind, "reason": reason})
    if lines:
        profile["lines"] = sorted(lines, key=lambda x: x.get("start") or "")
    warnings += _keep_newest(profile)
    try:
        PatientProfile.from_dict(profile)
    except ProfileError as exc:
        raise BundleError([_issue(f"profile.{exc.field}", exc.message, "value")]) from exc
    return Preview(profile, added, unmapped, warnings, identity)


#: What one profile may hold of each history, and the words for what was left out.
_BOUNDS = (
    ("lines", profile_limits.MAX_LINES, "lines of therapy"),
    ("reports", profile_limits.MAX_REPORTS, "reports"),
    ("current_medications", profile_limits.MAX_MEDICATIONS, "current medications"),
)


def _keep_newest(profile: dict[str, Any]) -> list[dict[str, str]]:
    """A bundle adds at most what a profile may hold: the newest entries of each history, with
    a warning naming how many older ones were left out (never silently)."""
    warnings = []
    for key, limit, words in _BOUNDS:
        entries = profile.get(key) or []
        if len(entries) > limit:
            if key == "reports":
                entries = sorted(entries, key=lambda r: r.get("date") or "")
            profile[key] = entries[-limit:]
            warnings.append(
                {
                    "severity": "warning",
                    "code": "too-costly",
                    "path": "Bundle.entry",
                    "message": f"{len(entries) - limit} older {words} were left out: a profile "
                    f"keeps the newest {limit}",
                }
            )
    return warnings


def _map(
    kind: str,
    res: dict[str, Any],
    profile: dict[str, Any],
    lines: list[dict[str, Any]],
    added: dict[str, int],
    path: str,
) -> str:
    """Map one resource into the profile; return why not, or "" when mapped."""
    if kind == "Patient":
        if added["patient"]:
            raise BundleError(
                [
                    _issue(
                        path, "a second Patient: a bundle must be about one person", "business-rule"
                    )
                ]
            )
        if res.get("birthDate"):
            profile["date_of_birth"] = _date(res["birthDate"])
        if res.get("gender") in ("female", "male"):
            profile["sex"] = res["gender"]
        added["patient"] += 1
        return ""
    if kind == "Condition":
        return _condition(res, profile, added)
    if kind == "Observation":
        return _observation(res, profile, added, path)
    if kind in ("MedicationStatement", "MedicationAdministration", "MedicationRequest"):
        name = next(
            (
                c.get("display") or c.get("code")
                for c in _codings(res.get("medicationCodeableConcept"))
            ),
            None,
        )
        if not name:
            return "no coded medication"
        if res.get("status") == "active":  # taken now: a current medication, not a past line
            current = profile.setdefault("current_medications", [])
            if str(name)[:100] not in current:
                current.append(str(name)[:100])
            added["medications"] += 1
            return ""
        period = res.get("effectivePeriod") or {}
        start = _date(period.get("start") or res.get("effectiveDateTime") or res.get("authoredOn"))
        lines.append({"regimen": str(name)[:100], "start": start, "end": _date(period.get("end"))})
        added["lines"] += 1
        return ""
    if kind == "Procedure":
        for c in _codings(res.get("code")):
            if c.get("system") == SNOMED and c.get("code") in TRANSPLANT:
                profile["transplant"] = TRANSPLANT[c["code"]]
                profile["transplant_date"] = _date(
                    res.get("performedDateTime") or (res.get("performedPeriod") or {}).get("start")
                )
                added["transplants"] += 1
                return ""
        return "procedure other than a stem-cell transplant (surgery, radiotherapy and others are not screening facts yet)"
    if kind == "DiagnosticReport":
        return _report(res, profile, added)
    return f"{kind}: not used for screening"


def _report(res: dict[str, Any], profile: dict[str, Any], added: dict[str, int]) -> str:
    categories = {str(c.get("code")) for cat in res.get("category") or [] for c in _codings(cat)}
    if categories & {"RAD", "LP29684-5", "18748-4"}:
        kind = "imaging"
    elif categories & {"PAT", "SP", "LP7839-6"}:
        kind = "pathology"
    else:
        return "DiagnosticReport that is neither imaging nor pathology (lab panels come from their Observations)"
    conclusion = (
        res.get("conclusion")
        or next((c.get("display") for c in _codings(res.get("code"))), "")
        or ""
    )
    date = _date(res.get("effectiveDateTime") or res.get("issued"))
    profile.setdefault("reports", []).append(
        {"kind": kind, "date": date, "conclusion": str(conclusion)[:2000]}
    )
    added["reports"] += 1
    return ""


def _condition(res: dict[str, Any], profile: dict[str, Any], added: dict[str, int]) -> str:
    for c in _codings(res.get("code")):
        system, code = c.get("system"), str(c.get("code") or "")
        try:
            if system in ICD10:
                disease = vocab.disease_from_code(icd10=code)
                profile.setdefault("icd10", code)
            elif system == ICDO3:
                disease = vocab.disease_from_code(icdo3=code)
            elif system == SNOMED and code in SNOMED_DISEASES:
                disease = SNOMED_DISEASES[code]
            elif system == CARTNAV_DISEASE and code in vocab.BY_KEY:
                disease = code
            else:
                continue
        except vocab.UnknownCode:
            continue
        if "disease" not in profile:
            profile["disease"] = disease
            added["diagnoses"] += 1
            return ""
        return "a further diagnosis (the first primary cancer is kept)"
    return "diagnosis code not recognised (ICD-10, ICD-O-3 or a known SNOMED CT concept is needed)"


def _observation(
    res: dict[str, Any], profile: dict[str, Any], added: dict[str, int], path: str
) -> str:
    codes = [c.get("code") for c in _codings(res.get("code")) if c.get("system") == LOINC]
    if "89247-1" in codes or "89243-0" in codes:
        key = "ecog" if "89247-1" in codes else "karnofsky"
        value = res.get("valueInteger")
        if value is None:
            answers = [
                str(c.get("code"))
                for c in _codings(res.get("valueCodeableConcept"))
                if c.get("system") in (LOINC, None)
            ]
            if not answers:
                return "performance status without a value"
            known = [PERFORMANCE_ANSWERS[key][a] for a in answers if a in PERFORMANCE_ANSWERS[key]]
            if not known:
                raise BundleError(
                    [
                        _issue(
                            f"{path}.valueCodeableConcept",
                            f"{', '.join(answers)} is not a LOINC answer for {key.upper()} "
                            f"(accepted: {', '.join(PERFORMANCE_ANSWERS[key])})",
                            "code-invalid",
                        )
                    ]
                )
            value = known[0]
        if isinstance(value, bool) or not isinstance(value, int):
            raise BundleError(
                [_issue(f"{path}.valueInteger", f"{value!r} is not a whole number", "value")]
            )
        profile[key] = value
        added["performance"] += 1
        return ""
    for code in codes:
        if code in LOINC_LABS:
            lab, units = LOINC_LABS[code]
            quantity = res.get("valueQuantity") or {}
            unit = quantity.get("code") or quantity.get("unit")
            if unit not in units:
                return f"{lab} (LOINC {code}) in unit {unit!r}, which does not fit; accepted: {', '.join(units)}"
            entry = {
                "value": quantity.get("value"),
                "unit": units[unit],
                "date": _date(res.get("effectiveDateTime")),
            }
            if entry["date"] is None:
                entry.pop("date")
            try:
                PatientProfile.from_dict({"labs": {lab: entry}})
            except ProfileError as exc:
                return f"{lab} (LOINC {code}) refused: {exc.message}"
            current = (profile.get("labs") or {}).get(lab)
            if current and (current.get("date") or "") >= (entry.get("date") or ""):
                return f"an older {lab} value (the newest is kept)"
            profile.setdefault("labs", {})[lab] = entry
            added["labs"] += 1
            return ""
    return (
        "observation not used for screening (LOINC "
        + (", ".join(str(c) for c in codes) or "none")
        + ")"
    )


def export_bundle(
    profile: dict[str, Any], patient_id: str = "patient", person: CasePerson | None = None
) -> dict[str, Any]:
    """A collection Bundle carrying the profile's facts; importing it gives the profile back.

    With ``person`` (the case's patient), the Patient carries their names and birth date, so the
    bundle says whom it is about and re-imports into the same case without a question. The
    passport number is never exported.
    """
    pid = re.sub(r"[^A-Za-z0-9\-.]", "-", patient_id)[:64]
    ref = {"reference": f"Patient/{pid}"}
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": pid,
        "meta": {
            "profile": ["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-patient"]
        },
    }
    if person is not None:
        patient["name"] = [{"family": person.family_name, "given": person.given_name.split()}]
        if person.native_name:
            patient["name"].append({"text": person.native_name})
    if profile.get("date_of_birth"):
        patient["birthDate"] = profile["date_of_birth"]
    elif person is not None and person.date_of_birth:
        patient["birthDate"] = person.date_of_birth.isoformat()
    if profile.get("sex"):
        patient["gender"] = profile["sex"]
    entries: list[dict[str, Any]] = [patient]
    if profile.get("disease"):
        if profile.get("icd10"):
            codings = [{"system": ICD10[0], "code": profile["icd10"]}]
        else:
            codings = [
                {
                    "system": CARTNAV_DISEASE,
                    "code": profile["disease"],
                    "display": vocab.BY_KEY[profile["disease"]].name,
                }
            ]
            codings += [
                {"system": ICD10[0], "code": c} for c in vocab.BY_KEY[profile["disease"]].icd10[:1]
            ]
        entries.append(
            {
                "resourceType": "Condition",
                "subject": ref,
                "code": {"coding": codings},
                "meta": {
                    "profile": [
                        "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition"
                    ]
                },
            }
        )
    for key, loinc in (("ecog", "89247-1"), ("karnofsky", "89243-0")):
        if profile.get(key) is not None:
            entries.append(
                {
                    "resourceType": "Observation",
                    "status": "final",
                    "subject": ref,
                    "code": {"coding": [{"system": LOINC, "code": loinc}]},
                    "valueInteger": profile[key],
                }
            )
    first_loinc = {}
    for code, (lab, _units) in LOINC_LABS.items():
        first_loinc.setdefault(lab, code)
    for lab, value in (profile.get("labs") or {}).items():
        obs: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "subject": ref,
            "code": {"coding": [{"system": LOINC, "code": first_loinc[lab]}]},
            "valueQuantity": {
                "value": value["value"],
                "unit": value["unit"],
                "system": "http://unitsofmeasure.org",
                "code": value["unit"],
            },
        }
        if value.get("date"):
            obs["effectiveDateTime"] = value["date"]
        entries.append(obs)
    for line in profile.get("lines") or []:
        med: dict[str, Any] = {
            "resourceType": "MedicationStatement",
            "status": "completed",
            "subject": ref,
            "medicationCodeableConcept": {
                "coding": [{"display": line["regimen"]}],
                "text": line["regimen"],
            },
        }
        period = {k: line[k] for k in ("start", "end") if line.get(k)}
        if period:
            med["effectivePeriod"] = period
        entries.append(med)
    for name in profile.get("current_medications") or []:
        entries.append(
            {
                "resourceType": "MedicationStatement",
                "status": "active",
                "subject": ref,
                "medicationCodeableConcept": {"coding": [{"display": name}], "text": name},
            }
        )
    for report in profile.get("reports") or []:
        category = {"imaging": "RAD", "pathology": "PAT"}.get(report["kind"], "OTH")
        rep: dict[str, Any] = {
            "resourceType": "DiagnosticReport",
            "status": "final",
            "subject": ref,
            "category": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v2-0074",
                            "code": category,
                        }
                    ]
                }
            ],
            "code": {"text": report["kind"]},
            "conclusion": report.get("conclusion") or "",
        }
        if report.get("date"):
            rep["effectiveDateTime"] = report["date"]
        entries.append(rep)
    if profile.get("transplant") in ("autologous", "allogeneic"):
        code = "58776007" if profile["transplant"] == "autologous" else "234336002"
        proc: dict[str, Any] = {
            "resourceType": "Procedure",
            "status": "completed",
            "subject": ref,
            "code": {"coding": [{"system": SNOMED, "code": code}]},
        }
        if profile.get("transplant_date"):
            proc["performedDateTime"] = profile["transplant_date"]
        entries.append(proc)
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in entries],
    }
    Bundle.model_validate(bundle)
    return bundle

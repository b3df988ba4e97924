"""The patient profile: the facts screening needs, validated, with units made explicit.

A fact that is absent or ``null`` is *unknown*, and screening answers "unknown" for every
criterion that needs it (never a silent default). See ``PROFILE_JSON_SCHEMA`` and the README.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from cartnav.eligibility import vocab
from cartnav.eligibility.units import CANONICAL, LIMITS, LabUnitError, to_canonical

RESPONSES = ("sCR", "CR", "VGPR", "PR", "MR", "SD", "PD")
DRUG_CLASSES = (
    "anti-CD20",
    "anthracycline",
    "alkylator",
    "PI",
    "IMiD",
    "anti-CD38",
    "BTKi",
    "BCL2i",
    "bispecific",
    "ADC",
    "checkpoint",
    "CAR-T",
    "other",
)


#: How much one profile may hold. A real patient has a handful of lines of therapy and reports;
#: these bounds stop a hostile or runaway import (a 10,000-entry FHIR bundle) from making every
#: later page and PDF of the case slow. ``MAX_TEXT`` bounds every short text fact.
MAX_AGE_YEARS = 120  # no living patient is older (the patient record's birth date, too)
MAX_LINES = 50
MAX_REPORTS = 100
MAX_MEDICATIONS = 200
MAX_LIST = 50  # cities, languages, prior CAR-T targets
MAX_TEXT = 200
MAX_CONCLUSION = 2000


class ProfileError(ValueError):
    """Bad profile input; ``field`` is the dotted path of the offending fact."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Line:
    regimen: str
    drug_classes: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    best_response: str | None = None


@dataclass(frozen=True)
class Report:
    """A report in words (imaging, pathology …): kept for review, not used by screening rules."""

    kind: str
    date: dt.date | None = None
    conclusion: str = ""


REPORT_KINDS = ("imaging", "pathology", "other")


@dataclass(frozen=True)
class Lab:
    value: float  # in the canonical unit of units.CANONICAL
    unit: str
    date: dt.date | None = None


@dataclass(frozen=True)
class PatientProfile:
    age_years: float | None = None
    sex: str | None = None
    disease: str | None = None
    icd10: str | None = None
    icdo3: str | None = None
    subtype: str | None = None
    stage: str | None = None
    antigens: dict[str, bool] = field(default_factory=dict)
    lines: tuple[Line, ...] | None = None
    refractory: bool | None = None
    relapsed: bool | None = None
    prior_car_t: bool | None = None
    prior_car_t_targets: tuple[str, ...] = ()
    transplant: str | None = None  # "none" | "autologous" | "allogeneic"
    transplant_date: dt.date | None = None
    ecog: int | None = None
    karnofsky: int | None = None
    labs: dict[str, Lab] = field(default_factory=dict)
    cns_involvement: bool | None = None
    active_infection: bool | None = None
    hiv: bool | None = None
    hbv: bool | None = None
    hcv: bool | None = None
    pregnant: bool | None = None
    life_expectancy_months: float | None = None
    current_medications: tuple[str, ...] | None = None
    reports: tuple[Report, ...] = ()
    cities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @property
    def prior_lines(self) -> int | None:
        return None if self.lines is None else len(self.lines)

    @property
    def drug_classes(self) -> set[str] | None:
        if self.lines is None:
            return None
        return {c for line in self.lines for c in line.drug_classes}

    def lab(self, name: str) -> float | None:
        lab = self.labs.get(name)
        return None if lab is None else lab.value

    @classmethod
    def from_dict(cls, data: Any) -> PatientProfile:
        return _parse(data)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["lines"] = None if self.lines is None else [_line_dict(x) for x in self.lines]
        out["labs"] = {
            k: {"value": v.value, "unit": v.unit, "date": _iso(v.date)}
            for k, v in self.labs.items()
        }
        out["transplant_date"] = _iso(self.transplant_date)
        out["reports"] = [
            {"kind": r.kind, "date": _iso(r.date), "conclusion": r.conclusion} for r in self.reports
        ]
        out["current_medications"] = (
            None if self.current_medications is None else list(self.current_medications)
        )
        for key in ("prior_car_t_targets", "cities", "languages"):
            out[key] = list(out[key])
        return out


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _line_dict(line: Line) -> dict[str, Any]:
    return {
        "regimen": line.regimen,
        "drug_classes": list(line.drug_classes),
        "start": _iso(line.start),
        "end": _iso(line.end),
        "best_response": line.best_response,
    }


def _date(path: str, value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ProfileError(path, f"{_show(value)} is not a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ProfileError(path, f"{_show(value)} is not a date (YYYY-MM-DD)") from exc


def _number(path: str, value: Any, low: float, high: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise ProfileError(path, f"{_show(value)} is not a number")
    if not low <= value <= high:
        raise ProfileError(
            path, f"{value} is outside {low}–{high}, which no living patient can have"
        )
    return float(value)


def _whole(path: str, value: Any, low: int, high: int) -> int | None:
    """A whole number: ECOG 1.5 is not a performance status, and is refused, not rounded."""
    number = _number(path, value, low, high)
    if number is None:
        return None
    if number != int(number):
        raise ProfileError(path, f"{value} is not a whole number")
    return int(number)


def _show(value: Any) -> str:
    """A value in a message, cut short: an error must not echo a megabyte back."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _text(path: str, value: Any, limit: int = MAX_TEXT) -> str | None:
    """A short text fact: a string (or null), at most ``limit`` characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ProfileError(path, f"{_show(value)} must be text (a JSON string) or null")
    if len(value) > limit:
        raise ProfileError(path, f"is longer than {limit} characters")
    return value


def _texts(path: str, value: Any, limit: int = MAX_LIST) -> tuple[str, ...]:
    """A list of short texts; ``"Shanghai"`` is not a list of cities, and is refused rather than
    read as its letters."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ProfileError(path, f'{_show(value)} must be a list of texts, e.g. ["a", "b"]')
    if len(value) > limit:
        raise ProfileError(path, f"has {len(value)} items; at most {limit}")
    return tuple(_text(f"{path}[{i}]", v) or "" for i, v in enumerate(value))


def _bool(path: str, value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ProfileError(path, f"{value!r} must be true, false or null (unknown)")


def _choice(path: str, value: Any, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        raise ProfileError(path, f"{_show(value)} is not one of {', '.join(allowed)}")
    return str(value)


def _lines(data: Any) -> tuple[Line, ...] | None:
    if data is None:
        return None
    if not isinstance(data, list):
        raise ProfileError("lines", "must be a list of prior lines of therapy (or null if unknown)")
    if len(data) > MAX_LINES:
        raise ProfileError("lines", f"has {len(data)} lines of therapy; at most {MAX_LINES}")
    lines = []
    for i, item in enumerate(data):
        path = f"lines[{i}]"
        if not isinstance(item, dict):
            raise ProfileError(
                path, "must be an object {regimen, drug_classes, start, end, best_response}"
            )
        regimen = _text(f"{path}.regimen", item.get("regimen"))
        if not regimen or not regimen.strip():
            raise ProfileError(f"{path}.regimen", "each line needs its regimen")
        unknown = set(item) - {"regimen", "drug_classes", "start", "end", "best_response"}
        if unknown:
            raise ProfileError(
                f"{path}.{sorted(unknown)[0]}", "is not a field of a line of therapy"
            )
        classes = _texts(f"{path}.drug_classes", item.get("drug_classes"))
        for c in classes:
            _choice(f"{path}.drug_classes", c, DRUG_CLASSES)
        start, end = (
            _date(f"{path}.start", item.get("start")),
            _date(f"{path}.end", item.get("end")),
        )
        if start and end and end < start:
            raise ProfileError(f"{path}.end", f"the line ends ({end}) before it starts ({start})")
        lines.append(
            Line(
                regimen,
                classes,
                start,
                end,
                _choice(f"{path}.best_response", item.get("best_response"), RESPONSES),
            )
        )
    return tuple(lines)


def _labs(data: Any) -> dict[str, Lab]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProfileError("labs", "must be an object of lab name → {value, unit, date}")
    labs = {}
    for name, item in data.items():
        path = f"labs.{name}"
        if name not in CANONICAL:
            raise ProfileError(path, f"unknown lab; known: {', '.join(CANONICAL)}")
        if not isinstance(item, dict) or "value" not in item or "unit" not in item:
            raise ProfileError(
                path, 'needs a value and a unit, e.g. {"value": 1.0, "unit": "mg/dL"}'
            )
        unknown = set(item) - {"value", "unit", "uln", "date"}
        if unknown:
            raise ProfileError(f"{path}.{sorted(unknown)[0]}", "is not a field of a lab value")
        value = _number(f"{path}.value", item["value"], 0, 1e7)
        if value is None:
            raise ProfileError(f"{path}.value", "needs a number (leave the lab out if unknown)")
        unit = _text(f"{path}.unit", item["unit"], 40) or ""
        uln = _number(f"{path}.uln", item.get("uln"), 0, 1e7)
        try:
            canonical = to_canonical(name, value, unit, uln)
        except LabUnitError as exc:
            raise ProfileError(f"{path}.unit", f"{exc} — check the unit") from exc
        low, high = LIMITS[name]
        if not low <= canonical <= high:
            raise ProfileError(
                path,
                f"{item['value']} {item['unit']} is outside what a living patient can have — check the unit",
            )
        labs[name] = Lab(canonical, CANONICAL[name][0], _date(f"{path}.date", item.get("date")))
    return labs


_KNOWN = set(PatientProfile.__dataclass_fields__) - {"antigens", "lines", "labs"} | {
    "reports",
    "antigens",
    "lines",
    "labs",
    "date_of_birth",
    "as_of",
    "diagnosis",
}


def _parse(data: Any) -> PatientProfile:
    if not isinstance(data, dict):
        raise ProfileError("profile", "must be a JSON object")
    unknown = set(data) - _KNOWN
    if unknown:
        name = sorted(unknown)[0]
        raise ProfileError(name or '""', "is not a profile field (see the profile schema)")
    disease = _text("disease", data.get("disease"))
    icd10, icdo3 = _text("icd10", data.get("icd10"), 20), _text("icdo3", data.get("icdo3"), 20)
    _text("diagnosis", data.get("diagnosis"))
    if disease is not None and disease not in vocab.BY_KEY:
        raise ProfileError(
            "disease", f"unknown disease key {disease!r}; known: {', '.join(vocab.BY_KEY)}"
        )
    if disease is None and (icd10 or icdo3):
        try:
            disease = vocab.disease_from_code(icd10, icdo3)
        except vocab.UnknownCode as exc:
            raise ProfileError("icd10" if icd10 else "icdo3", str(exc)) from exc
    antigens = data.get("antigens")
    antigens = {} if antigens is None else antigens
    if not isinstance(antigens, dict) or any(a not in vocab.ANTIGENS for a in antigens):
        raise ProfileError(
            "antigens", f"must map known antigens ({', '.join(vocab.ANTIGENS)}) to true/false"
        )
    age = _number("age_years", data.get("age_years"), 0, MAX_AGE_YEARS)
    born = _date("date_of_birth", data.get("date_of_birth"))
    today = _date("as_of", data.get("as_of")) or dt.date.today()
    if born and born > today:
        raise ProfileError("date_of_birth", "is in the future")
    if born:
        years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if years > MAX_AGE_YEARS:
            raise ProfileError(
                "date_of_birth", f"{born} makes the patient {years}, which no living patient is"
            )
        if age is None:
            age = float(years)
    ecog = _whole("ecog", data.get("ecog"), 0, 5)
    kps = _whole("karnofsky", data.get("karnofsky"), 0, 100)
    return PatientProfile(
        age_years=age,
        sex=_choice("sex", data.get("sex"), ("female", "male")),
        disease=disease,
        icd10=icd10,
        icdo3=icdo3,
        subtype=_text("subtype", data.get("subtype")),
        stage=_text("stage", data.get("stage")),
        antigens={a: bool(_bool(f"antigens.{a}", v)) for a, v in antigens.items() if v is not None},
        lines=_lines(data.get("lines")),
        refractory=_bool("refractory", data.get("refractory")),
        relapsed=_bool("relapsed", data.get("relapsed")),
        prior_car_t=_bool("prior_car_t", data.get("prior_car_t")),
        prior_car_t_targets=_texts("prior_car_t_targets", data.get("prior_car_t_targets")),
        transplant=_choice(
            "transplant", data.get("transplant"), ("none", "autologous", "allogeneic")
        ),
        transplant_date=_date("transplant_date", data.get("transplant_date")),
        ecog=ecog,
        karnofsky=kps,
        labs=_labs(data.get("labs")),
        cns_involvement=_bool("cns_involvement", data.get("cns_involvement")),
        active_infection=_bool("active_infection", data.get("active_infection")),
        hiv=_bool("hiv", data.get("hiv")),
        hbv=_bool("hbv", data.get("hbv")),
        hcv=_bool("hcv", data.get("hcv")),
        pregnant=_bool("pregnant", data.get("pregnant")),
        life_expectancy_months=_number(
            "life_expectancy_months", data.get("life_expectancy_months"), 0, 1200
        ),
        current_medications=_medications(data.get("current_medications")),
        reports=_reports(data.get("reports")),
        cities=_texts("cities", data.get("cities")),
        languages=_texts("languages", data.get("languages")),
    )


def _medications(data: Any) -> tuple[str, ...] | None:
    if data is None:
        return None
    if not isinstance(data, list) or not all(isinstance(x, str) and x.strip() for x in data):
        raise ProfileError("current_medications", "must be a list of medication names ([] = none)")
    if len(data) > MAX_MEDICATIONS:
        raise ProfileError(
            "current_medications", f"has {len(data)} medications; at most {MAX_MEDICATIONS}"
        )
    return tuple((_text(f"current_medications[{i}]", x) or "").strip() for i, x in enumerate(data))


def _reports(data: Any) -> tuple[Report, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ProfileError("reports", "must be a list of {kind, date, conclusion}")
    if len(data) > MAX_REPORTS:
        raise ProfileError("reports", f"has {len(data)} reports; at most {MAX_REPORTS}")
    out = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise ProfileError(f"reports[{i}]", "must be {kind, date, conclusion}")
        kind = _choice(f"reports[{i}].kind", item.get("kind"), REPORT_KINDS) or "other"
        conclusion = _text(f"reports[{i}].conclusion", item.get("conclusion"), MAX_CONCLUSION)
        out.append(Report(kind, _date(f"reports[{i}].date", item.get("date")), conclusion or ""))
    return tuple(out)


PROFILE_JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "cartnav patient profile for screening",
    "description": "Every field may be absent or null, meaning unknown.",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "age_years": {"type": ["number", "null"], "minimum": 0, "maximum": MAX_AGE_YEARS},
        "date_of_birth": {"type": ["string", "null"], "format": "date"},
        "as_of": {"type": ["string", "null"], "format": "date"},
        "sex": {"enum": ["female", "male", None]},
        "disease": {"enum": [d.key for d in vocab.DISEASES] + [None]},
        "icd10": {"type": ["string", "null"]},
        "icdo3": {"type": ["string", "null"]},
        "diagnosis": {
            "type": ["string", "null"],
            "maxLength": MAX_TEXT,
            "description": "free-text summary",
        },
        "subtype": {"type": ["string", "null"], "maxLength": MAX_TEXT},
        "stage": {"type": ["string", "null"], "maxLength": MAX_TEXT},
        "antigens": {"type": "object", "additionalProperties": {"type": ["boolean", "null"]}},
        "lines": {
            "type": ["array", "null"],
            "maxItems": MAX_LINES,
            "items": {
                "type": "object",
                "required": ["regimen"],
                "additionalProperties": False,
                "properties": {
                    "regimen": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
                    "drug_classes": {
                        "type": "array",
                        "maxItems": MAX_LIST,
                        "items": {"enum": list(DRUG_CLASSES)},
                    },
                    "start": {"type": ["string", "null"], "format": "date"},
                    "end": {"type": ["string", "null"], "format": "date"},
                    "best_response": {"enum": [*RESPONSES, None]},
                },
            },
        },
        "refractory": {"type": ["boolean", "null"]},
        "relapsed": {"type": ["boolean", "null"]},
        "prior_car_t": {"type": ["boolean", "null"]},
        "prior_car_t_targets": {
            "type": "array",
            "maxItems": MAX_LIST,
            "items": {"type": "string", "maxLength": MAX_TEXT},
        },
        "transplant": {"enum": ["none", "autologous", "allogeneic", None]},
        "transplant_date": {"type": ["string", "null"], "format": "date"},
        "ecog": {"type": ["integer", "null"], "minimum": 0, "maximum": 5},  # 1.5 is refused
        "karnofsky": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
        "labs": {
            "type": "object",
            "propertyNames": {"enum": list(CANONICAL)},
            "additionalProperties": {
                "type": "object",
                "required": ["value", "unit"],
                "properties": {
                    "value": {"type": "number"},
                    "unit": {"type": "string"},
                    "uln": {"type": "number"},
                    "date": {"type": "string", "format": "date"},
                },
            },
        },
        "cns_involvement": {"type": ["boolean", "null"]},
        "active_infection": {"type": ["boolean", "null"]},
        "hiv": {"type": ["boolean", "null"]},
        "hbv": {"type": ["boolean", "null"]},
        "hcv": {"type": ["boolean", "null"]},
        "pregnant": {"type": ["boolean", "null"]},
        "life_expectancy_months": {"type": ["number", "null"]},
        "current_medications": {
            "type": ["array", "null"],
            "maxItems": MAX_MEDICATIONS,
            "items": {"type": "string", "maxLength": MAX_TEXT},
        },
        "reports": {
            "type": "array",
            "maxItems": MAX_REPORTS,
            "items": {
                "type": "object",
                "properties": {
                    "kind": {"enum": list(REPORT_KINDS)},
                    "date": {"type": ["string", "null"], "format": "date"},
                    "conclusion": {"type": "string", "maxLength": MAX_CONCLUSION},
                },
            },
        },
        "cities": {
            "type": "array",
            "maxItems": MAX_LIST,
            "items": {"type": "string", "maxLength": MAX_TEXT},
        },
        "languages": {
            "type": "array",
            "maxItems": MAX_LIST,
            "items": {"type": "string", "maxLength": MAX_TEXT},
        },
    },
}

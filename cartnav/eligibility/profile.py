"""The patient profile: the facts screening needs, validated, with units made explicit.

A fact that is absent or ``null`` is *unknown*, and screening answers "unknown" for every
criterion that needs it (never a silent default). See ``PROFILE_JSON_SCHEMA`` and the README.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from cartnav.eligibility import drugs as drug_vocab
from cartnav.eligibility import vocab
from cartnav.eligibility.units import CANONICAL, LIMITS, LabUnitError, to_canonical

RESPONSES = ("sCR", "CR", "VGPR", "PR", "MR", "SD", "PD")
DRUG_CLASSES = drug_vocab.CLASSES
CNS_DISEASE = ("none", "primary", "secondary")
CNS_STATUS = ("CNS-1", "CNS-2", "CNS-3")
#: Another cancer than the one treated here (non-melanoma skin cancer and carcinoma in situ
#: aside): none ever, past (treated and in remission), or active (present or under treatment).
OTHER_MALIGNANCY = ("none", "past", "active")
#: The medical history trials exclude by name, as yes/no facts (see the schema's descriptions).
HISTORY_FLAGS = (
    "gvhd_active",
    "heart_disease",
    "neurological_disorder",
    "autoimmune_active",
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
#: A profile as JSON, at most: the largest real one (50 lines, 100 reports) is about 250 kB.
MAX_PROFILE_BYTES = 1024 * 1024


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
    drugs: tuple[str, ...] = ()

    @cached_property
    def known_drugs(self) -> tuple[str, ...] | None:
        """The line's drugs: as given, else as its regimen resolves (``drugs``); None when
        neither says (the line happened, but cartnav cannot tell what it held)."""
        if self.drugs:
            return self.drugs
        return drug_vocab.regimen_drugs(self.regimen)

    @cached_property
    def classes(self) -> set[str] | None:
        """The drug classes the line held, or None if nothing says (an unresolved regimen
        with no classes given)."""
        known = self.known_drugs
        if known is None and not self.drug_classes:
            return None
        return set(self.drug_classes) | drug_vocab.classes_of(known or ())


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
    relapse_count: int | None = None
    last_progression_date: dt.date | None = None
    refractory_to: tuple[str, ...] = ()
    cns_disease: str | None = None  # "none" | "primary" | "secondary"
    cns_status: str | None = None  # "CNS-1" | "CNS-2" | "CNS-3" (acute leukaemia)
    hbsag: bool | None = None
    anti_hbc: bool | None = None
    hbv_dna_detectable: bool | None = None
    hbv_dna_iu_ml: float | None = None
    hbv_antiviral: bool | None = None
    hcv_rna_detectable: bool | None = None
    other_malignancy: str | None = None  # OTHER_MALIGNANCY
    gvhd_active: bool | None = None
    heart_disease: bool | None = None
    neurological_disorder: bool | None = None
    autoimmune_active: bool | None = None

    def warnings(self) -> list[str]:
        """What a person should know before reading a screening of this profile."""
        if self == PatientProfile(**{k: getattr(self, k) for k in ("languages", "cities")}):
            return [
                "The profile holds no medical facts: every criterion is unknown. Add the "
                "diagnosis, age, treatment history and recent labs."
            ]
        return []

    @cached_property
    def prior_lines(self) -> int | None:
        return None if self.lines is None else len(self.lines)

    @cached_property
    def drug_classes(self) -> set[str] | None:
        """Every class any prior line held (None if the lines are unknown). A line whose drugs
        cartnav cannot tell adds nothing here; :attr:`unresolved_lines` counts them."""
        if self.lines is None:
            return None
        return {c for line in self.lines for c in (line.classes or ())}

    @cached_property
    def unresolved_lines(self) -> int:
        return sum(1 for line in self.lines or () if line.classes is None)

    @cached_property
    def relapsed_or_refractory(self) -> bool | None:
        """Relapsed or refractory, as recorded or as the treatment history shows it: the last
        line's best response was stable or progressive disease (refractory), a progression was
        dated after the last line began, or relapses were counted. False only when both facts
        say no; None (ask) when nothing decides."""
        if self.refractory or self.relapsed:
            return True
        last = self.lines[-1] if self.lines else None
        if last is not None and last.best_response in ("SD", "PD"):
            return True
        if self.relapse_count:
            return True
        if last is not None and self.last_progression_date is not None:
            since = last.end or last.start
            if since is not None and self.last_progression_date > since:
                return True
        if self.refractory is False and self.relapsed is False:
            return False
        return None

    @cached_property
    def hbv_active(self) -> bool | None:
        """Active hepatitis B (viraemia): as recorded (``hbv``), or HBV DNA detectable. An
        HBsAg-positive carrier with undetectable DNA is not active; HBsAg and anti-HBc both
        negative is no infection at all."""
        if self.hbv is not None:
            return self.hbv
        if self.hbv_dna_detectable is not None:
            return self.hbv_dna_detectable
        if self.hbsag is False and self.anti_hbc is False:
            return False
        return None

    @cached_property
    def hbv_infection(self) -> bool | None:
        """For a trial that excludes "hepatitis B infection" without saying active or not:
        viraemia excludes, no marker of infection passes, and a carrier (HBsAg or anti-HBc
        positive, DNA undetectable) is for a person to judge with the trial's wording."""
        if self.hbv_active:
            return True
        if self.hbsag is False and self.anti_hbc is False:
            return False
        if self.hbv is False and self.hbsag is None and self.anti_hbc is None:
            return False  # recorded as no hepatitis B, nothing suggesting a carrier
        return None

    @cached_property
    def hcv_active(self) -> bool | None:
        """Active hepatitis C: as recorded (``hcv``), else HCV RNA detectable."""
        if self.hcv is not None:
            return self.hcv
        return self.hcv_rna_detectable

    @cached_property
    def primary_cns_lymphoma(self) -> bool | None:
        """Primary CNS lymphoma: the diagnosis itself, or CNS disease recorded as primary. A
        systemic diagnosis (DLBCL …) is not, whatever its CNS involvement, unless that
        involvement is recorded without saying whether it is primary or secondary."""
        if self.disease == "PCNSL" or self.cns_disease == "primary":
            return True
        if self.cns_disease in ("none", "secondary") or self.cns_involvement is False:
            return False
        if self.disease is not None and self.cns_involvement is None:
            return False
        return None

    @cached_property
    def other_malignancy_active(self) -> bool | None:
        return None if self.other_malignancy is None else self.other_malignancy == "active"

    @cached_property
    def prior_drugs(self) -> set[str] | None:
        if self.lines is None:
            return None
        return {d for line in self.lines for d in (line.known_drugs or ())}

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
        for key in ("prior_car_t_targets", "cities", "languages", "refractory_to"):
            out[key] = list(out[key])
        out["last_progression_date"] = _iso(self.last_progression_date)
        dna = out.pop("hbv_dna_iu_ml")
        out["hbv_dna"] = None if dna is None else {"value": dna, "unit": "IU/mL"}
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
        "drugs": list(line.drugs),
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
        unknown = set(item) - {"regimen", "drug_classes", "drugs", "start", "end", "best_response"}
        if unknown:
            raise ProfileError(
                f"{path}.{sorted(unknown)[0]}", "is not a field of a line of therapy"
            )
        classes = tuple(
            _drug_class(f"{path}.drug_classes[{j}]", c)
            for j, c in enumerate(_texts(f"{path}.drug_classes", item.get("drug_classes")))
        )
        start, end = (
            _date(f"{path}.start", item.get("start")),
            _date(f"{path}.end", item.get("end")),
        )
        if start and end and end < start:
            raise ProfileError(f"{path}.end", f"the line ends ({end}) before it starts ({start})")
        drugs = tuple(
            _drug(f"{path}.drugs[{j}]", d)
            for j, d in enumerate(_texts(f"{path}.drugs", item.get("drugs")))
        )
        lines.append(
            Line(
                regimen,
                classes,
                start,
                end,
                _choice(f"{path}.best_response", item.get("best_response"), RESPONSES),
                drugs,
            )
        )
    return tuple(lines)


def _drug(path: str, name: str) -> str:
    """A drug by its generic name (or a brand or abbreviation cartnav knows)."""
    found = drug_vocab.drug(name)
    if found is None:
        raise ProfileError(
            path,
            f"{_show(name)} is not a drug cartnav knows; give its generic name "
            "(e.g. lenalidomide), or leave the line's drugs out and give its drug_classes",
        )
    return found


def _drug_class(path: str, name: str) -> str:
    found = drug_vocab.drug_class(name)
    if found is None:
        raise ProfileError(path, f"{_show(name)} is not one of {', '.join(DRUG_CLASSES)}")
    return found


def _refractory_to(data: Any) -> tuple[str, ...]:
    """Drugs (generic names) or drug classes the disease is refractory to."""
    out = []
    for i, name in enumerate(_texts("refractory_to", data)):
        if drug_vocab.drug_class(name):
            out.append(drug_vocab.drug_class(name) or name)
        else:
            out.append(_drug(f"refractory_to[{i}]", name))
    return tuple(out)


def _hbv_dna(data: Any) -> float | None:
    """HBV DNA in IU/mL. Copies/mL are refused: the factor between the two depends on the
    assay (about 5 copies per IU), so cartnav does not guess it."""
    if data is None:
        return None
    if not isinstance(data, dict) or "value" not in data or "unit" not in data:
        raise ProfileError(
            "hbv_dna", 'needs a value and a unit, e.g. {"value": 20, "unit": "IU/mL"}'
        )
    unknown = set(data) - {"value", "unit", "date"}
    if unknown:
        raise ProfileError(f"hbv_dna.{sorted(unknown)[0]}", "is not a field of a viral load")
    value = _number("hbv_dna.value", data["value"], 0, 1e10)
    unit = _text("hbv_dna.unit", data["unit"], 20)
    if unit not in ("IU/mL", "IU/ml"):
        raise ProfileError(
            "hbv_dna.unit",
            f"{_show(unit)}: give HBV DNA in IU/mL (copies convert by a factor that depends on the assay)",
        )
    _date("hbv_dna.date", data.get("date"))
    return value


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


_KNOWN = set(PatientProfile.__dataclass_fields__) - {
    "antigens",
    "lines",
    "labs",
    "hbv_dna_iu_ml",
} | {
    "hbv_dna",
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
    transplant = _choice("transplant", data.get("transplant"), ("none", "autologous", "allogeneic"))
    transplant_date = _date("transplant_date", data.get("transplant_date"))
    if transplant == "none" and transplant_date:
        raise ProfileError(
            "transplant_date", "is given, but transplant is none: which transplant was it?"
        )
    cns_involvement = _bool("cns_involvement", data.get("cns_involvement"))
    cns_disease = _choice("cns_disease", data.get("cns_disease"), CNS_DISEASE)
    if cns_disease is not None:
        involved = cns_disease != "none"
        if cns_involvement is not None and cns_involvement != involved:
            raise ProfileError(
                "cns_disease",
                f"{cns_disease!r} contradicts cns_involvement {str(cns_involvement).lower()}",
            )
        cns_involvement = involved
    hbv_dna = _hbv_dna(data.get("hbv_dna"))
    dna_detectable = _bool("hbv_dna_detectable", data.get("hbv_dna_detectable"))
    if hbv_dna is not None:
        if dna_detectable is False and hbv_dna > 0:
            raise ProfileError("hbv_dna", "is above zero, but hbv_dna_detectable is false")
        dna_detectable = hbv_dna > 0 if dna_detectable is None else dna_detectable
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
        transplant=transplant,
        transplant_date=transplant_date,
        ecog=ecog,
        karnofsky=kps,
        labs=_labs(data.get("labs")),
        cns_involvement=cns_involvement,
        active_infection=_bool("active_infection", data.get("active_infection")),
        other_malignancy=_choice(
            "other_malignancy", data.get("other_malignancy"), OTHER_MALIGNANCY
        ),
        **{f: _bool(f, data.get(f)) for f in HISTORY_FLAGS},
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
        relapse_count=_whole("relapse_count", data.get("relapse_count"), 0, MAX_LINES),
        last_progression_date=_date("last_progression_date", data.get("last_progression_date")),
        refractory_to=_refractory_to(data.get("refractory_to")),
        cns_disease=cns_disease,
        cns_status=_choice("cns_status", data.get("cns_status"), CNS_STATUS),
        hbsag=_bool("hbsag", data.get("hbsag")),
        anti_hbc=_bool("anti_hbc", data.get("anti_hbc")),
        hbv_dna_detectable=dna_detectable,
        hbv_dna_iu_ml=hbv_dna,
        hbv_antiviral=_bool("hbv_antiviral", data.get("hbv_antiviral")),
        hcv_rna_detectable=_bool("hcv_rna_detectable", data.get("hcv_rna_detectable")),
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
                    "drugs": {
                        "type": "array",
                        "maxItems": MAX_LIST,
                        "items": {"type": "string", "maxLength": MAX_TEXT},
                        "description": "generic names; when absent, the regimen's drugs "
                        "(R-CHOP, VRd …) as cartnav's regimen vocabulary resolves them",
                    },
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
        "cns_disease": {"enum": [*CNS_DISEASE, None]},
        "cns_status": {"enum": [*CNS_STATUS, None]},
        "relapse_count": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_LINES},
        "last_progression_date": {"type": ["string", "null"], "format": "date"},
        "refractory_to": {
            "type": "array",
            "maxItems": MAX_LIST,
            "items": {"type": "string", "maxLength": MAX_TEXT},
            "description": "drugs (generic names) or drug classes the disease is refractory to",
        },
        "hbsag": {"type": ["boolean", "null"]},
        "anti_hbc": {"type": ["boolean", "null"]},
        "hbv_dna_detectable": {"type": ["boolean", "null"]},
        "hbv_dna": {
            "type": ["object", "null"],
            "required": ["value", "unit"],
            "properties": {
                "value": {"type": "number", "minimum": 0},
                "unit": {"enum": ["IU/mL"]},
                "date": {"type": "string", "format": "date"},
            },
        },
        "hbv_antiviral": {"type": ["boolean", "null"]},
        "hcv_rna_detectable": {"type": ["boolean", "null"]},
        "active_infection": {"type": ["boolean", "null"]},
        "other_malignancy": {
            "enum": [*OTHER_MALIGNANCY, None],
            "description": "another cancer than the one treated here (non-melanoma skin cancer "
            "and carcinoma in situ aside): none, past (treated, in remission) or active",
        },
        "gvhd_active": {
            "type": ["boolean", "null"],
            "description": "active graft-versus-host disease, any grade",
        },
        "heart_disease": {
            "type": ["boolean", "null"],
            "description": "significant heart disease: NYHA class III-IV heart failure, "
            "myocardial infarction, unstable angina or a cardiac intervention in the last 12 "
            "months, uncontrolled arrhythmia, severe cardiomyopathy",
        },
        "neurological_disorder": {
            "type": ["boolean", "null"],
            "description": "a disorder of the nervous system apart from the cancer: seizures or "
            "epilepsy, stroke, dementia, paralysis, Parkinson's disease",
        },
        "autoimmune_active": {
            "type": ["boolean", "null"],
            "description": "autoimmune disease treated systemically now or in the last 2 years",
        },
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

"""ClinicalTrials.gov API v2 study records and the shared CSV tables → :class:`TrialRecord`.

Accepts one study object, a list of them, or a page ``{"studies": [...]}``. A malformed record
raises :class:`StudyFormatError` naming its JSON path; the caller imports each study atomically.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cartnav.eligibility import vocab
from cartnav.eligibility.criteria import Criterion, extract, structured, unescape

csv.field_size_limit(10_000_000)

#: Bump when criteria extraction or disease mapping changes: stored trials are then re-extracted.
EXTRACTOR_VERSION = 6


class StudyFormatError(ValueError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


@dataclass(frozen=True)
class Site:
    facility: str
    city: str = ""
    state: str = ""
    country: str = ""
    status: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class TrialRecord:
    nct_id: str
    title: str
    status: str
    phases: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    interventions: list[str] = field(default_factory=list)
    min_age_years: float | None = None
    max_age_years: float | None = None
    sex: str = "ALL"
    summary: str = ""
    eligibility_text: str = ""
    start_date: str = ""
    last_update: str = ""
    countries: list[str] = field(default_factory=list)
    product_type: str = ""
    sites: list[Site] = field(default_factory=list)
    source: str = "ctgov_v2"

    @property
    def diseases(self) -> list[str]:
        keys: list[str] = []
        for condition in self.conditions:
            for key in vocab.diseases_in(condition):
                if key not in keys:
                    keys.append(key)
        # "CAR-T", "Safety and Efficacy", "Healthy": a condition that names no disease says
        # nothing about who may enter, so it must not fail every patient's diagnosis.
        return [k for k in keys if not vocab.is_other(k)]

    @property
    def targets(self) -> list[str]:
        return vocab.antigens_in(" ".join([self.title, *self.interventions, *self.conditions]))

    def criteria(self) -> list[Criterion]:
        """Structured fields plus the extracted text. Without the full text (the monitor's CSV
        carries it for only 200 trials) one undecided criterion says so: such a trial is never
        called "eligible" on its age and condition alone."""
        text = (
            extract(self.eligibility_text)
            if self.eligibility_text.strip()
            else [
                Criterion(
                    "text",
                    True,
                    sentence="The full eligibility criteria are not in cartnav: read them on ClinicalTrials.gov.",
                    source="cartnav",
                )
            ]
        )
        return structured(self.min_age_years, self.max_age_years, self.sex, self.diseases) + text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def content_hash(self) -> str:
        """Changes when the record or the extraction rules change, so a re-import re-extracts."""
        payload = json.dumps([EXTRACTOR_VERSION, self.to_dict()], sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\s*$", re.I)


def parse_age(path: str, text: str | None) -> float | None:
    """'18 Years' → 18.0; '6 Months' → 0.5; empty or 'N/A' → None."""
    if not text or text.strip().upper() in ("N/A", "NA"):
        return None
    m = _AGE.match(text)
    if not m:
        raise StudyFormatError(path, f"{text!r} is not an age such as '18 Years'")
    n, unit = float(m.group(1)), m.group(2).lower()
    factor = {
        "year": 1,
        "month": 1 / 12,
        "week": 1 / 52.18,
        "day": 1 / 365.25,
        "hour": 1 / 8766,
        "minute": 1 / 525960,
    }[unit]
    return round(n * factor, 4)


def _get(obj: Any, path: str, key: str, kind: type, required: bool = False) -> Any:
    if not isinstance(obj, dict):
        raise StudyFormatError(path, "must be an object")
    value = obj.get(key)
    if value is None:
        if required:
            raise StudyFormatError(f"{path}.{key}", "is required")
        return kind()
    if not isinstance(value, kind):
        raise StudyFormatError(
            f"{path}.{key}", f"must be {kind.__name__}, not {type(value).__name__}"
        )
    return value


def parse_study(study: Any, path: str = "study") -> TrialRecord:
    ps = _get(study, path, "protocolSection", dict, required=True)
    p = f"{path}.protocolSection"
    ident = _get(ps, p, "identificationModule", dict, required=True)
    nct = _get(ident, f"{p}.identificationModule", "nctId", str, required=True)
    if not re.fullmatch(r"NCT\d{8}", nct):
        raise StudyFormatError(f"{p}.identificationModule.nctId", f"{nct!r} is not an NCT number")
    status = _get(ps, p, "statusModule", dict)
    cond = _get(ps, p, "conditionsModule", dict)
    elig = _get(ps, p, "eligibilityModule", dict)
    design = _get(ps, p, "designModule", dict)
    arms = _get(ps, p, "armsInterventionsModule", dict)
    desc = _get(ps, p, "descriptionModule", dict)
    locs = _get(ps, p, "contactsLocationsModule", dict)
    sites = []
    for i, loc in enumerate(_get(locs, f"{p}.contactsLocationsModule", "locations", list)):
        lp = f"{p}.contactsLocationsModule.locations[{i}]"
        geo = _get(loc, lp, "geoPoint", dict)
        sites.append(
            Site(
                _get(loc, lp, "facility", str) or "(facility not given)",
                _get(loc, lp, "city", str),
                _get(loc, lp, "state", str),
                _get(loc, lp, "country", str),
                _get(loc, lp, "status", str),
                geo.get("lat"),
                geo.get("lon"),
            )
        )
    interventions = [
        str(x.get("name", ""))
        for x in _get(arms, f"{p}.armsInterventionsModule", "interventions", list)
        if isinstance(x, dict)
    ]
    return TrialRecord(
        nct_id=nct,
        title=_get(ident, f"{p}.identificationModule", "briefTitle", str) or nct,
        status=_get(status, f"{p}.statusModule", "overallStatus", str),
        phases=list(_get(design, f"{p}.designModule", "phases", list)),
        conditions=list(_get(cond, f"{p}.conditionsModule", "conditions", list)),
        interventions=interventions,
        min_age_years=parse_age(f"{p}.eligibilityModule.minimumAge", elig.get("minimumAge")),
        max_age_years=parse_age(f"{p}.eligibilityModule.maximumAge", elig.get("maximumAge")),
        sex=_get(elig, f"{p}.eligibilityModule", "sex", str) or "ALL",
        summary=_get(desc, f"{p}.descriptionModule", "briefSummary", str),
        eligibility_text=unescape(_get(elig, f"{p}.eligibilityModule", "eligibilityCriteria", str)),
        start_date=str(_get(status, f"{p}.statusModule", "startDateStruct", dict).get("date", "")),
        last_update=str(
            _get(status, f"{p}.statusModule", "lastUpdatePostDateStruct", dict).get("date", "")
        ),
        countries=sorted({s.country for s in sites if s.country}),
        sites=sites,
    )


def parse_studies(data: Any) -> list[tuple[str, TrialRecord | StudyFormatError]]:
    """Each study of a document, parsed or with its error (so one bad study spoils no other)."""
    if isinstance(data, dict) and "studies" in data:
        items, base = data["studies"], "studies"
    elif isinstance(data, list):
        items, base = data, ""
    elif isinstance(data, dict):
        items, base = [data], ""
    else:
        raise StudyFormatError("$", "expected a study, a list of studies or a page with 'studies'")
    if not isinstance(items, list):
        raise StudyFormatError(base or "$", "expected a list of studies")
    out: list[tuple[str, TrialRecord | StudyFormatError]] = []
    for i, study in enumerate(items):
        path = f"{base}[{i}]" if base or len(items) > 1 else "study"
        try:
            out.append((path, parse_study(study, path)))
        except StudyFormatError as exc:
            out.append((path, exc))
    return out


def _split(value: str) -> list[str]:
    return [x.strip() for x in (value or "").split("|") if x.strip()]


def read_monitor_tables(folder: Path, eligibility: Path | None = None) -> list[TrialRecord]:
    """The monitor's trials.csv joined with sites.csv (orphan sites dropped) and, where given,
    the full eligibility text of eligibility_sample_200.json."""
    texts: dict[str, str] = {}
    if eligibility and eligibility.exists():
        texts = {
            t["NCTId"]: unescape(t.get("EligibilityCriteria") or "")
            for t in json.loads(eligibility.read_text())["trials"]
        }
    sites: dict[str, list[Site]] = defaultdict(list)
    with (folder / "sites.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            sites[row["NCTId"]].append(
                Site(
                    row["Facility"] or "(facility not given)",
                    row["City"],
                    row["State"],
                    row["Country"],
                    row["SiteStatus"],
                    _float(row["Latitude"]),
                    _float(row["Longitude"]),
                )
            )
    records = []
    with (folder / "trials.csv").open(newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            path = f"trials.csv row {i + 2}"
            records.append(
                TrialRecord(
                    nct_id=row["NCTId"],
                    title=row["BriefTitle"],
                    status=row["OverallStatus"],
                    phases=_split(row["Phase"]),
                    conditions=_split(row["Conditions"]),
                    interventions=_split(row["Interventions"]),
                    min_age_years=parse_age(f"{path}.MinAge", row["MinAge"]),
                    max_age_years=parse_age(f"{path}.MaxAge", row["MaxAge"]),
                    summary=row["BriefSummary"],
                    eligibility_text=texts.get(row["NCTId"], ""),
                    start_date=row["StartDate"],
                    last_update=row["LastUpdatePostDate"],
                    countries=_split(row["Countries"]),
                    product_type=row["ProductType"],
                    sites=sites.get(row["NCTId"], []),
                    source="ctgov_monitor_csv",
                )
            )
    return records


def _float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None

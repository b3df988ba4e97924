"""The public JSON contract (reference/grading-io.md): parse a payload, grade it.

``parse_<kind>(payload)`` checks the shape strictly — unknown fields and unknown enumerated
values are refused with the field's dotted path and what is accepted — converts every quantity
to its canonical unit (:mod:`cartnav.clinical.units`) and returns that kind's input type.
``grade(kind, payload)`` is what the CLI stream and the API call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from cartnav.clinical.crs import DEVICES, grade_crs
from cartnav.clinical.decide import choice, flag, whole
from cartnav.clinical.easix import grade_easix
from cartnav.clinical.hematotox import grade_hematotox
from cartnav.clinical.icaht import (
    EPISODE_RULES,
    LATE_WINDOW_END_DAY,
    LATE_WINDOW_RANGE,
    LATE_WINDOW_WHY,
    grade_icaht,
)
from cartnav.clinical.icans import CONSCIOUSNESS, RAISED_ICP, grade_icans
from cartnav.clinical.icans import SEIZURE as ICANS_SEIZURE
from cartnav.clinical.result import GradeResult
from cartnav.clinical.tls import ANALYTES, ARRHYTHMIA, RULES, grade_tls
from cartnav.clinical.tls import SEIZURE as TLS_SEIZURE
from cartnav.clinical.units import ANALYTES as UNIT_ANALYTES
from cartnav.clinical.units import ClinicalInputError, normalise

KINDS: tuple[str, ...] = ("crs", "icans", "tls", "hematotox", "easix", "icaht")
#: The most ANC values (and G-CSF days) one ICAHT payload may carry: daily counts for five
#: years, so a runaway export is refused rather than graded slowly.
MAX_SERIES = 2000
_HUGE = 10**15
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?"
)


@dataclass(frozen=True)
class CrsInput:
    """CRS inputs in canonical units (°C, L/min); None where absent."""

    temperature: float | None = None
    fever_masked: bool | None = None
    hypotension: bool | None = None
    vasopressors: int | None = None
    vasopressin: bool | None = None
    oxygen_device: str | None = None
    oxygen_flow: float | None = None
    death_from_crs: bool | None = None


@dataclass(frozen=True)
class IcansInput:
    """ICANS inputs; ``ice`` and ``capd`` as given (item scores or a total)."""

    age_years: float | None = None
    ice: Mapping[str, int] | None = None
    capd: Mapping[str, int] | None = None
    consciousness: str | None = None
    seizure: str | None = None
    motor_weakness: bool | None = None
    raised_icp: str | None = None
    death_from_icans: bool | None = None
    intracranial_hemorrhage: bool | None = None


@dataclass(frozen=True)
class TlsInput:
    """TLS inputs; laboratory values in canonical units (mg/dL; potassium and ionised calcium
    mmol/L). ``uric_acid_uln``, ``oliguria``, ``symptomatic_hypocalcemia``,
    ``baseline.creatinine`` and ``current.ionized_calcium`` are read by Howard 2011 only."""

    age_years: float | None = None
    day_relative_to_therapy: int | None = None
    baseline: Mapping[str, float | None] | None = None
    current: Mapping[str, float | None] | None = None
    creatinine_uln: float | None = None
    arrhythmia: str | None = None
    seizure: str | None = None
    rule: str | None = None
    death_from_tls: bool | None = None
    uric_acid_uln: float | None = None
    oliguria: bool | None = None
    symptomatic_hypocalcemia: bool | None = None


@dataclass(frozen=True)
class HematotoxInput:
    """CAR-HEMATOTOX inputs: counts × 10⁹/L, haemoglobin g/dL, CRP mg/dL, ferritin ng/mL; the
    case's ``disease`` as a screening-vocabulary key (for the scope warning only)."""

    platelets: float | None = None
    anc: float | None = None
    hemoglobin: float | None = None
    crp: float | None = None
    ferritin: float | None = None
    disease: str | None = None


@dataclass(frozen=True)
class EasixInput:
    """EASIX inputs: LDH U/L, creatinine mg/dL, platelets × 10⁹/L, CRP mg/dL."""

    ldh: float | None = None
    creatinine: float | None = None
    platelets: float | None = None
    crp: float | None = None


@dataclass(frozen=True)
class IcahtInput:
    """ICAHT inputs: dates, the ANC series as (date or datetime, × 10⁹/L) pairs, the options.
    Field names are :func:`cartnav.clinical.icaht.grade_icaht`'s keywords."""

    infusion_date: date | None = None
    anc: tuple[tuple[date, float], ...] = ()
    progression_date: date | None = None
    next_therapy_date: date | None = None
    death_date: date | None = None
    last_follow_up_date: date | None = None
    episode_rule: str = "cumulative"
    late_window_end_day: int = LATE_WINDOW_END_DAY
    gcsf_dates: tuple[date, ...] = ()


def _object(field: str, payload: object, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    """A JSON object whose keys are all among ``allowed``."""
    if not isinstance(payload, Mapping):
        raise ClinicalInputError(field, "must be a JSON object.")
    for key in payload:
        if key not in allowed:
            where = f"{field}.{key}" if field != "payload" else str(key)
            raise ClinicalInputError(where, f"is not a field here; accepted: {', '.join(allowed)}.")
    return payload


def _quantity(payload: Mapping[str, Any], key: str, analyte: str, prefix: str = "") -> float | None:
    value = payload.get(key)
    return None if value is None else normalise(prefix + key, analyte, value)


def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def parse_crs(payload: Mapping[str, Any]) -> CrsInput:
    """Parse a CRS payload: quantities to °C and L/min, flags and the oxygen device checked."""
    p = _object("payload", payload, _names(CrsInput))
    flags = {
        k: flag(k, p.get(k))
        for k in ("fever_masked", "hypotension", "vasopressin", "death_from_crs")
    }
    return CrsInput(
        temperature=_quantity(p, "temperature", "temperature"),
        vasopressors=p.get("vasopressors"),
        oxygen_device=choice("oxygen_device", p.get("oxygen_device"), DEVICES),
        oxygen_flow=_quantity(p, "oxygen_flow", "oxygen_flow"),
        **flags,
    )


def parse_icans(payload: Mapping[str, Any]) -> IcansInput:
    """Parse an ICANS payload: enumerations checked; ICE and CAPD checked by the grader."""
    p = _object("payload", payload, _names(IcansInput))
    return IcansInput(
        age_years=p.get("age_years"),
        ice=p.get("ice"),
        capd=p.get("capd"),
        consciousness=choice("consciousness", p.get("consciousness"), tuple(CONSCIOUSNESS)),
        seizure=choice("seizure", p.get("seizure"), tuple(ICANS_SEIZURE)),
        motor_weakness=flag("motor_weakness", p.get("motor_weakness")),
        raised_icp=choice("raised_icp", p.get("raised_icp"), tuple(RAISED_ICP)),
        death_from_icans=flag("death_from_icans", p.get("death_from_icans")),
        intracranial_hemorrhage=flag("intracranial_hemorrhage", p.get("intracranial_hemorrhage")),
    )


def _labs(p: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> dict[str, float | None]:
    if p.get(key) is None:
        return {}
    labs = _object(key, p[key], allowed)
    return {name: _quantity(labs, name, name, f"{key}.") for name in allowed if name in labs}


def parse_tls(payload: Mapping[str, Any]) -> TlsInput:
    """Parse a TLS payload: baseline and current labs to canonical units, enumerations checked."""
    p = _object("payload", payload, _names(TlsInput))
    return TlsInput(
        age_years=p.get("age_years"),
        day_relative_to_therapy=p.get("day_relative_to_therapy"),
        baseline=_labs(p, "baseline", (*ANALYTES, "creatinine")),
        current=_labs(p, "current", (*ANALYTES, "creatinine", "ionized_calcium")),
        creatinine_uln=_quantity(p, "creatinine_uln", "creatinine_uln"),
        uric_acid_uln=_quantity(p, "uric_acid_uln", "uric_acid_uln"),
        oliguria=flag("oliguria", p.get("oliguria")),
        symptomatic_hypocalcemia=flag(
            "symptomatic_hypocalcemia", p.get("symptomatic_hypocalcemia")
        ),
        arrhythmia=choice("arrhythmia", p.get("arrhythmia"), tuple(ARRHYTHMIA)),
        seizure=choice("seizure", p.get("seizure"), tuple(TLS_SEIZURE)),
        rule=choice("rule", p.get("rule"), RULES),
        death_from_tls=flag("death_from_tls", p.get("death_from_tls")),
    )


def parse_hematotox(payload: Mapping[str, Any]) -> HematotoxInput:
    """Parse a CAR-HEMATOTOX payload: every field a quantity but ``disease`` (a vocabulary key,
    checked by the grader)."""
    p = _object("payload", payload, _names(HematotoxInput))
    labs = {k: _quantity(p, k, k) for k in _names(HematotoxInput) if k != "disease"}
    return HematotoxInput(**labs, disease=p.get("disease"))


def parse_easix(payload: Mapping[str, Any]) -> EasixInput:
    """Parse an EASIX payload: every field a quantity."""
    p = _object("payload", payload, _names(EasixInput))
    return EasixInput(**{k: _quantity(p, k, k) for k in _names(EasixInput)})


def _iso_date(field: str, value: object) -> date | None:
    """An ISO calendar date ``YYYY-MM-DD``, or absent."""
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ClinicalInputError(field, f"{value!r} is not an ISO date (YYYY-MM-DD).")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ClinicalInputError(field, f"{value!r} is not a calendar date.") from None


def _iso_instant(field: str, value: object) -> date:
    """An ISO date, or date and time (``2027-01-11T06:00:00Z``, offset optional)."""
    if isinstance(value, str) and _DATE.fullmatch(value):
        parsed = _iso_date(field, value)
        assert parsed is not None
        return parsed
    if not isinstance(value, str) or not _DATE_TIME.fullmatch(value):
        raise ClinicalInputError(
            field,
            f"{value!r} is not an ISO date (YYYY-MM-DD) or date and time "
            "(YYYY-MM-DDThh:mm[:ss][Z or ±hh:mm]).",
        )
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ClinicalInputError(field, f"{value!r} is not a calendar date and time.") from None


def _series(field: str, value: object) -> list[Any]:
    """A JSON list of at most :data:`MAX_SERIES` items, or absent (empty)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ClinicalInputError(field, "must be a JSON list.")
    if len(value) > MAX_SERIES:
        raise ClinicalInputError(
            field,
            f"{len(value)} items: at most {MAX_SERIES} per request (daily values for five "
            "years); send the values from day −30 to the end of the late window.",
        )
    return value


def _anc_value(field: str, item: Mapping[str, Any]) -> float:
    """One ANC quantity through :func:`normalise`, the unit refused under ``.unit``."""
    unit = item.get("unit")
    if unit not in UNIT_ANALYTES["anc"].accepted:
        raise ClinicalInputError(
            f"{field}.unit",
            f"unit {unit!r} is not accepted for an ANC; accepted UCUM codes: "
            f"{', '.join(UNIT_ANALYTES['anc'].accepted)} — check the unit.",
        )
    value = item.get("value")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _HUGE:
        # beyond any count in any accepted unit, and too large for a float
        raise ClinicalInputError(f"{field}.value", "is not a plausible count; check the unit.")
    return normalise(f"{field}.value", "anc", {"value": value, "unit": unit})


def parse_icaht(payload: Mapping[str, Any]) -> IcahtInput:
    """Parse an ICAHT payload: ISO dates, the ANC series (``{"at", "value", "unit"}`` items,
    at most :data:`MAX_SERIES`) to 10⁹/L, the episode rule and the late window's end checked.

    Day-relative checks (an ANC before day −30, an event before infusion) are the grader's.
    """
    p = _object("payload", payload, _names(IcahtInput))
    anc: list[tuple[date, float]] = []
    for i, raw in enumerate(_series("anc", p.get("anc"))):
        item = _object(f"anc[{i}]", raw, ("at", "value", "unit"))
        if "at" not in item:
            raise ClinicalInputError(f"anc[{i}].at", "is required (the date of the count).")
        anc.append((_iso_instant(f"anc[{i}].at", item["at"]), _anc_value(f"anc[{i}]", item)))
    gcsf = tuple(
        _required_date(f"gcsf_dates[{i}]", value)
        for i, value in enumerate(_series("gcsf_dates", p.get("gcsf_dates")))
    )
    rule = choice("episode_rule", p.get("episode_rule"), EPISODE_RULES)
    end = whole(
        "late_window_end_day",
        p.get("late_window_end_day"),
        *LATE_WINDOW_RANGE,
        LATE_WINDOW_WHY,
    )
    return IcahtInput(
        infusion_date=_iso_date("infusion_date", p.get("infusion_date")),
        anc=tuple(anc),
        progression_date=_iso_date("progression_date", p.get("progression_date")),
        next_therapy_date=_iso_date("next_therapy_date", p.get("next_therapy_date")),
        death_date=_iso_date("death_date", p.get("death_date")),
        last_follow_up_date=_iso_date("last_follow_up_date", p.get("last_follow_up_date")),
        episode_rule=rule or "cumulative",
        late_window_end_day=LATE_WINDOW_END_DAY if end is None else end,
        gcsf_dates=gcsf,
    )


def _required_date(field: str, value: object) -> date:
    parsed = _iso_date(field, value)
    if parsed is None:
        raise ClinicalInputError(field, "is required: an ISO date (YYYY-MM-DD).")
    return parsed


_PARSERS: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "crs": parse_crs,
    "icans": parse_icans,
    "tls": parse_tls,
    "hematotox": parse_hematotox,
    "easix": parse_easix,
    "icaht": parse_icaht,
}
_GRADERS: dict[str, Callable[..., GradeResult]] = {
    "crs": grade_crs,
    "icans": grade_icans,
    "tls": grade_tls,
    "hematotox": grade_hematotox,
    "easix": grade_easix,
    "icaht": grade_icaht,
}


def parse(kind: str, payload: Mapping[str, Any]) -> Any:
    """Parse a payload of ``kind`` into that kind's input type."""
    if kind not in KINDS:
        raise ClinicalInputError("kind", f"{kind!r} is not a kind; accepted: {', '.join(KINDS)}.")
    return _PARSERS[kind](payload)


def grade(kind: str, payload: Mapping[str, Any]) -> GradeResult:
    """Parse and grade one grading-io payload of ``kind`` (one of :data:`KINDS`)."""
    parsed = parse(kind, payload)
    return _GRADERS[kind](**{f.name: getattr(parsed, f.name) for f in fields(parsed)})

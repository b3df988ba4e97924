"""The ward after infusion, as pure functions: what a period's observations say to the graders,
the daily worst grades, episodes with onset and resolution, alerts, overdue checks and the
tocilizumab dose guard (issue 14 Part B; reference/ward-and-followup.md §14.3, clinical.md §6).

Nothing here reads a database or a clock: the ward app hands in the recorded observations
(:class:`Reading`) and the doses given (:class:`Given`) and shows what comes back. Every grade is
computed by the same graders as the grading page (:func:`grade_crs`, :func:`grade_icans`), so a
grade on the ward and a grade typed by hand can never disagree; what the ward adds is *which*
observations a period puts in front of them, and the result names them (``used``).

Choices cartnav made, each a setting where a source could decide otherwise:

- **The most severe finding of the period** is what is graded (ASTCT grades the worst state):
  the highest temperature, the worst oxygen device (a nasal cannula by the flow recorded with
  it), the most vasopressors, the lowest ICE score, the highest CAPD score, the worst
  consciousness, seizure and raised-pressure findings.
- **Fever is masked** for :data:`MASKING_HOURS` (72 h, a hospital setting) after a tocilizumab
  or corticosteroid dose: ASTCT says fever is no longer required once antipyretic or
  anticytokine therapy is given, but sets no end. Without one, a patient given tocilizumab once
  would carry CRS grade 1 ("masked fever with neither hypotension nor hypoxia", the grader's
  choice) for the rest of the stay and no episode could ever resolve; 72 h is cartnav's figure.
  A dose after the period does not mask it. ``masking_hours=None`` keeps ASTCT's open end.
- **Vasopressors** are charted as grading-io counts them: how many other than vasopressin are
  running, and whether vasopressin is; nothing is inferred from one about the other.
- **Hypotension** is what the nurse charts as hypotension, or a systolic pressure below
  :data:`HYPOTENSION_SYSTOLIC_BELOW` mmHg in an adult. ASTCT defines no number, and in children
  the threshold depends on age, so under 18 only the charted finding counts
  (``hypotension_systolic_below`` is a setting of the hospital).
- **Onset** of CRS is the first day graded ≥ 1; of ICANS the first day graded ≥ 1 (§14.3: ICE < 10,
  CAPD ≥ 1 or another domain, which is exactly what grade ≥ 1 means). **Resolution** is the first
  day of a run of grade 0 lasting :data:`RESOLUTION_HOURS` (24 h, cartnav's figure), with no
  tocilizumab or corticosteroid started in that run; a day with no observations never resolves
  anything. A return after resolution is a new episode.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from cartnav.clinical.crs import CANNULAS, DEVICE_GRADE, LOW_FLOW_MAX_L_MIN, grade_crs
from cartnav.clinical.guidance import (
    MAX_DOSE_MG,
    MAX_DOSES_24H,
    MAX_DOSES_TOTAL,
    tocilizumab_dose,
)
from cartnav.clinical.icans import CONSCIOUSNESS, RAISED_ICP, SEIZURE, grade_icans
from cartnav.clinical.result import GradeResult
from cartnav.clinical.text import Text, gettext_noop

HYPOTENSION_SYSTOLIC_BELOW = 90.0
#: How long after a tocilizumab or corticosteroid dose fever counts as masked (hours); a setting.
MASKING_HOURS = 72.0
ADULT_YEARS = 18.0
RESOLUTION_HOURS = 24
SOURCE_CHOICE = "cartnav's choice (cartnav/clinical/ward.py)"

#: Codes whose value is a number in the canonical unit of the analyte of the same name
#: (:mod:`cartnav.clinical.units`); ``vasopressors``, ``ice_total`` and ``capd_total`` are counts.
NUMERIC = (
    "temperature",
    "heart_rate",
    "systolic",
    "diastolic",
    "respiratory_rate",
    "spo2",
    "oxygen_flow",
    "vasopressors",
    "ice_total",
    "capd_total",
    "anc",
    "platelets",
    "hemoglobin",
    "lymphocytes",
    "crp",
    "ferritin",
    "fibrinogen",
    "igg",
    "fluid_in",
    "fluid_out",
    "weight",
)
#: Codes whose value is one of a grader's words.
CHOICES: dict[str, tuple[str, ...]] = {
    "oxygen_device": tuple(DEVICE_GRADE),
    "consciousness": tuple(CONSCIOUSNESS),
    "seizure": tuple(SEIZURE),
    "raised_icp": tuple(RAISED_ICP),
}
#: Codes whose value is yes or no.
FLAGS = ("hypotension", "vasopressin", "motor_weakness")
CODES = (*NUMERIC, *CHOICES, *FLAGS)

#: Drugs the ward records, and the ones that mask fever (ASTCT: anticytokine or steroid therapy).
TOCILIZUMAB = "tocilizumab"
CORTICOSTEROIDS = ("dexamethasone", "methylprednisolone", "hydrocortisone", "prednisone")
DRUGS = (
    TOCILIZUMAB,
    *CORTICOSTEROIDS,
    "norepinephrine",
    "vasopressin",
    "levetiracetam",
    "g_csf",
    "antimicrobial",
    "anakinra",
    "siltuximab",
)
MASKING = (TOCILIZUMAB, *CORTICOSTEROIDS)


@dataclass(frozen=True)
class Reading:
    """One recorded observation: ``value`` a float (NUMERIC), a word (CHOICES) or a bool."""

    id: Any
    at: dt.datetime
    code: str
    value: float | str | bool


@dataclass(frozen=True)
class Given:
    """One dose given: the drug (:data:`DRUGS`), when, and how much (mg; None if not charted)."""

    id: Any
    at: dt.datetime
    drug: str
    dose_mg: float | None = None


@dataclass(frozen=True)
class PeriodGrades:
    """CRS and ICANS of one period, and the observations and doses each rests on."""

    start: dt.datetime
    end: dt.datetime
    crs: GradeResult
    icans: GradeResult
    used: tuple[Any, ...]
    doses_used: tuple[Any, ...]


def _in(readings: Iterable[Reading], start: dt.datetime, end: dt.datetime) -> list[Reading]:
    return [r for r in readings if start <= r.at < end]


def _worst(readings: list[Reading], code: str, rank: Mapping[str, int]) -> Reading | None:
    found = [r for r in readings if r.code == code and isinstance(r.value, str)]
    return max(found, key=lambda r: (rank.get(str(r.value), 0), r.at), default=None)


def crs_inputs(
    readings: Sequence[Reading],
    given: Sequence[Given],
    start: dt.datetime,
    end: dt.datetime,
    *,
    age_years: float | None = None,
    hypotension_systolic_below: float = HYPOTENSION_SYSTOLIC_BELOW,
    masking_hours: float | None = MASKING_HOURS,
) -> tuple[dict[str, Any], tuple[Any, ...], tuple[Any, ...]]:
    """The grade_crs inputs that the period ``[start, end)`` records, the ids of the
    observations they came from, and the ids of the doses that mask fever."""
    period = _in(readings, start, end)
    used: list[Any] = []
    inputs: dict[str, Any] = {}
    temps = [r for r in period if r.code == "temperature"]
    if temps:
        hottest = max(temps, key=lambda r: (float(r.value), r.at))
        inputs["temperature"] = float(hottest.value)
        used.append(hottest.id)
    since = None if masking_hours is None else end - dt.timedelta(hours=masking_hours)
    masking = [
        g for g in given if g.drug in MASKING and g.at < end and (since is None or g.at >= since)
    ]
    inputs["fever_masked"] = bool(masking)
    charted = [r for r in period if r.code == "hypotension" and isinstance(r.value, bool)]
    pressures = [r for r in period if r.code == "systolic"]
    adult = age_years is not None and age_years >= ADULT_YEARS
    low = [r for r in pressures if adult and float(r.value) < hypotension_systolic_below]
    if any(r.value is True for r in charted) or low:
        inputs["hypotension"] = True
        used.extend(r.id for r in charted if r.value is True)
        used.extend(r.id for r in low[:1])
    elif charted or (adult and pressures):
        inputs["hypotension"] = False
    pressors = [r for r in period if r.code == "vasopressors"]
    if pressors:
        most = max(pressors, key=lambda r: float(r.value))
        inputs["vasopressors"] = int(float(most.value))
        used.append(most.id)
    vasopressin = [r for r in period if r.code == "vasopressin" and isinstance(r.value, bool)]
    if vasopressin:
        inputs["vasopressin"] = any(r.value is True for r in vasopressin)
    device = _worst_device(period)
    if device is not None:
        inputs["oxygen_device"] = str(device[0].value)
        used.append(device[0].id)
        if device[1] is not None:
            inputs["oxygen_flow"] = float(device[1].value)
            used.append(device[1].id)
    return inputs, tuple(used), tuple(g.id for g in masking)


def _worst_device(period: list[Reading]) -> tuple[Reading, Reading | None] | None:
    """The worst oxygen device of the period and the flow charted with it (same time).

    A nasal cannula counts by its flow: ≤ 6 L/min is low flow, more is high flow, and with no
    flow it ranks as the device's name suggests (the grader then leaves 2-versus-3 open)."""
    flows = {r.at: r for r in period if r.code == "oxygen_flow"}
    best: tuple[tuple[int, float, dt.datetime], Reading, Reading | None] | None = None
    for r in period:
        if r.code != "oxygen_device" or not isinstance(r.value, str):
            continue
        flow = flows.get(r.at)
        grade = DEVICE_GRADE.get(r.value, 0)
        if r.value in CANNULAS and flow is not None:
            grade = 2 if float(flow.value) <= LOW_FLOW_MAX_L_MIN else 3
        key = (grade, float(flow.value) if flow is not None else 0.0, r.at)
        if best is None or key > best[0]:
            best = (key, r, flow)
    return None if best is None else (best[1], best[2])


def icans_inputs(
    readings: Sequence[Reading],
    start: dt.datetime,
    end: dt.datetime,
    *,
    age_years: float | None = None,
) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """The grade_icans inputs the period records (the worst of each domain) and their ids."""
    period = _in(readings, start, end)
    used: list[Any] = []
    inputs: dict[str, Any] = {}
    if age_years is not None:
        inputs["age_years"] = age_years
    ice = [r for r in period if r.code == "ice_total"]
    if ice:
        lowest = min(ice, key=lambda r: (float(r.value), r.at))
        inputs["ice"] = {"total": int(float(lowest.value))}
        used.append(lowest.id)
    capd = [r for r in period if r.code == "capd_total"]
    if capd:
        highest = max(capd, key=lambda r: (float(r.value), r.at))
        inputs["capd"] = {"total": int(float(highest.value))}
        used.append(highest.id)
    for code, rank in (
        ("consciousness", CONSCIOUSNESS),
        ("seizure", SEIZURE),
        ("raised_icp", RAISED_ICP),
    ):
        worst = _worst(period, code, rank)
        if worst is not None:
            inputs[code] = str(worst.value)
            used.append(worst.id)
    weakness = [r for r in period if r.code == "motor_weakness" and isinstance(r.value, bool)]
    if weakness:
        inputs["motor_weakness"] = any(r.value is True for r in weakness)
        used.extend(r.id for r in weakness if r.value is True)
    return inputs, tuple(used)


def grade_period(
    readings: Sequence[Reading],
    given: Sequence[Given],
    start: dt.datetime,
    end: dt.datetime,
    *,
    age_years: float | None = None,
    hypotension_systolic_below: float = HYPOTENSION_SYSTOLIC_BELOW,
    masking_hours: float | None = MASKING_HOURS,
) -> PeriodGrades:
    """CRS and ICANS of the period ``[start, end)`` from its most severe findings."""
    crs_in, crs_used, doses = crs_inputs(
        readings,
        given,
        start,
        end,
        age_years=age_years,
        hypotension_systolic_below=hypotension_systolic_below,
        masking_hours=masking_hours,
    )
    icans_in, icans_used = icans_inputs(readings, start, end, age_years=age_years)
    return PeriodGrades(
        start=start,
        end=end,
        crs=grade_crs(**crs_in),
        icans=grade_icans(**icans_in),
        used=crs_used + icans_used,
        doses_used=doses,
    )


@dataclass(frozen=True)
class Day:
    """One calendar day after infusion (in the hospital's time zone) and its worst grades."""

    day: int
    date: dt.date
    crs: int | None
    icans: int | None
    observed: bool
    masking_started: bool


def daily(
    readings: Sequence[Reading],
    given: Sequence[Given],
    infusion: dt.date,
    through: dt.date,
    zone: str,
    *,
    age_years: float | None = None,
    hypotension_systolic_below: float = HYPOTENSION_SYSTOLIC_BELOW,
    masking_hours: float | None = MASKING_HOURS,
) -> list[Day]:
    """The daily maximum grade of CRS and ICANS from day 0 to ``through`` (registries ask for
    it, §14.3), each day a period from midnight to midnight where the hospital is."""
    tz = ZoneInfo(zone)
    out: list[Day] = []
    day = infusion
    while day <= through:
        start = dt.datetime.combine(day, dt.time(), tz)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz)
        period = grade_period(
            readings,
            given,
            start,
            end,
            age_years=age_years,
            hypotension_systolic_below=hypotension_systolic_below,
            masking_hours=masking_hours,
        )
        out.append(
            Day(
                day=(day - infusion).days,
                date=day,
                crs=period.crs.grade,
                icans=period.icans.grade,
                observed=bool(_in(readings, start, end)),
                masking_started=any(start <= g.at < end for g in given if g.drug in MASKING),
            )
        )
        day += dt.timedelta(days=1)
    return out


@dataclass(frozen=True)
class Episode:
    """One episode of a syndrome: onset, the worst grade and its first day, and resolution
    (None while it lasts or cannot be told)."""

    syndrome: str
    onset: dt.date
    max_grade: int
    max_date: dt.date
    resolved: dt.date | None
    follows: int | None = None  # index of the episode this one returns after

    def to_dict(self) -> dict[str, Any]:
        return {
            "syndrome": self.syndrome,
            "onset": self.onset.isoformat(),
            "max_grade": self.max_grade,
            "max_date": self.max_date.isoformat(),
            "resolved": self.resolved.isoformat() if self.resolved else None,
            "follows": self.follows,
        }


def episodes(days: Sequence[Day], syndrome: str) -> list[Episode]:
    """Episodes of ``syndrome`` ("crs" or "icans") from the daily grades (module docstring).

    A day graded 0 resolves an open episode only if it was observed and no tocilizumab or
    corticosteroid was started that day; an unknown day neither continues nor ends one — the
    episode stays open until a resolving day is seen."""
    out: list[Episode] = []
    open_: dict[str, Any] | None = None
    for d in days:
        grade = d.crs if syndrome == "crs" else d.icans
        if grade is not None and grade >= 1:
            if open_ is None:
                open_ = {"onset": d.date, "max": grade, "max_date": d.date}
            elif grade > open_["max"]:
                open_["max"], open_["max_date"] = grade, d.date
        elif grade == 0 and d.observed and open_ is not None and not d.masking_started:
            out.append(
                Episode(
                    syndrome,
                    open_["onset"],
                    open_["max"],
                    open_["max_date"],
                    d.date,
                    follows=len(out) - 1 if out else None,
                )
            )
            open_ = None
    if open_ is not None:
        out.append(
            Episode(
                syndrome,
                open_["onset"],
                open_["max"],
                open_["max_date"],
                None,
                follows=len(out) - 1 if out else None,
            )
        )
    return out


# ---------------------------------------------------------------- alerts


#: The default alert rules (issue 14: new CRS ≥ 2, any ICANS, ICE falling by ≥ 2 points,
#: SpO2 < 92 %, systolic < 90 mmHg, ANC < 0.5 with fever). A hospital may keep its own list.
DEFAULT_RULES: tuple[dict[str, Any], ...] = (
    {"key": "crs", "kind": "grade", "syndrome": "crs", "at_least": 2},
    {"key": "icans", "kind": "grade", "syndrome": "icans", "at_least": 1},
    {"key": "ice_drop", "kind": "drop", "code": "ice_total", "by": 2},
    {"key": "spo2", "kind": "below", "code": "spo2", "value": 92},
    {"key": "systolic", "kind": "below", "code": "systolic", "value": 90},
    {"key": "febrile_neutropenia", "kind": "anc_fever", "anc_below": 0.5, "fever": 38.0},
)
RULE_KINDS = ("grade", "drop", "below", "anc_fever")


@dataclass(frozen=True)
class Firing:
    """A rule that fires: ``key`` tells one firing from another (a grade rule fires once per
    grade reached; a value rule once per observation), ``text`` says why."""

    rule: str
    key: str
    text: Text
    reading: Any = None


def check_rules(rules: object) -> tuple[dict[str, Any], ...]:
    """Refuse a rule list that cannot be evaluated, naming the rule (admin data enters here)."""
    if not isinstance(rules, list | tuple) or not rules:
        raise ValueError("alert rules: a non-empty list of rules is required")
    seen: set[str] = set()
    for i, rule in enumerate(rules):
        where = f"alert rules[{i}]"
        if not isinstance(rule, Mapping) or not isinstance(rule.get("key"), str):
            raise ValueError(f"{where}: an object with a text 'key' is required")
        if rule["key"] in seen:
            raise ValueError(f"{where}: the key {rule['key']!r} is used twice")
        seen.add(rule["key"])
        kind = rule.get("kind")
        need = {
            "grade": ("syndrome", "at_least"),
            "drop": ("code", "by"),
            "below": ("code", "value"),
            "anc_fever": ("anc_below", "fever"),
        }.get(str(kind))
        if need is None:
            raise ValueError(f"{where}: kind must be one of {', '.join(RULE_KINDS)}")
        for name in need:
            if name not in rule:
                raise ValueError(f"{where}: {name!r} is required for a {kind} rule")
        if kind == "grade" and rule["syndrome"] not in ("crs", "icans"):
            raise ValueError(f"{where}: syndrome must be crs or icans")
        if kind in ("drop", "below") and rule["code"] not in NUMERIC:
            raise ValueError(f"{where}: {rule['code']!r} is not a numeric observation")
        for name in ("at_least", "by", "value", "anc_below", "fever"):
            if name in rule and (
                isinstance(rule[name], bool) or not isinstance(rule[name], int | float)
            ):
                raise ValueError(f"{where}: {name!r} must be a number")
    return tuple(dict(r) for r in rules)


def evaluate(
    rules: Sequence[Mapping[str, Any]],
    readings: Sequence[Reading],
    current: PeriodGrades,
    *,
    since: dt.datetime,
) -> list[Firing]:
    """The rules that fire on the current grades and on the observations since ``since``
    (the ones just recorded); value rules look at those only, so an old low reading does not
    fire again."""
    new = sorted((r for r in readings if r.at >= since), key=lambda r: r.at)
    out: list[Firing] = []
    for rule in rules:
        kind, key = rule["kind"], rule["key"]
        if kind == "grade":
            result = current.crs if rule["syndrome"] == "crs" else current.icans
            if result.grade is not None and result.grade >= rule["at_least"]:
                text = (
                    gettext_noop("CRS grade {grade}", grade=result.grade)
                    if rule["syndrome"] == "crs"
                    else gettext_noop("ICANS grade {grade}", grade=result.grade)
                )
                out.append(Firing(key, f"{key}:{result.grade}", text))
        elif kind == "below":
            for r in new:
                if r.code == rule["code"] and float(r.value) < rule["value"]:
                    out.append(
                        Firing(
                            key,
                            f"{key}:{r.id}",
                            gettext_noop(
                                "{what} {value:g}, below {limit:g}",
                                what=LABELS.get(r.code, r.code),
                                value=float(r.value),
                                limit=float(rule["value"]),
                            ),
                            r.id,
                        )
                    )
        elif kind == "drop":
            series = sorted((r for r in readings if r.code == rule["code"]), key=lambda r: r.at)
            for before, after in itertools.pairwise(series):
                if after.at >= since and float(before.value) - float(after.value) >= rule["by"]:
                    out.append(
                        Firing(
                            key,
                            f"{key}:{after.id}",
                            gettext_noop(
                                "{what} fell from {before:g} to {after:g}",
                                what=LABELS.get(after.code, after.code),
                                before=float(before.value),
                                after=float(after.value),
                            ),
                            after.id,
                        )
                    )
        elif kind == "anc_fever":
            out.extend(_anc_fever(rule, readings, new))
    return out


def _anc_fever(
    rule: Mapping[str, Any], readings: Sequence[Reading], new: list[Reading]
) -> list[Firing]:
    """ANC below the limit with a temperature at or above the fever limit within 24 h of it."""
    day = dt.timedelta(hours=24)
    out: list[Firing] = []
    for r in new:
        if r.code not in ("anc", "temperature"):
            continue
        other = "temperature" if r.code == "anc" else "anc"
        for o in readings:
            if o.code != other or abs(o.at - r.at) > day:
                continue
            anc, temp = (r, o) if r.code == "anc" else (o, r)
            if float(anc.value) < rule["anc_below"] and float(temp.value) >= rule["fever"]:
                out.append(
                    Firing(
                        rule["key"],
                        f"{rule['key']}:{anc.id}",
                        gettext_noop(
                            "ANC {anc:g} × 10⁹/L with a temperature of {temp:g} °C",
                            anc=float(anc.value),
                            temp=float(temp.value),
                        ),
                        r.id,
                    )
                )
                break
    return out


LABELS: dict[str, Text] = {
    "temperature": gettext_noop("temperature"),
    "heart_rate": gettext_noop("heart rate"),
    "systolic": gettext_noop("systolic pressure"),
    "diastolic": gettext_noop("diastolic pressure"),
    "respiratory_rate": gettext_noop("respiratory rate"),
    "spo2": gettext_noop("SpO2"),
    "oxygen_flow": gettext_noop("oxygen flow"),
    "vasopressors": gettext_noop("vasopressors"),
    "ice_total": gettext_noop("ICE score"),
    "capd_total": gettext_noop("CAPD score"),
    "anc": gettext_noop("ANC"),
    "platelets": gettext_noop("platelets"),
    "hemoglobin": gettext_noop("haemoglobin"),
    "lymphocytes": gettext_noop("lymphocytes"),
    "crp": gettext_noop("CRP"),
    "ferritin": gettext_noop("ferritin"),
    "fibrinogen": gettext_noop("fibrinogen"),
    "igg": gettext_noop("IgG"),
    "fluid_in": gettext_noop("fluid in"),
    "fluid_out": gettext_noop("fluid out"),
    "weight": gettext_noop("weight"),
    "oxygen_device": gettext_noop("oxygen device"),
    "consciousness": gettext_noop("consciousness"),
    "seizure": gettext_noop("seizure"),
    "raised_icp": gettext_noop("raised intracranial pressure"),
    "hypotension": gettext_noop("hypotension"),
    "vasopressin": gettext_noop("vasopressin"),
    "motor_weakness": gettext_noop("motor weakness"),
}


# ---------------------------------------------------------------- checks due


#: How often each check is due by default (issue 14: vital signs every 4 hours, ICE every 8 hours
#: for the first 10 days). ``codes``: any of them recorded counts as the check done.
DEFAULT_SCHEDULE: tuple[dict[str, Any], ...] = (
    {"key": "vitals", "codes": ["temperature"], "every_hours": 4},
    {"key": "neuro", "codes": ["ice_total", "capd_total"], "every_hours": 8, "until_day": 10},
)


@dataclass(frozen=True)
class Due:
    """A check, when it was last done and when it is (or was) next due."""

    key: str
    last: dt.datetime | None
    due: dt.datetime
    overdue: bool


def check_schedule(schedule: object) -> tuple[dict[str, Any], ...]:
    """Refuse a schedule that cannot be followed, naming the entry (admin data enters here)."""
    if not isinstance(schedule, list | tuple):
        raise ValueError("check schedule: a list of checks is required")
    for i, item in enumerate(schedule):
        where = f"check schedule[{i}]"
        if not isinstance(item, Mapping) or not isinstance(item.get("key"), str):
            raise ValueError(f"{where}: an object with a text 'key' is required")
        codes = item.get("codes")
        if not isinstance(codes, list) or not codes or any(c not in CODES for c in codes):
            raise ValueError(f"{where}: 'codes' must list observation codes")
        hours = item.get("every_hours")
        if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= 168:
            raise ValueError(f"{where}: 'every_hours' must be a number of hours, 1 to 168")
        until = item.get("until_day")
        if until is not None and (isinstance(until, bool) or not isinstance(until, int)):
            raise ValueError(f"{where}: 'until_day' must be a whole day number")
    return tuple(dict(s) for s in schedule)


def checks_due(
    schedule: Sequence[Mapping[str, Any]],
    readings: Sequence[Reading],
    infused_at: dt.datetime,
    now: dt.datetime,
) -> list[Due]:
    """Each check of the schedule that applies today: last done, next due, and whether late.
    The first is due at infusion (day 0 starts with a full set)."""
    last: dict[str, dt.datetime] = {}
    for item in schedule:
        done = [r.at for r in readings if r.code in item["codes"] and r.at <= now]
        if done:
            last[item["key"]] = max(done)
    return _due(schedule, last, infused_at, now)


def checks_due_from(
    schedule: Sequence[Mapping[str, Any]],
    last: Mapping[str, str],
    infused_at: dt.datetime,
    now: dt.datetime,
) -> list[Due]:
    """:func:`checks_due` from the last time of each check (schedule key → ISO time), as a
    stay keeps them; a time that is not ISO is read as never done."""
    times: dict[str, dt.datetime] = {}
    for key, text in last.items():
        try:
            times[key] = dt.datetime.fromisoformat(text)
        except (TypeError, ValueError):
            continue
    return _due(schedule, times, infused_at, now)


def _due(
    schedule: Sequence[Mapping[str, Any]],
    last: Mapping[str, dt.datetime],
    infused_at: dt.datetime,
    now: dt.datetime,
) -> list[Due]:
    out: list[Due] = []
    day = (now - infused_at).days
    for item in schedule:
        until = item.get("until_day")
        if until is not None and day > until:
            continue
        done = last.get(item["key"])
        due = infused_at if done is None else done + dt.timedelta(hours=float(item["every_hours"]))
        out.append(Due(item["key"], done, due, now > due))
    return out


# ---------------------------------------------------------------- dose guard


@dataclass(frozen=True)
class DoseCheck:
    """Whether a tocilizumab dose may be recorded without a physician's override, and why."""

    expected_mg: float | None
    problems: tuple[Text, ...]
    basis: tuple[Text, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_tocilizumab(
    dose_mg: float,
    at: dt.datetime,
    previous: Iterable[dt.datetime],
    weight_kg: float | None,
) -> DoseCheck:
    """The label's limits (clinical.md §6): 8 mg/kg (12 mg/kg under 30 kg), at most 800 mg a
    dose, at most 3 doses in 24 hours and 4 in all. Each limit passed is a problem, and so is a
    weight that is not known (the dose cannot be checked); a dose *below* the weight-based one is
    allowed (a physician may choose less). Doses are compared rounded to 1 mg, as charted."""
    problems: list[Text] = []
    basis: list[Text] = []
    expected: float | None = None
    if weight_kg is None:
        problems.append(
            gettext_noop("the weight is not recorded, so the dose cannot be checked against it")
        )
    else:
        label = tocilizumab_dose(weight_kg)
        expected = label.dose_mg
        basis.append(
            gettext_noop(
                "{per_kg:g} mg/kg × {weight:g} kg, at most {cap:g} mg: {dose:g} mg",
                per_kg=label.mg_per_kg,
                weight=label.weight_kg,
                cap=MAX_DOSE_MG,
                dose=round(label.dose_mg),
            )
        )
        if round(dose_mg) > round(expected):
            problems.append(
                gettext_noop(
                    "{dose:g} mg is more than the weight-based dose of {expected:g} mg",
                    dose=dose_mg,
                    expected=round(expected),
                )
            )
    before = [t for t in previous if t <= at]
    within = [t for t in before if at - t < dt.timedelta(hours=24)]
    if len(within) >= MAX_DOSES_24H:
        problems.append(
            gettext_noop(
                "this would be dose {n} within 24 hours; the label allows at most {limit}",
                n=len(within) + 1,
                limit=MAX_DOSES_24H,
            )
        )
    if len(before) >= MAX_DOSES_TOTAL:
        problems.append(
            gettext_noop(
                "this would be dose {n} in all; the label allows at most {limit}",
                n=len(before) + 1,
                limit=MAX_DOSES_TOTAL,
            )
        )
    return DoseCheck(expected, tuple(problems), tuple(basis))

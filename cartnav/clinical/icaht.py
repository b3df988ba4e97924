"""ICAHT: immune effector cell-associated haematotoxicity, early and late (ward-and-followup.md §9).

Source: Rejeski K, Subklewe M, Aljurf M, et al. Immune effector cell–associated hematotoxicity:
EHA/EBMT consensus grading and best practice recommendations. Blood 2023;142(10):865–877 — grading
by "depth and duration of neutropenia", early (day 0–30) and late (after day +30). The grade
table and the way days are counted follow the open-source grader of E. C. Liang (GitHub
``emilyliangmd/automatedicahtgrading``, ``index.Rmd``), which cites the consensus; the cumulative
count, the joining of non-stable recovery and the censoring events follow the Rejeski group's
T-ICAHT paper (Table 1 footnote), which restates the N-ICAHT logic.

Early ICAHT (§9.1, §9.1.1), in order:

1. Day 0 is the calendar day of infusion; the window is day 0 to day 30 inclusive. A dated and
   timed ANC counts on the calendar date it was written with (its own UTC offset): the core
   knows no hospital time zone (cartnav's choice).
2. Several ANCs on one day: the lowest.
3. Thresholds are inclusive and compared directly: ≤ 0.5 and ≤ 0.1 × 10⁹/L (never Liang's
   "below 501", so 0.5004 × 10⁹/L is not a neutropenic day).
4. Days without an ANC are filled as Liang's ``na.approx(anc, maxgap = 7, rule = 2)``: linear
   interpolation over runs of up to 7 missing days, each interpolated value rounded to the
   nearest 0.01 × 10⁹/L (10/µL, half to even as R's ``round``); a run of up to 7 missing days at
   either end of the window takes the first or last observed value. A longer run stays missing
   (as in zoo, at the ends too), its days never count as neutropenic, and a warning gives its
   dates. Only interpolated values are rounded — Liang rounds observed values too, which would
   make 0.5004 count (cartnav's choice, so that rule 3 holds for every measured value). Only
   values inside the window are used, as Liang filters to the window before interpolating.
5. Runs of neutropenic days are joined when the days between them above the threshold number
   at most 2 (non-stable recovery); the days between count toward the duration.
6. ``episode_rule``: ``"cumulative"`` (default, cartnav's choice: the originating group's own
   wording in the T-ICAHT footnote) adds every joined episode; ``"longest"`` takes the longest,
   as Liang's grader. The basis names the rule.
7. Counting stops at the first of progression or relapse, the next line of therapy, death, and
   the end of observation — the later of the last ANC and the last follow-up (cartnav's choice
   for "last ANC or last follow-up": an ANC is itself a contact, and a follow-up date lets the
   last value be carried up to 7 days as in Liang). The censoring day itself counts, as Liang's
   ``date <= date_earliest``. Censored before day 30 while the ANC had not stably recovered
   (no 3 days in a row above 0.5 × 10⁹/L after the last neutropenic day) the early grade is
   "at least", and the warning names the event.
8. Grade (Liang's ``case_when``): 4 if D100 ≥ 14 or D500 ≥ 31; else 3 if D100 is 7–13 or D500
   is 14–30; else 2 if D500 is 7–13; else 1 if D500 is 1–6; else 0. D500 exactly 30 is grade 3
   with a warning: the printed wording of the consensus table is unverified.
9. Liang's never-recovered rule (cartnav's choice: kept, and labelled in the basis): an episode
   of ANC ≤ 0.5 × 10⁹/L that starts on day 0–3 and still holds on the last day of the window
   — the last available ANC — is grade 4. A window that ends in a gap of more than 7 days is
   not "still open": missing days never count as neutropenic.
10. G-CSF days are recorded and shown; they never change the grade (cartnav's choice).
11. The counts are graded; a warning says that the clinician must attribute them.

Late ICAHT (§9.2): from day 31 to the first of ``late_window_end_day`` (default 100, cartnav's
choice, both studies' cap) and the censoring above. The lowest ANC of each day; the nadir sets
the grade by interval (≤ 1.5 → 1, ≤ 1.0 → 2, ≤ 0.5 → 3, ≤ 0.1 → 4), assigned only if the
second-lowest value is also ≤ 1.5 × 10⁹/L (one value only: graded on it). Nothing requires the
two values to be consecutive.

``grade`` is the early grade. Neither grade is set when the inputs cannot decide it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from cartnav.clinical.decide import choice, whole
from cartnav.clinical.result import Basis, GradeResult
from cartnav.clinical.text import Text, gettext_noop
from cartnav.clinical.units import ClinicalInputError, canonical_quantity, check_range, tidy

GRADE_SOURCE = "EHA/EBMT ICAHT (Rejeski et al., Blood 2023), early grade table as coded by Liang"
LATE_SOURCE = "EHA/EBMT ICAHT (Rejeski et al., Blood 2023), late grade as coded by Liang"
LIANG_SOURCE = "Liang, automatedicahtgrading (index.Rmd)"
JOIN_SOURCE = "Liang (joinAcrossGaps, maxGap = 2); T-ICAHT Table 1 footnote (Rejeski group)"
CHOICE = gettext_noop("cartnav's choice (docs/grading.md)")

EARLY_LAST_DAY = 30
#: The early window, day 0 to day 30: 31 days.
EARLY_DAYS = EARLY_LAST_DAY + 1
#: The early thresholds in 10⁹/L (inclusive): 500/µL and 100/µL.
SEVERE = 0.5
PROFOUND = 0.1
#: Days above the threshold between two runs that still join them (non-stable recovery).
MAX_JOIN_GAP = 2
#: Stable recovery: this many days in a row above the threshold (CIBMTR engraftment).
STABLE_RECOVERY_DAYS = MAX_JOIN_GAP + 1
#: Longest run of days without an ANC that is filled (Liang: ``maxgap = 7``).
MAX_FILLED_GAP = 7
#: Interpolated values are rounded to this many 10⁹/L (10/µL).
ROUND_TO = 0.01
#: The never-recovered rule: an episode starting on or before this day.
NEVER_RECOVERED_BY_DAY = 3
LATE_FIRST_DAY = 31
#: Late grade by interval: the first limit the nadir is at or below (10⁹/L).
LATE_LIMITS = ((PROFOUND, 4), (SEVERE, 3), (1.0, 2), (1.5, 1))
NON_TRANSIENT = 1.5
#: The oldest ANC accepted, counted from infusion (baseline before lymphodepletion).
EARLIEST_DAY = -30
EPISODE_RULES = ("cumulative", "longest")
LATE_WINDOW_END_DAY = 100
#: ``late_window_end_day`` limits: the late window starts on day 31; Liang names day +180 or
#: +365 as reasonable extensions.
LATE_WINDOW_RANGE = (LATE_FIRST_DAY, 365)
LATE_WINDOW_WHY = gettext_noop(
    "the late window starts on day 31; Liang names day +180 or +365 as extensions"
)
#: Dates outside these years are refused as typing errors.
FIRST_YEAR, LAST_YEAR = 1900, 2199

_EVENT_TEXT: dict[str, Text] = {
    "progression_date": gettext_noop("progression or relapse"),
    "next_therapy_date": gettext_noop("start of the next line of therapy"),
    "death_date": gettext_noop("death"),
    "last_follow_up_date": gettext_noop("last follow-up"),
    "last_anc": gettext_noop("last ANC"),
}
_EVENTS = ("progression_date", "next_therapy_date", "death_date")
_RULE_TEXT: dict[str, Text] = {
    "cumulative": gettext_noop("all episodes added (cumulative rule, the default)"),
    "longest": gettext_noop("the longest episode only (longest rule, as Liang's grader)"),
}
_LATE_BAND = {4: "ANC ≤ 0.1", 3: "0.1 < ANC ≤ 0.5", 2: "0.5 < ANC ≤ 1.0", 1: "1.0 < ANC ≤ 1.5"}


@dataclass(frozen=True)
class Episode:
    """A joined run of days at or below a threshold, ``start`` to ``end`` inclusive (days from
    infusion), and the runs of days above it that were joined in."""

    start: int
    end: int
    joined: tuple[tuple[int, int], ...] = ()

    @property
    def days(self) -> int:
        return self.end - self.start + 1


@dataclass(frozen=True)
class Filled:
    """The early window day by day: a value per day (``None`` where it stays missing), the days
    interpolated, the days carried from the nearest value, and the runs left missing."""

    first_day: int
    values: tuple[float | None, ...]
    interpolated: tuple[int, ...]
    carried: tuple[int, ...]
    gaps: tuple[tuple[int, int], ...]

    @property
    def last_day(self) -> int:
        return self.first_day + len(self.values) - 1


def early_grade(d500: int, d100: int) -> int:
    """The early grade table as Liang codes it (§9.1 "Rule as coded", steps 1–5)."""
    if d100 >= 14 or d500 >= EARLY_DAYS:
        return 4
    if 7 <= d100 <= 13 or 14 <= d500 <= 30:
        return 3
    if 7 <= d500 <= 13:
        return 2
    return 1 if 1 <= d500 <= 6 else 0


def late_nadir_grade(nadir: float) -> int:
    """Late grade of the nadir, interval form: ≤ 0.1 → 4; ≤ 0.5 → 3; ≤ 1.0 → 2; ≤ 1.5 → 1;
    else 0 (× 10⁹/L). Boundaries: 1.5 → 1, 1.0 → 2, 0.5 → 3, 0.1 → 4."""
    for limit, grade in LATE_LIMITS:
        if nadir <= limit:
            return grade
    return 0


def late_grade(values: Sequence[float]) -> int | None:
    """Late grade of the daily lowest values in the late window (``None`` if there are none):
    the nadir's grade if the second-lowest is also ≤ 1.5 × 10⁹/L, or with one value only."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) > 1 and ordered[1] > NON_TRANSIENT:
        return 0
    return late_nadir_grade(ordered[0])


def _round_interpolated(value: float) -> float:
    """Round to the nearest 0.01 × 10⁹/L (10/µL), half to even as R's ``round``."""
    per_10_ul = tidy(value / ROUND_TO)
    return tidy(round(per_10_ul) * ROUND_TO)


def fill(observed: dict[int, float], first_day: int, last_day: int) -> Filled:
    """The days ``first_day``..``last_day`` with Liang's ``na.approx(maxgap = 7, rule = 2)``.

    ``observed`` maps a day to its lowest ANC. A run of up to 7 missing days between two values
    is interpolated linearly (and rounded to 0.01); at either end of the window it takes the
    nearest value. A longer run stays missing, wherever it is.
    """
    days = range(first_day, last_day + 1)
    values: list[float | None] = [observed.get(day) for day in days]
    seen = sorted(day for day in observed if first_day <= day <= last_day)
    interpolated: list[int] = []
    carried: list[int] = []
    gaps: list[tuple[int, int]] = []
    day = first_day
    while day <= last_day:
        if values[day - first_day] is not None:
            day += 1
            continue
        end = day
        while end + 1 <= last_day and values[end + 1 - first_day] is None:
            end += 1
        before = max((d for d in seen if d < day), default=None)
        after = min((d for d in seen if d > end), default=None)
        if end - day + 1 > MAX_FILLED_GAP or (before is None and after is None):
            gaps.append((day, end))
        elif before is not None and after is not None:
            low, high = observed[before], observed[after]
            for gap_day in range(day, end + 1):
                share = (gap_day - before) / (after - before)
                values[gap_day - first_day] = _round_interpolated(low + (high - low) * share)
                interpolated.append(gap_day)
        else:
            nearest = observed[next(d for d in (before, after) if d is not None)]
            for gap_day in range(day, end + 1):
                values[gap_day - first_day] = nearest
                carried.append(gap_day)
        day = end + 1
    return Filled(first_day, tuple(values), tuple(interpolated), tuple(carried), tuple(gaps))


def episodes(values: Sequence[float | None], first_day: int, threshold: float) -> list[Episode]:
    """Runs of days with a value ≤ ``threshold``, joined across ≤ 2 days above it.

    A missing day is never neutropenic. Missing runs are longer than 7 days, so they never fall
    inside a joinable gap.
    """
    runs: list[tuple[int, int]] = []
    for offset, value in enumerate(values):
        day = first_day + offset
        if value is not None and value <= threshold:
            if runs and runs[-1][1] == day - 1:
                runs[-1] = (runs[-1][0], day)
            else:
                runs.append((day, day))
    joined: list[Episode] = []
    for start, end in runs:
        if joined and start - joined[-1].end - 1 <= MAX_JOIN_GAP:
            last = joined[-1]
            gap = (last.end + 1, start - 1)
            joined[-1] = Episode(last.start, end, (*last.joined, gap))
        else:
            joined.append(Episode(start, end))
    return joined


def duration(found: Sequence[Episode], rule: str) -> int:
    """D500 or D100: the episodes added (``cumulative``) or the longest one (``longest``)."""
    if not found:
        return 0
    lengths = [e.days for e in found]
    return sum(lengths) if rule == "cumulative" else max(lengths)


def _day_of(infusion: date, when: date) -> int:
    return (_calendar(when) - infusion).days


def _calendar(when: date) -> date:
    """The calendar date of a date, or of a date and time as it was written (its own offset)."""
    return when.date() if isinstance(when, datetime) else when


def _on(infusion: date, day: int) -> str:
    """The ISO date of day ``day`` after infusion."""
    return (infusion + timedelta(days=day)).isoformat()


def _as_date(field: str, value: object) -> date | None:
    """A date (or a date and time) between the years 1900 and 2199, or absent."""
    if value is None:
        return None
    if not isinstance(value, date):
        raise ClinicalInputError(field, f"{value!r} must be a date.")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ClinicalInputError(
            field, f"{value.isoformat()} is not a plausible date ({FIRST_YEAR}–{LAST_YEAR})."
        )
    return value


def _number(field: str, value: object) -> float:
    """A finite number, checked against the ANC limits of :mod:`cartnav.clinical.units`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ClinicalInputError(field, f"{value!r} is not a number.")
    try:
        number = float(value)
    except OverflowError:
        raise ClinicalInputError(field, "is not a finite number.") from None
    if not math.isfinite(number):
        raise ClinicalInputError(field, f"value {value!r} is not a finite number.")
    return check_range(field, "anc", number)


def _days_text(days: Sequence[int]) -> str:
    """``[2, 3, 4, 7]`` as ``2–4, 7``."""
    parts: list[str] = []
    ordered = sorted(days)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        parts.append(str(ordered[i]) if i == j else f"{ordered[i]}–{ordered[j]}")
        i = j + 1
    return ", ".join(parts)


def _list(field: str, value: object, what: str) -> Sequence[Any]:
    if value is None:
        return ()
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise ClinicalInputError(field, f"must be a list of {what}.")
    return value


def _validate(
    infusion_date: object, anc: object, given: dict[str, object], gcsf_dates: object
) -> tuple[date | None, dict[str, date | None], list[tuple[date, float]], list[date]]:
    """Refuse what cannot be graded, naming the field; return the infusion day, the events'
    calendar days, the ANC series and the G-CSF days."""
    checked = _as_date("infusion_date", infusion_date)
    infusion = None if checked is None else _calendar(checked)
    events: dict[str, date | None] = {}
    for name, value in given.items():
        when = _as_date(name, value)
        events[name] = None if when is None else _calendar(when)
        if infusion is not None and when is not None and _day_of(infusion, when) < 0:
            raise ClinicalInputError(
                name,
                f"{_calendar(when).isoformat()} is before the infusion ({infusion.isoformat()}); "
                "only events from day 0 on stop the count (bridging therapy before infusion is "
                "not a next line).",
            )
    death = events.get("death_date")
    series: list[tuple[date, float]] = []
    for i, item in enumerate(_list("anc", anc, "(date, value) pairs")):
        if not isinstance(item, Sequence) or isinstance(item, str | bytes) or len(item) != 2:
            raise ClinicalInputError(f"anc[{i}]", "must be a (date, value) pair.")
        when = _as_date(f"anc[{i}].at", item[0])
        if when is None:
            raise ClinicalInputError(f"anc[{i}].at", "a date (or a date and time) is required.")
        value = _number(f"anc[{i}].value", item[1])
        if infusion is not None and _day_of(infusion, when) < EARLIEST_DAY:
            raise ClinicalInputError(
                f"anc[{i}].at",
                f"{_calendar(when).isoformat()} is day {_day_of(infusion, when)}: an ANC before "
                f"day {EARLIEST_DAY} (before lymphodepletion) is not part of this grading.",
            )
        if death is not None and _calendar(when) > death:
            raise ClinicalInputError(
                f"anc[{i}].at",
                f"{_calendar(when).isoformat()} is after death_date ({death.isoformat()}); "
                "check both dates.",
            )
        series.append((when, value))
    gcsf: list[date] = []
    for i, value in enumerate(_list("gcsf_dates", gcsf_dates, "dates")):
        when = _as_date(f"gcsf_dates[{i}]", value)
        if when is None:
            raise ClinicalInputError(f"gcsf_dates[{i}]", "a date is required.")
        day = _calendar(when)
        if day in gcsf:
            raise ClinicalInputError(
                f"gcsf_dates[{i}]",
                f"{day.isoformat()} is listed twice (gcsf_dates[{gcsf.index(day)}]); "
                "give each day of G-CSF once.",
            )
        if infusion is not None and _day_of(infusion, day) < EARLIEST_DAY:
            raise ClinicalInputError(
                f"gcsf_dates[{i}]", f"{day.isoformat()} is before day {EARLIEST_DAY}."
            )
        gcsf.append(day)
    return infusion, events, series, gcsf


def _censoring(
    infusion: date, series: Sequence[tuple[date, float]], events: dict[str, date | None]
) -> tuple[int | None, str | None]:
    """The day counting stops and the event that stops it (the first of them; a tie names the
    first in the order progression, next therapy, death, end of observation)."""
    found: list[tuple[int, str]] = [
        (_day_of(infusion, when), name) for name, when in events.items() if when is not None
    ]
    last_anc = max((_day_of(infusion, when) for when, _ in series), default=None)
    follow_up = events.get("last_follow_up_date")
    last_fu = None if follow_up is None else _day_of(infusion, follow_up)
    candidates = [(day, name) for day, name in found if name in _EVENTS]
    if last_fu is not None and (last_anc is None or last_fu >= last_anc):
        candidates.append((last_fu, "last_follow_up_date"))
    elif last_anc is not None:
        candidates.append((last_anc, "last_anc"))
    if not candidates:
        return None, None
    order = [*_EVENTS, "last_follow_up_date", "last_anc"]
    day, name = min(candidates, key=lambda c: (c[0], order.index(c[1])))
    return day, name


def _daily_lowest(
    infusion: date, series: Sequence[tuple[date, float]], first: int, last: int
) -> tuple[dict[int, float], list[int]]:
    """The lowest value of each day in ``first``..``last``, and the days that had several."""
    lowest: dict[int, float] = {}
    counts: dict[int, int] = {}
    for when, value in series:
        day = _day_of(infusion, when)
        if first <= day <= last:
            counts[day] = counts.get(day, 0) + 1
            lowest[day] = min(value, lowest.get(day, value))
    return lowest, sorted(day for day, n in counts.items() if n > 1)


@dataclass(frozen=True)
class _Early:
    """The early grade, its durations, whether it is a lower bound, whether more ANCs could
    change it."""

    grade: int | None = None
    d500: int | None = None
    d100: int | None = None
    at_least: bool = False
    needs_anc: bool = False


def _early(
    infusion: date,
    series: Sequence[tuple[date, float]],
    censor_day: int | None,
    censor_event: str | None,
    rule: str,
    basis: list[Basis],
    warnings: list[str],
) -> _Early:
    """The early grade (§9.1), appending its basis lines and warnings."""
    last_day = EARLY_LAST_DAY if censor_day is None else min(EARLY_LAST_DAY, censor_day)
    if last_day < 0:
        return _Early(needs_anc=True)
    observed, several = _daily_lowest(infusion, series, 0, last_day)
    if not observed:
        return _Early(needs_anc=True)
    censored = censor_day is not None and censor_day < EARLY_LAST_DAY
    if censored:
        basis.append(
            Basis(
                gettext_noop(
                    "early window: day 0 ({first}) to day {day} ({last}); counting stops at "
                    "{event}",
                    first=_on(infusion, 0),
                    day=last_day,
                    last=_on(infusion, last_day),
                    event=_EVENT_TEXT[censor_event or "last_anc"],
                ),
                CHOICE,
            )
        )
    else:
        basis.append(
            Basis(
                gettext_noop(
                    "early window: day 0 ({first}) to day 30 ({last})",
                    first=_on(infusion, 0),
                    last=_on(infusion, last_day),
                ),
                LIANG_SOURCE,
            )
        )
    if several:
        basis.append(
            Basis(
                gettext_noop(
                    "several ANC values on day {days}: the lowest of each day is used",
                    days=_days_text(several),
                ),
                LIANG_SOURCE,
            )
        )
    filled = fill(observed, 0, last_day)
    if filled.interpolated:
        basis.append(
            Basis(
                gettext_noop(
                    "no ANC on day {days}: interpolated linearly between the neighbouring values "
                    "(gaps of up to 7 days), rounded to the nearest 0.01 × 10⁹/L (10/µL)",
                    days=_days_text(filled.interpolated),
                ),
                LIANG_SOURCE,
            )
        )
    if filled.carried:
        basis.append(
            Basis(
                gettext_noop(
                    "no ANC on day {days}: the nearest observed value is carried out to the edge "
                    "of the window (up to 7 days)",
                    days=_days_text(filled.carried),
                ),
                LIANG_SOURCE,
            )
        )
    for start, end in filled.gaps:
        warnings.append(
            gettext_noop(
                "no ANC from {first} to {last} (day {start} to day {end}, {days} days): a gap "
                "longer than 7 days is not interpolated and its days do not count as "
                "neutropenic, so the early grade is a lower bound",
                first=_on(infusion, start),
                last=_on(infusion, end),
                start=start,
                end=end,
                days=end - start + 1,
            )
        )
    found = {
        SEVERE: episodes(filled.values, 0, SEVERE),
        PROFOUND: episodes(filled.values, 0, PROFOUND),
    }
    rule_source = CHOICE if rule == "cumulative" else LIANG_SOURCE
    for threshold, label in ((SEVERE, "0.5"), (PROFOUND, "0.1")):
        for episode in found[threshold]:
            basis.append(
                Basis(
                    gettext_noop(
                        "ANC ≤ {threshold} × 10⁹/L from day {start} to day {end}: an episode of "
                        "{days} day(s)",
                        threshold=label,
                        start=episode.start,
                        end=episode.end,
                        days=episode.days,
                    ),
                    LIANG_SOURCE,
                )
            )
            for first, last in episode.joined:
                basis.append(
                    Basis(
                        gettext_noop(
                            "day {days} above {threshold} × 10⁹/L: fewer than 3 days (non-stable "
                            "recovery), so the episodes either side are joined and these days "
                            "count",
                            days=_days_text(range(first, last + 1)),
                            threshold=label,
                        ),
                        JOIN_SOURCE,
                    )
                )
    d500 = duration(found[SEVERE], rule)
    d100 = duration(found[PROFOUND], rule)
    basis.append(
        Basis(
            gettext_noop(
                "D500 = {days}: days with ANC ≤ 0.5 × 10⁹/L (500/µL), {rule}",
                days=d500,
                rule=_RULE_TEXT[rule],
            ),
            rule_source,
        )
    )
    basis.append(
        Basis(
            gettext_noop(
                "D100 = {days}: days with ANC ≤ 0.1 × 10⁹/L (100/µL), {rule}",
                days=d100,
                rule=_RULE_TEXT[rule],
            ),
            rule_source,
        )
    )
    table = early_grade(d500, d100)
    basis.append(
        Basis(
            gettext_noop(
                "early ICAHT grade {grade}: {reason}", grade=table, reason=_reason(d500, d100)
            ),
            GRADE_SOURCE,
        )
    )
    grade = table
    open_episode = next((e for e in found[SEVERE] if e.end == filled.last_day), None)
    if table < 4 and open_episode is not None and open_episode.start <= NEVER_RECOVERED_BY_DAY:
        grade = 4
        basis.append(
            Basis(
                gettext_noop(
                    "early ICAHT grade 4 by the never-recovered rule (Liang's, kept by cartnav): "
                    "ANC ≤ 0.5 × 10⁹/L from day {start} (day 0–3) and still on day {end}, the "
                    "last available ANC",
                    start=open_episode.start,
                    end=open_episode.end,
                ),
                LIANG_SOURCE,
            )
        )
        warnings.append(
            gettext_noop(
                "the never-recovered rule is Liang's: whether the consensus wording grades an "
                "ANC that never recovers above 0.5 × 10⁹/L as 4 is unverified"
            )
        )
    if d500 == EARLY_LAST_DAY and grade == 3:
        warnings.append(
            gettext_noop(
                "D500 is exactly 30 days: graded 3 as Liang's grader does; the printed wording "
                "of the consensus table for day 30 (grade 3 up to 30 days, or grade 4 from 30 or "
                "31 days) is unverified, check Table 1 of Rejeski et al. 2023"
            )
        )
    last_low = max((e.end for e in found[SEVERE]), default=None)
    not_recovered = last_low is not None and last_day - last_low < STABLE_RECOVERY_DAYS
    at_least = grade < 4 and (bool(filled.gaps) or (censored and not_recovered))
    if grade < 4 and censored and not_recovered:
        warnings.append(
            gettext_noop(
                "counting stopped on day {day} ({date}) at {event}, before day 30, while the ANC "
                "had not recovered (not 3 days in a row above 0.5 × 10⁹/L): the early grade is "
                "at least {grade}",
                day=last_day,
                date=_on(infusion, last_day),
                event=_EVENT_TEXT[censor_event or "last_anc"],
                grade=grade,
            )
        )
    observation_ended = censored and censor_event in ("last_anc", "last_follow_up_date")
    needs_anc = grade < 4 and (bool(filled.gaps) or observation_ended)
    return _Early(grade, d500, d100, at_least, needs_anc)


def _reason(d500: int, d100: int) -> Text:
    """Why the table gives its grade: the first step of §9.1 that applies."""
    if d100 >= 14:
        return gettext_noop("D100 of 14 days or more")
    if d500 >= EARLY_DAYS:
        return gettext_noop("D500 of 31 days, every day of day 0–30")
    if 7 <= d100 <= 13:
        return gettext_noop("D100 of 7–13 days")
    if 14 <= d500 <= 30:
        return gettext_noop("D500 of 14–30 days")
    if 7 <= d500 <= 13:
        return gettext_noop("D500 of 7–13 days")
    if 1 <= d500 <= 6:
        return gettext_noop("D500 of 1–6 days")
    return gettext_noop("no day with ANC ≤ 0.5 × 10⁹/L")


def _late(
    infusion: date,
    series: Sequence[tuple[date, float]],
    censor_day: int | None,
    censor_event: str | None,
    window_end_day: int,
    basis: list[Basis],
    warnings: list[str],
) -> tuple[int | None, bool]:
    """The late grade (§9.2) and whether more ANCs could change it; appends basis and warnings."""
    if censor_day is not None and censor_day < LATE_FIRST_DAY:
        basis.append(
            Basis(
                gettext_noop(
                    "late window not reached: counting stops on day {day} at {event}",
                    day=censor_day,
                    event=_EVENT_TEXT[censor_event or "last_anc"],
                ),
                CHOICE,
            )
        )
        return None, False
    if censor_day is None:
        return None, False
    end = min(window_end_day, censor_day)
    reason = (
        gettext_noop("the set end of the late window (late_window_end_day)")
        if window_end_day <= censor_day
        else _EVENT_TEXT[censor_event or "last_anc"]
    )
    basis.append(
        Basis(
            gettext_noop(
                "late window: day 31 to day {end}, ending at {reason}", end=end, reason=reason
            ),
            CHOICE,
        )
    )
    if window_end_day > LATE_WINDOW_END_DAY:
        warnings.append(
            gettext_noop(
                "the late window runs to day {end}, beyond the day +100 of both study "
                "implementations: the two lowest values need not fall within a set number of "
                "days of each other, so a transient dip may be overgraded",
                end=window_end_day,
            )
        )
    lowest, _ = _daily_lowest(infusion, series, LATE_FIRST_DAY, end)
    if not lowest:
        basis.append(
            Basis(
                gettext_noop("no ANC from day 31 to day {end}: late ICAHT is not graded", end=end),
                LIANG_SOURCE,
            )
        )
        return None, True
    ordered = sorted(lowest.items(), key=lambda item: (item[1], item[0]))
    (day, nadir), second = ordered[0], (ordered[1] if len(ordered) > 1 else None)
    grade = late_grade([v for _, v in ordered])
    assert grade is not None
    if second is None and grade > 0:
        text = gettext_noop(
            "late ICAHT grade {grade}: the one ANC in the window, {nadir:g} × 10⁹/L on day "
            "{day} ({band} × 10⁹/L), graded on its own",
            grade=grade,
            nadir=nadir,
            day=day,
            band=_LATE_BAND[grade],
        )
    elif grade > 0:
        assert second is not None
        text = gettext_noop(
            "late ICAHT grade {grade}: nadir ANC {nadir:g} × 10⁹/L on day {day} ({band} × 10⁹/L), "
            "and the second-lowest, {second:g} × 10⁹/L on day {day2}, is also ≤ 1.5 × 10⁹/L "
            "(non-transient)",
            grade=grade,
            nadir=nadir,
            day=day,
            band=_LATE_BAND[grade],
            second=second[1],
            day2=second[0],
        )
    elif nadir > NON_TRANSIENT:
        text = gettext_noop(
            "late ICAHT grade 0: the nadir ANC, {nadir:g} × 10⁹/L on day {day}, is above "
            "1.5 × 10⁹/L",
            nadir=nadir,
            day=day,
        )
    else:
        assert second is not None
        text = gettext_noop(
            "late ICAHT grade 0: the nadir ANC, {nadir:g} × 10⁹/L on day {day}, is transient: "
            "the second-lowest, {second:g} × 10⁹/L on day {day2}, is above 1.5 × 10⁹/L",
            nadir=nadir,
            day=day,
            second=second[1],
            day2=second[0],
        )
    basis.append(Basis(text, LATE_SOURCE))
    observation_ended = end < window_end_day and censor_event in ("last_anc", "last_follow_up_date")
    return grade, grade < 4 and observation_ended


def _echo(
    infusion: date | None,
    series: Sequence[tuple[date, float]],
    events: dict[str, date | None],
    rule: str,
    window_end_day: int,
    gcsf: Sequence[date],
) -> dict[str, Any]:
    echo: dict[str, Any] = {}
    if infusion is not None:
        echo["infusion_date"] = infusion.isoformat()
    echo["anc"] = [
        {"at": when.isoformat(), **canonical_quantity("anc", value)} for when, value in series
    ]
    for name, when in events.items():
        if when is not None:
            echo[name] = _calendar(when).isoformat()
    echo["episode_rule"] = rule
    echo["late_window_end_day"] = window_end_day
    echo["gcsf_dates"] = [day.isoformat() for day in gcsf]
    return echo


def grade_icaht(
    *,
    infusion_date: date | None = None,
    anc: Sequence[tuple[date, float]] | None = None,
    progression_date: date | None = None,
    next_therapy_date: date | None = None,
    death_date: date | None = None,
    last_follow_up_date: date | None = None,
    episode_rule: str | None = "cumulative",
    late_window_end_day: int | None = LATE_WINDOW_END_DAY,
    gcsf_dates: Sequence[date] | None = None,
) -> GradeResult:
    """Early and late ICAHT (EHA/EBMT 2023) of an ANC series; ``grade`` is the early grade.

    ``anc`` is a sequence of ``(date or datetime, value in × 10⁹/L)`` pairs, several a day
    allowed. ``episode_rule`` is ``"cumulative"`` (default) or ``"longest"``;
    ``late_window_end_day`` (default 100, 31–365) ends the late window. ``gcsf_dates`` are shown
    beside the grade and never change it. The counting rules and cartnav's choices are in the
    module docstring and docs/grading.md.

    The result carries ``early_grade`` (= ``grade``), ``late_grade``, ``d500``, ``d100``,
    ``at_least`` (the early grade is a lower bound: censored before day 30 while the ANC had not
    recovered, or a gap of more than 7 days) and ``episode_rule``. ``missing`` names
    ``infusion_date`` when it is absent and ``anc`` when more values could change a grade (none
    in a window, a gap, or observation ending before day 30).
    """
    rule = choice("episode_rule", episode_rule, EPISODE_RULES) or "cumulative"
    window_end = whole(
        "late_window_end_day",
        late_window_end_day,
        *LATE_WINDOW_RANGE,
        LATE_WINDOW_WHY,
    )
    window_end = LATE_WINDOW_END_DAY if window_end is None else window_end
    given: dict[str, object] = {
        "progression_date": progression_date,
        "next_therapy_date": next_therapy_date,
        "death_date": death_date,
        "last_follow_up_date": last_follow_up_date,
    }
    infusion, events, series, gcsf = _validate(infusion_date, anc, given, gcsf_dates)
    echo = _echo(infusion, series, events, rule, window_end, gcsf)
    basis: list[Basis] = []
    warnings: list[str] = []
    missing: list[str] = []
    if infusion is None:
        missing.append("infusion_date")
        if not series:
            missing.append("anc")
        return GradeResult(
            kind="icaht",
            grade=None,
            missing=tuple(missing),
            input=echo,
            at_least=False,
            episode_rule=rule,
        )
    censor_day, censor_event = _censoring(infusion, series, events)
    early = _early(infusion, series, censor_day, censor_event, rule, basis, warnings)
    late, late_needs_anc = _late(
        infusion, series, censor_day, censor_event, window_end, basis, warnings
    )
    if early.needs_anc or late_needs_anc:
        missing.append("anc")
    if gcsf:
        basis.append(
            Basis(
                gettext_noop(
                    "G-CSF on day {days}: recorded and shown, it does not change the grade (no "
                    "source read changes the count for G-CSF; whether the consensus says "
                    "anything on it is unverified)",
                    days=_days_text([_day_of(infusion, day) for day in gcsf]),
                ),
                CHOICE,
            )
        )
    if (early.grade or 0) >= 1 or (late or 0) >= 1:
        warnings.append(
            gettext_noop(
                "ICAHT grades the counts only: the clinician must attribute the cytopenia to the "
                "immune effector cells (marrow relapse, marrow infiltration at baseline, "
                "infection or drugs are other causes; whether the consensus excludes them is "
                "unverified)"
            )
        )
    return GradeResult(
        kind="icaht",
        grade=early.grade,
        basis=tuple(basis),
        missing=tuple(missing),
        warnings=tuple(warnings),
        input=echo,
        early_grade=early.grade,
        late_grade=late,
        d500=early.d500,
        d100=early.d100,
        at_least=early.at_least,
        episode_rule=rule,
    )

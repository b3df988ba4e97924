"""The treatment plan's dated timeline, as pure rules (no Django): the order of its dates, the
local stay a label requires, and moving one date with what depends on it.

The dates, in the order each depends on the one before: assessment → apheresis →
lymphodepletion → infusion (day 0) → discharge from the ward → end of the local stay → home.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

#: The plan's dates, in dependency order.
STEPS = (
    "assessment",
    "apheresis",
    "lymphodepletion",
    "infusion",
    "discharge",
    "local_stay_end",
    "home",
)


class TimelineError(ValueError):
    """A date that breaks a rule; the message names the rule."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class StayRule:
    """How long and how near the hospital a patient stays after infusion, and on whose word."""

    days: int
    within_hours: float | None
    source: str


def check(dates: dict[str, dt.date | None], stay: StayRule | None) -> None:
    """Refuse dates out of order, and a local stay shorter than the rule requires."""
    known = [(name, dates.get(name)) for name in STEPS if dates.get(name) is not None]
    for (earlier, a), (later, b) in pairwise(known):
        if a is not None and b is not None and b < a:
            raise TimelineError(later, f"cannot be before {earlier} ({a.isoformat()})")
    lymphodepletion, infusion = dates.get("lymphodepletion"), dates.get("infusion")
    if lymphodepletion and infusion and lymphodepletion >= infusion:
        raise TimelineError("infusion", "must come after lymphodepletion has started")
    end = dates.get("local_stay_end")
    if stay and infusion and end and (end - infusion).days < stay.days:
        raise TimelineError(
            "local_stay_end",
            f"the local stay after infusion is {(end - infusion).days} days; "
            f"{stay.source} requires at least {stay.days}",
        )


def move(dates: dict[str, dt.date | None], step: str, to: dt.date) -> dict[str, dt.date | None]:
    """Move one date; every later date moves by the same number of days (what depends on it)."""
    if step not in STEPS:
        raise TimelineError(step, "is not a date of the plan")
    current = dates.get(step)
    moved = dict(dates)
    moved[step] = to
    if current is None:
        return moved
    delta = to - current
    for later in STEPS[STEPS.index(step) + 1 :]:
        value = dates.get(later)
        if value is not None:
            moved[later] = value + delta
    return moved


def day_numbers(dates: dict[str, dt.date | None]) -> dict[str, int | None]:
    """Each date as a day relative to infusion (day 0), as the ward counts."""
    infusion = dates.get("infusion")
    return {
        name: (value - infusion).days if value is not None and infusion is not None else None
        for name, value in dates.items()
    }

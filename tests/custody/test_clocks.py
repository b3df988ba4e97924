"""The bedside clocks: rules as data, running clocks, and whether the thaw or the infusion may
proceed. The numbers are the issue's examples (2 to 7 days, repeat after 14 days, 120 minutes
from thaw, 30 from priming, 2 tocilizumab doses), not any product's label."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cartnav.clinical.text import Text
from cartnav.custody.clocks import (
    ClockError,
    ClockRule,
    Decision,
    RuleError,
    may_proceed,
    parse_rule,
    running_clocks,
)

EXAMPLE = {
    "lymphodepletion_to_infusion_days": [2, 7],
    "repeat_lymphodepletion_after_days": 14,
    "thaw_to_infusion_minutes": 120,
    "priming_to_infusion_minutes": 30,
    "tocilizumab_doses_on_hand": 2,
    "source": "the issue's example rule",
}
RULE = parse_rule(EXAMPLE)
LD = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY3 = LD + timedelta(days=3)  # inside the 2-7 day window
THAW = DAY3.replace(hour=10, minute=0)


def at(hour: int, minute: int = 0) -> datetime:
    return DAY3.replace(hour=hour, minute=minute)


def by_name(rule: ClockRule, events: dict[str, datetime], now: datetime, toci: int | None) -> Any:
    return {clock.name: clock for clock in running_clocks(rule, events, now, toci)}


# --- rules ---------------------------------------------------------------------------------


def test_the_issues_example_rule_parses() -> None:
    assert RULE.lymphodepletion_to_infusion_days == (2, 7)
    assert RULE.repeat_lymphodepletion_after_days == 14
    assert RULE.thaw_to_infusion_minutes == 120
    assert RULE.priming_to_infusion_minutes == 30
    assert RULE.tocilizumab_doses_on_hand == 2
    assert RULE.lymphodepletion_from == "start" and RULE.anchor == "lymphodepletion_start"
    assert parse_rule({}) == ClockRule()  # every key is optional


@pytest.mark.parametrize(
    ("data", "key", "words"),
    [
        ({"lymphodepletion_days": [2, 7]}, "lymphodepletion_days", "not a clock rule key"),
        (
            {"lymphodepletion_to_infusion_days": [7, 2]},
            "lymphodepletion_to_infusion_days",
            "earliest not after latest",
        ),
        (
            {"lymphodepletion_to_infusion_days": [2]},
            "lymphodepletion_to_infusion_days",
            "[earliest, latest]",
        ),
        (
            {"lymphodepletion_to_infusion_days": "2-7"},
            "lymphodepletion_to_infusion_days",
            "[earliest, latest]",
        ),
        (
            {"lymphodepletion_to_infusion_days": [2.5, 7]},
            "lymphodepletion_to_infusion_days",
            "whole",
        ),
        (
            {"thaw_to_infusion_minutes": "120"},
            "thaw_to_infusion_minutes",
            "whole number of minutes",
        ),
        ({"thaw_to_infusion_minutes": 0}, "thaw_to_infusion_minutes", "from 1 to 1440"),
        ({"thaw_to_infusion_minutes": 7200}, "thaw_to_infusion_minutes", "from 1 to 1440"),
        ({"priming_to_infusion_minutes": True}, "priming_to_infusion_minutes", "whole number"),
        ({"tocilizumab_doses_on_hand": 0}, "tocilizumab_doses_on_hand", "leave the key out"),
        ({"repeat_lymphodepletion_after_days": None}, "repeat_lymphodepletion_after_days", None),
        (
            {"lymphodepletion_to_infusion_days": [2, 7], "repeat_lymphodepletion_after_days": 2},
            "repeat_lymphodepletion_after_days",
            "leaves no time to infuse",
        ),
        ({"lymphodepletion_from": "end"}, "lymphodepletion_from", "'start' or 'completion'"),
        ({"source": ""}, "source", "must name the label or protocol"),
    ],
)
def test_rule_errors_name_the_key(data: dict[str, Any], key: str, words: str | None) -> None:
    if words is None:  # None is "not given", as if the key were left out
        assert parse_rule(data) == ClockRule()
        return
    with pytest.raises(RuleError) as caught:
        parse_rule(data)
    assert caught.value.key == key
    assert str(caught.value).startswith(key) and words in str(caught.value)
    assert isinstance(caught.value.message, Text)


def test_a_rule_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(RuleError, match="must be a mapping"):
        parse_rule([("thaw_to_infusion_minutes", 120)])  # type: ignore[arg-type]


# --- running clocks ------------------------------------------------------------------------


def test_within_the_window_every_clock_runs_and_the_infusion_may_start() -> None:
    events = {"lymphodepletion_start": LD, "thaw": THAW, "priming": at(10, 40)}
    now = at(11, 0)
    clocks = by_name(RULE, events, now, 2)
    assert {name: clock.state for name, clock in clocks.items()} == {
        "lymphodepletion_to_infusion": "running",
        "repeat_lymphodepletion": "running",
        "thaw_to_infusion": "running",
        "priming_to_infusion": "running",
        "tocilizumab_on_hand": "ok",
    }
    window = clocks["lymphodepletion_to_infusion"]
    assert window.earliest == LD + timedelta(days=2) and window.limit == LD + timedelta(days=7)
    assert clocks["thaw_to_infusion"].remaining == timedelta(hours=1)
    assert clocks["priming_to_infusion"].remaining == timedelta(minutes=10)
    verdict = may_proceed(RULE, events, now, "infusion_start", 2, None)
    assert verdict.allowed and verdict.missing == () and verdict.decision is None
    assert [limit.name for limit in verdict.limits] == list(clocks)
    assert all(limit.state == "met" for limit in verdict.limits)
    assert verdict.reasons == ("infusion_start may proceed: every limit is met",)


def test_thaw_at_10_now_1201_with_a_120_minute_limit_is_overdue_and_refused() -> None:
    rule = parse_rule({"thaw_to_infusion_minutes": 120, "source": "the issue's example"})
    events = {"thaw": THAW}
    now = at(12, 1)
    (clock,) = running_clocks(rule, events, now, None)
    assert clock.name == "thaw_to_infusion" and clock.state == "overdue"
    assert clock.limit == at(12, 0) and clock.remaining == timedelta(minutes=-1)
    assert "infuse within 120 minutes of thaw (the issue's example)" in clock.basis
    verdict = may_proceed(rule, events, now, "infusion_start", None, None)
    assert not verdict.allowed
    (limit,) = verdict.limits
    assert limit.state == "breached" and not limit.covered
    assert "the limit passed at 2026-03-05 12:00 UTC (thaw at 2026-03-05 10:00 UTC)" in limit.basis
    assert verdict.reasons == (limit.basis,)
    at_the_limit = may_proceed(rule, events, at(12, 0), "infusion_start", None, None)
    assert at_the_limit.allowed  # the limit itself is still within it


def test_a_physicians_decision_lets_the_infusion_proceed_and_the_verdict_names_it() -> None:
    rule = parse_rule({"thaw_to_infusion_minutes": 120})
    decision = Decision("dr-wang", "cells checked; benefit outweighs the delay", at(12, 1))
    verdict = may_proceed(rule, {"thaw": THAW}, at(12, 3), "infusion_start", None, decision)
    assert verdict.allowed and verdict.decision == decision
    assert verdict.limits[0].state == "breached" and verdict.limits[0].covered
    assert verdict.reasons == (
        "infusion_start may proceed past thaw_to_infusion on the documented decision of "
        "dr-wang at 2026-03-05 12:01 UTC: cells checked; benefit outweighs the delay",
    )


def test_a_decision_made_before_the_limit_passed_does_not_cover_it() -> None:
    rule = parse_rule({"thaw_to_infusion_minutes": 120})
    early = Decision("dr-wang", "proceed", at(11, 0))
    verdict = may_proceed(rule, {"thaw": THAW}, at(12, 1), "infusion_start", None, early)
    assert not verdict.allowed and verdict.decision is None
    assert "was made before this limit passed" in verdict.reasons[-1]


def test_tocilizumab_not_counted_is_unknown_and_not_allowed_even_with_a_decision() -> None:
    rule = parse_rule({"tocilizumab_doses_on_hand": 2})
    (clock,) = running_clocks(rule, {}, at(11), None)
    assert clock.state == "unknown" and clock.remaining is None
    assert "not recorded" in clock.basis
    decision = Decision("dr-wang", "pharmacy says yes", at(11))
    for given in (None, decision):
        verdict = may_proceed(rule, {}, at(11), "infusion_start", None, given)
        assert not verdict.allowed
        assert verdict.missing == ("tocilizumab_on_hand",)
        assert verdict.limits[0].state == "unknown"
    assert "does not replace a missing input: record tocilizumab_on_hand" in verdict.reasons[-1]


def test_too_few_tocilizumab_doses_are_refused_unless_a_physician_decides() -> None:
    rule = parse_rule({"tocilizumab_doses_on_hand": 2})
    (clock,) = running_clocks(rule, {}, at(11), 1)
    assert clock.state == "overdue" and "1 on hand" in clock.basis
    assert not may_proceed(rule, {}, at(11), "infusion_start", 1, None).allowed
    decision = Decision("dr-wang", "second dose arriving in 20 minutes", at(11))
    assert may_proceed(rule, {}, at(11), "infusion_start", 1, decision).allowed
    assert may_proceed(rule, {}, at(11), "infusion_start", 3, None).allowed


@pytest.mark.parametrize(
    ("now", "words"),
    [
        (LD + timedelta(days=1, hours=23), "too early, the window opens at 2026-03-04 09:00 UTC"),
        (LD + timedelta(days=7, minutes=1), "too late, the window closed at 2026-03-09 09:00 UTC"),
    ],
)
def test_outside_the_lymphodepletion_window_the_infusion_is_refused(
    now: datetime, words: str
) -> None:
    rule = parse_rule({"lymphodepletion_to_infusion_days": [2, 7], "source": "example"})
    verdict = may_proceed(rule, {"lymphodepletion_start": LD}, now, "infusion_start", None, None)
    assert not verdict.allowed and words in verdict.reasons[0]
    assert "2 to 7 days after the start of lymphodepletion (example)" in verdict.reasons[0]
    decision = Decision("dr-wang", "documented reason", now)
    assert may_proceed(
        rule, {"lymphodepletion_start": LD}, now, "infusion_start", None, decision
    ).allowed


def test_past_the_repeat_limit_lymphodepletion_must_be_repeated() -> None:
    rule = parse_rule({"repeat_lymphodepletion_after_days": 14})
    now = LD + timedelta(days=14, minutes=1)
    clocks = by_name(rule, {"lymphodepletion_start": LD}, now, None)
    assert clocks["repeat_lymphodepletion"].state == "overdue"
    verdict = may_proceed(rule, {"lymphodepletion_start": LD}, now, "infusion_start", None, None)
    assert not verdict.allowed and "repeat lymphodepletion" in verdict.reasons[0]
    again = {"lymphodepletion_start": now}  # repeated: the clocks count from the latest
    assert may_proceed(rule, again, now, "infusion_start", None, None).allowed


def test_the_window_may_count_from_the_completion_of_lymphodepletion() -> None:
    rule = parse_rule(
        {"lymphodepletion_to_infusion_days": [2, 7], "lymphodepletion_from": "completion"}
    )
    events = {"lymphodepletion_start": LD}
    now = LD + timedelta(days=3)
    verdict = may_proceed(rule, events, now, "infusion_start", None, None)
    assert not verdict.allowed and verdict.missing == ("lymphodepletion_completion",)
    done = {**events, "lymphodepletion_completion": LD + timedelta(days=2)}
    verdict = may_proceed(rule, done, now, "infusion_start", None, None)
    assert not verdict.allowed and "after the completion of lymphodepletion" in verdict.reasons[0]
    assert may_proceed(rule, done, LD + timedelta(days=4), "infusion_start", None, None).allowed


def test_clocks_not_started_and_missing_inputs_are_named() -> None:
    clocks = by_name(RULE, {}, at(11), 2)
    for name in (
        "lymphodepletion_to_infusion",
        "repeat_lymphodepletion",
        "thaw_to_infusion",
        "priming_to_infusion",
    ):
        assert clocks[name].state == "not_started" and clocks[name].remaining is None
    verdict = may_proceed(RULE, {}, at(11), "infusion_start", 2, None)
    assert not verdict.allowed
    assert verdict.missing == ("lymphodepletion_start", "thaw", "priming")


def test_the_clocks_stop_at_the_infusion_start() -> None:
    events = {
        "lymphodepletion_start": LD,
        "thaw": THAW,
        "priming": at(10, 40),
        "infusion_start": at(11),
    }
    later = LD + timedelta(days=20)
    clocks = by_name(RULE, events, later, 2)
    assert clocks["thaw_to_infusion"].state == "ok"
    assert clocks["thaw_to_infusion"].remaining == timedelta(hours=1)
    assert clocks["lymphodepletion_to_infusion"].state == "ok"
    late = {**events, "infusion_start": at(12, 30)}
    clocks = by_name(RULE, late, later, 2)
    assert clocks["thaw_to_infusion"].state == "overdue"
    assert clocks["priming_to_infusion"].state == "overdue"
    early = {"lymphodepletion_start": LD, "infusion_start": LD + timedelta(days=1)}
    clocks = by_name(RULE, early, later, 2)
    assert clocks["lymphodepletion_to_infusion"].state == "overdue"  # infused before it opened


def test_the_thaw_is_refused_when_the_infusion_could_not_follow() -> None:
    events = {"lymphodepletion_start": LD}
    assert may_proceed(RULE, events, DAY3, "thaw", None, None).allowed
    closed = may_proceed(RULE, events, LD + timedelta(days=8), "thaw", None, None)
    assert not closed.allowed and "too late" in closed.reasons[0]
    early = may_proceed(RULE, events, LD + timedelta(days=1), "thaw", None, None)
    assert not early.allowed and "too early to thaw" in early.reasons[0]
    just_in_time = LD + timedelta(days=2) - timedelta(minutes=120)
    assert may_proceed(RULE, events, just_in_time, "thaw", None, None).allowed


def test_steps_without_clocks_and_rules_without_limits_are_allowed() -> None:
    verdict = may_proceed(RULE, {}, at(11), "storage", None, None)
    assert verdict.allowed and verdict.limits == () and "no clock applies" in verdict.reasons[0]
    verdict = may_proceed(ClockRule(), {}, at(11), "infusion_start", None, None)
    assert verdict.allowed and "no clock rule applies" in verdict.reasons[0]


def test_a_decision_not_needed_is_not_what_the_verdict_rests_on() -> None:
    decision = Decision("dr-wang", "just in case", at(11))
    verdict = may_proceed(
        RULE,
        {"lymphodepletion_start": LD, "thaw": THAW, "priming": at(10, 50)},
        at(11),
        "infusion_start",
        2,
        decision,
    )
    assert verdict.allowed and verdict.decision is None
    assert "was not needed" in verdict.reasons[-1]


# --- bad input -----------------------------------------------------------------------------


def test_naive_times_are_refused() -> None:
    naive = datetime(2026, 3, 5, 11, 0)
    with pytest.raises(ClockError) as caught:
        running_clocks(RULE, {}, naive, 2)
    assert caught.value.key == "now" and "no time zone" in str(caught.value)
    with pytest.raises(ClockError, match="no time zone"):
        running_clocks(RULE, {"thaw": naive}, at(11), 2)
    with pytest.raises(ClockError, match="no time zone"):
        Decision("dr-wang", "reason", naive)


def test_inconsistent_inputs_are_refused() -> None:
    with pytest.raises(ClockError, match="after now"):
        running_clocks(RULE, {"thaw": at(12)}, at(11), 2)
    with pytest.raises(ClockError, match="after the infusion started"):
        running_clocks(RULE, {"thaw": at(11, 30), "infusion_start": at(11)}, at(12), 2)
    with pytest.raises(ClockError) as caught:
        running_clocks(RULE, {}, at(11), -1)
    assert caught.value.key == "tocilizumab_on_hand"
    with pytest.raises(ClockError, match="after now"):
        may_proceed(RULE, {}, at(11), "infusion_start", 2, Decision("dr-wang", "r", at(12)))


@pytest.mark.parametrize(
    ("physician", "reason", "key"), [("", "why", "physician"), ("dr-wang", "  ", "reason")]
)
def test_a_decision_needs_a_physician_and_a_reason(physician: str, reason: str, key: str) -> None:
    with pytest.raises(ClockError) as caught:
        Decision(physician, reason, at(11))
    assert caught.value.key == key

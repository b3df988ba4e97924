"""The ward's pure core: what a period's observations put in front of the graders, the daily
grades and episodes, the alert rules, the checks due and the tocilizumab guard."""

from __future__ import annotations

import datetime as dt

import pytest

from cartnav.clinical import ward
from cartnav.clinical.ward import Given, Reading

UTC = dt.UTC
T0 = dt.datetime(2027, 3, 1, 0, 0, tzinfo=UTC)


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def r(i: int, hours: float, code: str, value: float | str | bool) -> Reading:
    return Reading(i, at(hours), code, value)


def vitals(
    i: int, hours: float, temp: float, sbp: float = 120.0, device: str = "room_air"
) -> list[Reading]:
    """A full set as a nurse charts it: temperature, pressure, oxygen device, pressors."""
    return [
        r(i, hours, "temperature", temp),
        r(i + 1, hours, "systolic", sbp),
        r(i + 2, hours, "oxygen_device", device),
        r(i + 3, hours, "vasopressors", 0),
        r(i + 4, hours, "vasopressin", False),
    ]


def neuro(i: int, hours: float, ice: int, **worse: str | bool) -> list[Reading]:
    """A full neurological check: ICE and every other domain, normal unless ``worse``."""
    domains = {
        "consciousness": "alert",
        "seizure": "none",
        "motor_weakness": False,
        "raised_icp": "none",
        **worse,
    }
    return [r(i, hours, "ice_total", ice)] + [
        r(i + n, hours, code, value) for n, (code, value) in enumerate(domains.items(), 1)
    ]


def period(
    readings: list[Reading], given: list[Given] = (), age: float = 50.0
) -> ward.PeriodGrades:
    return ward.grade_period(readings, list(given), at(0), at(24), age_years=age)


def test_the_hottest_temperature_of_the_period_is_graded_and_named() -> None:
    got = period(vitals(1, 2, 37.2) + vitals(10, 6, 38.6) + vitals(20, 9, 37.9))
    assert got.crs.grade == 1
    assert 10 in got.used and 1 not in got.used and 20 not in got.used


def test_fever_with_a_low_adult_systolic_is_grade_2() -> None:
    got = period(vitals(1, 2, 38.5) + vitals(10, 3, 37.0, sbp=85.0))
    assert got.crs.grade == 2
    assert {1, 11} <= set(got.used)


def test_a_child_s_low_systolic_alone_is_not_hypotension() -> None:
    # under 18 only the charted finding counts: 85 mmHg may be normal for a child
    got = period(vitals(1, 2, 38.5, sbp=85.0), age=8.0)
    assert got.crs.grade is None and "hypotension" in got.crs.missing
    charted = period([*vitals(1, 2, 38.5, sbp=85.0), r(9, 3, "hypotension", False)], age=8.0)
    assert charted.crs.grade == 1
    low = period([*vitals(1, 2, 38.5, sbp=85.0), r(9, 3, "hypotension", True)], age=8.0)
    assert low.crs.grade == 2
    adult = period(vitals(1, 2, 38.5, sbp=85.0), age=18.0)
    assert adult.crs.grade == 2


def test_90_mmhg_is_not_below_90() -> None:
    assert period(vitals(1, 2, 38.5, sbp=90.0)).crs.grade == 1
    assert period(vitals(1, 2, 38.5, sbp=89.9)).crs.grade == 2


def test_the_worst_oxygen_device_counts_with_the_flow_charted_with_it() -> None:
    got = period(
        [
            r(1, 1, "temperature", 38.4),
            r(7, 1, "vasopressors", 0),
            r(8, 1, "vasopressin", False),
            r(2, 2, "oxygen_device", "low_flow_nasal_cannula"),
            r(3, 2, "oxygen_flow", 8.0),  # more than 6 L/min: high flow
            r(4, 5, "oxygen_device", "low_flow_nasal_cannula"),
            r(5, 5, "oxygen_flow", 2.0),
            r(6, 1, "systolic", 120.0),
        ]
    )
    assert got.crs.grade == 3
    assert {2, 3} <= set(got.used) and 4 not in got.used


def test_fever_is_masked_from_the_first_tocilizumab_dose_not_before() -> None:
    readings = [
        r(1, 1, "systolic", 85.0),
        r(2, 1, "oxygen_device", "room_air"),
        r(3, 1, "vasopressors", 0),
        r(4, 1, "vasopressin", False),
    ]  # hypotension, no temperature charted
    before = period(readings)
    assert before.crs.grade is None and "temperature" in before.crs.missing
    masked = period(readings, [Given(9, at(0.5), "tocilizumab", 600.0)])
    assert masked.crs.grade == 2
    assert masked.doses_used == (9,)
    later = ward.grade_period(
        readings, [Given(9, at(30), "tocilizumab", 600.0)], at(0), at(24), age_years=50
    )
    assert later.crs.grade is None


def test_the_lowest_ice_of_the_period_is_graded() -> None:
    got = period(neuro(1, 1, 9) + neuro(10, 5, 5) + neuro(20, 8, 10))
    assert got.icans.grade == 2
    assert 10 in got.used and 1 not in got.used


def test_the_worst_seizure_finding_decides_icans() -> None:
    got = period(
        neuro(1, 1, 10) + neuro(10, 2, 10, seizure="focal_or_generalized_resolving_rapidly")
    )
    assert got.icans.grade == 3


def test_readings_outside_the_period_are_not_used() -> None:
    got = ward.grade_period([r(1, 30, "temperature", 39.0)], [], at(0), at(24), age_years=50)
    assert got.crs.grade is None
    assert got.used == ()


def _day(n: int, crs: int | None, observed: bool = True, masking: bool = False) -> ward.Day:
    return ward.Day(n, dt.date(2027, 3, 1) + dt.timedelta(days=n), crs, None, observed, masking)


def test_an_episode_runs_from_the_first_grade_1_day_to_the_first_observed_grade_0_day() -> None:
    days = [
        _day(0, 0),
        _day(1, 1),
        _day(2, 2),
        _day(3, None, observed=False),
        _day(4, 0),
        _day(5, 0),
    ]
    (episode,) = ward.episodes(days, "crs")
    assert episode.onset == dt.date(2027, 3, 2)
    assert (episode.max_grade, episode.max_date) == (2, dt.date(2027, 3, 3))
    assert episode.resolved == dt.date(2027, 3, 5)


def test_a_grade_0_day_with_tocilizumab_started_does_not_resolve() -> None:
    days = [_day(1, 2), _day(2, 0, masking=True), _day(3, 0)]
    (episode,) = ward.episodes(days, "crs")
    assert episode.resolved == dt.date(2027, 3, 4)


def test_a_return_after_resolution_is_a_new_episode_linked_to_the_first() -> None:
    days = [_day(1, 1), _day(2, 0), _day(3, 2), _day(4, 2)]
    first, second = ward.episodes(days, "crs")
    assert first.resolved == dt.date(2027, 3, 3)
    assert second.onset == dt.date(2027, 3, 4) and second.resolved is None
    assert second.follows == 0


def test_daily_grades_follow_the_hospital_s_midnight() -> None:
    # 23:30 UTC on 1 March is 07:30 on 2 March in Shanghai: day +1 there
    taken = dt.datetime(2027, 3, 1, 23, 30, tzinfo=UTC)
    readings = [
        Reading(1, taken, "temperature", 38.9),
        Reading(2, taken, "systolic", 120.0),
        Reading(3, taken, "oxygen_device", "room_air"),
        Reading(4, taken, "vasopressors", 0),
        Reading(5, taken, "vasopressin", False),
    ]
    days = ward.daily(
        readings, [], dt.date(2027, 3, 1), dt.date(2027, 3, 3), "Asia/Shanghai", age_years=40
    )
    assert [d.crs for d in days] == [None, 1, None]
    assert [d.observed for d in days] == [False, True, False]


RULES = ward.check_rules(list(ward.DEFAULT_RULES))


def test_a_crs_grade_2_fires_once_per_grade_reached() -> None:
    readings = vitals(1, 1, 38.5, sbp=80.0)
    firings = ward.evaluate(RULES, readings, period(readings), since=at(1))
    keys = {f.key for f in firings}
    assert "crs:2" in keys
    assert any(k.startswith("systolic:") for k in keys)


def test_grade_1_crs_does_not_fire_the_crs_rule() -> None:
    readings = vitals(1, 1, 38.5)
    firings = ward.evaluate(RULES, readings, period(readings), since=at(1))
    assert [f.rule for f in firings] == []


def test_an_ice_fall_of_two_points_fires_and_of_one_does_not() -> None:
    one = [r(1, 1, "ice_total", 10), r(2, 5, "ice_total", 9)]
    assert "ice_drop" not in {f.rule for f in ward.evaluate(RULES, one, period(one), since=at(5))}
    two = neuro(1, 1, 10) + neuro(10, 5, 8)
    fired = {f.rule for f in ward.evaluate(RULES, two, period(two), since=at(5))}
    assert {"ice_drop", "icans"} <= fired


def test_spo2_92_does_not_fire_and_91_does() -> None:
    for value, fires in ((92.0, False), (91.0, True)):
        readings = [r(1, 1, "spo2", value)]
        fired = {f.rule for f in ward.evaluate(RULES, readings, period(readings), since=at(1))}
        assert ("spo2" in fired) is fires


def test_an_old_low_reading_does_not_fire_again() -> None:
    readings = [r(1, 1, "spo2", 88.0), r(2, 5, "spo2", 97.0)]
    fired = {f.rule for f in ward.evaluate(RULES, readings, period(readings), since=at(5))}
    assert "spo2" not in fired


def test_neutropenic_fever_fires_within_24_hours_of_the_count() -> None:
    readings = [r(1, 1, "anc", 0.3), r(2, 20, "temperature", 38.2)]
    fired = {f.rule for f in ward.evaluate(RULES, readings, period(readings), since=at(20))}
    assert "febrile_neutropenia" in fired
    far = [r(1, 1, "anc", 0.3), r(2, 26, "temperature", 38.2)]
    fired = {f.rule for f in ward.evaluate(RULES, far, period(far), since=at(26))}
    assert "febrile_neutropenia" not in fired
    normal = [r(1, 1, "anc", 0.5), r(2, 2, "temperature", 38.2)]
    fired = {f.rule for f in ward.evaluate(RULES, normal, period(normal), since=at(2))}
    assert "febrile_neutropenia" not in fired


@pytest.mark.parametrize(
    ("rules", "says"),
    [
        ([], "non-empty"),
        ([{"key": "x", "kind": "louder"}], "kind must be"),
        ([{"key": "x", "kind": "below", "code": "spo2"}], "'value' is required"),
        ([{"key": "x", "kind": "below", "code": "mood", "value": 1}], "not a numeric"),
        ([{"key": "x", "kind": "grade", "syndrome": "crs", "at_least": "2"}], "must be a number"),
        ([{"key": "x", "kind": "grade", "syndrome": "tls", "at_least": 2}], "crs or icans"),
        (
            [{"key": "x", "kind": "grade", "syndrome": "crs", "at_least": 2}] * 2,
            "used twice",
        ),
    ],
)
def test_a_rule_list_that_cannot_be_evaluated_is_refused_naming_the_rule(
    rules: list[dict[str, object]], says: str
) -> None:
    with pytest.raises(ValueError, match=says):
        ward.check_rules(rules)


def test_vital_signs_are_overdue_four_hours_after_the_last_set() -> None:
    schedule = ward.check_schedule(list(ward.DEFAULT_SCHEDULE))
    readings = [r(1, 1, "temperature", 37.0)]
    due = {d.key: d for d in ward.checks_due(schedule, readings, at(0), at(5))}
    assert due["vitals"].due == at(5) and not due["vitals"].overdue
    due = {d.key: d for d in ward.checks_due(schedule, readings, at(0), at(5.1))}
    assert due["vitals"].overdue
    assert due["neuro"].overdue and due["neuro"].last is None


def test_ice_checks_stop_being_due_after_day_10() -> None:
    schedule = ward.check_schedule(list(ward.DEFAULT_SCHEDULE))
    keys = {d.key for d in ward.checks_due(schedule, [], at(0), at(24 * 11 + 1))}
    assert keys == {"vitals"}


def test_tocilizumab_8_mg_per_kg_capped_at_800() -> None:
    check = ward.check_tocilizumab(560.0, at(0), [], 70.0)
    assert check.ok and check.expected_mg == 560.0
    heavy = ward.check_tocilizumab(800.0, at(0), [], 120.0)
    assert heavy.ok and heavy.expected_mg == 800.0
    over = ward.check_tocilizumab(900.0, at(0), [], 120.0)
    assert not over.ok and "more than the weight-based dose of 800 mg" in over.problems[0]


def test_tocilizumab_12_mg_per_kg_under_30_kg() -> None:
    assert ward.check_tocilizumab(300.0, at(0), [], 25.0).expected_mg == 300.0
    assert ward.check_tocilizumab(300.0, at(0), [], 30.0).expected_mg == 240.0


def test_a_fourth_dose_within_24_hours_is_refused_and_a_fifth_in_all() -> None:
    three = [at(0), at(8), at(16)]
    refused = ward.check_tocilizumab(560.0, at(23), three, 70.0)
    assert any("dose 4 within 24 hours" in p for p in refused.problems)
    allowed = ward.check_tocilizumab(560.0, at(24), three, 70.0)
    assert allowed.ok
    four = [*three, at(24)]
    fifth = ward.check_tocilizumab(560.0, at(60), four, 70.0)
    assert [str(p) for p in fifth.problems] == [
        "this would be dose 5 in all; the label allows at most 4"
    ]


def test_a_dose_without_a_weight_cannot_be_checked() -> None:
    check = ward.check_tocilizumab(560.0, at(0), [], None)
    assert not check.ok and "weight is not recorded" in check.problems[0]


def test_fever_masking_ends_72_hours_after_the_last_dose_by_default() -> None:
    readings = vitals(1, 80, 37.0)  # afebrile, no hypotension, room air
    given = [Given(9, at(10), "tocilizumab", 560.0)]
    # the period ends 72 hours after the dose: still masked
    within = ward.grade_period(readings, given, at(78), at(82), age_years=50)
    assert within.crs.grade == 1 and within.doses_used == (9,)
    late = ward.grade_period(readings, given, at(78), at(83), age_years=50)
    assert late.crs.grade == 0 and late.doses_used == ()
    open_end = ward.grade_period(readings, given, at(78), at(83), age_years=50, masking_hours=None)
    assert open_end.crs.grade == 1


def test_checks_due_from_the_times_a_stay_keeps() -> None:
    schedule = ward.check_schedule(list(ward.DEFAULT_SCHEDULE))
    due = {
        d.key: d
        for d in ward.checks_due_from(
            schedule, {"vitals": at(1).isoformat(), "neuro": "garbled"}, at(0), at(6)
        )
    }
    assert due["vitals"].overdue and due["vitals"].last == at(1)
    assert due["neuro"].last is None and due["neuro"].due == at(0)

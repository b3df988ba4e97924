"""Late ICAHT (EHA/EBMT 2023, after day +30), vectors written by hand from ward-and-followup.md
§9.2: the nadir's grade by interval, assigned only when the second-lowest value is also
≤ 1.5 (10⁹/L) (one value: graded on it), no "consecutive" requirement, the window to day 100 (or
``late_window_end_day``) and the censoring events."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from cartnav.clinical.icaht import grade_icaht as _grade_icaht
from cartnav.clinical.icaht import late_grade, late_nadir_grade

INFUSION = date(2027, 1, 10)


def day(n: int) -> date:
    return INFUSION + timedelta(days=n)


def grade_icaht(late: dict[int, float], **kwargs):
    """Normal early counts (2.0 (10⁹/L) daily, days 0 to 30) then ``late`` (day -> value)."""
    series = [(day(n), 2.0) for n in range(31)] + [(day(n), v) for n, v in late.items()]
    kwargs.setdefault("last_follow_up_date", day(365))
    return _grade_icaht(infusion_date=INFUSION, anc=series, **kwargs)


def criteria(result) -> list[str]:
    return [b.criterion for b in result.basis]


@pytest.mark.parametrize(
    ("nadir", "grade"),
    [
        (1.6, 0),
        (1.51, 0),
        (1.5004, 0),
        (1.5, 1),
        (1.0005, 1),
        (1.01, 1),
        (1.0, 2),
        (0.5004, 2),
        (0.5, 3),
        (0.11, 3),
        (0.1, 4),
        (0.0, 4),
    ],
)
def test_the_nadir_grade_by_interval(nadir, grade):
    assert late_nadir_grade(nadir) == grade


@pytest.mark.parametrize(
    ("values", "grade"),
    [
        ([1.0, 1.2], 2),
        ([0.4, 1.6], 0),
        ([0.4, 1.5], 3),
        ([0.05, 1.5, 3.0], 4),
        ([1.6, 1.7], 0),
        ([0.8], 2),
        ([1.7], 0),
        ([], None),
    ],
)
def test_the_second_lowest_must_also_be_at_most_1500(values, grade):
    assert late_grade(values) == grade


def test_nadir_1_0_with_second_lowest_1_2_is_grade_2():
    result = grade_icaht({40: 1.2, 55: 1.0, 70: 2.5})
    assert (result.late_grade, result.grade) == (2, 0)
    assert (
        "late ICAHT grade 2: nadir ANC 1 × 10⁹/L on day 55 (0.5 < ANC ≤ 1.0 × 10⁹/L), and the "
        "second-lowest, 1.2 × 10⁹/L on day 40, is also ≤ 1.5 × 10⁹/L (non-transient)"
        in criteria(result)
    )
    assert result.headline() == "ICAHT (EHA/EBMT 2023): early grade 0, late grade 2"


def test_nadir_0_4_with_second_lowest_1_6_is_transient_grade_0():
    result = grade_icaht({40: 1.6, 55: 0.4, 70: 2.5})
    assert result.late_grade == 0
    assert (
        "late ICAHT grade 0: the nadir ANC, 0.4 × 10⁹/L on day 55, is transient: the "
        "second-lowest, 1.6 × 10⁹/L on day 40, is above 1.5 × 10⁹/L" in criteria(result)
    )


@pytest.mark.parametrize(("value", "grade"), [(1.5, 1), (1.0, 2), (0.5, 3), (0.1, 4)])
def test_boundaries_with_the_second_value_also_low(value, grade):
    assert grade_icaht({45: value, 60: 1.5}).late_grade == grade


def test_one_value_in_the_window_is_graded_on_its_own():
    result = _grade_icaht(
        infusion_date=INFUSION,
        anc=[*((day(n), 2.0) for n in range(31)), (day(50), 0.3)],
        last_follow_up_date=day(100),
    )
    assert result.late_grade == 3
    assert (
        "late ICAHT grade 3: the one ANC in the window, 0.3 × 10⁹/L on day 50 (0.1 < ANC ≤ 0.5 "
        "× 10⁹/L), graded on its own" in criteria(result)
    )


def test_the_two_low_values_need_not_be_consecutive():
    late = dict.fromkeys(range(31, 101), 2.5)
    late.update({35: 0.9, 95: 1.4})
    assert grade_icaht(late).late_grade == 2


def test_the_lowest_of_each_day_counts_once():
    series = [(day(n), 2.0) for n in range(31)] + [
        (datetime(2027, 2, 24, 8, 0), 0.4),
        (datetime(2027, 2, 24, 20, 0), 0.6),
        (day(60), 2.0),
    ]
    result = _grade_icaht(infusion_date=INFUSION, anc=series, last_follow_up_date=day(100))
    # two tests on one day are not two days: second-lowest is day 60's 2.0
    assert result.late_grade == 0


def test_day_30_is_early_and_day_31_is_late():
    series = [(day(n), 2.0) for n in range(30)] + [(day(30), 0.3), (day(31), 0.9)]
    result = _grade_icaht(infusion_date=INFUSION, anc=series, last_follow_up_date=day(100))
    assert (result.early_grade, result.late_grade) == (1, 2)


def test_the_window_ends_on_day_100_by_default():
    result = grade_icaht({60: 2.0, 101: 0.05, 102: 0.05})
    assert result.late_grade == 0
    assert (
        "late window: day 31 to day 100, ending at the set end of the late window "
        "(late_window_end_day)" in criteria(result)
    )
    assert not any("beyond the day +100" in w for w in result.warnings)


def test_a_longer_window_is_an_option_and_warns():
    result = grade_icaht({60: 2.0, 101: 0.05, 102: 0.05}, late_window_end_day=180)
    assert result.late_grade == 4
    assert any(
        w.startswith("the late window runs to day 180, beyond the day +100 of both study")
        for w in result.warnings
    )
    assert result.input["late_window_end_day"] == 180


@pytest.mark.parametrize(
    ("event", "named"),
    [
        ("next_therapy_date", "start of the next line of therapy"),
        ("progression_date", "progression or relapse"),
        ("death_date", "death"),
    ],
)
def test_the_window_stops_at_the_first_censoring_event(event, named):
    late = {40: 2.0, 70: 0.3, 71: 0.3} if event != "death_date" else {40: 2.0}
    result = grade_icaht(late, **{event: day(60)})
    assert result.late_grade == 0
    assert f"late window: day 31 to day 60, ending at {named}" in criteria(result)


def test_no_value_in_the_late_window_is_not_graded_and_anc_is_missing():
    result = grade_icaht({})
    assert (result.late_grade, result.early_grade) == (None, 0)
    assert result.missing == ("anc",)
    assert "no ANC from day 31 to day 100: late ICAHT is not graded" in criteria(result)


def test_observation_ending_before_day_100_leaves_more_counts_missing():
    result = _grade_icaht(
        infusion_date=INFUSION, anc=[*((day(n), 2.0) for n in range(31)), (day(45), 1.8)]
    )
    assert result.late_grade == 0
    assert result.missing == ("anc",)
    assert "late window: day 31 to day 45, ending at last ANC" in criteria(result)
    settled = grade_icaht({45: 0.05})
    assert (settled.late_grade, settled.missing) == (4, ())


def test_the_late_grade_does_not_set_the_grade_but_warns_for_attribution():
    result = grade_icaht({45: 0.9, 60: 1.1})
    assert (result.grade, result.late_grade) == (0, 2)
    assert result.warnings[-1].startswith("ICAHT grades the counts only")


def test_the_result_has_exactly_the_contract_keys():
    assert list(grade_icaht({45: 0.9}).to_dict()) == [
        "kind",
        "grade",
        "score",
        "basis",
        "missing",
        "warnings",
        "input",
        "early_grade",
        "late_grade",
        "d500",
        "d100",
        "at_least",
        "episode_rule",
    ]

"""Early ICAHT (EHA/EBMT 2023, days 0 to 30), vectors written by hand from ward-and-followup.md §9.1:
the grade table as Liang codes it, inclusive thresholds compared directly, interpolation over
gaps of up to 7 days, joining across ≤ 2 days, the episode rule, censoring, the never-recovered
rule, G-CSF and the warnings."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from cartnav.clinical.icaht import early_grade, episodes, fill, grade_icaht
from cartnav.clinical.units import ClinicalInputError

INFUSION = date(2027, 1, 10)
NORMAL = 2.0


def day(n: int) -> date:
    return INFUSION + timedelta(days=n)


def daily(low: dict[int, float], last: int = 100, first: int = 0) -> list[tuple[date, float]]:
    """One ANC a day from ``first`` to ``last``: ``low[n]`` where given, else 2.0 (10⁹/L)."""
    return [(day(n), low.get(n, NORMAL)) for n in range(first, last + 1)]


def run(start: int, end: int, value: float) -> dict[int, float]:
    return dict.fromkeys(range(start, end + 1), value)


def early(low: dict[int, float], **kwargs):
    kwargs.setdefault("last_follow_up_date", day(120))
    return grade_icaht(infusion_date=INFUSION, anc=daily(low), **kwargs)


def criteria(result) -> list[str]:
    return [b.criterion for b in result.basis]


# --- the grade table (§9.1 "Rule as coded", steps 1 to 5) -----------------------------------


@pytest.mark.parametrize(
    ("d500", "d100", "grade"),
    [
        (0, 0, 0),
        (1, 0, 1),
        (6, 6, 1),
        (7, 0, 2),
        (13, 6, 2),
        (13, 7, 3),
        (14, 0, 3),
        (30, 0, 3),
        (30, 13, 3),
        (31, 0, 4),
        (14, 14, 4),
        (20, 13, 3),
    ],
)
def test_the_grade_table(d500, d100, grade):
    assert early_grade(d500, d100) == grade


@pytest.mark.parametrize(
    ("low", "grade", "d500", "d100"),
    [
        ({}, 0, 0, 0),
        (run(5, 10, 0.3), 1, 6, 0),
        (run(5, 11, 0.3), 2, 7, 0),
        (run(5, 17, 0.3), 2, 13, 0),
        (run(5, 18, 0.3), 3, 14, 0),
        ({**run(5, 16, 0.3), **run(7, 12, 0.05)}, 2, 12, 6),
        ({**run(5, 16, 0.3), **run(7, 13, 0.05)}, 3, 12, 7),
        (run(5, 17, 0.05), 3, 13, 13),
        (run(5, 18, 0.05), 4, 14, 14),
    ],
)
def test_days_at_or_below_the_thresholds_set_the_grade(low, grade, d500, d100):
    result = early(low)
    assert (result.grade, result.early_grade, result.d500, result.d100) == (
        grade,
        grade,
        d500,
        d100,
    )
    assert result.at_least is False
    assert result.missing == ()


def test_seven_days_at_or_below_500_is_grade_2_and_the_basis_says_why():
    result = early(run(5, 11, 0.3))
    assert result.grade == 2
    assert "ANC ≤ 0.5 × 10⁹/L from day 5 to day 11: an episode of 7 day(s)" in criteria(result)
    assert "early ICAHT grade 2: D500 of 7–13 days" in criteria(result)
    assert (
        "D500 = 7: days with ANC ≤ 0.5 × 10⁹/L (500/µL), all episodes added (cumulative rule, "
        "the default)" in criteria(result)
    )
    assert result.headline() == "ICAHT (EHA/EBMT 2023): early grade 2, late grade 0"


def test_fourteen_days_at_or_below_100_is_grade_4():
    result = early(run(6, 19, 0.08))
    assert (result.grade, result.d100) == (4, 14)
    assert "early ICAHT grade 4: D100 of 14 days or more" in criteria(result)


# --- thresholds are inclusive and compared directly -----------------------------------------


def test_exactly_500_counts_and_a_hair_above_does_not():
    assert early(run(5, 11, 0.5)).grade == 2
    assert early(run(5, 11, 0.5004)).grade == 0
    assert early(run(5, 11, 0.5004)).d500 == 0


def test_exactly_100_counts_and_a_hair_above_does_not():
    assert early(run(5, 18, 0.1)).d100 == 14
    assert early(run(5, 18, 0.1)).grade == 4
    assert early(run(5, 18, 0.1004)).d100 == 0
    assert early(run(5, 18, 0.1004)).grade == 3


def test_the_lowest_of_several_values_a_day_is_used():
    series = daily({}) + [(datetime(2027, 1, 15 + n, 18, 0), 0.4) for n in range(7)]
    result = grade_icaht(infusion_date=INFUSION, anc=series, last_follow_up_date=day(120))
    assert (result.grade, result.d500) == (2, 7)
    assert "several ANC values on day 5–11: the lowest of each day is used" in criteria(result)


def test_a_timed_count_falls_on_the_calendar_date_it_was_written_with():
    late_evening = datetime(2027, 1, 11, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    series = [(d, v) for d, v in daily({}) if d != day(1)] + [(late_evening, 0.3)]
    result = grade_icaht(infusion_date=INFUSION, anc=series, last_follow_up_date=day(120))
    assert "ANC ≤ 0.5 × 10⁹/L from day 1 to day 1: an episode of 1 day(s)" in criteria(result)


# --- non-stable recovery joins episodes; the gap days count ---------------------------------


def test_a_two_day_recovery_joins_the_episodes_and_its_days_count():
    low = {**run(5, 8, 0.3), **run(9, 10, 0.8), **run(11, 12, 0.3)}
    result = early(low)
    assert (result.grade, result.d500) == (2, 8)
    assert (
        "day 9–10 above 0.5 × 10⁹/L: fewer than 3 days (non-stable recovery), so the episodes "
        "either side are joined and these days count" in criteria(result)
    )


def test_a_three_day_recovery_does_not_join():
    low = {**run(5, 8, 0.3), **run(9, 11, 0.8), **run(12, 13, 0.3)}
    result = early(low)
    assert (result.grade, result.d500) == (1, 6)
    assert not any("non-stable recovery" in c for c in criteria(result))


def test_episodes_join_across_one_and_two_days_only():
    values = [0.3, 0.9, 0.3, 0.9, 0.9, 0.3, 0.9, 0.9, 0.9, 0.3]
    found = episodes(values, 0, 0.5)
    assert [(e.start, e.end) for e in found] == [(0, 5), (9, 9)]
    assert found[0].joined == ((1, 1), (3, 4))


# --- the episode rule -------------------------------------------------------------------------


def test_cumulative_and_longest_differ_on_two_episodes():
    low = {**run(5, 10, 0.3), **run(20, 25, 0.3)}
    cumulative = early(low)
    longest = early(low, episode_rule="longest")
    assert (cumulative.grade, cumulative.d500, cumulative.episode_rule) == (2, 12, "cumulative")
    assert (longest.grade, longest.d500, longest.episode_rule) == (1, 6, "longest")
    assert (
        "D500 = 6: days with ANC ≤ 0.5 × 10⁹/L (500/µL), the longest episode only (longest "
        "rule, as Liang's grader)" in criteria(longest)
    )
    assert [b.source for b in cumulative.basis if b.criterion.startswith("D500")] == [
        "cartnav's choice (docs/grading.md)"
    ]


def test_the_default_rule_is_cumulative():
    assert grade_icaht(infusion_date=INFUSION).episode_rule == "cumulative"
    assert grade_icaht(infusion_date=INFUSION, episode_rule=None).episode_rule == "cumulative"


def test_an_unknown_episode_rule_is_refused():
    with pytest.raises(ClinicalInputError) as caught:
        early({}, episode_rule="sum")
    assert caught.value.field == "episode_rule"


# --- days without an ANC ----------------------------------------------------------------------


def test_a_gap_of_seven_days_is_interpolated_and_its_days_can_count():
    series = [(d, v) for d, v in daily({10: 0.2, 18: 0.2}) if not 11 <= (d - INFUSION).days <= 17]
    result = grade_icaht(infusion_date=INFUSION, anc=series, last_follow_up_date=day(120))
    assert (result.grade, result.d500) == (2, 9)
    assert not result.warnings[:-1]
    assert result.at_least is False
    assert (
        "no ANC on day 11–17: interpolated linearly between the neighbouring values (gaps of up "
        "to 7 days), rounded to the nearest 0.01 × 10⁹/L (10/µL)" in criteria(result)
    )


def test_an_eight_day_gap_warns_with_its_dates_and_the_grade_is_a_lower_bound():
    series = [(d, v) for d, v in daily(run(5, 10, 0.3)) if not 11 <= (d - INFUSION).days <= 18]
    result = grade_icaht(infusion_date=INFUSION, anc=series, last_follow_up_date=day(120))
    assert (result.grade, result.d500, result.at_least) == (1, 6, True)
    assert result.missing == ("anc",)
    assert result.warnings[0] == (
        "no ANC from 2027-01-21 to 2027-01-28 (day 11 to day 18, 8 days): a gap longer than 7 "
        "days is not interpolated and its days do not count as neutropenic, so the early grade "
        "is a lower bound"
    )
    assert result.headline() == "ICAHT (EHA/EBMT 2023): early grade at least 1, late grade 0"


def test_interpolated_values_are_rounded_to_10_per_microlitre_half_to_even():
    assert fill({0: 0.3, 2: 0.71}, 0, 2).values == (0.3, 0.5, 0.71)
    assert fill({0: 0.3, 2: 0.73}, 0, 2).values == (0.3, 0.52, 0.73)
    assert fill({0: 0.2, 3: 1.0}, 0, 3).values == (0.2, 0.47, 0.73, 1.0)
    assert fill({0: 0.2, 3: 1.0}, 0, 3).interpolated == (1, 2)


def test_an_interpolated_value_rounded_to_500_counts():
    series = [(d, v) for d, v in daily(run(5, 10, 0.3)) if d != day(12)]
    series = [(d, 0.71 if d == day(13) else v) for d, v in series]
    result = grade_icaht(infusion_date=INFUSION, anc=series, last_follow_up_date=day(120))
    # day 11 (2.0) stands between; day 12 interpolated from 2.0 and 0.71 is 1.36: no join
    assert result.d500 == 6
    series = [(d, v) for d, v in daily({**run(5, 11, 0.3), 13: 0.71}) if d != day(12)]
    result = grade_icaht(infusion_date=INFUSION, anc=series, last_follow_up_date=day(120))
    # day 12 from 0.3 and 0.71 is 0.505, rounded half to even to 0.50: a neutropenic day
    assert (result.d500, result.grade) == (8, 2)


def test_measured_values_are_never_rounded():
    assert fill({0: 0.5004, 1: 0.3}, 0, 1).values == (0.5004, 0.3)


def test_the_first_and_last_values_are_carried_out_to_the_window_edges_up_to_7_days():
    filled = fill({3: 0.3, 25: 0.4}, 0, 30)
    assert filled.values[:3] == (0.3, 0.3, 0.3)
    assert filled.carried == (0, 1, 2, 26, 27, 28, 29, 30)
    assert filled.values[-1] == 0.4
    longer = fill({8: 0.3}, 0, 8)
    assert longer.values[:8] == (None,) * 8
    assert longer.gaps == ((0, 7),)


def test_a_missing_start_longer_than_7_days_warns_and_is_never_neutropenic():
    series = daily(run(8, 12, 0.3), first=8)
    result = grade_icaht(infusion_date=INFUSION, anc=series, last_follow_up_date=day(120))
    assert result.d500 == 5
    assert result.warnings[0].startswith("no ANC from 2027-01-10 to 2027-01-17 (day 0 to day 7,")


def test_only_values_inside_the_window_are_used():
    series = [(day(-5), 0.1), *daily({}, first=0)]
    result = grade_icaht(infusion_date=INFUSION, anc=series, last_follow_up_date=day(120))
    assert (result.grade, result.d500) == (0, 0)


# --- censoring --------------------------------------------------------------------------------


def test_death_on_day_16_with_an_episode_from_day_2_is_grade_4_never_recovered():
    series = daily(run(2, 16, 0.3), last=16)
    result = grade_icaht(infusion_date=INFUSION, anc=series, death_date=day(16))
    assert (result.grade, result.d500, result.at_least) == (4, 15, False)
    assert "early ICAHT grade 3: D500 of 14–30 days" in criteria(result)
    assert (
        "early ICAHT grade 4 by the never-recovered rule (Liang's, kept by cartnav): ANC ≤ 0.5 × "
        "10⁹/L from day 2 (day 0–3) and still on day 16, the last available ANC" in criteria(result)
    )
    assert (
        "early window: day 0 (2027-01-10) to day 16 (2027-01-26); counting stops at death"
        in criteria(result)
    )
    assert any(w.startswith("the never-recovered rule is Liang's") for w in result.warnings)
    assert result.late_grade is None
    assert "late window not reached: counting stops on day 16 at death" in criteria(result)


def test_an_episode_from_day_4_is_not_never_recovered_and_is_at_least_its_grade():
    series = daily(run(4, 16, 0.3), last=16)
    result = grade_icaht(infusion_date=INFUSION, anc=series, death_date=day(16))
    assert (result.grade, result.d500, result.at_least) == (2, 13, True)
    assert result.missing == ()
    assert (
        "counting stopped on day 16 (2027-01-26) at death, before day 30, while the ANC had not "
        "recovered (not 3 days in a row above 0.5 × 10⁹/L): the early grade is at least 2"
        in result.warnings
    )


def test_an_episode_that_recovered_before_the_last_value_is_not_never_recovered():
    series = daily({**run(1, 12, 0.3)}, last=16)
    result = grade_icaht(infusion_date=INFUSION, anc=series, death_date=day(16))
    assert (result.grade, result.d500, result.at_least) == (2, 12, False)


def test_two_days_above_500_before_censoring_are_not_a_recovery_three_are():
    two = daily({**run(4, 14, 0.3), 15: 0.8, 16: 0.8}, last=16)
    three = daily({**run(4, 13, 0.3), 14: 0.8, 15: 0.8, 16: 0.8}, last=16)
    not_yet = grade_icaht(infusion_date=INFUSION, anc=two, death_date=day(16))
    recovered = grade_icaht(infusion_date=INFUSION, anc=three, death_date=day(16))
    assert (not_yet.grade, not_yet.d500, not_yet.at_least) == (2, 11, True)
    assert (recovered.grade, recovered.d500, recovered.at_least) == (2, 10, False)


def test_an_episode_from_day_0_still_open_on_day_30_is_grade_4_without_censoring():
    result = early({**run(3, 30, 0.3)})
    assert (result.d500, result.grade) == (28, 4)


def test_counting_stops_at_progression_and_later_counts_do_not_count():
    low = {**run(5, 9, 0.3), **run(21, 30, 0.3)}
    result = early(low, progression_date=day(20))
    assert (result.grade, result.d500, result.at_least) == (1, 5, False)
    assert (
        "early window: day 0 (2027-01-10) to day 20 (2027-01-30); counting stops at progression "
        "or relapse" in criteria(result)
    )
    assert early(low).grade == 3


def test_censoring_at_the_next_line_while_neutropenic_names_it():
    result = early(run(10, 20, 0.3), next_therapy_date=day(19))
    assert (result.grade, result.d500, result.at_least) == (2, 10, True)
    assert any("at start of the next line of therapy, before day 30" in w for w in result.warnings)


def test_the_first_censoring_event_wins():
    series = daily(run(10, 20, 0.3), last=25)
    result = grade_icaht(
        infusion_date=INFUSION, anc=series, next_therapy_date=day(19), death_date=day(25)
    )
    assert result.d500 == 10
    assert any("at start of the next line of therapy" in w for w in result.warnings)


def test_a_ward_patient_on_day_12_is_at_least_graded_and_more_counts_are_missing():
    series = daily(run(6, 12, 0.3), last=12)
    result = grade_icaht(infusion_date=INFUSION, anc=series)
    assert (result.grade, result.d500, result.at_least) == (2, 7, True)
    assert result.missing == ("anc",)
    assert any("at last ANC, before day 30" in w for w in result.warnings)


def test_a_later_follow_up_lets_the_last_value_be_carried_up_to_7_days():
    series = daily(run(15, 25, 0.3), last=25)
    alone = grade_icaht(infusion_date=INFUSION, anc=series)
    followed = grade_icaht(infusion_date=INFUSION, anc=series, last_follow_up_date=day(40))
    assert (alone.grade, alone.d500, alone.at_least) == (2, 11, True)
    assert (followed.grade, followed.d500, followed.at_least) == (3, 16, False)


def test_d500_of_exactly_30_is_grade_3_with_the_unverified_wording_warning():
    result = early(run(0, 29, 0.3))
    assert (result.d500, result.grade) == (30, 3)
    assert any(w.startswith("D500 is exactly 30 days: graded 3") for w in result.warnings)
    assert not any(w.startswith("D500 is exactly") for w in early(run(1, 29, 0.3)).warnings)


def test_every_day_of_the_window_is_grade_4():
    result = early({**run(0, 30, 0.3), 31: 2.0})
    assert (result.d500, result.grade) == (31, 4)
    assert "early ICAHT grade 4: D500 of 31 days, every day of day 0–30" in criteria(result)


# --- G-CSF, attribution, missing inputs ------------------------------------------------------


def test_gcsf_is_shown_and_never_changes_the_grade():
    low = run(5, 11, 0.3)
    without = early(low)
    with_gcsf = early(low, gcsf_dates=[day(2), day(3), day(4), day(9)])
    assert (with_gcsf.grade, with_gcsf.d500) == (without.grade, without.d500) == (2, 7)
    assert any(c.startswith("G-CSF on day 2–4, 9: recorded and shown") for c in criteria(with_gcsf))
    assert with_gcsf.input["gcsf_dates"] == ["2027-01-12", "2027-01-13", "2027-01-14", "2027-01-19"]


def test_a_graded_result_warns_that_the_clinician_must_attribute_it():
    warning = early(run(5, 6, 0.3)).warnings[-1]
    assert warning.startswith("ICAHT grades the counts only: the clinician must attribute")
    assert early({}).warnings == ()


def test_without_an_infusion_date_nothing_is_graded():
    result = grade_icaht(anc=daily({}))
    assert (result.grade, result.late_grade, result.d500) == (None, None, None)
    assert result.missing == ("infusion_date",)
    assert grade_icaht().missing == ("infusion_date", "anc")
    assert grade_icaht().headline() == (
        "ICAHT (EHA/EBMT 2023): early grade cannot be decided from these inputs, late grade not "
        "graded"
    )


def test_without_an_anc_in_the_window_the_early_grade_is_unknown():
    result = grade_icaht(infusion_date=INFUSION, last_follow_up_date=day(60))
    assert (result.grade, result.d500, result.at_least) == (None, None, False)
    assert result.missing == ("anc",)


# --- refusals name the field ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"anc": [(day(-31), 1.0)]}, "anc[0].at"),
        ({"anc": [(day(1), 1.0), (day(2), -0.1)]}, "anc[1].value"),
        ({"anc": [(day(1), 1.0), (day(2), 600.0)]}, "anc[1].value"),
        ({"anc": [(day(1), "1.0")]}, "anc[0].value"),
        ({"anc": [(day(1), True)]}, "anc[0].value"),
        ({"anc": [("2027-01-11", 1.0)]}, "anc[0].at"),
        ({"anc": [(day(1),)]}, "anc[0]"),
        ({"anc": "0.3"}, "anc"),
        ({"anc": [(day(9), 1.0)], "death_date": day(8)}, "anc[0].at"),
        ({"progression_date": day(-1)}, "progression_date"),
        ({"next_therapy_date": day(-3)}, "next_therapy_date"),
        ({"death_date": "2027-02-01"}, "death_date"),
        ({"gcsf_dates": [day(2), day(2)]}, "gcsf_dates[1]"),
        ({"gcsf_dates": [day(-40)]}, "gcsf_dates[0]"),
        ({"late_window_end_day": 30}, "late_window_end_day"),
        ({"late_window_end_day": 366}, "late_window_end_day"),
    ],
)
def test_bad_inputs_are_refused_naming_the_field(kwargs, field):
    with pytest.raises(ClinicalInputError) as caught:
        grade_icaht(infusion_date=INFUSION, **kwargs)
    assert caught.value.field == field


def test_an_anc_on_day_minus_30_is_accepted():
    assert grade_icaht(infusion_date=INFUSION, anc=[(day(-30), 1.0)]).grade is None


def test_a_date_outside_1900_2199_is_refused():
    with pytest.raises(ClinicalInputError) as caught:
        grade_icaht(infusion_date=date(9999, 12, 31))
    assert caught.value.field == "infusion_date"

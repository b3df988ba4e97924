"""CTCAE v5.0 laboratory grades (ward-and-followup.md §11.1): every band, every boundary the
reference lists, the LLN deciding grade 1 against 0, haemoglobin compared in g/L, rounding to 15
significant digits as admiral does, and febrile neutropenia."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cartnav.clinical.ctcae import (
    febrile_neutropenia,
    grade_anc,
    grade_hemoglobin,
    grade_lymphocytes,
    grade_platelets,
)
from cartnav.clinical.units import ClinicalInputError, to_canonical


@pytest.mark.parametrize(
    ("anc", "grade"),
    [
        (0.0, 4),
        (0.49, 4),
        (0.5, 3),  # boundary: exactly 0.5 is grade 3
        (0.99, 3),
        (1.0, 2),  # boundary: exactly 1.0 is grade 2
        (1.49, 2),
        (1.5, 1),
        (1.79, 1),
        (1.8, 0),
        (4.0, 0),
    ],
)
def test_neutrophil_count_decreased(anc, grade):
    assert grade_anc(anc, lln=1.8).grade == grade


@pytest.mark.parametrize(
    ("platelets", "grade"),
    [
        (10.0, 4),
        (24.9, 4),
        (25.0, 3),  # boundary
        (49.9, 3),
        (50.0, 2),  # boundary
        (74.9, 2),
        (75.0, 1),
        (149.0, 1),
        (150.0, 0),
    ],
)
def test_platelet_count_decreased(platelets, grade):
    assert grade_platelets(platelets, lln=150.0).grade == grade


@pytest.mark.parametrize(
    ("lymphocytes", "grade"),
    [
        (0.19, 4),
        (0.2, 3),  # boundary
        (0.49, 3),
        (0.5, 2),
        (0.79, 2),
        (0.8, 1),
        (0.99, 1),
        (1.0, 0),
    ],
)
def test_lymphocyte_count_decreased(lymphocytes, grade):
    assert grade_lymphocytes(lymphocytes, lln=1.0).grade == grade


@pytest.mark.parametrize(
    ("hemoglobin", "grade"),
    [
        (6.0, 3),
        (7.99, 3),
        (8.0, 2),  # boundary: exactly 8.0 g/dL is grade 2
        (9.99, 2),
        (10.0, 1),
        (11.9, 1),
        (12.0, 0),
    ],
)
def test_anaemia(hemoglobin, grade):
    assert grade_hemoglobin(hemoglobin, lln=12.0).grade == grade


def test_anaemia_is_compared_in_g_per_litre_and_never_graded_4_from_the_value():
    result = grade_hemoglobin(4.0)
    assert result.grade == 3
    assert result.value == 40.0
    assert result.basis == (
        "anaemia 4.0 g/dL (40 g/L) < 8.0 g/dL (80 g/L): grade 3 (grade 4, life-threatening "
        "consequences with urgent intervention indicated, is clinical and never set from the "
        "value)"
    )
    assert grade_hemoglobin(to_canonical("hemoglobin", 80, "g/L")).grade == 2
    assert grade_hemoglobin(to_canonical("hemoglobin", 79, "g/L")).grade == 3


@pytest.mark.parametrize(
    ("grader", "value", "lln"),
    [
        (grade_anc, 1.5, None),
        (grade_anc, 3.0, None),
        (grade_platelets, 75.0, None),
        (grade_lymphocytes, 0.8, None),
        (grade_hemoglobin, 10.0, None),
    ],
)
def test_without_the_lln_grade_0_and_1_cannot_be_told_apart(grader, value, lln):
    result = grader(value, lln)
    assert result.grade is None
    assert result.missing == ("lln",)


def test_below_the_grade_2_band_the_lln_is_not_needed():
    assert grade_anc(1.49).grade == 2
    assert grade_anc(1.49).missing == ()
    assert grade_platelets(74.0).grade == 2
    assert grade_hemoglobin(9.9).grade == 2


def test_a_missing_value_is_named():
    result = grade_platelets(None)
    assert (result.grade, result.missing) == (None, ("platelets",))


def test_the_sentences_and_the_version():
    result = grade_anc(0.5)
    assert result.basis == "neutrophil count decreased 0.5 × 10⁹/L < 1.0 × 10⁹/L: grade 3"
    assert result.ctcae_version == "5.0"
    assert result.term == "neutrophil count decreased"
    assert grade_anc(2.0, lln=1.8).basis == (
        "neutrophil count decreased 2.0 × 10⁹/L ≥ LLN 1.8 × 10⁹/L: grade 0"
    )
    assert grade_anc(1.6, lln=1.8).basis == (
        "neutrophil count decreased 1.6 × 10⁹/L < LLN 1.8 × 10⁹/L: grade 1"
    )
    assert grade_anc(1.6).basis == (
        "neutrophil count decreased 1.6 × 10⁹/L ≥ 1.5 × 10⁹/L: grade 0 or 1, the lower limit of "
        "normal (LLN) decides"
    )
    assert grade_platelets(20.0).to_dict()["ctcae_version"] == "5.0"


def test_values_are_compared_at_15_significant_digits():
    # floating-point noise of a conversion cannot cross a cut-point
    assert grade_anc(0.49999999999999994).grade == 3
    assert grade_anc(0.9999999999999999).grade == 2
    assert grade_hemoglobin(7.999999999999999).grade == 2
    assert grade_platelets(49.99999999999999).grade == 2
    # the reported precision itself is kept
    assert grade_anc(0.499).grade == 4
    assert grade_anc(0.49999).grade == 4
    assert grade_platelets(24.9999).grade == 4
    assert grade_anc(to_canonical("anc", 1000, "/uL")).grade == 2
    assert grade_anc(to_canonical("anc", 999, "/uL")).grade == 3


def test_impossible_values_are_refused_naming_the_field():
    with pytest.raises(ClinicalInputError) as caught:
        grade_anc(-0.1)
    assert caught.value.field == "anc"
    with pytest.raises(ClinicalInputError) as caught:
        grade_platelets(50.0, lln=-1.0)
    assert caught.value.field == "lln"


# --- febrile neutropenia -----------------------------------------------------------------------

T0 = datetime(2027, 1, 20, 10, 0)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_a_single_38_3_does_not_meet_the_single_temperature_limb():
    result = febrile_neutropenia(0.5, [(at(0), 38.3), (at(30), 37.2)])
    assert result.grade == 0


def test_a_single_temperature_above_38_3_with_anc_below_1_0_is_grade_3():
    result = febrile_neutropenia(0.8, [(at(0), 38.4), (at(20), 37.0)])
    assert result.grade == 3
    assert result.basis == (
        "ANC 0.8 × 10⁹/L < 1.0 × 10⁹/L and a single temperature of 38.4 °C > 38.3 °C at "
        "2027-01-20T10:00:00: febrile neutropenia grade 3 (grades 4 and 5 are clinical)"
    )
    assert result.ctcae_version == "5.0"


def test_anc_exactly_1_0_is_not_febrile_neutropenia():
    assert febrile_neutropenia(1.0, [(at(0), 39.5)]).grade == 0
    assert febrile_neutropenia(0.99, [(at(0), 39.5)]).grade == 3


def test_38_0_sustained_more_than_one_hour_is_grade_3():
    readings = [(at(0), 38.0), (at(30), 38.1), (at(61), 38.0), (at(90), 37.5)]
    assert febrile_neutropenia(0.4, readings).grade == 3


def test_exactly_one_hour_is_not_more_than_one_hour():
    readings = [(at(0), 38.0), (at(60), 38.2), (at(90), 37.5)]
    assert febrile_neutropenia(0.4, readings).grade == 0


def test_a_reading_below_38_0_breaks_the_run():
    readings = [(at(0), 38.1), (at(30), 37.9), (at(70), 38.1), (at(80), 37.0)]
    assert febrile_neutropenia(0.4, readings).grade == 0
    assert febrile_neutropenia(0.4, list(reversed(readings))).grade == 0  # ordered by time


def test_a_fever_still_running_at_the_last_reading_is_undecided():
    result = febrile_neutropenia(0.4, [(at(0), 37.0), (at(30), 38.1)])
    assert (result.grade, result.missing) == (None, ("temperatures",))


def test_the_anc_is_compared_at_15_significant_digits_too():
    assert febrile_neutropenia(0.9999999999999999, [(at(0), 39.0)]).grade == 0
    assert febrile_neutropenia(0.999, [(at(0), 39.0)]).grade == 3


def test_missing_inputs():
    assert febrile_neutropenia(None, [(at(0), 39.0)]).missing == ("anc",)
    assert febrile_neutropenia(None, None).missing == ("anc", "temperatures")
    assert febrile_neutropenia(0.4, []).missing == ("temperatures",)
    assert febrile_neutropenia(1.5, None).grade == 0


def test_readings_must_be_timed_and_comparable():
    with pytest.raises(ClinicalInputError) as caught:
        febrile_neutropenia(0.4, [(T0.date(), 38.5)])  # type: ignore[list-item]
    assert caught.value.field == "temperatures[0].at"
    with pytest.raises(ClinicalInputError) as caught:
        febrile_neutropenia(0.4, [(at(0), 38.5), (at(5).replace(tzinfo=UTC), 38.0)])
    assert caught.value.field == "temperatures[1].at"
    with pytest.raises(ClinicalInputError) as caught:
        febrile_neutropenia(0.4, [(at(0), 50.0)])
    assert caught.value.field == "temperatures[0].value"

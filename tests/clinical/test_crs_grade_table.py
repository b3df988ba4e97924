"""ASTCT 2019 CRS grading (Lee et al., Table 3): every row, every cut-point, both unit systems."""

import pytest

from cartnav.clinical import grade, grade_crs

COMPLETE = {
    "temperature": 39.0,
    "fever_masked": False,
    "hypotension": False,
    "vasopressors": 0,
    "vasopressin": False,
    "oxygen_device": "room_air",
    "oxygen_flow": 0.0,
    "death_from_crs": False,
}


def crs(**changes):
    return grade_crs(**{**COMPLETE, **changes})


def criteria(result):
    return [b.criterion for b in result.basis]


def test_it_grades_the_worked_example_three():
    result = crs(
        temperature=39.5,
        hypotension=True,
        vasopressors=1,
        oxygen_device="low_flow_nasal_cannula",
        oxygen_flow=2.0,
    )
    assert result.grade == 3
    assert "grade 3: the more severe of hypotension and hypoxia" in criteria(result)


def test_it_grades_the_contract_example_two():
    payload = {
        "temperature": {"value": 38.4, "unit": "Cel"},
        "fever_masked": False,
        "hypotension": True,
        "vasopressors": 0,
        "vasopressin": False,
        "oxygen_device": "room_air",
        "oxygen_flow": {"value": 0, "unit": "L/min"},
        "death_from_crs": False,
    }
    result = grade("crs", payload)
    assert result.grade == 2
    assert result.missing == ()
    assert "hypotension not requiring vasopressors: grade 2" in criteria(result)


@pytest.mark.parametrize(("temperature", "expected"), [(37.9, 0), (38.0, 1), (38.1, 1)])
def test_fever_cut_point_in_celsius(temperature, expected):
    assert crs(temperature=temperature).grade == expected


@pytest.mark.parametrize(("fahrenheit", "expected"), [(100.3, 0), (100.4, 1), (100.5, 1)])
def test_fever_cut_point_in_fahrenheit(fahrenheit, expected):
    payload = {k: v for k, v in COMPLETE.items() if k not in ("temperature", "oxygen_flow")}
    payload["temperature"] = {"value": fahrenheit, "unit": "[degF]"}
    assert grade("crs", payload).grade == expected


def test_grade_one_is_fever_alone():
    result = crs()
    assert result.grade == 1
    assert "fever without hypotension or hypoxia: grade 1" in criteria(result)


@pytest.mark.parametrize(
    ("hypotension", "vasopressors", "vasopressin", "expected"),
    [
        (False, 0, False, 1),
        (True, 0, False, 2),
        (True, 1, False, 3),
        (True, 0, True, 3),
        (True, 1, True, 3),
        (True, 2, False, 4),
        (True, 2, True, 4),
        (True, 3, False, 4),
    ],
)
def test_hypotension_column(hypotension, vasopressors, vasopressin, expected):
    result = crs(hypotension=hypotension, vasopressors=vasopressors, vasopressin=vasopressin)
    assert result.grade == expected


def test_vasopressin_does_not_count_toward_multiple_vasopressors():
    result = crs(hypotension=True, vasopressors=1, vasopressin=True)
    assert result.grade == 3
    assert any("vasopressin does not count toward multiple" in c for c in criteria(result))


def test_vasopressin_alone_is_one_vasopressor():
    result = crs(hypotension=True, vasopressors=0, vasopressin=True)
    assert result.grade == 3
    assert "hypotension requiring vasopressin alone: grade 3" in criteria(result)


@pytest.mark.parametrize(
    ("device", "expected"),
    [
        ("room_air", 1),
        ("blow_by", 2),
        ("low_flow_nasal_cannula", 2),
        ("high_flow_nasal_cannula", 3),
        ("facemask", 3),
        ("nonrebreather_mask", 3),
        ("venturi_mask", 3),
        ("cpap", 4),
        ("bipap", 4),
        ("mechanical_ventilation", 4),
    ],
)
def test_hypoxia_column(device, expected):
    flow = 4.0 if device == "low_flow_nasal_cannula" else 0.0
    assert crs(oxygen_device=device, oxygen_flow=flow).grade == expected


@pytest.mark.parametrize(("flow", "expected"), [(5.9, 2), (6.0, 2), (6.1, 3)])
def test_low_flow_cannula_above_six_litres_is_high_flow(flow, expected):
    result = crs(oxygen_device="low_flow_nasal_cannula", oxygen_flow=flow)
    assert result.grade == expected
    chose = any(
        b.source.startswith("cartnav's choice") and "treated as high flow" in b.criterion
        for b in result.basis
    )
    assert chose is (expected == 3)


def test_the_more_severe_of_hypotension_and_hypoxia_sets_the_grade():
    assert crs(hypotension=True, oxygen_device="cpap").grade == 4
    assert crs(hypotension=True, vasopressors=2, oxygen_device="blow_by").grade == 4


def test_without_fever_there_is_no_crs_whatever_else():
    result = crs(temperature=37.5, hypotension=True, vasopressors=2, oxygen_device="cpap")
    assert result.grade == 0
    assert "no fever and fever not masked: no CRS (grade 0)" in criteria(result)


def test_masked_fever_is_not_required():
    result = crs(temperature=37.0, fever_masked=True, hypotension=True, vasopressors=1)
    assert result.grade == 3
    assert "fever masked by tocilizumab/steroids: fever not required" in result.warnings


def test_masked_fever_without_hypotension_or_hypoxia_is_grade_one_by_choice():
    result = crs(temperature=37.0, fever_masked=True)
    assert result.grade == 1
    assert any(
        b.source.startswith("cartnav's choice") and "fever masked" in b.criterion
        for b in result.basis
    )


def test_death_from_crs_is_grade_five():
    result = crs(death_from_crs=True, temperature=None)
    assert result.grade == 5
    assert criteria(result) == ["death due to CRS, no other principal cause: grade 5"]


def test_absent_death_is_read_as_a_living_patient_and_says_so():
    result = grade_crs(**{**COMPLETE, "death_from_crs": None})
    assert result.grade == 1
    assert "death due to CRS not recorded: graded as a living patient" in criteria(result)


def test_a_vasopressor_without_crs_hypotension_is_not_counted_and_warned():
    result = crs(hypotension=False, vasopressors=1)
    assert result.grade == 1
    assert any(
        "vasopressor is recorded although hypotension is false" in w for w in result.warnings
    )


def test_a_vasopressor_with_hypotension_unknown_needs_the_hypotension():
    result = grade_crs(temperature=39.0, vasopressors=1, oxygen_device="room_air")
    assert result.grade is None
    assert result.missing == ("hypotension",)


def test_flow_on_room_air_is_ignored_with_a_warning():
    result = crs(oxygen_device="room_air", oxygen_flow=8.0)
    assert result.grade == 1
    assert "an oxygen flow is given with room air: the flow is ignored" in result.warnings


def test_the_complete_input_rule_gives_five_for_death():
    from cartnav.clinical.crs import crs_grade

    assert crs_grade({**COMPLETE, "death_from_crs": True}) == 5
    assert crs_grade(COMPLETE) == 1

"""ASTCT 2019 CRS grading (Lee et al., Table 3): every row, every cut-point, both unit systems."""

import pytest

from cartnav.clinical import ClinicalInputError, grade, grade_crs

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
    flow = {"low_flow_nasal_cannula": 4.0, "high_flow_nasal_cannula": 30.0}.get(device, 0.0)
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


@pytest.mark.parametrize(("flow", "expected"), [(2.0, 2), (5.9, 2), (6.0, 2), (6.1, 3), (40.0, 3)])
def test_a_high_flow_cannula_is_graded_by_its_flow(flow, expected):
    result = crs(oxygen_device="high_flow_nasal_cannula", oxygen_flow=flow)
    assert result.grade == expected
    warned = [w for w in result.warnings if "high-flow nasal cannula" in w]
    if expected == 2:
        assert warned == [
            f"high-flow nasal cannula at {flow:g} L/min: graded by its flow as low flow "
            "(grade 2, cartnav's choice); check the device and the flow"
        ]
        assert any(
            b.source.startswith("cartnav's choice")
            and b.criterion.startswith(f"high-flow nasal cannula at {flow:g} L/min ≤ 6 L/min")
            for b in result.basis
        )
    else:
        assert warned == []
        assert "hypoxia requiring high-flow nasal cannula (> 6 L/min): grade 3" in criteria(result)


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


RESOLVED = (
    "graded 1 because fever is masked and there is neither hypotension nor hypoxia "
    "(cartnav's choice): the CRS may instead have resolved; reassess"
)


def test_masked_fever_without_hypotension_or_hypoxia_is_grade_one_by_choice():
    result = crs(temperature=37.0, fever_masked=True)
    assert result.grade == 1
    assert any(
        b.source.startswith("cartnav's choice") and "fever masked" in b.criterion
        for b in result.basis
    )
    assert result.warnings == (
        "fever masked by tocilizumab/steroids: fever not required",
        RESOLVED,
    )
    unknown_temperature = crs(temperature=None, fever_masked=True)
    assert unknown_temperature.grade == 1
    assert RESOLVED in unknown_temperature.warnings


@pytest.mark.parametrize(
    "changes",
    [
        {},  # fever, not masked: grade 1 by the table
        {"fever_masked": True},  # masked but febrile: the fever itself makes grade 1
        {"temperature": 37.0, "fever_masked": True, "hypotension": True},  # grade 2
        {"temperature": 37.0, "fever_masked": True, "oxygen_device": "blow_by"},  # grade 2
    ],
)
def test_the_may_have_resolved_warning_appears_only_when_it_applies(changes):
    assert RESOLVED not in crs(**changes).warnings


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


def test_exactly_38_is_fever_in_the_basis_too():
    result = crs(temperature=38.0)
    assert criteria(result)[0] == "temperature 38 °C ≥ 38.0 °C: fever"
    assert not any("no fever" in c for c in criteria(result))
    below = crs(temperature=37.9)
    assert criteria(below)[0] == "temperature 37.9 °C < 38.0 °C: no fever"


@pytest.mark.parametrize(
    ("vasopressors", "vasopressin", "line"),
    [
        (2, False, "hypotension requiring multiple vasopressors (excluding vasopressin): grade 4"),
        (3, True, "hypotension requiring multiple vasopressors (excluding vasopressin): grade 4"),
        (0, False, "hypotension not requiring vasopressors: grade 2"),
    ],
)
def test_the_hypotension_line_names_what_the_hypotension_needs(vasopressors, vasopressin, line):
    result = crs(hypotension=True, vasopressors=vasopressors, vasopressin=vasopressin)
    assert line in criteria(result)
    assert "no hypotension" not in criteria(result)


def test_no_hypotension_is_said_only_without_hypotension():
    assert "no hypotension" in criteria(crs())
    assert "no hypoxia (room air)" in criteria(crs())


@pytest.mark.parametrize(("count", "accepted"), [(10, True), (11, False), (-1, False)])
def test_ten_vasopressors_at_most(count, accepted):
    if accepted:
        assert crs(hypotension=True, vasopressors=count).grade == 4
        return
    with pytest.raises(ClinicalInputError) as caught:
        crs(hypotension=True, vasopressors=count)
    assert caught.value.field == "vasopressors"
    assert caught.value.message == (
        f"{count} is outside 0–10 (no patient runs more than 10 vasopressors)."
    )


def test_no_warning_where_none_applies():
    assert crs().warnings == ()
    assert crs(hypotension=True, vasopressors=1).warnings == ()  # pressor with hypotension
    assert crs(oxygen_device="room_air", oxygen_flow=0.0).warnings == ()
    assert crs(oxygen_device="low_flow_nasal_cannula", oxygen_flow=4.0).warnings == ()
    assert crs(oxygen_device="high_flow_nasal_cannula", oxygen_flow=30.0).warnings == ()


def test_each_warning_when_it_applies():
    assert crs(hypotension=False, vasopressin=True).warnings == (
        "a vasopressor is recorded although hypotension is false: not counted (the hypotension "
        "column needs hypotension attributable to CRS); check the inputs",
    )
    assert crs(oxygen_device="room_air", oxygen_flow=0.5).warnings == (
        "an oxygen flow is given with room air: the flow is ignored",
    )


ASTCT = "ASTCT 2019 (Lee et al.), Table 3"
FOOTNOTES = "ASTCT 2019 (Lee et al.), Table 3 footnotes"
CHOICE = "cartnav's choice (docs/grading.md)"


def lines(result):
    return [(b.criterion, b.source) for b in result.basis]


def test_hypotension_without_crs_is_no_hypotension_grade():
    from cartnav.clinical.crs import hypotension_grade

    assert hypotension_grade(False, 0, False) == 0
    assert hypotension_grade(False, 2, True) == 0


def test_the_whole_basis_of_grade_zero():
    result = crs(temperature=37.5)
    assert lines(result) == [
        ("temperature 37.5 °C < 38.0 °C: no fever", ASTCT),
        ("no fever and fever not masked: no CRS (grade 0)", ASTCT),
        ("no hypotension", ASTCT),
        ("no hypoxia (room air)", ASTCT),
    ]


def test_the_whole_basis_of_masked_fever_grade_one():
    result = grade_crs(**{**COMPLETE, "temperature": 37.0, "fever_masked": True})
    assert lines(result) == [
        ("temperature 37 °C < 38.0 °C: no fever", ASTCT),
        (
            "fever masked by antipyretic or anti-cytokine therapy after CRS began: fever not "
            "required, grade driven by hypotension and/or hypoxia",
            FOOTNOTES,
        ),
        ("no hypotension", ASTCT),
        ("no hypoxia (room air)", ASTCT),
        (
            "fever masked with neither hypotension nor hypoxia: grade 1 (CRS was already "
            "present and its fever cannot show)",
            CHOICE,
        ),
    ]


def test_masked_fever_at_exactly_38_is_fever_not_the_masked_choice():
    result = crs(temperature=38.0, fever_masked=True)
    assert result.grade == 1
    assert ("fever without hypotension or hypoxia: grade 1", ASTCT) in lines(result)
    assert result.warnings == ("fever masked by tocilizumab/steroids: fever not required",)


def test_the_basis_of_a_decided_grade_with_inputs_missing():
    result = grade_crs(temperature=39.0, hypotension=True, vasopressors=2)
    assert lines(result) == [
        ("temperature 39 °C ≥ 38.0 °C: fever", ASTCT),
        ("hypotension requiring multiple vasopressors (excluding vasopressin): grade 4", ASTCT),
        (
            "grade 4: the more severe of hypotension and hypoxia; the missing inputs cannot "
            "change it",
            ASTCT,
        ),
        ("death due to CRS not recorded: graded as a living patient", CHOICE),
    ]


def test_the_basis_of_death():
    assert lines(crs(death_from_crs=True)) == [
        ("death due to CRS, no other principal cause: grade 5", ASTCT)
    ]


@pytest.mark.parametrize(
    ("device", "flow", "line"),
    [
        (
            "low_flow_nasal_cannula",
            7.0,
            "low-flow nasal cannula at 7 L/min > 6 L/min: treated as high flow, grade 3 "
            "(cartnav's choice; the footnote defines high flow as > 6 L/min)",
        ),
        (
            "high_flow_nasal_cannula",
            4.0,
            "high-flow nasal cannula at 4 L/min ≤ 6 L/min: graded as low flow, grade 2 "
            "(cartnav's choice; the footnote defines the columns by flow)",
        ),
    ],
)
def test_a_cannula_graded_against_its_name_says_so_exactly(device, flow, line):
    assert (line, CHOICE) in lines(crs(oxygen_device=device, oxygen_flow=flow))


def test_the_input_is_echoed_in_canonical_units_without_the_missing_fields():
    result = grade(
        "crs",
        {
            "temperature": {"value": 102.2, "unit": "[degF]"},
            "fever_masked": None,
            "hypotension": True,
            "vasopressors": 2.0,
            "oxygen_device": "low_flow_nasal_cannula",
            "oxygen_flow": {"value": 3, "unit": "L/min"},
        },
    )
    assert result.input == {
        "temperature": {"value": 39.0, "unit": "Cel"},
        "hypotension": True,
        "vasopressors": 2,
        "oxygen_device": "low_flow_nasal_cannula",
        "oxygen_flow": {"value": 3.0, "unit": "L/min"},
    }
    assert isinstance(result.input["vasopressors"], int)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("fever_masked", "no"),
        ("hypotension", 1),
        ("vasopressin", "yes"),
        ("death_from_crs", 0),
        ("oxygen_device", "helmet"),
        ("vasopressors", 1.5),
    ],
)
def test_the_python_api_names_the_field_it_refuses(field, value):
    with pytest.raises(ClinicalInputError) as caught:
        grade_crs(**{field: value})
    assert caught.value.field == field

"""A CRS grade is decided when the present inputs decide it, and only then; ``missing`` names
only the inputs that could change it."""

from cartnav.clinical import grade_crs


def test_afebrile_unmasked_is_grade_zero_even_without_oxygen():
    result = grade_crs(temperature=37.0, fever_masked=False)
    assert result.grade == 0
    assert result.missing == ()


def test_a_grade_four_finding_decides_whatever_is_missing():
    result = grade_crs(temperature=39.0, hypotension=True, vasopressors=2)
    assert result.grade == 4
    assert result.missing == ()
    assert any("the missing inputs cannot change it" in b.criterion for b in result.basis)


def test_positive_pressure_decides_grade_four_without_temperature_if_masked():
    result = grade_crs(fever_masked=True, oxygen_device="bipap")
    assert result.grade == 4


def test_fever_with_nothing_else_is_undecided_and_names_what_would_decide():
    result = grade_crs(temperature=39.0)
    assert result.grade is None
    assert result.missing == (
        "hypotension",
        "vasopressors",
        "vasopressin",
        "oxygen_device",
        "oxygen_flow",
    )


def test_flow_is_missing_only_for_a_nasal_cannula():
    base = {"temperature": 39.0, "hypotension": False}
    assert grade_crs(**base, oxygen_device="facemask").grade == 3
    assert grade_crs(**base, oxygen_device="blow_by").grade == 2
    for cannula in ("low_flow_nasal_cannula", "high_flow_nasal_cannula"):
        result = grade_crs(**base, oxygen_device=cannula)
        assert result.grade is None, cannula
        assert result.missing == ("oxygen_flow",)


def test_a_cannula_without_a_flow_is_settled_by_another_finding():
    base = {"temperature": 39.0, "hypotension": True, "vasopressin": False}
    for cannula in ("low_flow_nasal_cannula", "high_flow_nasal_cannula"):
        assert grade_crs(**base, vasopressors=1, oxygen_device=cannula).grade == 3
        assert grade_crs(**base, vasopressors=2, oxygen_device=cannula).grade == 4
        open_ = grade_crs(**base, vasopressors=0, oxygen_device=cannula)
        assert (open_.grade, open_.missing) == (None, ("oxygen_flow",))


def test_unknown_temperature_and_masking_leave_it_open():
    result = grade_crs(hypotension=False, oxygen_device="room_air")
    assert result.grade is None
    assert result.missing == ("temperature", "fever_masked")


def test_afebrile_with_unknown_masking_needs_the_masking():
    result = grade_crs(
        temperature=37.0,
        hypotension=True,
        vasopressors=1,
        vasopressin=False,
        oxygen_device="room_air",
    )
    assert result.grade is None
    assert result.missing == ("fever_masked",)


def test_no_hypotension_means_no_vasopressor_is_needed():
    result = grade_crs(temperature=39.0, hypotension=False, oxygen_device="room_air")
    assert result.grade == 1
    assert result.missing == ()


def test_vasopressin_matters_only_without_another_vasopressor():
    base = {"temperature": 39.0, "hypotension": True, "oxygen_device": "room_air"}
    assert grade_crs(**base, vasopressors=1).grade == 3
    result = grade_crs(**base, vasopressors=0)
    assert result.grade is None
    assert result.missing == ("vasopressin",)


def test_nothing_known_is_nothing_decided():
    result = grade_crs()
    assert result.grade is None
    assert set(result.missing) == {
        "temperature",
        "fever_masked",
        "hypotension",
        "vasopressors",
        "vasopressin",
        "oxygen_device",
        "oxygen_flow",
    }
    assert result.input == {}

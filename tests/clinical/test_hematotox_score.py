"""CAR-HEMATOTOX (Rejeski 2021): each variable's cut-points (a value at a cut-point takes the
point, as the paper's Figure 3A and the authors' scoring code do), units, the risk group with
missing inputs, its explanation and the warning outside large B-cell lymphoma."""

import pytest

from cartnav.clinical import ClinicalInputError, grade, grade_hematotox

LOW = {"platelets": 200.0, "anc": 2.0, "hemoglobin": 12.0, "crp": 1.0, "ferritin": 300.0}


def score(**changes):
    return grade_hematotox(**{**LOW, **changes})


@pytest.mark.parametrize(
    ("value", "points"),
    [
        (176, 0),
        (175.1, 0),
        (175, 1),
        (174.9, 1),
        (75.1, 1),
        (75, 1),
        (74.9, 2),
        (10, 2),
    ],
)
def test_platelets(value, points):
    assert score(platelets=value).score == points


@pytest.mark.parametrize(("value", "points"), [(1.3, 0), (1.21, 0), (1.2, 1), (1.19, 1)])
def test_anc(value, points):
    assert score(anc=value).score == points


@pytest.mark.parametrize(("value", "points"), [(9.1, 0), (9.01, 0), (9.0, 1), (8.9, 1)])
def test_hemoglobin(value, points):
    assert score(hemoglobin=value).score == points


@pytest.mark.parametrize(("value", "points"), [(2.9, 0), (2.99, 0), (3.0, 1), (3.1, 1)])
def test_crp(value, points):
    assert score(crp=value).score == points


@pytest.mark.parametrize(
    ("value", "points"),
    [
        (649, 0),
        (650, 1),
        (651, 1),
        (1999, 1),
        (2000, 1),
        (2001, 2),
    ],
)
def test_ferritin(value, points):
    assert score(ferritin=value).score == points


@pytest.mark.parametrize(
    ("name", "value", "label", "unit"),
    [
        ("platelets", 175.0, "platelets", "× 10⁹/L"),
        ("platelets", 75.0, "platelets", "× 10⁹/L"),
        ("anc", 1.2, "ANC", "× 10⁹/L"),
        ("hemoglobin", 9.0, "haemoglobin", "g/dL"),
        ("crp", 3.0, "CRP", "mg/dL"),
        ("ferritin", 650.0, "ferritin", "ng/mL"),
        ("ferritin", 2000.0, "ferritin", "ng/mL"),
    ],
)
def test_a_value_at_a_cut_point_takes_the_point_and_says_where_that_is_written(
    name, value, label, unit
):
    result = score(**{name: value})
    line = next(b for b in result.basis if b.criterion.startswith(f"{label} {value:g} "))
    assert line.criterion == (
        f"{label} {value:g} {unit}: 1 point (a value at the cut-point takes the point)"
    )
    assert line.source == (
        "Rejeski et al., Blood 2021, Figure 3A; calculate_hematotox (authors' code)"
    )
    assert not any(b.source.startswith("cartnav's choice") for b in result.basis)


def test_a_value_off_the_cut_points_cites_the_score_table():
    result = score(anc=1.5, ferritin=2500.0)
    assert [(b.criterion, b.source) for b in result.basis[:2]] == [
        ("platelets 200 × 10⁹/L: 0 points", "Rejeski et al., Blood 2021, CAR-HEMATOTOX score"),
        ("ANC 1.5 × 10⁹/L: 0 points", "Rejeski et al., Blood 2021, CAR-HEMATOTOX score"),
    ]
    assert "ferritin 2500 ng/mL: 2 points" in [b.criterion for b in result.basis]


@pytest.mark.parametrize(
    ("payload", "points"),
    [
        ({"platelets": {"value": 175000, "unit": "/uL"}}, 1),
        ({"platelets": {"value": 74.9, "unit": "10*3/uL"}}, 2),
        ({"anc": {"value": 1190, "unit": "/uL"}}, 1),
        ({"anc": {"value": 1200, "unit": "/uL"}}, 1),
        ({"anc": {"value": 1210, "unit": "/uL"}}, 0),
        ({"hemoglobin": {"value": 91, "unit": "g/L"}}, 0),
        ({"hemoglobin": {"value": 90, "unit": "g/L"}}, 1),
        ({"hemoglobin": {"value": 89, "unit": "g/L"}}, 1),
        ({"crp": {"value": 29, "unit": "mg/L"}}, 0),
        ({"crp": {"value": 30, "unit": "mg/L"}}, 1),
        ({"crp": {"value": 31, "unit": "mg/L"}}, 1),
        ({"ferritin": {"value": 2000, "unit": "ug/L"}}, 1),
    ],
)
def test_cut_points_in_other_units(payload, points):
    base = {
        k: {"value": v, "unit": u}
        for (k, v), u in zip(
            LOW.items(), ["10*9/L", "10*9/L", "g/dL", "mg/dL", "ng/mL"], strict=True
        )
    }
    assert grade("hematotox", {**base, **payload}).score == points


def test_risk_groups():
    assert score().risk == "low"
    assert score(anc=1.0).risk == "low"
    two = score(anc=1.0, hemoglobin=8.0)
    assert (two.score, two.risk) == (2, "high")
    worst = score(platelets=20, anc=0.1, hemoglobin=7, crp=10, ferritin=5000)
    assert worst.score == 7
    assert worst.grade is None


def test_contract_example():
    payload = {
        "anc": {"value": 1.5, "unit": "10*9/L"},
        "hemoglobin": {"value": 10.2, "unit": "g/dL"},
        "platelets": {"value": 120, "unit": "10*9/L"},
        "crp": {"value": 2.1, "unit": "mg/dL"},
        "ferritin": {"value": 800, "unit": "ng/mL"},
    }
    result = grade("hematotox", payload)
    assert (result.grade, result.score, result.risk) == (None, 2, "high")


def test_missing_inputs_leave_the_score_open_but_may_decide_the_risk():
    high = grade_hematotox(platelets=50, anc=0.5)
    assert (high.score, high.risk) == (None, "high")
    assert high.missing == ("hemoglobin", "crp", "ferritin")
    unknown = grade_hematotox(platelets=200, anc=2.0, hemoglobin=12.0, crp=1.0)
    assert (unknown.score, unknown.risk) == (None, None)
    assert unknown.missing == ("ferritin",)


@pytest.mark.parametrize("name", ["anc", "hemoglobin", "crp"])
def test_one_one_point_input_missing_and_the_rest_normal_is_low_risk(name):
    result = grade_hematotox(**{k: v for k, v in LOW.items() if k != name})
    assert (result.score, result.risk, result.missing) == (None, "low", (name,))
    assert result.basis[-1].criterion == "score at least 0, at most 1: low risk (0–1 low, ≥ 2 high)"


@pytest.mark.parametrize("name", ["platelets", "ferritin"])
def test_one_two_point_input_missing_leaves_the_risk_open(name):
    result = grade_hematotox(**{k: v for k, v in LOW.items() if k != name})
    assert (result.score, result.risk, result.missing) == (None, None, (name,))
    assert not any("risk" in b.criterion for b in result.basis)


def test_the_risk_line_names_the_group_the_score_is_in():
    one = score(anc=1.0)
    assert one.basis[-1].criterion == "score 1: low risk (0–1 low, ≥ 2 high)"
    two = score(anc=1.0, hemoglobin=8.0)
    assert two.basis[-1].criterion == "score 2: high risk (0–1 low, ≥ 2 high)"
    assert not any("low risk" in b.criterion for b in two.basis)
    zero = score()
    assert zero.basis[-1].criterion == "score 0: low risk (0–1 low, ≥ 2 high)"
    at_least = grade_hematotox(platelets=50, anc=0.5)
    assert at_least.basis[-1].criterion == (
        "score at least 3, at most 7: high risk (0–1 low, ≥ 2 high)"
    )
    assert all(b.source.startswith("Rejeski") for b in at_least.basis)


OUTSIDE_LBCL = (
    "CAR-HEMATOTOX was derived and validated in relapsed/refractory large B-cell lymphoma; "
    "{disease} is not large B-cell lymphoma, so the score rests there on later series"
)


@pytest.mark.parametrize("disease", ["MM", "B-ALL", "FL", "MCL", "CLL", "PCNSL", "B-NHL"])
def test_outside_large_b_cell_lymphoma_the_result_warns(disease):
    result = score(disease=disease)
    assert result.warnings == (OUTSIDE_LBCL.format(disease=disease),)
    assert result.score == 0  # the disease never changes the score
    assert result.input["disease"] == disease


@pytest.mark.parametrize("disease", ["LBCL", "DLBCL", "HGBL", "PMBCL", "tFL"])
def test_large_b_cell_lymphoma_has_no_warning(disease):
    result = score(disease=disease)
    assert result.warnings == ()
    assert result.input["disease"] == disease


def test_without_a_disease_there_is_no_warning():
    result = score()
    assert result.warnings == ()
    assert "disease" not in result.input


@pytest.mark.parametrize("disease", ["dlbcl", "lymphoma of the eye", "OTHER", 7, ""])
def test_a_disease_that_is_not_a_vocabulary_key_is_refused(disease):
    with pytest.raises(ClinicalInputError) as caught:
        score(disease=disease)
    assert caught.value.field == "disease"
    assert "screening vocabulary" in caught.value.message


def test_the_contract_takes_the_disease():
    payload = {
        "anc": {"value": 1.5, "unit": "10*9/L"},
        "disease": "MM",
    }
    result = grade("hematotox", payload)
    assert result.warnings == (OUTSIDE_LBCL.format(disease="MM"),)


def test_each_item_line_names_the_value_its_unit_and_its_points():
    result = score(platelets=50, anc=1.0, ferritin=2500)
    assert [b.criterion for b in result.basis] == [
        "platelets 50 × 10⁹/L: 2 points",
        "ANC 1 × 10⁹/L: 1 point",
        "haemoglobin 12 g/dL: 0 points",
        "CRP 1 mg/dL: 0 points",
        "ferritin 2500 ng/mL: 2 points",
        "score 5: high risk (0–1 low, ≥ 2 high)",
    ]


def test_the_input_is_echoed_in_canonical_units_and_a_missing_one_left_out():
    result = grade(
        "hematotox",
        {"anc": {"value": 1500, "unit": "/uL"}, "hemoglobin": {"value": 102, "unit": "g/L"}},
    )
    assert result.input == {
        "anc": {"value": 1.5, "unit": "10*9/L"},
        "hemoglobin": {"value": 10.2, "unit": "g/dL"},
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("platelets", -1.0), ("anc", 501.0), ("hemoglobin", 0.5), ("crp", 101.0), ("ferritin", -1.0)],
)
def test_an_impossible_value_is_refused_naming_its_field(field, value):
    with pytest.raises(ClinicalInputError) as caught:
        score(**{field: value})
    assert caught.value.field == field


def test_an_unknown_disease_is_refused_with_examples():
    with pytest.raises(ClinicalInputError) as caught:
        score(disease="myeloma")
    assert caught.value.message == (
        "'myeloma' is not a disease key of the screening vocabulary (for example DLBCL, LBCL, "
        "MM, B-ALL, FL, MCL, CLL)."
    )

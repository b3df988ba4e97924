"""CAR-HEMATOTOX (Rejeski 2021): each variable's cut-points, the open boundaries cartnav chose,
units, and the risk group with missing inputs."""

import pytest

from cartnav.clinical import grade, grade_hematotox

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


@pytest.mark.parametrize(("value", "points"), [(1.3, 0), (1.2, 0), (1.19, 1)])
def test_anc(value, points):
    assert score(anc=value).score == points


@pytest.mark.parametrize(("value", "points"), [(9.1, 0), (9.0, 0), (8.9, 1)])
def test_hemoglobin(value, points):
    assert score(hemoglobin=value).score == points


@pytest.mark.parametrize(("value", "points"), [(2.9, 0), (3.0, 0), (3.1, 1)])
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


@pytest.mark.parametrize("name", ["platelets", "anc", "hemoglobin", "crp", "ferritin"])
def test_open_boundaries_are_named_as_choices(name):
    value = {"platelets": 175.0, "anc": 1.2, "hemoglobin": 9.0, "crp": 3.0, "ferritin": 650.0}
    result = score(**{name: value[name]})
    assert any(b.source.startswith("cartnav's choice") for b in result.basis)


@pytest.mark.parametrize(
    ("payload", "points"),
    [
        ({"platelets": {"value": 175000, "unit": "/uL"}}, 1),
        ({"platelets": {"value": 74.9, "unit": "10*3/uL"}}, 2),
        ({"anc": {"value": 1190, "unit": "/uL"}}, 1),
        ({"hemoglobin": {"value": 90, "unit": "g/L"}}, 0),
        ({"hemoglobin": {"value": 89, "unit": "g/L"}}, 1),
        ({"crp": {"value": 30, "unit": "mg/L"}}, 0),
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

"""EASIX (Luft 2017) and m-EASIX (Pennisi 2021): values, log2, units, missing inputs."""

import math

import pytest

from cartnav.clinical import ClinicalInputError, grade, grade_easix


def test_contract_example():
    payload = {
        "ldh": {"value": 250, "unit": "U/L"},
        "creatinine": {"value": 1.0, "unit": "mg/dL"},
        "platelets": {"value": 150, "unit": "10*9/L"},
        "crp": {"value": 1.0, "unit": "mg/dL"},
    }
    result = grade("easix", payload)
    assert result.easix == pytest.approx(250 * 1.0 / 150, rel=1e-12)
    assert result.easix_log2 == pytest.approx(math.log2(250 / 150), rel=1e-12)
    assert result.m_easix == pytest.approx(250 * 1.0 / 150, rel=1e-12)
    assert (result.grade, result.score) == (None, None)
    assert result.missing == ()
    assert "no universal cut-off exists: no risk group is given" in result.warnings


def test_si_units_give_the_same_index():
    payload = {
        "ldh": {"value": 400, "unit": "U/L"},
        "creatinine": {"value": 88.4, "unit": "umol/L"},
        "platelets": {"value": 50000, "unit": "/uL"},
    }
    result = grade("easix", payload)
    assert result.easix == 8.0
    assert result.easix_log2 == 3.0
    assert result.m_easix is None
    assert result.missing == ("crp",)


def test_m_easix_without_creatinine():
    result = grade_easix(ldh=300, platelets=100, crp=2.0)
    assert result.easix is None
    assert result.m_easix == 6.0
    assert result.missing == ("creatinine",)


def test_a_zero_platelet_count_is_refused():
    with pytest.raises(ClinicalInputError) as caught:
        grade_easix(ldh=300, creatinine=1.0, platelets=0)
    assert caught.value.field == "platelets"


def test_each_index_shows_its_arithmetic_and_cites_its_source():
    result = grade_easix(ldh=400, creatinine=1.5, platelets=50, crp=2.0)
    assert [(b.criterion, b.source) for b in result.basis] == [
        (
            "EASIX = LDH 400 U/L × creatinine 1.5 mg/dL / platelets 50 × 10⁹/L = 12 (log2 3.585)",
            "Luft et al., Lancet Haematol 2017",
        ),
        (
            "m-EASIX = LDH 400 U/L × CRP 2 mg/dL / platelets 50 × 10⁹/L = 16",
            "Pennisi et al., Blood Adv 2021",
        ),
    ]
    assert result.input == {
        "ldh": {"value": 400, "unit": "U/L"},
        "creatinine": {"value": 1.5, "unit": "mg/dL"},
        "platelets": {"value": 50, "unit": "10*9/L"},
        "crp": {"value": 2.0, "unit": "mg/dL"},
    }


def test_a_missing_input_is_left_out_of_the_echo():
    assert grade_easix(ldh=300, platelets=100).input == {
        "ldh": {"value": 300, "unit": "U/L"},
        "platelets": {"value": 100, "unit": "10*9/L"},
    }
    assert grade_easix().basis == ()


def test_the_zero_platelet_refusal_says_why():
    with pytest.raises(ClinicalInputError) as caught:
        grade_easix(platelets=0)
    assert caught.value.message == (
        "0 × 10⁹/L cannot be used: EASIX divides by the platelet count; enter the lowest count "
        "the laboratory reports."
    )


@pytest.mark.parametrize(
    ("field", "value"), [("ldh", 0.5), ("creatinine", 41.0), ("platelets", -1.0), ("crp", 101.0)]
)
def test_an_impossible_value_is_refused_naming_its_field(field, value):
    with pytest.raises(ClinicalInputError) as caught:
        grade_easix(**{field: value})
    assert caught.value.field == field

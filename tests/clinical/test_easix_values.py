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
        "creatinine": {"value": 88.42, "unit": "umol/L"},
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

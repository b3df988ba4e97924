"""Units outside the accepted list and values no living patient can have are refused, with an
error that names the field, the value, the unit and what is accepted."""

import re

import pytest

from cartnav.clinical import ClinicalInputError, grade, grade_crs
from cartnav.clinical.units import ANALYTES, from_canonical, normalise

LIMITS = [(a.name, a.canonical, a.low, a.high) for a in ANALYTES.values()]


@pytest.mark.parametrize(("kind", "unit", "low", "high"), LIMITS)
def test_the_limits_themselves_are_accepted(kind, unit, low, high):
    assert normalise(kind, kind, {"value": low, "unit": unit}) == low
    assert normalise(kind, kind, {"value": high, "unit": unit}) == high


@pytest.mark.parametrize(("kind", "unit", "low", "high"), LIMITS)
def test_just_beyond_the_limits_is_refused(kind, unit, low, high):
    for value in (low - 0.01, high + 0.01):
        with pytest.raises(ClinicalInputError) as caught:
            normalise(f"current.{kind}", kind, {"value": value, "unit": unit})
        message = str(caught.value)
        assert caught.value.field == f"current.{kind}"
        assert message.startswith(f"current.{kind}: ")
        assert f"{value:g} {unit}" in message
        assert "check the unit" in message


@pytest.mark.parametrize(
    ("kind", "unit"),
    [(a.name, u) for a in ANALYTES.values() for u in a.accepted if u != a.canonical],
)
def test_the_limits_hold_in_every_accepted_unit(kind, unit):
    analyte = ANALYTES[kind]
    high = from_canonical(kind, analyte.high, unit)
    assert normalise(kind, kind, {"value": high, "unit": unit}) == pytest.approx(analyte.high)
    with pytest.raises(ClinicalInputError, match=f"accepted .* {re.escape(unit)}"):
        normalise(kind, kind, {"value": high * 1.01 + 1, "unit": unit})


def test_temperature_in_fahrenheit_typed_as_celsius_is_refused():
    with pytest.raises(ClinicalInputError) as caught:
        grade("crs", {"temperature": {"value": 101.3, "unit": "Cel"}})
    assert caught.value.field == "temperature"
    assert "101.3 Cel" in str(caught.value)
    assert "accepted 25–45 Cel" in str(caught.value)


def test_uric_acid_in_umol_typed_as_mg_is_refused():
    payload = {"current": {"uric_acid": {"value": 480, "unit": "mg/dL"}}}
    with pytest.raises(ClinicalInputError) as caught:
        grade("tls", payload)
    assert caught.value.field == "current.uric_acid"
    assert "480 mg/dL" in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "unit"),
    [
        ("temperature", "K"),
        ("uric_acid", "mmol/L"),
        ("potassium", "mg/dL"),
        ("platelets", "g/L"),
        ("hemoglobin", "mmol/L"),
        ("crp", "g/L"),
        ("ldh", "ukat/L"),
        ("oxygen_flow", "mL/min"),
        ("ferritin", None),
    ],
)
def test_a_unit_not_accepted_for_the_field_is_refused(kind, unit):
    with pytest.raises(ClinicalInputError) as caught:
        normalise(f"x.{kind}", kind, {"value": 1, "unit": unit})
    message = str(caught.value)
    assert caught.value.field == f"x.{kind}"
    assert "is not accepted" in message
    assert ", ".join(ANALYTES[kind].accepted) in message
    assert "check the unit" in message


@pytest.mark.parametrize(
    "quantity",
    [
        38.5,
        {"value": 38.5},
        {"value": "38.5", "unit": "Cel"},
        {"value": True, "unit": "Cel"},
        {"value": float("nan"), "unit": "Cel"},
        {"value": 1, "unit": "Cel", "extra": 1},
    ],
)
def test_malformed_quantities_are_refused(quantity):
    with pytest.raises(ClinicalInputError) as caught:
        normalise("temperature", "temperature", quantity)
    assert caught.value.field == "temperature"


def test_the_python_api_checks_the_same_limits():
    with pytest.raises(ClinicalInputError, match="temperature: 46 Cel"):
        grade_crs(temperature=46.0)
    with pytest.raises(ClinicalInputError, match="oxygen_flow: -1 L/min"):
        grade_crs(oxygen_flow=-1.0)
    with pytest.raises(ClinicalInputError, match="nan"):
        grade_crs(temperature=float("nan"))


def test_it_is_a_value_error():
    assert issubclass(ClinicalInputError, ValueError)

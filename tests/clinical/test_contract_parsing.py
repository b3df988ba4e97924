"""The grading-io contract: strict shapes, named fields in every refusal, exact result keys."""

from typing import Any, cast

import pytest

from cartnav.clinical import (
    KINDS,
    ClinicalInputError,
    CrsInput,
    grade,
    parse,
    parse_crs,
    parse_tls,
)

COMMON = ["kind", "grade", "score", "basis", "missing", "warnings", "input"]


@pytest.mark.parametrize(
    ("kind", "extras"),
    [
        ("crs", []),
        ("icans", ["ice_total", "capd_total"]),
        ("tls", ["laboratory_tls", "clinical_tls"]),
        ("hematotox", ["risk"]),
        ("easix", ["easix", "easix_log2", "m_easix"]),
    ],
)
def test_every_result_has_exactly_the_contract_keys(kind, extras):
    assert list(grade(kind, {}).to_dict()) == COMMON + extras


def test_kinds():
    assert KINDS == ("crs", "icans", "tls", "hematotox", "easix", "icaht")


def test_an_unknown_kind_is_refused():
    with pytest.raises(ClinicalInputError) as caught:
        grade("sofa", {})
    assert caught.value.field == "kind"
    assert "crs, icans, tls, hematotox, easix" in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "payload", "field", "accepted"),
    [
        ("crs", {"oxygen_device": "helmet"}, "oxygen_device", "mechanical_ventilation"),
        ("icans", {"consciousness": "drowsy"}, "consciousness", "stupor_or_coma"),
        ("icans", {"seizure": "absence"}, "seizure", "repetitive_without_return_to_baseline"),
        ("icans", {"raised_icp": "mild"}, "raised_icp", "cushings_triad"),
        ("tls", {"arrhythmia": "af"}, "arrhythmia", "life_threatening"),
        ("tls", {"seizure": "yes"}, "seizure", "prolonged_repetitive_or_refractory"),
        ("tls", {"rule": "cairo"}, "rule", "howard_2011"),
    ],
)
def test_unknown_enumerated_values_name_the_field_and_the_accepted_values(
    kind, payload, field, accepted
):
    with pytest.raises(ClinicalInputError) as caught:
        grade(kind, payload)
    assert caught.value.field == field
    assert accepted in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "payload", "field"),
    [
        ("crs", {"temprature": {"value": 38, "unit": "Cel"}}, "temprature"),
        ("hematotox", {"wbc": {"value": 3, "unit": "10*9/L"}}, "wbc"),
        ("tls", {"current": {"sodium": {"value": 140, "unit": "mmol/L"}}}, "current.sodium"),
        (
            "tls",
            {"baseline": {"ionized_calcium": {"value": 1, "unit": "mmol/L"}}},
            "baseline.ionized_calcium",
        ),
        ("icans", {"capd": {"eye_contact": 5}}, "capd.eye_contact"),
    ],
)
def test_unknown_fields_are_refused(kind, payload, field):
    with pytest.raises(ClinicalInputError) as caught:
        grade(kind, payload)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"fever_masked": "yes"}, "fever_masked"),
        ({"vasopressors": 1.5}, "vasopressors"),
        ({"vasopressors": -1}, "vasopressors"),
        ({"vasopressors": True}, "vasopressors"),
        ({"death_from_crs": 1}, "death_from_crs"),
    ],
)
def test_wrong_types_are_refused(payload, field):
    with pytest.raises(ClinicalInputError) as caught:
        grade("crs", payload)
    assert caught.value.field == field


def test_a_whole_float_is_a_whole_number():
    assert (
        grade(
            "crs",
            {"vasopressors": 2.0, "hypotension": True, "temperature": {"value": 39, "unit": "Cel"}},
        ).grade
        == 4
    )


@pytest.mark.parametrize(
    ("kind", "payload", "field"),
    [
        ("icans", {"age_years": 200}, "age_years"),
        ("icans", {"age_years": "ten"}, "age_years"),
        ("tls", {"day_relative_to_therapy": 99999}, "day_relative_to_therapy"),
        ("tls", {"current": [1]}, "current"),
    ],
)
def test_plain_numbers_are_checked(kind, payload, field):
    with pytest.raises(ClinicalInputError) as caught:
        grade(kind, payload)
    assert caught.value.field == field


def test_a_payload_must_be_an_object():
    with pytest.raises(ClinicalInputError) as caught:
        parse("crs", cast(Any, []))
    assert caught.value.field == "payload"


def test_parse_returns_the_kinds_input_type_in_canonical_units():
    parsed = parse_crs(
        {
            "temperature": {"value": 102.2, "unit": "[degF]"},
            "oxygen_flow": {"value": 4, "unit": "L/min"},
        }
    )
    assert parsed == CrsInput(temperature=39.0, oxygen_flow=4.0)


def test_tls_labs_are_normalised_and_echoed():
    parsed = parse_tls(
        {"current": {"uric_acid": {"value": 594.8, "unit": "umol/L"}}, "baseline": None}
    )
    assert parsed.current == {"uric_acid": 10.0}
    result = grade("tls", {"current": {"uric_acid": {"value": 594.8, "unit": "umol/L"}}})
    assert result.input["current"] == {"uric_acid": {"value": 10.0, "unit": "mg/dL"}}
    assert result.input["rule"] == "cairo_bishop_2004"


def test_null_fields_are_missing():
    result = grade("crs", {"temperature": None, "fever_masked": None})
    assert result.grade is None
    assert "temperature" in result.missing

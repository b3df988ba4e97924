from __future__ import annotations

import pytest

from cartnav.eligibility.profile import PatientProfile, ProfileError


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"icd10": "Z99.9"}, "icd10", "no disease is known"),
        ({"disease": "XYZ"}, "disease", "unknown disease key"),
        ({"age_years": 140}, "age_years", "no living patient"),
        ({"ecog": 7}, "ecog", "outside 0–5"),
        (
            {"labs": {"platelets": {"value": 120, "unit": "kg"}}},
            "labs.platelets.unit",
            "check the unit",
        ),
        (
            {"labs": {"hemoglobin": {"value": 90, "unit": "g/dL"}}},
            "labs.hemoglobin",
            "check the unit",
        ),
        (
            {"lines": [{"regimen": "R-CHOP", "start": "2024-06-01", "end": "2024-01-01"}]},
            "lines[0].end",
            "before it starts",
        ),
        (
            {"lines": [{"regimen": "X", "best_response": "GREAT"}]},
            "lines[0].best_response",
            "not one of",
        ),
        ({"hiv": "maybe"}, "hiv", "true, false or null"),
        ({"favourite_colour": "blue"}, "favourite_colour", "not a profile field"),
        ({"date_of_birth": "2090-01-01", "as_of": "2026-01-01"}, "date_of_birth", "future"),
    ],
)
def test_bad_input_names_the_field(data: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(ProfileError) as caught:
        PatientProfile.from_dict(data)
    assert caught.value.field == field
    assert words in str(caught.value)


def test_codes_map_to_diseases_and_the_profile_round_trips() -> None:
    profile = PatientProfile.from_dict(
        {
            "icdo3": "9732/3",
            "labs": {"creatinine": {"value": 88.42, "unit": "umol/L", "date": "2026-11-01"}},
        }
    )
    assert profile.disease == "MM"
    assert profile.lab("creatinine") == pytest.approx(1.0)
    again = PatientProfile.from_dict(
        {k: v for k, v in profile.to_dict().items() if v not in (None, [], {})}
    )
    assert again == profile


def test_age_comes_from_the_date_of_birth() -> None:
    assert (
        PatientProfile.from_dict({"date_of_birth": "1968-03-14", "as_of": "2026-03-13"}).age_years
        == 57
    )
    assert (
        PatientProfile.from_dict({"date_of_birth": "1968-03-14", "as_of": "2026-03-14"}).age_years
        == 58
    )


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"cities": 5}, "cities", "must be a list of texts"),
        ({"cities": "Shanghai"}, "cities", "must be a list of texts"),
        ({"cities": ["Shanghai", 5]}, "cities[1]", "must be text"),
        ({"languages": [{"en": 1}]}, "languages[0]", "must be text"),
        ({"prior_car_t_targets": 5}, "prior_car_t_targets", "must be a list of texts"),
        ({"icd10": 123}, "icd10", "must be text"),
        ({"icdo3": ["9732/3"]}, "icdo3", "must be text"),
        ({"subtype": {"a": 1}}, "subtype", "must be text"),
        ({"disease": 5}, "disease", "must be text"),
        ({"lines": [{"regimen": 5}]}, "lines[0].regimen", "must be text"),
        ({"lines": [5]}, "lines[0]", "must be an object"),
        ({"lines": [{"regimen": "R-CHOP", "drug_classes": "PI"}]}, "lines[0].drug_classes", "list"),
        ({"lines": [{"regimen": "R", "start": 20240101}]}, "lines[0].start", "not a date"),
        ({"lines": [{"regimen": "R"}] * 51}, "lines", "at most 50"),
        ({"ecog": 1.5}, "ecog", "not a whole number"),
        ({"karnofsky": 85.5}, "karnofsky", "not a whole number"),
        ({"ecog": float("nan")}, "ecog", "not a number"),
        (
            {"labs": {"alt": {"value": 60, "unit": "U/L", "uln": "forty"}}},
            "labs.alt.uln",
            "not a number",
        ),
        ({"labs": {"alt": {"value": None, "unit": "U/L"}}}, "labs.alt.value", "needs a number"),
        ({"labs": {"anc": {"value": 1, "unit": 5}}}, "labs.anc.unit", "must be text"),
        ({"reports": [{"kind": "imaging", "conclusion": 5}]}, "reports[0].conclusion", "text"),
        ({"reports": [{"kind": "imaging"}] * 101}, "reports", "at most 100"),
        ({"current_medications": ["x"] * 201}, "current_medications", "at most 200"),
        ({"date_of_birth": "1800-01-01", "as_of": "2026-01-01"}, "date_of_birth", "no living"),
        ({"date_of_birth": 19700101}, "date_of_birth", "not a date"),
        ({"stage": "x" * 201}, "stage", "longer than 200"),
    ],
)
def test_values_of_the_wrong_kind_are_refused_not_changed(
    data: dict[str, object], field: str, words: str
) -> None:
    """Nothing outside is coerced: 5 is not a list of cities, "Shanghai" not its letters, ECOG
    1.5 not 1 (each was silently changed or crashed before)."""
    with pytest.raises(ProfileError) as caught:
        PatientProfile.from_dict(data)
    assert caught.value.field == field
    assert words in str(caught.value)

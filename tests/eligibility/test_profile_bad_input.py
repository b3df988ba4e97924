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

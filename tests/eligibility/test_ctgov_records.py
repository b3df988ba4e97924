from __future__ import annotations

import copy
from pathlib import Path

import pytest

from cartnav.eligibility import hospitals
from cartnav.eligibility.ctgov import (
    StudyFormatError,
    parse_age,
    parse_studies,
    read_monitor_tables,
)

STUDY = {
    "protocolSection": {
        "identificationModule": {"nctId": "NCT01234567", "briefTitle": "CD19 CAR-T for r/r DLBCL"},
        "statusModule": {"overallStatus": "RECRUITING", "startDateStruct": {"date": "2025-01"}},
        "conditionsModule": {"conditions": ["Diffuse Large B-cell Lymphoma"]},
        "designModule": {"phases": ["PHASE2"]},
        "armsInterventionsModule": {"interventions": [{"name": "anti-CD19 CAR-T cells"}]},
        "eligibilityModule": {
            "eligibilityCriteria": "Inclusion Criteria:\n\n* ECOG 0-1\n* Age \\>= 18",
            "minimumAge": "18 Years",
            "maximumAge": "75 Years",
            "sex": "ALL",
        },
        "contactsLocationsModule": {
            "locations": [
                {
                    "facility": "Ruijin Hospital",
                    "city": "Shanghai",
                    "country": "China",
                    "geoPoint": {"lat": 31.2, "lon": 121.4},
                }
            ]
        },
    }
}


def test_a_page_of_studies_is_parsed_with_sites_and_criteria() -> None:
    [(path, record)] = parse_studies({"studies": [STUDY]})
    assert path == "studies[0]"
    assert not isinstance(record, Exception)
    assert (record.nct_id, record.status, record.min_age_years, record.max_age_years) == (
        "NCT01234567",
        "RECRUITING",
        18.0,
        75.0,
    )
    assert record.diseases == ["DLBCL"]
    assert record.targets == ["CD19"]
    assert record.sites[0].facility == "Ruijin Hospital"
    assert "Age >= 18" in record.eligibility_text or "Age ≥ 18" in record.eligibility_text
    assert [c.kind for c in record.criteria()][:4] == ["age_min", "age_max", "disease", "ecog_max"]


def test_a_malformed_study_names_its_path_and_spoils_no_other() -> None:
    bad = copy.deepcopy(STUDY)
    bad["protocolSection"]["eligibilityModule"]["minimumAge"] = "eighteen"
    worse = {"protocolSection": {"identificationModule": {"nctId": 42}}}
    results = parse_studies([STUDY, bad, worse])
    assert not isinstance(results[0][1], Exception)
    assert (
        str(results[1][1])
        == "[1].protocolSection.eligibilityModule.minimumAge: 'eighteen' is not an age such as '18 Years'"
    )
    assert isinstance(results[2][1], StudyFormatError)
    assert results[2][1].path == "[2].protocolSection.identificationModule.nctId"
    with pytest.raises(StudyFormatError):
        parse_studies("not a study")


@pytest.mark.parametrize(
    ("text", "years"), [("18 Years", 18.0), ("6 Months", 0.5), ("N/A", None), ("", None)]
)
def test_ages(text: str, years: float | None) -> None:
    assert parse_age("x", text) == years


def test_the_shared_tables_join_sites_and_drop_orphans() -> None:
    folder = (
        Path(__file__).resolve().parents[2]
        / "cartnav"
        / "catalog"
        / "data"
        / "ctgov_cart_onc_monitor"
    )
    records = read_monitor_tables(folder, folder / "eligibility_sample_200.json")
    assert len(records) == 2274
    assert sum(1 for r in records if r.eligibility_text) == 200
    assert (
        sum(len(r.sites) for r in records) < 11474
    )  # orphan site rows of excluded trials are gone


def test_facility_spellings_merge_into_one_hospital() -> None:
    rows = [
        {
            "facility": "The First Affiliated Hospital of Soochow University",
            "city": "Suzhou",
            "nct_ids": ["NCT1", "NCT2"],
            "latitude": 31.0,
            "longitude": 120.0,
        },
        {
            "facility": "First affiliated hospital of soochow university",
            "city": "Suzhou",
            "nct_ids": ["NCT3"],
            "latitude": 31.2,
            "longitude": 120.2,
        },
        {"facility": "People's Hospital", "city": "Suzhou", "nct_ids": ["NCT4"]},
        {"facility": "People's Hospital", "city": "Hangzhou", "nct_ids": ["NCT5"]},
    ]
    merged = hospitals.deduplicate(rows)
    assert len(merged) == 3
    first = merged[0]
    assert first.trial_ids == ["NCT1", "NCT2", "NCT3"]
    assert first.latitude == pytest.approx(31.1)
    assert first.aliases == ["First affiliated hospital of soochow university"]

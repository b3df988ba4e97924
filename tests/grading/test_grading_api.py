"""POST /api/v1/grade/{kind} answers the examples of reference/grading-io.md exactly."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cartnav.accounts.models import ApiToken
from tests.cast import Cast

EXAMPLES = {
    "crs": (
        {
            "temperature": {"value": 38.4, "unit": "Cel"},
            "fever_masked": False,
            "hypotension": True,
            "vasopressors": 0,
            "vasopressin": False,
            "oxygen_device": "room_air",
            "oxygen_flow": {"value": 0, "unit": "L/min"},
            "death_from_crs": False,
        },
        {"grade": 2},
    ),
    "icans": (
        {
            "age_years": 54,
            "ice": {"orientation": 4, "naming": 3, "commands": 1, "writing": 1, "attention": 1},
            "capd": None,
            "consciousness": "alert",
            "seizure": "none",
            "motor_weakness": False,
            "raised_icp": "none",
            "death_from_icans": False,
        },
        {"grade": 0, "ice_total": 10},
    ),
    "tls": (
        {
            "age_years": 61,
            "day_relative_to_therapy": 2,
            "baseline": {
                "uric_acid": {"value": 6.0, "unit": "mg/dL"},
                "potassium": {"value": 4.1, "unit": "mmol/L"},
                "phosphate": {"value": 3.5, "unit": "mg/dL"},
                "calcium": {"value": 9.1, "unit": "mg/dL"},
            },
            "current": {
                "uric_acid": {"value": 8.2, "unit": "mg/dL"},
                "potassium": {"value": 6.1, "unit": "mmol/L"},
                "phosphate": {"value": 4.0, "unit": "mg/dL"},
                "calcium": {"value": 8.9, "unit": "mg/dL"},
                "creatinine": {"value": 1.1, "unit": "mg/dL"},
            },
            "creatinine_uln": {"value": 1.2, "unit": "mg/dL"},
            "arrhythmia": "none",
            "seizure": "none",
        },
        {"laboratory_tls": True, "clinical_tls": False, "grade": 0},
    ),
    "hematotox": (
        {
            "anc": {"value": 1.5, "unit": "10*9/L"},
            "hemoglobin": {"value": 10.2, "unit": "g/dL"},
            "platelets": {"value": 120, "unit": "10*9/L"},
            "crp": {"value": 2.1, "unit": "mg/dL"},
            "ferritin": {"value": 800, "unit": "ng/mL"},
        },
        {"grade": None, "score": 2, "risk": "high"},
    ),
    "easix": (
        {
            "ldh": {"value": 250, "unit": "U/L"},
            "creatinine": {"value": 1.0, "unit": "mg/dL"},
            "platelets": {"value": 150, "unit": "10*9/L"},
            "crp": {"value": 1.0, "unit": "mg/dL"},
        },
        {"easix": pytest.approx(250 * 1.0 / 150), "m_easix": pytest.approx(250 * 1.0 / 150)},
    ),
}


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_the_api_answers_the_contract_examples(cast: Cast, kind: str) -> None:
    payload, expected = EXAMPLES[kind]
    response = cast.client("nils").post(
        f"/api/v1/grade/{kind}", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["kind"] == kind
    for key, value in expected.items():
        assert body[key] == value, (key, body)
    assert body["basis"] and all(b["source"] for b in body["basis"])
    assert set(body) >= {"grade", "score", "basis", "missing", "warnings", "input"}


def test_a_token_can_grade_and_a_wrong_unit_names_the_field(cast: Cast) -> None:
    _, raw = ApiToken.issue(cast.users["phil"], "monitor", verified=True)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    bad = client.post(
        "/api/v1/grade/tls",
        json.dumps({"current": {"uric_acid": {"value": 8, "unit": "kg"}}}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["field"] == "current.uric_acid"
    assert "check the unit" in bad.json()["detail"]


def test_unknown_kind_and_anonymous_callers_are_refused(cast: Cast) -> None:
    assert (
        cast.client("nils")
        .post("/api/v1/grade/sofa", "{}", content_type="application/json")
        .status_code
        == 404
    )
    assert (
        Client().post("/api/v1/grade/crs", "{}", content_type="application/json").status_code == 401
    )


def test_missing_inputs_give_an_unknown_grade_not_zero(cast: Cast) -> None:
    body = (
        cast.client("nils")
        .post(
            "/api/v1/grade/crs", json.dumps({"hypotension": True}), content_type="application/json"
        )
        .json()
    )
    assert body["grade"] is None
    assert "temperature" in " ".join(body["missing"])


def test_the_api_grades_howard_without_a_grade(cast: Cast) -> None:
    payload = {
        "rule": "howard_2011",
        "age_years": 61,
        "day_relative_to_therapy": 2,
        "current": {
            "uric_acid": {"value": 8.0, "unit": "mg/dL"},
            "potassium": {"value": 6.1, "unit": "mmol/L"},
            "ionized_calcium": {"value": 1.1, "unit": "mmol/L"},
            "creatinine": {"value": 1.5, "unit": "mg/dL"},
        },
        "baseline": {"creatinine": {"value": 1.0, "unit": "mg/dL"}},
    }
    body = (
        cast.client("nils")
        .post("/api/v1/grade/tls", json.dumps(payload), content_type="application/json")
        .json()
    )
    assert (body["grade"], body["laboratory_tls"], body["clinical_tls"]) == (None, True, True)
    assert body["input"]["baseline"] == {"creatinine": {"value": 1.0, "unit": "mg/dL"}}


def test_the_api_takes_the_disease_for_hematotox_and_refuses_an_unknown_one(cast: Cast) -> None:
    client = cast.client("nils")
    body = client.post(
        "/api/v1/grade/hematotox",
        json.dumps({"anc": {"value": 1.2, "unit": "10*9/L"}, "disease": "MM"}),
        content_type="application/json",
    ).json()
    assert body["warnings"] and "large B-cell lymphoma" in body["warnings"][0]
    refused = client.post(
        "/api/v1/grade/hematotox",
        json.dumps({"disease": "myeloma"}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "disease"

"""Inputs that used to end in a traceback (an HTTP 500) now get a clear refusal naming the
field, change nothing, and leave every page working."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cartnav.audit.models import AuditRecord
from cartnav.patients.models import Patient
from cartnav.records.models import ReviewRequest
from cartnav.screening.models import ScreeningProfile
from tests.cast import Cast


def _patch(client: Client, cast: Cast, body: dict[str, Any]) -> Any:
    return client.patch(
        f"/api/v1/patients/{cast.ana.pk}", json.dumps(body), content_type="application/json"
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"time_zone": "America"}, "time_zone"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"email": None}, "email"),
        ({"family_name": None}, "family_name"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"date_of_birth": "1826-01-01"}, "date_of_birth"),
        ({"nationality": "es"}, "nationality"),
        ({"languages": ["en", 5]}, "languages[1]"),
        ({"languages": ["not a tag"]}, "languages"),
        ({"contacts": [{"name": "x", "secret": "y"}]}, "contacts"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_patient_fields_are_validated_where_they_enter(
    cast: Cast, body: dict[str, Any], field: str
) -> None:
    before = Patient.objects.values().get(pk=cast.ana.pk)
    response = _patch(cast.client("cora"), cast, body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert Patient.objects.values().get(pk=cast.ana.pk) == before


def test_a_time_zone_already_stored_wrongly_breaks_no_page(cast: Cast) -> None:
    """Data from before the validation: the portal and the staff case page still render."""
    Patient.objects.filter(pk=cast.ana.pk).update(time_zone="America")
    assert cast.client("ana").get("/me/").status_code == 200
    assert cast.client("cora").get(f"/cases/{cast.ana_case.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        ({"cities": 5}, "cities"),
        ({"icd10": 123}, "icd10"),
        ({"lines": [{"regimen": 5}]}, "lines[0].regimen"),
        ({"prior_car_t_targets": 5}, "prior_car_t_targets"),
        ({"ecog": 1.5}, "ecog"),
        ({"labs": {"alt": {"value": 60, "unit": "U/L", "uln": "forty"}}}, "labs.alt.uln"),
    ],
)
def test_a_bad_profile_is_refused_and_the_options_page_and_export_keep_working(
    cast: Cast, profile: dict[str, Any], field: str
) -> None:
    client = cast.client("cora")
    url = f"/api/v1/cases/{cast.ana_case.pk}/profile"
    response = client.put(url, json.dumps(profile), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert not ScreeningProfile.objects.exists()
    assert client.get(f"/cases/{cast.ana_case.pk}/options/").status_code == 200
    assert client.get(f"/api/v1/cases/{cast.ana_case.pk}/fhir").status_code == 200


@pytest.mark.parametrize(
    "query", ["offset=-1", f"offset={2**64}", "limit=0", "limit=abc", f"limit={2**70}"]
)
def test_paging_out_of_range_is_a_422_naming_the_parameter(cast: Cast, query: str) -> None:
    response = cast.client("cora").get(f"/api/v1/cases?{query}")
    assert response.status_code == 422
    assert response.json()["field"] == query.split("=")[0]


@pytest.mark.parametrize("query", ["offset=-1", "age=1e999", "limit=100000"])
def test_trial_search_paging_out_of_range_is_a_422(cast: Cast, query: str) -> None:
    assert cast.client("cora").get(f"/api/v1/trials?{query}").status_code == 422


def test_a_huge_id_in_a_url_is_a_404(cast: Cast) -> None:
    big = 2**70
    client = cast.client("ana")
    assert client.get(f"/cases/{cast.ana_case.pk}/documents/{big}/").status_code == 404
    response = client.post(f"/api/v1/patients/{cast.ana.pk}/consents/{big}/withdraw")
    assert response.status_code == 404 and "detail" in response.json()


def test_a_reviewer_that_is_not_a_number_is_refused_in_words(cast: Cast) -> None:
    response = cast.client("cora").post(
        f"/cases/{cast.ana_case.pk}/review/send/", {"reviewer": "abc"}, follow=True
    )
    assert response.status_code == 200
    assert "Choose a specialist reviewer" in response.content.decode()
    assert not ReviewRequest.objects.exists()


def test_an_ecog_answer_code_that_does_not_exist_is_refused_with_its_path(cast: Cast) -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "89247-1"}]},
                    "valueCodeableConcept": {
                        "coding": [{"system": "http://loinc.org", "code": "LA9622-X"}]
                    },
                }
            }
        ],
    }
    response = cast.client("cora").post(
        f"/api/v1/cases/{cast.ana_case.pk}/fhir/preview", bundle, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["field"] == "Bundle.entry[0].resource.valueCodeableConcept"


def test_ecog_answer_codes_give_the_score_not_their_check_digit(cast: Cast) -> None:
    from cartnav.records import fhir

    def ecog(code: str) -> Any:
        obs = {
            "resourceType": "Observation",
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "89247-1"}]},
            "valueCodeableConcept": {"coding": [{"system": "http://loinc.org", "code": code}]},
        }
        bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": obs}]}
        return fhir.preview(bundle).profile["ecog"]

    assert [ecog(c) for c in ("LA9622-7", "LA9623-5", "LA9624-3", "LA9625-0", "LA9626-8")] == [
        0,
        1,
        2,
        3,
        4,
    ]


def test_json_nested_100000_deep_is_refused_on_the_preview_page_and_the_api(cast: Cast) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    client = cast.client("cora")
    page = client.post(
        f"/cases/{cast.ana_case.pk}/fhir/preview/", {"bundle": SimpleUploadedFile("d.json", deep)}
    )
    assert page.status_code == 422 and "nested deeper than" in page.content.decode()
    api = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/fhir/preview", deep, content_type="application/json"
    )
    assert api.status_code == 400 and "nested deeper than" in api.json()["detail"]
    moderately = b'{"a":' * 200 + b"1" + b"}" * 200  # parses, but is deeper than any bundle
    api = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/profile", moderately, content_type="application/json"
    )
    assert api.status_code in (400, 405)


def test_a_body_that_is_not_utf8_is_a_400_in_json(cast: Cast) -> None:
    response = cast.client("cora").put(
        f"/api/v1/cases/{cast.ana_case.pk}/profile", b"\xff\xfe{}", content_type="application/json"
    )
    assert response.status_code == 400
    assert "not UTF-8" in response.json()["detail"]


def test_an_unexpected_error_in_the_api_is_json_too(cast: Cast, monkeypatch: Any) -> None:
    from cartnav.patients import selectors

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "case_rows", broken)
    client = cast.client("cora")
    client.raise_request_exception = False
    response = client.get("/api/v1/cases?q=Alvarez")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": "Something went wrong on our side. The error is logged; please try again."
    }
    assert "boom" not in response.content.decode()


def test_api_errors_are_in_english_for_a_chinese_speaking_user(cast: Cast) -> None:
    user = cast.users["cora"]
    user.language = "zh-hans"
    user.save()
    client = cast.client("cora")
    response = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/stage",
        json.dumps({"to_stage": "inquiry", "reason": "x"}),
        content_type="application/json",
    )
    assert response.json()["detail"] == "The case is already at this stage."
    assert "模" not in client.get(f"/api/v1/cases/{cast.bea_case.pk}").content.decode()
    assert AuditRecord.objects.exists()


def test_a_nul_character_anywhere_is_refused_before_the_database_sees_it(cast: Cast) -> None:
    """PostgreSQL cannot keep a NUL in text or JSON: it used to end in a database error."""
    client = cast.client("cora")
    query = client.get("/api/v1/hospitals?city=%00x")
    assert query.status_code == 400 and "city" in query.json()["detail"]
    page = client.get("/trials/?q=a%00b")
    assert page.status_code == 400
    form = client.post(
        f"/cases/{cast.ana_case.pk}/stage/", {"to_stage": "screening", "reason": "a\x00"}
    )
    assert form.status_code == 400
    body = client.put(
        f"/api/v1/cases/{cast.ana_case.pk}/profile",
        '{"stage": "IV\\u0000"}',
        content_type="application/json",
    )
    assert body.status_code == 400 and "NUL" in body.json()["detail"]
    assert not ScreeningProfile.objects.exists()

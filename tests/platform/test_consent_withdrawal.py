"""Consents are given and withdrawn with time and the text shown; withdrawing research consent
removes the patient from every later research export."""

from __future__ import annotations

from cartnav.registry.services import pseudonym
from tests.cast import Cast


def _export_subjects(cast: Cast) -> set[str]:
    rows = cast.client("ali").get("/api/v1/registry/cases").json()
    return {row["subject"] for row in rows}


def test_the_patient_sees_and_withdraws_research_consent_in_the_portal(cast: Cast) -> None:
    assert pseudonym(cast.ana.pk) in _export_subjects(cast)
    client = cast.client("ana")
    page = client.get("/me/").content.decode()
    assert "Registry research" in page and "version 1.0 (en)" in page
    consent = cast.ana.consents.get(purpose="research")
    url = f"/me/patients/{cast.ana.pk}/consents/{consent.pk}/withdraw/"
    # the portal's button asks first, saying what withdrawing means; nothing changes yet
    asked = client.post(url)
    assert asked.status_code == 200 and 'id="confirm-withdraw"' in asked.content.decode()
    assert "left out of every later registry export" in asked.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == cast.users["ana"]
    assert pseudonym(cast.ana.pk) not in _export_subjects(cast)
    assert pseudonym(cast.ben.pk) in _export_subjects(cast)
    csv = cast.client("ali").get("/registry/export.csv").content.decode()
    assert pseudonym(cast.ana.pk) not in csv and pseudonym(cast.ben.pk) in csv


def test_giving_consent_records_the_text_version_and_language(cast: Cast) -> None:
    client = cast.client("carla")  # Ana's proxy acts for her
    response = client.post(
        f"/api/v1/patients/{cast.ana.pk}/consents",
        {"purpose": "contact", "language": "zh-hans"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["purpose"], body["text_version"], body["text_language"], body["active"]) == (
        "contact",
        "1.0",
        "zh-hans",
        True,
    )
    again = client.post(
        f"/api/v1/patients/{cast.ana.pk}/consents",
        {"purpose": "contact"},
        content_type="application/json",
    )
    assert again.status_code == 422
    assert again.json()["detail"] == "This consent has already been given."
    assert cast.ana.consents.filter(purpose="contact").count() == 1


def test_withdrawing_twice_is_refused(cast: Cast) -> None:
    client = cast.client("ana")
    consent = cast.ana.consents.get(purpose="research")
    url = f"/api/v1/patients/{cast.ana.pk}/consents/{consent.pk}/withdraw"
    assert client.post(url).status_code == 200
    second = client.post(url)
    assert second.status_code == 422
    assert "already been withdrawn" in second.json()["detail"]


def test_staff_cannot_give_or_withdraw_a_patients_consent(cast: Cast) -> None:
    client = cast.client("cora")
    consent = cast.ana.consents.get(purpose="research")
    url = f"/api/v1/patients/{cast.ana.pk}/consents/{consent.pk}/withdraw"
    assert client.post(url).status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_the_registry_export_names_nobody(cast: Cast) -> None:
    csv = cast.client("ali").get("/registry/export.csv").content.decode()
    for patient in (cast.ana, cast.ben, cast.bea):
        assert patient.family_name not in csv and patient.given_name not in csv
        assert str(patient.pk) not in csv and patient.passport_number not in csv
    for case in (cast.ana_case, cast.ben_case, cast.bea_case):
        assert case.number not in csv
    assert csv.splitlines()[0] == "subject,hospital,stage,age_band,sex,diagnosis,year_opened"


def test_the_confirmation_is_in_the_patient_s_language_and_changes_nothing(cast: Cast) -> None:
    ana = cast.users["ana"]
    ana.language = "zh-hans"
    ana.save()
    consent = cast.ana.consents.get(purpose="research")
    page = cast.client("ana").get(f"/me/patients/{cast.ana.pk}/consents/{consent.pk}/withdraw/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "撤回" in body and "Yes, withdraw it" not in body
    consent.refresh_from_db()
    assert consent.withdrawn_at is None

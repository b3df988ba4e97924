"""Issue 12, item 5: the visa invitation letter — S2 or S1 from the plan's length, a bilingual
PDF stored as a case document with a QR code to a public verification page that shows nothing
about the person, issue/revoke/reissue with their history, passports encrypted at rest, every
act audited, bad input refused with the field named."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from pypdf import PdfReader

from cartnav.audit.models import AuditRecord
from cartnav.plans.models import TreatmentPlan
from cartnav.records.models import Document
from cartnav.visas import rules
from cartnav.visas.models import Companion, InvitationLetter
from tests.cast import Cast

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
ISSUE = {
    "action": "issue",
    "signer_name": "Dr Li Wei",
    "signer_title": "Director, International Medical Center",
    "valid_until": (TODAY + dt.timedelta(days=120)).isoformat(),
}
COMPANION = {
    "action": "add_companion",
    "name": "ALVAREZ Carla",
    "relation": "daughter",
    "nationality": "ES",
    "date_of_birth": "1990-04-02",
    "passport_number": "PAX123456",
}


@pytest.fixture
def planned(cast: Cast) -> Cast:
    TreatmentPlan.objects.create(
        case=cast.ana_case,
        option="axi-cel (奕凯达 Yikaida)",
        stay_source="hospital rule",
        assessment=TODAY + dt.timedelta(days=30),
        lymphodepletion=TODAY + dt.timedelta(days=45),
        infusion=TODAY + dt.timedelta(days=50),
        home=TODAY + dt.timedelta(days=100),
    )
    return cast


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_visa_type_follows_the_length_of_the_stay() -> None:
    d = dt.date(2027, 1, 1)
    assert rules.visa_for(d, d + dt.timedelta(days=180)).visa_type == "S2"
    assert rules.visa_for(d, d + dt.timedelta(days=181)).visa_type == "S1"
    with pytest.raises(rules.LetterError, match="assessment and home dates"):
        rules.visa_for(d, None)
    with pytest.raises(rules.LetterError, match="a year at most"):
        rules.check_validity(d, d + dt.timedelta(days=400))
    number = rules.letter_number("zhongshan", 2027, 12)
    assert number.startswith("ZHON-VL27-00012-") and rules.looks_like_a_number(number)
    assert not rules.looks_like_a_number("ZHON-VL27-00012-0000")  # 0 is not in the alphabet
    assert not rules.looks_like_a_number("ZHON-2027-00012-ABCD")  # a case number's shape


def test_a_coordinator_issues_it_and_the_patient_downloads_it(planned: Cast) -> None:
    url = f"/cases/{planned.ana_case.pk}/visa/"
    ana = planned.client("ana")
    assert ana.post(url, COMPANION).status_code == 302  # the patient names a companion
    assert Companion.objects.get().passport_number == "PAX123456"
    cora = planned.client("cora")
    assert cora.post(url, ISSUE).status_code == 302
    letter = InvitationLetter.objects.get()
    assert letter.visa_type == "S2" and letter.status == "valid"
    assert letter.document is not None and letter.document.kind == "visa_letter"
    response = ana.get(f"/cases/{planned.ana_case.pk}/documents/{letter.document.pk}/")
    text = _pdf_text(response.content)
    assert letter.number in text and "PASS-ANA" in text and "PAX123456" in text
    assert "ALVAREZ Ana" in text and "S2" in text
    assert "Invitation letter for a visa" in text and "签证邀请函" in text
    assert f"/verify/{letter.number}/" in text  # the address the QR code holds
    assert AuditRecord.objects.filter(action="issue_visa_letter", username="cora").exists()
    page = ana.get(url).content.decode()
    assert letter.number in page and 'id="issue-form"' not in page


def test_passports_are_encrypted_at_rest(planned: Cast) -> None:
    planned.client("ana").post(f"/cases/{planned.ana_case.pk}/visa/", COMPANION)
    planned.client("cora").post(f"/cases/{planned.ana_case.pk}/visa/", ISSUE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT passport_number FROM visas_companion")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT content FROM visas_invitationletter")
        (content,) = cursor.fetchone()
    assert "PAX123456" not in stored
    assert "PASS-ANA" not in content and "PAX123456" not in content and "Ana" not in content


def test_the_public_verification_shows_only_the_letter(planned: Cast) -> None:
    planned.client("cora").post(f"/cases/{planned.ana_case.pk}/visa/", ISSUE)
    letter = InvitationLetter.objects.get()
    public = Client()
    page = public.get(f"/verify/{letter.number}/")
    body = page.content.decode()
    assert page.status_code == 200 and 'data-status="valid"' in body
    assert planned.ana_case.hospital.name in body
    for secret in ("Alvarez", "PASS-ANA", planned.ana_case.number, "axi-cel", "DLBCL"):
        assert secret not in body
    api = public.get(f"/api/v1/letters/{letter.number}/verification").json()
    assert api["status"] == "valid" and set(api) == {
        "number",
        "hospital",
        "hospital_zh",
        "issued",
        "valid_until",
        "status",
    }
    forged = letter.number[:-4] + "ZZZZ"
    for wrong in (forged, "ZHON-VL27-99999-ABCD", "<script>", "x" * 300):
        answer = public.get(f"/verify/{wrong}/")
        assert answer.status_code == 404 and 'id="not-found"' in answer.content.decode()
        assert "<script>" not in answer.content.decode().split("<main", 1)[-1]
    assert public.get(f"/api/v1/letters/{forged}/verification").status_code == 404
    assert AuditRecord.objects.filter(action="verify_visa_letter").count() == 2


def test_revoke_and_reissue_keep_the_history(planned: Cast) -> None:
    url = f"/cases/{planned.ana_case.pk}/visa/"
    cora = planned.client("cora")
    cora.post(url, ISSUE)
    first = InvitationLetter.objects.get()
    assert cora.post(url, ISSUE).status_code == 422  # a second plain issue is refused ...
    assert InvitationLetter.objects.count() == 1  # ... with a message, nothing written
    cora.post(url, {**ISSUE, "action": "reissue", "number": first.number})
    first.refresh_from_db()
    second = InvitationLetter.objects.exclude(pk=first.pk).get()
    assert first.status == "superseded" and first.superseded_by == second
    assert (
        Client().get(f"/verify/{first.number}/").content.decode().count('data-status="superseded"')
        == 1
    )
    cora.post(url, {"action": "revoke", "number": second.number, "reason": "plan cancelled"})
    second.refresh_from_db()
    assert second.status == "revoked" and second.revoke_reason == "plan cancelled"
    assert second.revoked_by == planned.users["cora"]
    assert 'data-status="revoked"' in Client().get(f"/verify/{second.number}/").content.decode()
    assert Document.objects.filter(kind="visa_letter").count() == 2  # both PDFs kept
    assert AuditRecord.objects.filter(action="revoke_visa_letter").count() == 1


def test_who_may_do_what(planned: Cast) -> None:
    url = f"/cases/{planned.ana_case.pk}/visa/"
    for name in ("ana", "carla", "nils", "phil", "rita"):
        assert planned.client(name).post(url, ISSUE).status_code == 403, name
    assert planned.client("dan").get(url).status_code == 404
    assert planned.client("dan").post(url, COMPANION).status_code == 404
    assert not InvitationLetter.objects.exists() and not Companion.objects.exists()


@pytest.mark.parametrize(
    ("form", "change", "message"),
    [
        (ISSUE, {"valid_until": ""}, 'data-field="valid_until"'),
        (ISSUE, {"valid_until": "2020-01-01"}, "cannot be before the day it is issued"),
        (ISSUE, {"signer_name": ""}, 'data-field="signer_name"'),
        (COMPANION, {"passport_number": "AB 12/34"}, 'data-field="passport_number"'),
        (COMPANION, {"nationality": "X1"}, 'data-field="nationality"'),
        (COMPANION, {"date_of_birth": "2999-01-01"}, 'data-field="date_of_birth"'),
        (COMPANION, {"name": ""}, 'data-field="name"'),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    planned: Cast, form: dict[str, str], change: dict[str, str], message: str
) -> None:
    response = planned.client("cora").post(
        f"/cases/{planned.ana_case.pk}/visa/", {**form, **change}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not InvitationLetter.objects.exists() and not Companion.objects.exists()
    assert not Document.objects.exists()


def test_no_letter_without_the_plan_s_dates(cast: Cast) -> None:
    response = cast.client("cora").post(f"/cases/{cast.ana_case.pk}/visa/", ISSUE)
    assert response.status_code == 422
    assert "needs a treatment plan" in response.content.decode()
    TreatmentPlan.objects.create(case=cast.ana_case, option="axi-cel", stay_source="x")
    again = cast.client("cora").post(f"/cases/{cast.ana_case.pk}/visa/", ISSUE)
    assert "assessment and home dates" in again.content.decode()
    assert not InvitationLetter.objects.exists() and not Document.objects.exists()


def test_a_person_cannot_upload_a_letter_of_their_own(planned: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 fake", content_type="application/pdf")
    response = planned.client("ana").post(
        f"/api/v1/cases/{planned.ana_case.pk}/documents", {"file": fake, "kind": "visa_letter"}
    )
    assert response.status_code == 422
    assert not Document.objects.exists()


def test_the_api_issues_revokes_and_lists(planned: Cast) -> None:
    url = f"/api/v1/cases/{planned.ana_case.pk}/letters"
    body = {k: v for k, v in ISSUE.items() if k != "action"}
    made = planned.client("cora").post(url, body, content_type="application/json")
    assert made.status_code == 201, made.content
    number = made.json()["number"]
    assert planned.client("ana").post(url, body, content_type="application/json").status_code == 403
    again = planned.client("cora").post(url, body, content_type="application/json")
    assert again.status_code == 422 and "reissue" in again.json()["detail"]
    revoked = planned.client("cora").post(
        f"{url}/{number}/revoke", {"reason": "dates moved"}, content_type="application/json"
    )
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    listed = planned.client("ana").get(url).json()
    assert [x["status"] for x in listed] == ["revoked"]


def test_the_patient_enters_the_passport_details_on_the_page(planned: Cast) -> None:
    url = f"/cases/{planned.ana_case.pk}/visa/"
    form = {
        "action": "passport",
        "passport-family_name": "Alvarez",
        "passport-given_name": "Ana",
        "passport-nationality": "es",
        "passport-date_of_birth": "1968-05-04",
        "passport-passport_number": "pae123456",
    }
    assert planned.client("ana").post(url, form).status_code == 302
    planned.ana.refresh_from_db()
    assert planned.ana.passport_number == "PAE123456" and planned.ana.nationality == "ES"
    assert AuditRecord.objects.filter(action="edit_patient", username="ana").exists()
    bad = planned.client("ana").post(url, {**form, "passport-passport_number": "P-1 2"})
    assert (
        bad.status_code == 422 and 'data-field="passport-passport_number"' in bad.content.decode()
    )
    planned.ana.refresh_from_db()
    assert planned.ana.passport_number == "PAE123456"
    assert planned.client("nils").post(url, form).status_code == 403

"""Issue 12, item 1: an inquiry anyone abroad can send, confirmed by e-mail, refused when it
floods, answered or turned into a patient account and a case by a coordinator; password reset
by e-mail for everyone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from cartnav.accounts.models import User
from cartnav.audit.models import AuditRecord
from cartnav.inquiries.models import Inquiry, Status
from cartnav.patients.models import Consent
from tests.cast import Cast

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Aigerim Bekova",
    "country": "KZ",
    "languages": "ru, en",
    "email": "aigerim@example.org",
    "phone": "+7 700 000 0000",
    "diagnosis": "DLBCL, relapsed after R-CHOP and R-ICE; my doctor mentions CAR-T.",
    "hospital": "",
    "consent_contact": "on",
    "consent_cross_border": "on",
}


def _send(client: Client, **changes: Any) -> Any:
    return client.post("/inquiry/", {**FORM, **changes})


def _confirm_link(message: Any) -> str:
    return re.search(r"(/inquiry/confirm/[^/\s]+/)", message.body).group(1)


def test_the_front_door_says_what_cartnav_is_and_offers_an_inquiry(cast: Cast) -> None:
    page = Client().get("/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'href="/inquiry/"' in body and 'href="/accounts/login/"' in body
    assert "CAR-T" in body


def test_an_inquiry_is_confirmed_by_e_mail_before_anyone_sees_it(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client)
    assert response.status_code == 302 and response["Location"] == "/inquiry/sent/"
    inquiry = Inquiry.objects.get()
    assert inquiry.status == Status.UNCONFIRMED and inquiry.languages == ["ru", "en"]
    assert inquiry.contact_text.purpose == "contact" and inquiry.cross_border_text.version == "1.0"
    # not in anyone's queue yet
    assert "Aigerim" not in cast.client("cora").get("/inquiries/").content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["aigerim@example.org"]
    link = _confirm_link(mail.outbox[0])
    # following the link (a mail scanner does) confirms nothing; the button does
    assert client.get(link).status_code == 200
    inquiry.refresh_from_db()
    assert inquiry.status == Status.UNCONFIRMED
    assert 'id="confirmed"' in client.post(link).content.decode()
    inquiry.refresh_from_db()
    assert inquiry.status == Status.NEW and inquiry.confirmed_at is not None
    # "help me choose": the shared triage queue, seen by every coordinator
    assert "Aigerim" in cast.client("cora").get("/inquiries/").content.decode()
    assert "Aigerim" in cast.client("dan").get("/inquiries/").content.decode()


def test_a_forged_link_answers_not_found_and_changes_nothing(cast: Cast) -> None:
    _send(Client())
    response = Client().post("/inquiry/confirm/forged-token/")
    assert response.status_code == 404
    assert Inquiry.objects.get().status == Status.UNCONFIRMED


def test_each_bad_field_is_named_and_nothing_is_stored(cast: Cast) -> None:
    response = _send(
        Client(), country="Kazakhstan", email="not-an-address", languages="", consent_contact=""
    )
    assert response.status_code == 422
    body = response.content.decode()
    for field in ("country", "email", "languages", "consent_contact"):
        assert f'data-field="{field}"' in body, field
    assert not Inquiry.objects.exists() and mail.outbox == []


def test_html_in_an_inquiry_is_shown_as_text(cast: Cast) -> None:
    _send(Client(), name="<script>alert(1)</script>", diagnosis="<b>bold</b>")
    inquiry = Inquiry.objects.get()
    Inquiry.objects.filter(pk=inquiry.pk).update(status=Status.NEW)
    page = cast.client("cora").get(f"/inquiries/{inquiry.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page


def test_a_robot_filling_the_hidden_field_is_thanked_and_stored_nowhere(cast: Cast) -> None:
    response = _send(Client(), website="http://spam.example")
    assert response.status_code == 302 and response["Location"] == "/inquiry/sent/"
    assert not Inquiry.objects.exists() and mail.outbox == []


def test_a_flood_gets_429_and_stores_nothing(cast: Cast, settings: Any) -> None:
    settings.INQUIRY_PER_ADDRESS_PER_DAY = 2
    client = Client()
    assert _send(client).status_code == 302
    assert _send(client).status_code == 302
    refused = _send(client)
    assert refused.status_code == 429 and 'id="refused"' in refused.content.decode()
    assert Inquiry.objects.count() == 2
    # and per client, whatever the address
    settings.INQUIRY_PER_ADDRESS_PER_DAY = 100
    settings.INQUIRY_PER_CLIENT_PER_HOUR = 3
    assert _send(client, email="other@example.org").status_code == 302
    assert _send(client, email="third@example.org").status_code == 429
    assert Inquiry.objects.count() == 3


def test_a_coordinator_answers_and_turns_the_inquiry_into_a_patient_and_a_case(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    _send(Client(), hospital=str(cast.hospital_a.pk))
    inquiry = Inquiry.objects.get()
    Inquiry.objects.filter(pk=inquiry.pk).update(status=Status.NEW)
    # a coordinator of another hospital does not see it; the chosen hospital's does
    assert cast.client("dan").get(f"/inquiries/{inquiry.pk}/").status_code == 404
    cora = cast.client("cora")
    assert cora.get(f"/inquiries/{inquiry.pk}/").status_code == 200
    assert AuditRecord.objects.filter(action="read_inquiry", username="cora").exists()
    with django_capture_on_commit_callbacks(execute=True):
        cora.post(
            f"/inquiries/{inquiry.pk}/",
            {"action": "answer", "answer": "Please send your pathology report."},
        )
    assert mail.outbox[-1].to == ["aigerim@example.org"]
    assert "pathology report" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        response = cora.post(
            f"/inquiries/{inquiry.pk}/",
            {
                "action": "convert",
                "given_name": "Aigerim",
                "family_name": "Bekova",
                "date_of_birth": "1979-03-02",
                "sex": "female",
                "hospital": str(cast.hospital_a.pk),
            },
        )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == Status.CONVERTED and inquiry.case is not None
    case = inquiry.case
    assert case.hospital == cast.hospital_a and case.patient.nationality == "KZ"
    user = User.objects.get(email="aigerim@example.org")
    assert user.role == "patient" and not user.has_usable_password()
    consents = Consent.objects.filter(patient=case.patient).order_by("purpose")
    assert [(c.purpose, c.text_id) for c in consents] == [
        ("contact", inquiry.contact_text_id),
        ("cross_border", inquiry.cross_border_text_id),
    ]
    invitation = mail.outbox[-1]
    link = re.search(r"(/accounts/password/set/[^\s]+/)", invitation.body).group(1)
    client = Client()
    form = client.get(link, follow=True)
    assert 'id="set-password"' in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": "a long passphrase 2026", "new_password2": "a long passphrase 2026"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a long passphrase 2026")
    signed_in = Client().post(
        "/accounts/login/", {"username": user.username, "password": "a long passphrase 2026"}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] != "/accounts/login/"


def test_an_unconfirmed_inquiry_never_becomes_an_account(cast: Cast) -> None:
    from cartnav.inquiries import services

    _send(Client())
    inquiry = Inquiry.objects.get()
    with pytest.raises(services.ServiceError, match="not confirmed"):
        services.convert(
            None,
            inquiry,
            hospital=cast.hospital_a,
            given_name="A",
            family_name="B",
            date_of_birth="1979-03-02",
            sex="female",
            by=cast.users["cora"],
        )
    assert not User.objects.filter(email="aigerim@example.org").exists()


def test_patients_and_nurses_have_no_inquiry_queue(cast: Cast) -> None:
    assert cast.client("ana").get("/inquiries/").status_code == 403
    assert cast.client("nils").get("/inquiries/").status_code == 403


def test_anyone_can_reset_a_forgotten_password_by_e_mail(cast: Cast) -> None:
    ana = cast.users["ana"]
    ana.email = "ana@example.org"
    ana.save()
    client = Client()
    assert 'id="forgot"' in client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/password/reset/", {"email": "ana@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/password/set/" in mail.outbox[0].body
    # an unknown address is told the same, and no mail leaves
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert len(mail.outbox) == 1


def test_any_form_data_gives_a_page_never_a_500(cast: Cast) -> None:
    """Arbitrary values in every field: a page with the fields named, or the inquiry stored —
    never a server error, never a half-written row."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    text = st.text(max_size=300)
    fields = st.fixed_dictionaries({k: st.one_of(text, st.just(v)) for k, v in FORM.items()})

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(fields)
    def check(data: dict[str, str]) -> None:
        before = Inquiry.objects.count()
        response = Client().post("/inquiry/", data)
        assert response.status_code in (302, 400, 422, 429)  # 400: bytes no text may hold
        after = Inquiry.objects.count()
        assert after in (before, before + 1)
        if after == before + 1:
            Inquiry.objects.latest("created").full_clean()

    check()


API = {
    "name": "Aigerim Bekova",
    "country": "KZ",
    "languages": ["ru", "en"],
    "email": "aigerim@example.org",
    "diagnosis": "DLBCL, relapsed after two lines.",
    "hospital": "alpha",
    "consent_contact": True,
    "consent_cross_border": True,
}


def test_an_inquiry_over_the_api_needs_no_account_and_is_confirmed_by_e_mail(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/api/v1/inquiries", API, content_type="application/json")
    assert response.status_code == 202, response.content
    inquiry = Inquiry.objects.get()
    assert inquiry.status == Status.UNCONFIRMED and inquiry.hospital == cast.hospital_a
    assert len(mail.outbox) == 1
    # the coordinator's queue over the API holds only confirmed inquiries
    assert cast.client("cora").get("/api/v1/inquiries").json() == []
    Client().post(_confirm_link(mail.outbox[0]))
    listed = cast.client("cora").get("/api/v1/inquiries").json()
    assert [(i["name"], i["hospital"], i["status"]) for i in listed] == [
        ("Aigerim Bekova", "alpha", "new")
    ]
    assert cast.client("ana").get("/api/v1/inquiries").status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "Kazakhstan"}, "country"),
        ({"languages": ["not a tag!"]}, "languages"),
        ({"hospital": "nowhere"}, "hospital"),
        ({"consent_contact": False}, "consent_contact"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_a_bad_api_inquiry_names_the_field_and_stores_nothing(
    cast: Cast, change: dict[str, Any], field: str
) -> None:
    response = Client().post(
        "/api/v1/inquiries", {**API, **change}, content_type="application/json"
    )
    assert response.status_code == 422 and field in response.content.decode()
    assert not Inquiry.objects.exists()


def test_an_api_flood_gets_429(cast: Cast, settings: Any) -> None:
    settings.INQUIRY_PER_ADDRESS_PER_DAY = 1
    assert (
        Client().post("/api/v1/inquiries", API, content_type="application/json").status_code == 202
    )
    assert (
        Client().post("/api/v1/inquiries", API, content_type="application/json").status_code == 429
    )
    assert Inquiry.objects.count() == 1

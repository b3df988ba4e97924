"""``/session/`` answers "am I still signed in?" with the same checks as every page."""

from __future__ import annotations

from django.test import Client

from cartnav.audit.models import AuditRecord
from tests.cast import PASSWORD, Cast


def test_a_signed_in_person_gets_ok_and_nothing_is_audited(cast: Cast) -> None:
    before = AuditRecord.objects.count()
    for name in ("ana", "cora", "ali", "adam"):
        response = cast.client(name).get("/session/")
        assert response.status_code == 200, name
        assert response.content == b"ok"
    assert AuditRecord.objects.count() == before  # it reads no health data


def test_without_a_session_it_sends_to_sign_in(db: None) -> None:
    response = Client().get("/session/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_past_the_password_but_not_the_second_factor_are_not_signed_in(cast: Cast) -> None:
    client = Client()
    assert (
        client.post("/accounts/login/", {"username": "cora", "password": PASSWORD}).status_code
        == 302
    )
    response = client.get("/session/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/")

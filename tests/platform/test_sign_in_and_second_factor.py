from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.test import Client

from tests.cast import PASSWORD, Cast, code_for


def _sign_in(client: Client, username: str, password: str = PASSWORD) -> HttpResponse:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_patient_signs_in_with_a_password_only(cast: Cast) -> None:
    client = Client()
    assert _sign_in(client, "ana").status_code == 302
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/me/"
    assert "Alvarez" in response.content.decode()


def test_a_wrong_password_is_refused_with_a_clear_message(cast: Cast) -> None:
    response = _sign_in(Client(), "ana", "wrong-password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_out(cast: Cast) -> None:
    client = Client()
    for _ in range(5):
        _sign_in(client, "ana", "wrong-password")
    locked = _sign_in(client, "ana")  # even the right password is refused now
    assert locked.status_code == 429
    assert "locked for 15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_must_pass_the_second_factor_before_seeing_cases(cast: Cast, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the throttle has its own test below
    client = Client()
    response = _sign_in(client, "cora")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/otp/"
    assert client.get("/cases/")["Location"] == "/accounts/otp/"
    assert client.get(f"/cases/{cast.ana_case.pk}/")["Location"] == "/accounts/otp/"
    assert client.get("/api/v1/cases").status_code == 401

    wrong = client.post("/accounts/otp/", {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/api/v1/cases").status_code == 401

    assert client.post("/accounts/otp/", {"code": code_for(cast.users["cora"])}).status_code == 302
    assert client.get("/cases/").status_code == 200
    assert len(client.get("/api/v1/cases").json()) == 2


def test_staff_without_a_device_enrol_one(cast: Cast) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=cast.users["rita"]).delete()
    client = Client()
    _sign_in(client, "rita")
    assert client.get("/accounts/otp/")["Location"] == "/accounts/otp/setup/"
    page = client.get("/accounts/otp/setup/").content.decode()
    assert "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=cast.users["rita"], confirmed=False)
    from django_otp.oath import totp

    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    assert client.post("/accounts/otp/setup/", {"code": code}).status_code == 302
    assert TOTPDevice.objects.get(user=cast.users["rita"]).confirmed
    assert client.get("/cases/").status_code == 200


def test_signing_out_needs_a_post_and_ends_the_session(cast: Cast) -> None:
    client = cast.client("ana")
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/me/")["Location"].startswith("/accounts/login/")


def test_a_wrong_code_throttles_the_next_attempt(cast: Cast) -> None:
    """After a wrong code even the right one is refused for a moment (django-otp's throttle)."""
    client = Client()
    _sign_in(client, "cora")
    client.post("/accounts/otp/", {"code": "000000"})
    response = client.post("/accounts/otp/", {"code": code_for(cast.users["cora"])})
    assert response.status_code == 200
    assert client.get("/api/v1/cases").status_code == 401

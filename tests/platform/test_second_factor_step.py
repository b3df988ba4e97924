"""The second-factor step: it goes only to this site afterwards, and gives a new session key."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.cast import PASSWORD, Cast, code_for


def _password_only(username: str) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    return client


def test_next_off_site_goes_home_instead(cast: Cast, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    for target in (
        "https://evil.example/",
        "//evil.example/x",
        "https:evil.example",
        "/\\evil.example",
    ):
        TOTPDevice.objects.filter(user=cast.users["cora"]).update(last_t=-1)  # a code serves once
        client = _password_only("cora")
        response = client.post(
            f"/accounts/otp/?next={target}", {"code": code_for(cast.users["cora"])}
        )
        assert response.status_code == 302
        assert response["Location"] == "/", target


def test_next_on_this_site_is_followed(cast: Cast, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = _password_only("cora")
    response = client.post("/accounts/otp/?next=/cases/", {"code": code_for(cast.users["cora"])})
    assert response["Location"] == "/cases/"


def test_the_session_key_changes_at_the_second_factor(cast: Cast, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = _password_only("cora")
    before = client.cookies["sessionid"].value
    client.post("/accounts/otp/", {"code": code_for(cast.users["cora"])})
    after = client.cookies["sessionid"].value
    assert after != before
    # The key known before the second factor is worth nothing now.
    stale = Client()
    stale.cookies["sessionid"] = before
    assert stale.get("/cases/").status_code == 302
    assert client.get("/cases/").status_code == 200

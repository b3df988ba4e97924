"""Behind a reverse proxy: the client's own address locks out and is audited, never the
proxy's, and a forwarded header from anyone else is ignored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from cartnav.audit.models import AuditRecord
from cartnav.core.client import client_ip
from tests.cast import PASSWORD, Cast

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


def _from(forwarded: str | None, peer: str = PROXY) -> Any:
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_the_forwarded_address_is_believed_only_from_a_trusted_proxy(behind_proxy: None) -> None:
    assert client_ip(_from("203.0.113.7")) == "203.0.113.7"
    assert client_ip(_from("203.0.113.7", peer="198.51.100.1")) == "198.51.100.1"
    # A client-supplied first entry is not believed: the proxy appended the real one.
    assert client_ip(_from("1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    # Two trusted proxies in a row are skipped.
    assert client_ip(_from("203.0.113.7, 10.0.0.9")) == "203.0.113.7"
    assert client_ip(_from("not-an-address")) == PROXY
    assert client_ip(_from(None)) == PROXY
    assert client_ip(_from("2001:db8::1")) == "2001:db8::1"


def test_without_configured_proxies_the_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXIES = []
    assert client_ip(_from("203.0.113.7")) == PROXY


def _sign_in(username: str, password: str, client_addr: str) -> Any:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_addr).post(
        "/accounts/login/", {"username": username, "password": password}
    )


def test_wrong_passwords_from_one_client_do_not_lock_out_another(
    cast: Cast, behind_proxy: None
) -> None:
    for _ in range(5):
        _sign_in("phil", "wrong-password", "203.0.113.66")
    assert _sign_in("phil", PASSWORD, "203.0.113.66").status_code == 429
    # The physician on call, from their own address behind the same proxy, still gets in.
    assert _sign_in("phil", PASSWORD, "198.51.100.20").status_code == 302


def test_the_audit_trail_records_the_clients_address(cast: Cast, behind_proxy: None) -> None:
    _sign_in("ana", PASSWORD, "203.0.113.8")
    assert AuditRecord.objects.filter(action="sign_in").latest("seq").ip == "203.0.113.8"

"""An expired session and a forged CSRF token are refused, and change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from cartnav.patients.models import StageChange
from tests.cast import Cast


def test_an_idle_session_expires(cast: Cast, settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 1800
    client = cast.client("ana")
    assert client.get("/me/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/me/")["Location"].startswith("/accounts/login/")
    assert client.get("/api/v1/cases").status_code == 401


def test_activity_pushes_the_idle_deadline_forward(cast: Cast) -> None:
    client = cast.client("ana")
    client.get("/me/")
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(seconds=5))
    session = client.session
    session["_seen"] = 0  # last touched long ago
    session.save()
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(seconds=5))
    assert client.get("/me/").status_code == 200
    remaining = Session.objects.get().expire_date - timezone.now()
    assert remaining > dt.timedelta(seconds=1700)


def test_a_forged_csrf_token_is_refused_and_changes_nothing(cast: Cast) -> None:
    client = cast.client("cora")
    client.handler.enforce_csrf_checks = True
    before = StageChange.objects.count()
    response = client.post(
        f"/cases/{cast.ana_case.pk}/stage/",
        {"to_stage": "screening", "reason": "x", "csrfmiddlewaretoken": "forged"},
    )
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    api = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/stage",
        {"to_stage": "screening", "reason": "x"},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert StageChange.objects.count() == before
    cast.ana_case.refresh_from_db()
    assert cast.ana_case.stage == "inquiry"


def test_anonymous_requests_are_sent_to_sign_in_or_refused(cast: Cast) -> None:
    client = Client()
    assert client.get("/me/")["Location"].startswith("/accounts/login/")
    response = client.get("/api/v1/cases")
    assert response.status_code == 401


def test_sessions_in_a_shared_cache_are_read_without_a_query_and_end_at_sign_out(
    cast: Cast, settings: Any, django_assert_num_queries: Any
) -> None:
    """With ``REDIS_URL`` set, sessions live in the cache and are written through to the
    database (``cached_db``). Here the cache is in-process; in production it is Redis, which
    every worker shares."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.SESSION_ENGINE = "cartnav.core.sessions.cached_db"
    client = cast.client("cora")
    assert client.get("/session/").content == b"ok"
    with django_assert_num_queries(2):  # the user and the TOTP device; not the session
        assert client.get("/session/").content == b"ok"
    stolen = Client()
    stolen.cookies = client.cookies
    assert stolen.get("/session/").content == b"ok"
    assert client.post("/accounts/logout/").status_code == 302
    assert Session.objects.count() == 0
    assert stolen.get("/session/")["Location"].startswith("/accounts/login/")

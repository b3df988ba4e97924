"""API tokens: issued only past the second factor, with a scope and an expiry, revoked not
deleted, and listed with their last use."""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client
from django.utils import timezone

from cartnav.accounts.models import ApiToken
from cartnav.patients.models import StageChange
from tests.cast import PASSWORD, Cast


def _issue(client: Client, **fields: object) -> str:
    page = client.post(
        "/accounts/tokens/", {"name": "script", "scope": "read", "days": 90, **fields}
    )
    raw = page.context["raw"]
    assert raw and raw.startswith("cn_") and raw in page.content.decode()
    return raw


def test_a_token_gives_exactly_its_owners_access(cast: Cast) -> None:
    raw = _issue(cast.client("cora"))
    assert raw not in str(list(ApiToken.objects.values()))  # only the digest is stored
    client = Client()
    cases = client.get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert {c["number"] for c in cases} == {cast.ana_case.number, cast.ben_case.number}
    foreign = client.get(f"/api/v1/cases/{cast.bea_case.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert foreign.status_code == 404


def test_a_revoked_or_wrong_token_is_refused_and_the_revoked_row_is_kept(cast: Cast) -> None:
    token, raw = ApiToken.issue(cast.users["ana"], "phone", verified=False)
    client = Client()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["username"] == "ana"
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer cn_wrong").status_code == 401
    cast.client("ana").post("/accounts/tokens/", {"revoke": token.pk})
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    token.refresh_from_db()
    assert token.revoked is not None
    page = cast.client("ana").get("/accounts/tokens/").content.decode()
    assert "phone" in page and "revoked" in page


def test_revoking_someone_elses_or_a_malformed_id_changes_nothing(cast: Cast) -> None:
    token, _raw = ApiToken.issue(cast.users["ana"], "phone", verified=False)
    for value in ("abc", "-1", str(2**70), str(token.pk)):
        response = cast.client("ben").post("/accounts/tokens/", {"revoke": value}, follow=True)
        assert response.status_code == 200
        assert "There is no such token to revoke." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked is None


def test_a_token_made_by_staff_before_the_second_factor_is_never_valid(cast: Cast) -> None:
    _token, raw = ApiToken.issue(cast.users["cora"], "before", verified=False)
    assert Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_staff_signed_in_with_a_password_only_cannot_open_the_tokens_page(cast: Cast) -> None:
    client = Client()
    client.post("/accounts/login/", {"username": "cora", "password": PASSWORD})
    assert client.get("/accounts/tokens/")["Location"].startswith("/accounts/otp/")
    response = client.post("/accounts/tokens/", {"name": "x", "scope": "write", "days": 365})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused_and_listed_as_expired(cast: Cast) -> None:
    token, raw = ApiToken.issue(cast.users["ana"], "old", verified=False, days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert "expired" in cast.client("ana").get("/accounts/tokens/").content.decode()


def test_a_token_expires_after_the_chosen_lifetime(cast: Cast) -> None:
    _issue(cast.client("ana"), days=30)
    token = ApiToken.objects.get()
    assert dt.timedelta(days=29, hours=23) < token.expires - token.created <= dt.timedelta(days=30)
    refused = cast.client("ana").post(
        "/accounts/tokens/", {"name": "x", "scope": "read", "days": 9999}
    )
    assert refused.status_code == 200 and ApiToken.objects.count() == 1


def test_a_read_only_token_reads_and_grades_but_cannot_change_anything(cast: Cast) -> None:
    raw = _issue(cast.client("cora"), scope="read")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    before = StageChange.objects.count()
    moved = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/stage",
        json.dumps({"to_stage": "screening", "reason": "r"}),
        content_type="application/json",
    )
    assert moved.status_code == 403
    assert moved.json() == {"detail": "This token may only read. Issue a read-and-write token."}
    assert StageChange.objects.count() == before
    graded = client.post("/api/v1/grade/easix", json.dumps({}), content_type="application/json")
    assert graded.status_code in (200, 422)


def test_a_read_and_write_token_changes_and_its_use_is_listed(cast: Cast) -> None:
    raw = _issue(cast.client("cora"), scope="write")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    moved = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/stage",
        json.dumps({"to_stage": "screening", "reason": "r"}),
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
    assert ApiToken.objects.get().last_used is not None
    assert "never" not in cast.client("cora").get("/accounts/tokens/").content.decode()


def test_the_compute_only_routes_are_exactly_the_ones_that_store_nothing() -> None:
    """Every writing route of the API needs a read-and-write token: none is matched by the
    pattern of compute-only routes."""
    from cartnav.api import COMPUTE_ONLY, api

    writing = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for op in view.operations:
                if set(op.methods) - {"GET", "HEAD", "OPTIONS"}:
                    url = "/api/v1/" + (prefix.strip("/") + "/" + path.lstrip("/")).strip("/")
                    writing.append(url.replace("{kind}", "crs").replace("{case_id}", "x"))
    compute = {u for u in writing if COMPUTE_ONLY.match(u.replace("//", "/"))}
    assert compute == {"/api/v1/grade/crs", "/api/v1/screen", "/api/v1/cases/x/fhir/preview"}
    assert len(writing) > len(compute)


def test_a_malformed_patch_is_refused_with_the_field_named(cast: Cast) -> None:
    client = cast.client("cora")
    url = f"/api/v1/patients/{cast.ana.pk}"
    response = client.patch(url, {"date_of_birth": "not-a-date"}, content_type="application/json")
    assert response.status_code == 422
    assert "date_of_birth" in response.content.decode()
    bad_sex = client.patch(url, {"sex": "dragon"}, content_type="application/json")
    assert bad_sex.status_code == 422
    assert "sex" in bad_sex.json()["detail"]
    cast.ana.refresh_from_db()
    assert cast.ana.sex == "female"
    ok = client.patch(url, {"phone": "+34 600 000 000"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["phone"] == "+34 600 000 000"

from __future__ import annotations

from django.test import Client

from cartnav.accounts.models import ApiToken
from tests.cast import Cast


def test_a_token_gives_exactly_its_owners_access(cast: Cast) -> None:
    page = cast.client("cora").post("/accounts/tokens/", {"name": "script"})
    raw = page.context["raw"]
    assert raw.startswith("cn_") and raw in page.content.decode()
    assert raw not in str(list(ApiToken.objects.values()))  # only the digest is stored
    client = Client()
    cases = client.get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert {c["number"] for c in cases} == {cast.ana_case.number, cast.ben_case.number}
    foreign = client.get(f"/api/v1/cases/{cast.bea_case.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert foreign.status_code == 404


def test_a_revoked_or_wrong_token_is_refused(cast: Cast) -> None:
    token, raw = ApiToken.issue(cast.users["ana"], "phone")
    client = Client()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["username"] == "ana"
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer cn_wrong").status_code == 401
    cast.client("ana").post("/accounts/tokens/", {"revoke": token.pk})
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


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

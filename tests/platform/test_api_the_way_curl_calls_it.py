"""The API driven over real HTTP, the way curl and scripts call it: a live server, real CSRF
enforcement, no test client shortcuts (the test client skips CSRF checks)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from typing import Any

import pytest
from django.test import Client

from cartnav.accounts.models import ApiToken
from cartnav.patients.models import StageChange
from tests.cast import Cast, build_cast

pytestmark = pytest.mark.django_db(transaction=True)


def _call(
    url: str,
    method: str = "GET",
    body: Any = None,
    headers: dict[str, str] | None = None,
    opener: urllib.request.OpenerDirector | None = None,
) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


@pytest.fixture
def cast_live() -> Cast:
    return build_cast()


def test_a_bearer_token_writes_without_a_csrf_token(cast_live: Cast, live_server: Any) -> None:
    _t, raw = ApiToken.issue(cast_live.users["cora"], "curl", scope="write", verified=True)
    url = f"{live_server.url}/api/v1/cases/{cast_live.ana_case.pk}/stage"
    status, body = _call(
        url,
        "POST",
        {"to_stage": "screening", "reason": "by curl"},
        {"Authorization": f"Bearer {raw}"},
    )
    assert status == 200, body
    assert body["stage"] == "screening"
    status, body = _call(
        f"{live_server.url}/api/v1/patients/{cast_live.ana.pk}",
        "PATCH",
        {"phone": "+34 1"},
        {"Authorization": f"Bearer {raw}"},
    )
    assert status == 200 and body["phone"] == "+34 1"


def test_a_session_without_the_csrf_token_is_refused(cast_live: Cast, live_server: Any) -> None:
    """The browser session keeps its CSRF check: a forged cross-site POST changes nothing."""
    client = cast_live.client("cora")
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    session_cookie = client.cookies["sessionid"].value
    before = StageChange.objects.count()
    status, body = _call(
        f"{live_server.url}/api/v1/cases/{cast_live.ana_case.pk}/stage",
        "POST",
        {"to_stage": "screening", "reason": "forged"},
        {"Cookie": f"sessionid={session_cookie}"},
        opener,
    )
    assert status == 403 and "CSRF" in body["detail"]
    assert StageChange.objects.count() == before
    # The same session reads, and writes once it sends the token it was given.
    status, _ = _call(
        f"{live_server.url}/api/v1/cases", headers={"Cookie": f"sessionid={session_cookie}"}
    )
    assert status == 200


def test_a_session_with_the_csrf_token_writes(cast_live: Cast, live_server: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    session = cast_live.client("cora")
    client.cookies = session.cookies
    page = client.get(f"/cases/{cast_live.ana_case.pk}/")
    token = (
        page.cookies["csrftoken"].value
        if "csrftoken" in page.cookies
        else client.cookies["csrftoken"].value
    )
    status, body = _call(
        f"{live_server.url}/api/v1/cases/{cast_live.ana_case.pk}/stage",
        "POST",
        {"to_stage": "screening", "reason": "from the page"},
        {
            "Cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}",
            "X-CSRFToken": token,
            "Referer": live_server.url + "/",
        },
    )
    assert status == 200, body


def test_a_wrong_token_is_401_not_a_csrf_error(cast_live: Cast, live_server: Any) -> None:
    status, body = _call(
        f"{live_server.url}/api/v1/cases/{cast_live.ana_case.pk}/stage",
        "POST",
        {"to_stage": "screening", "reason": "x"},
        {"Authorization": "Bearer cn_nope"},
    )
    assert status == 401 and body == {"detail": "Unauthorized"}


def test_a_profile_over_one_megabyte_is_refused_naming_the_field(
    cast_live: Cast, live_server: Any
) -> None:
    """Issue 11: a profile is a few kB; one over 1 MB is a 422 naming ``profile``, not stored."""
    _t, raw = ApiToken.issue(cast_live.users["cora"], "curl", scope="write", verified=True)
    url = f"{live_server.url}/api/v1/cases/{cast_live.ana_case.pk}/profile"
    big = {"reports": [{"kind": "other", "conclusion": "x" * 1900}] * 600}
    status, body = _call(url, "PUT", big, {"Authorization": f"Bearer {raw}"})
    assert status == 422, body
    assert body["field"] == "profile" and "1 MB" in body["detail"]
    status, body = _call(
        f"{live_server.url}/api/v1/screen", "POST", big, {"Authorization": f"Bearer {raw}"}
    )
    assert status == 422 and body["field"] == "profile"
    status, _body = _call(url, "GET", headers={"Authorization": f"Bearer {raw}"})
    assert status == 200 and _body == {}


def test_a_treatment_plan_put_with_a_token_and_an_anonymous_inquiry_over_http(
    cast_live: Cast, live_server: Any
) -> None:
    """Issue 12's new routes, as curl calls them: a write-scoped token puts the plan (no CSRF
    token needed, a broken rule a 422 naming it); anyone posts an inquiry without a session."""
    from cartnav.inquiries.models import Inquiry
    from cartnav.plans.models import TreatmentPlan

    _t, raw = ApiToken.issue(cast_live.users["phil"], "curl", scope="write", verified=True)
    auth = {"Authorization": f"Bearer {raw}"}
    url = f"{live_server.url}/api/v1/cases/{cast_live.ana_case.pk}/plan"
    plan = {
        "option": "axi-cel",
        "stay_days": 14,
        "stay_source": "US labels since June 2025",
        "lymphodepletion": "2027-01-20",
        "infusion": "2027-01-25",
        "local_stay_end": "2027-02-01",
    }
    status, body = _call(url, "PUT", plan, auth)
    assert status == 422 and "requires at least 14" in body["detail"]
    assert not TreatmentPlan.objects.exists()
    status, body = _call(url, "PUT", {**plan, "local_stay_end": "2027-02-08"}, auth)
    assert status == 200 and body["days_from_infusion"]["lymphodepletion"] == -5
    _t, read_only = ApiToken.issue(cast_live.users["phil"], "ro", scope="read", verified=True)
    status, _body = _call(url, "PUT", plan, {"Authorization": f"Bearer {read_only}"})
    assert status == 403

    inquiry = {
        "name": "Aigerim Bekova",
        "country": "KZ",
        "languages": ["ru"],
        "email": "aigerim@example.org",
        "diagnosis": "DLBCL",
        "hospital": None,
        "consent_contact": True,
        "consent_cross_border": True,
    }
    status, body = _call(f"{live_server.url}/api/v1/inquiries", "POST", {**inquiry, "country": "x"})
    assert status == 422 and "country" in json.dumps(body)
    status, body = _call(f"{live_server.url}/api/v1/inquiries", "POST", inquiry)
    assert status == 202, body
    assert Inquiry.objects.get().status == "unconfirmed"


def test_a_quote_sent_and_accepted_with_tokens_over_http(cast_live: Cast, live_server: Any) -> None:
    """Issue 12, item 4, as scripts call it: the coordinator's write token sends an estimate
    (amounts as decimal strings; a float is a 422 naming the field), the patient's write token
    accepts it, a read token cannot."""
    import datetime as dt
    from decimal import Decimal

    from cartnav.costs.models import ExchangeRate, Quote

    ExchangeRate.objects.create(
        currency="EUR", cny_per_unit=Decimal("7.7"), as_of=dt.date(2026, 12, 1), source="ECB"
    )
    _t, coordinator = ApiToken.issue(cast_live.users["cora"], "curl", scope="write", verified=True)
    url = f"{live_server.url}/api/v1/cases/{cast_live.ana_case.pk}/quotes"
    line = {"kind": "hospital_stay", "quantity": "12", "source": "tariff", "as_of": "2026-12-01"}
    auth = {"Authorization": f"Bearer {coordinator}"}
    status, body = _call(
        url, "POST", {"currency": "EUR", "lines": [{**line, "unit_cny": 3500.5}]}, auth
    )
    assert status == 422 and "unit_cny" in json.dumps(body)
    assert not Quote.objects.exists()
    status, body = _call(
        url, "POST", {"currency": "EUR", "lines": [{**line, "unit_cny": "3500"}]}, auth
    )
    assert status == 201, body
    assert body["total_cny"] == "42000.00" and body["total_converted"] == "5454.55"
    _t, read_only = ApiToken.issue(cast_live.users["ana"], "ro", scope="read", verified=True)
    status, _body = _call(f"{url}/1/accept", "POST", None, {"Authorization": f"Bearer {read_only}"})
    assert status == 403
    _t, patient = ApiToken.issue(cast_live.users["ana"], "rw", scope="write", verified=True)
    status, body = _call(f"{url}/1/accept", "POST", None, {"Authorization": f"Bearer {patient}"})
    assert status == 200 and body["status"] == "accepted" and body["accepted_at"]


def test_the_journey_and_the_ward_over_http_with_tokens(cast_live: Cast, live_server: Any) -> None:
    """Issues 12 and 14 the way scripts call them: the patient's token puts the travel plan and
    writes to the care team; the coordinator's token asks for a letter (refused, naming what is
    missing); the nurse's token opens a ward stay, charts values and a FHIR bundle; a read-only
    token and a session without its CSRF token change nothing."""
    import datetime as dt

    from django.utils import timezone

    from cartnav.ward.models import Observation

    base = f"{live_server.url}/api/v1/cases/{cast_live.ana_case.pk}"
    _t, ana = ApiToken.issue(cast_live.users["ana"], "curl", scope="write", verified=True)
    bearer = {"Authorization": f"Bearer {ana}"}
    status, body = _call(f"{base}/travel", "PUT", {"accommodation": "Hotel near the ward"}, bearer)
    assert status == 200 and body["accommodation"] == "Hotel near the ward", body
    status, body = _call(f"{base}/messages", "POST", {"body": "We land on Monday."}, bearer)
    assert status == 201, body

    _t, cora = ApiToken.issue(cast_live.users["cora"], "curl", scope="write", verified=True)
    status, body = _call(
        f"{base}/letters",
        "POST",
        {"signer_name": "Dr Li", "signer_title": "Director", "valid_until": "2027-06-30"},
        {"Authorization": f"Bearer {cora}"},
    )
    assert status == 422 and "plan" in body["detail"], body

    _t, nils = ApiToken.issue(cast_live.users["nils"], "curl", scope="write", verified=True)
    nurse = {"Authorization": f"Bearer {nils}"}
    infused = (timezone.now() - dt.timedelta(days=1)).isoformat()
    status, body = _call(f"{base}/ward", "POST", {"infused_at": infused, "weight_kg": 70}, nurse)
    assert status == 201 and body["day"] == 1, body
    at = (timezone.now() - dt.timedelta(minutes=5)).isoformat()
    values = {"temperature": {"value": 38.6, "unit": "Cel"}, "spo2": {"value": 97, "unit": "%"}}
    status, body = _call(
        f"{base}/ward/observations", "POST", {"taken_at": at, "values": values}, nurse
    )
    assert status == 201 and len(body) == 2, body
    status, body = _call(
        f"{base}/ward/observations",
        "POST",
        {"taken_at": at, "values": {"spo2": {"value": 140, "unit": "%"}}},
        nurse,
    )
    assert status == 422 and body["field"] == "values.spo2", body
    bundle = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            {
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                    "effectiveDateTime": at,
                    "valueQuantity": {"value": 96, "code": "/min"},
                }
            }
        ],
    }
    status, body = _call(f"{base}/ward/fhir", "POST", bundle, nurse)
    assert status == 201 and body == {"values": 1, "doses": 0, "unmapped": []}, body
    assert Observation.objects.count() == 3

    _t, read_only = ApiToken.issue(cast_live.users["nils"], "reader", scope="read", verified=True)
    status, body = _call(
        f"{base}/ward/observations",
        "POST",
        {"taken_at": at, "values": values},
        {"Authorization": f"Bearer {read_only}"},
    )
    assert status == 403, body
    session = cast_live.client("nils").cookies["sessionid"].value
    status, body = _call(
        f"{base}/ward/observations",
        "POST",
        {"taken_at": at, "values": values},
        {"Cookie": f"sessionid={session}"},
    )
    assert status == 403 and "CSRF" in body["detail"]
    assert Observation.objects.count() == 3
    status, body = _call(f"{base}/ward", headers={"Authorization": f"Bearer {read_only}"})
    assert status == 200 and body["crs"]["grade"] is None and body["crs"]["missing"], body

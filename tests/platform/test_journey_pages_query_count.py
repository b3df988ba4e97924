"""Issue 12's performance rule: each new page reads a fixed number of queries, however much the
case holds (messages, notifications, estimate versions, letters, contacts, ticks)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cartnav.conversations import services as conversations
from cartnav.costs import services as costs
from cartnav.costs.models import ExchangeRate
from cartnav.notifications import services as notifications
from cartnav.plans.models import TreatmentPlan
from cartnav.travel import services as travel
from cartnav.visas import services as visas
from tests.cast import Cast

pytestmark = pytest.mark.django_db

PAGES = ["plan/", "costs/", "visa/", "travel/", "messages/"]


def _more(cast: Cast, n: int) -> None:
    """n more of everything a journey page lists."""
    case, ana, cora = cast.ana_case, cast.users["ana"], cast.users["cora"]
    for i in range(n):
        conversations.post(None, case, f"question {i}", by=ana)
        conversations.post(None, case, f"answer {i}", by=cora)
        notifications.notify([ana], "quote", case, lambda: "x", "/me/")
        costs.issue_quote(
            None,
            case,
            currency="USD",
            lines=[costs.LineIn("hospital_stay", "3", "3500", "", "tariff", dt.date(2026, 12, 1))],
            by=cora,
        )
        travel.add_contact(None, case, f"Contact {i}", "friend", f"+86 138 0000 000{i}")
    letter = case.letters.filter(status="valid").first()
    visas.issue_letter(
        None,
        case,
        signer_name="Dr Li",
        signer_title="Director",
        valid_until=dt.date.today() + dt.timedelta(days=90),
        replaces=letter,
        by=cora,
    )


def _count(client: Any, url: str) -> int:
    client.get(url)  # the first request of a session also renews its idle deadline
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def test_the_journey_pages_read_a_fixed_number_of_queries(cast: Cast) -> None:
    ExchangeRate.objects.create(
        currency="USD", cny_per_unit=Decimal("7.1"), as_of=dt.date(2026, 12, 1), source="PBOC"
    )
    cast.ana.passport_number = "PAE123456"
    cast.ana.save()
    TreatmentPlan.objects.create(
        case=cast.ana_case,
        option="axi-cel",
        stay_source="x",
        assessment=dt.date.today() + dt.timedelta(days=10),
        home=dt.date.today() + dt.timedelta(days=60),
    )
    travel.save_travel(None, cast.ana_case, {"accommodation": "flat"})
    _more(cast, 1)
    urls = [f"/cases/{cast.ana_case.pk}/{page}" for page in PAGES] + ["/notifications/", "/me/"]
    clients = {"ana": cast.client("ana"), "cora": cast.client("cora")}
    before = {
        (who, url): _count(client, url)
        for who, client in clients.items()
        for url in urls
        if not (who == "cora" and url == "/me/")
    }
    _more(cast, 4)
    after = {key: _count(clients[key[0]], key[1]) for key in before}
    grew = {key: (before[key], after[key]) for key in before if after[key] != before[key]}
    assert not grew, grew

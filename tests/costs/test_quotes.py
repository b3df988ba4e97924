"""Issue 12, item 4: the cost estimate on the case — worked out from the plan and the tariff,
sent as versions, accepted by the patient with a timestamp, as a bilingual PDF, over the API;
who may do what; bad input refused with the field named and nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cartnav.audit.models import AuditRecord
from cartnav.catalog import services as catalog
from cartnav.costs import services
from cartnav.costs.models import ExchangeRate, Quote, QuoteLine, TariffItem
from cartnav.plans.models import TreatmentPlan
from tests.cast import Cast

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 12, 1)


@pytest.fixture
def priced(cast: Cast) -> Cast:
    """Products with their list prices, a dated US dollar rate, the hospital's tariff and a
    plan naming axi-cel."""
    catalog.load_products()
    services.load_prices()
    ExchangeRate.objects.create(
        currency="USD", cny_per_unit=Decimal("7.1"), as_of=DAY, source="PBOC"
    )
    for item, amount in {
        "ward_day": "3500",
        "assessments": "30000",
        "local_stay_day": "400",
    }.items():
        TariffItem.objects.create(
            hospital=cast.hospital_a,
            item=item,
            amount_cny=Decimal(amount),
            as_of=DAY,
            source="tariff 2026",
        )
    TreatmentPlan.objects.create(
        case=cast.ana_case,
        option="axi-cel (奕凯达 Yikaida)",
        stay_source="hospital rule",
        lymphodepletion=dt.date(2027, 1, 20),
        infusion=dt.date(2027, 1, 25),
        discharge=dt.date(2027, 2, 1),
        local_stay_end=dt.date(2027, 2, 8),
    )
    return cast


def _form(**change: Any) -> dict[str, str]:
    data = {
        "action": "issue",
        "product": "axi-cel-cn",
        "currency": "USD",
        "companions": "0",
        "note": "<b>bring your passport</b>",
        "product-quantity": "1",
        "product-unit_cny": "1200000",
        "product-source": "trade press",
        "product-as_of": "2026-12-01",
        "hospital_stay-quantity": "12",
        "hospital_stay-unit_cny": "3500",
        "hospital_stay-source": "tariff 2026",
        "hospital_stay-as_of": "2026-12-01",
        "travel-quantity": "1",
        "travel-unit_cny": "",
    }
    data.update(change)
    return data


def test_the_form_starts_from_the_plan_the_price_and_the_tariff(priced: Cast) -> None:
    page = priced.client("cora").get(f"/cases/{priced.ana_case.pk}/costs/").content.decode()
    assert 'name="product-unit_cny" value="1200000.00"' in page
    assert 'name="hospital_stay-quantity" value="12"' in page  # 20 Jan to 1 Feb
    assert 'name="local_stay-quantity" value="7"' in page
    assert "the hospital&#x27;s tariff for lymphodepletion" in page  # named, not guessed
    assert 'value="USD" selected' in page or 'value="USD"' in page


def test_a_coordinator_sends_versions_and_the_patient_accepts_the_current_one(
    priced: Cast,
) -> None:
    url = f"/cases/{priced.ana_case.pk}/costs/"
    assert priced.client("cora").post(url, _form()).status_code == 302
    first = Quote.objects.get()
    assert first.total_cny == Decimal("1242000.00")
    assert first.total_converted == Decimal("174929.58")  # 1,242,000 / 7.1, half up
    assert [line.kind for line in first.lines.all()] == ["product", "hospital_stay"]
    assert (
        priced.client("cora").post(url, _form(**{"hospital_stay-quantity": "14"})).status_code
        == 302
    )
    first.refresh_from_db()
    second = Quote.objects.get(version=2)
    assert first.status == Quote.Status.SUPERSEDED and second.status == Quote.Status.OFFERED

    ana = priced.client("ana")
    page = ana.get(url).content.decode()
    assert "&lt;b&gt;bring your passport&lt;/b&gt;" in page  # a note is text, never HTML
    assert 'id="accept-quote"' in page and 'id="quote-form"' not in page
    assert "Yescarta" in page and "373,000" in page  # the US price beside it
    assert "Lugano 2014" in page  # the maker's refund terms
    stale = ana.post(url, {"action": "accept", "version": "1", "agree": "yes"})
    assert stale.status_code == 302
    first.refresh_from_db()
    assert first.accepted_at is None
    assert ana.post(url, {"action": "accept", "version": "2"}).status_code == 302  # no tick
    assert Quote.objects.get(version=2).accepted_at is None
    ana.post(url, {"action": "accept", "version": "2", "agree": "yes"})
    second.refresh_from_db()
    assert second.status == Quote.Status.ACCEPTED and second.accepted_by == priced.users["ana"]
    assert second.accepted_at is not None
    assert AuditRecord.objects.filter(action="accept_quote", username="ana").exists()
    assert AuditRecord.objects.filter(action="issue_quote", username="cora").count() == 2


def test_who_may_do_what(priced: Cast) -> None:
    url = f"/cases/{priced.ana_case.pk}/costs/"
    assert priced.client("ana").post(url, _form()).status_code == 403
    assert priced.client("nils").post(url, _form()).status_code == 403
    assert priced.client("dan").get(url).status_code == 404  # another hospital's coordinator
    assert priced.client("ali").get(url).status_code in (403, 404)  # an analyst: no person
    assert not Quote.objects.exists()
    priced.client("cora").post(url, _form())
    assert (
        priced.client("cora")
        .post(url, {"action": "accept", "version": "1", "agree": "yes"})
        .status_code
        == 403
    )
    assert priced.client("carla").get(url).status_code == 200  # the proxy reads it
    assert Quote.objects.get().accepted_at is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"product-as_of": ""}, "product-as_of"),
        ({"product-source": ""}, "product-source"),
        ({"product-unit_cny": "-5"}, "product-unit_cny"),
        ({"product-unit_cny": "1.005"}, "product-unit_cny"),
        ({"product-unit_cny": "1e30"}, "product-unit_cny"),
        ({"hospital_stay-quantity": "abc"}, "hospital_stay-quantity"),
        ({"currency": "XXX"}, "currency"),
        ({"companions": "11"}, "companions"),
        ({"product": "hicara"}, "product"),
        ({"product-as_of": "2026-13-40"}, "product-as_of"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    priced: Cast, change: dict[str, str], field: str
) -> None:
    response = priced.client("cora").post(f"/cases/{priced.ana_case.pk}/costs/", _form(**change))
    assert response.status_code == 422
    assert f'data-field="{field}"' in response.content.decode()
    assert not Quote.objects.exists() and not QuoteLine.objects.exists()


def test_a_currency_without_a_dated_rate_is_refused(priced: Cast) -> None:
    response = priced.client("cora").post(
        f"/cases/{priced.ana_case.pk}/costs/", _form(currency="EUR")
    )
    assert response.status_code == 422
    assert "no dated exchange rate for EUR" in response.content.decode()
    assert not Quote.objects.exists()


def test_the_pdf_is_bilingual(priced: Cast) -> None:
    from pypdf import PdfReader

    priced.client("cora").post(f"/cases/{priced.ana_case.pk}/costs/", _form())
    response = priced.client("ana").get(f"/cases/{priced.ana_case.pk}/costs/v1.pdf")
    assert response["Content-Type"] == "application/pdf"
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Cost estimate" in text and "费用估算" in text
    assert "1,242,000.00" in text and "174,929.58" in text
    assert priced.client("ana").get(f"/cases/{priced.ana_case.pk}/costs/v9.pdf").status_code == 404
    assert priced.client("dan").get(f"/cases/{priced.ana_case.pk}/costs/v1.pdf").status_code == 404


def test_the_api_sends_reads_and_accepts(priced: Cast) -> None:
    url = f"/api/v1/cases/{priced.ana_case.pk}/quotes"
    body = {
        "product": "axi-cel-cn",
        "currency": "USD",
        "lines": [
            {
                "kind": "product",
                "quantity": "1",
                "unit_cny": "1200000",
                "source": "trade press",
                "as_of": "2026-12-01",
            }
        ],
    }
    made = priced.client("cora").post(url, body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["total_converted"] == "169014.08"
    assert priced.client("ana").post(url, body, content_type="application/json").status_code == 403
    listed = priced.client("ana").get(url).json()
    assert listed[0]["version"] == 1 and listed[0]["lines"][0]["unit_cny"] == "1200000.00"
    accepted = priced.client("carla").post(f"{url}/1/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = priced.client("ana").post(f"{url}/1/accept")
    assert again.status_code == 422 and "already accepted" in again.json()["detail"]
    assert priced.client("ana").post(f"{url}/99/accept").status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"currency": "usd1"},
        {"lines": []},
        {"lines": [{"kind": "product", "quantity": "1", "unit_cny": 1200000.5}]},
        {"lines": [{"kind": "product", "quantity": "1", "unit_cny": "1200000"}]},  # no date
        {
            "lines": [
                {
                    "kind": "caviar",
                    "quantity": "1",
                    "unit_cny": "1",
                    "source": "x",
                    "as_of": "2026-12-01",
                }
            ]
        },
        {"product": "no-such-product"},
        {"companions": -1},
    ],
)
def test_the_api_refuses_bad_bodies_with_a_422(priced: Cast, change: dict[str, Any]) -> None:
    body = {
        "currency": "USD",
        "lines": [{"kind": "travel", "quantity": "1", "unit_cny": "0"}],
        **change,
    }
    response = priced.client("cora").post(
        f"/api/v1/cases/{priced.ana_case.pk}/quotes", body, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert "detail" in response.json()
    assert not Quote.objects.exists()


def test_the_page_reads_a_fixed_number_of_queries(priced: Cast) -> None:
    url = f"/cases/{priced.ana_case.pk}/costs/"
    cora = priced.client("cora")
    cora.post(url, _form())
    ana = priced.client("ana")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert ana.get(url).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request of a session also renews its idle deadline
    before = count()
    for n in range(3):
        cora.post(url, _form(**{"hospital_stay-quantity": str(13 + n)}))
    assert count() == before  # more versions, no more queries

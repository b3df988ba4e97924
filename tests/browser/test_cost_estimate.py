"""Issue 12, item 4 in the real browser: the coordinator opens the estimate worked out from the
plan and the tariff, sends it; the patient reads it beside the US price and the refund terms,
and accepts it. At 1366 and 390 px, in both languages, with no sideways scroll."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cartnav.catalog import services as catalog
from cartnav.costs import services
from cartnav.costs.models import ExchangeRate, Quote, TariffItem
from cartnav.plans.models import TreatmentPlan
from tests.browser.test_hardened_pages import WIDTHS, _fits, _staff
from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import build_cast

WORDS = {
    "en": {"sent": "The estimate is sent to the patient.", "accepted": "Accepted"},
    "zh-hans": {"sent": "费用估算已发送给患者。", "accepted": "已接受"},
}
DAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_estimate_is_sent_by_staff_and_accepted_by_the_patient(
    page: Any, transactional_db: None, settings: Any, width: int, language: str
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    catalog.load_products()
    services.load_prices()
    ExchangeRate.objects.create(
        currency="USD", cny_per_unit=Decimal("7.1"), as_of=DAY, source="PBOC"
    )
    for item, amount in {"ward_day": "3500", "assessments": "30000"}.items():
        TariffItem.objects.create(
            hospital=cast.hospital_a, item=item, amount_cny=Decimal(amount), as_of=DAY, source="t"
        )
    TreatmentPlan.objects.create(
        case=cast.ana_case,
        option="axi-cel",
        stay_source="hospital rule",
        lymphodepletion=dt.date(2027, 1, 20),
        infusion=dt.date(2027, 1, 25),
        discharge=dt.date(2027, 2, 1),
    )
    _staff(page, cast, "cora", language, width)
    page.goto(f"/cases/{cast.ana_case.pk}/")
    page.click("#costs-tab")
    page.wait_for_selector("#quote-form")
    assert page.input_value("#id_product-unit_cny") == "1200000.00"
    assert page.input_value("#id_hospital_stay-quantity") == "12"
    page.select_option("#id_currency", "USD")
    page.click("#issue-quote")
    page.wait_for_selector(f".messages :text('{WORDS[language]['sent']}')")
    assert Quote.objects.get().total_cny == Decimal("1272000.00")
    _fits(page, width)

    page.context.clear_cookies()
    ana = cast.users["ana"]
    ana.language = language
    ana.save()
    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    page.click(".costs-link")
    page.wait_for_selector("#current-quote")
    assert "1,272,000.00" in page.inner_text("#total-cny")
    assert "179,154.93" in page.inner_text("#total-converted")
    assert page.locator("#comparison").count() == 1 and page.locator("#refund-schemes").count() == 1
    _fits(page, width)
    page.check("#agree")
    page.click("#accept-quote")
    page.wait_for_selector("#accepted-at")
    assert WORDS[language]["accepted"] in page.inner_text("#quote-status")
    assert Quote.objects.get().accepted_by == ana
    _fits(page, width)

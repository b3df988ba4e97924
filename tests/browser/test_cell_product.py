"""Issue 13 in the real browser (the part built so far): the coordinator books the apheresis
against a manufacturing slot; the nurse scans a bag of another therapy at collection and is
stopped (a safety event), then records the right bag; the patient reads where the cells are in
plain words. At 1366 and 390 px, in both languages, with no sideways scroll."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cartnav.catalog.models import Product
from cartnav.catalog.services import load_products
from cartnav.custody import isbt128, services
from cartnav.custody.models import CustodyEvent, ManufacturingSite, SafetyRecord, TherapyOrder
from tests.browser.test_hardened_pages import WIDTHS, _fits, _staff
from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import build_cast

WORDS = {"en": "Your cells were collected", "zh-hans": "您的细胞已采集"}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", WIDTHS)
def test_book_scan_and_follow_the_cells(
    page: Any,
    browser: Any,
    live_server: Any,
    transactional_db: None,
    settings: Any,
    width: int,
    language: str,
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    load_products()
    cast.hospital_a.isbt_fin = "G1234"
    cast.hospital_a.save()
    site = ManufacturingSite.objects.create(
        name="Site One", maker="Fosun Kite", city="x", slots_per_week=2, days_to_start=1, source="t"
    )
    site.products.set([Product.objects.get(slug="axi-cel-cn")])
    _staff(page, cast, "cora", language, width)
    page.goto(f"/cases/{cast.ana_case.pk}/")
    page.click("#product-tab")
    page.select_option("#id_product", "axi-cel-cn")
    page.select_option("#id_site", str(site.pk))
    page.fill("#id_apheresis", (timezone.localdate() + dt.timedelta(days=10)).isoformat())
    with page.expect_navigation():
        page.click("#book-apheresis")
    page.wait_for_selector("#coi")
    order = TherapyOrder.objects.get()
    _fits(page, width)

    nurse_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        nurse = nurse_context.new_page()
        _staff(nurse, cast, "nils", language, width)
        nurse.goto(f"/cases/{cast.ana_case.pk}/product/")
        other = isbt128.build_coi("G1234", "26", "999999")
        din = isbt128.build_din("G1234", "26", "000001")
        nurse.select_option("#id_kind", "collection")
        nurse.fill("#id_place", "Apheresis unit")
        nurse.fill("#id_coi", f"&/{other.data_content}{other.check_character}")  # the wrong bag
        nurse.fill("#id_din", f"{din.data_content}{din.flag}")
        nurse.fill("#id_volume_ml", "180")
        nurse.fill("#id_operator", "Nurse Li")
        with nurse.expect_navigation():
            nurse.click("#record-event")
        assert not CustodyEvent.objects.exists() and SafetyRecord.objects.count() == 1
        assert nurse.locator("#safety li").count() == 1
        nurse.fill("#id_coi", services.label_coi(order))  # the right one
        with nurse.expect_navigation():
            nurse.click("#record-event")
        nurse.wait_for_selector("tr.event[data-kind=collection]")
        _fits(nurse, width)
    finally:
        nurse_context.close()

    page.context.clear_cookies()
    ana = cast.users["ana"]
    ana.language = language
    ana.save()
    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    page.click(".product-link")
    step = page.wait_for_selector("#where li[data-kind=collection]")
    assert WORDS[language] in step.inner_text()
    assert order.coi not in page.content()
    _fits(page, width)

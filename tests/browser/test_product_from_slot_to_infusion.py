"""Issue 13, done when: one patient's product carried in the browser from the slot booking to
the end of the infusion — a refused wrong-bag scan, a temperature excursion that quarantines
the product until a physician decides, the release signed, the two-person bedside check, the
infusion signed — and the custody report downloaded. In English at 1366 px and in Chinese at
390 px."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from cartnav.catalog.models import Product
from cartnav.catalog.services import load_products
from cartnav.custody import isbt128, services
from cartnav.custody.models import (
    CustodyEvent,
    HandlingRules,
    ManufacturingSite,
    SafetyRecord,
    TherapyOrder,
)
from tests.browser.test_hardened_pages import _fits, _staff
from tests.cast import PASSWORD, build_cast

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _event(page: Any, kind: str, place: str = "x", **fields: str) -> None:
    page.select_option("#id_kind", kind)
    page.fill("#id_place", place)
    for name, value in fields.items():
        if name in ("decision", "meaning"):
            page.select_option(f"#id_{name}", value)
        elif name in ("certificate", "logger"):
            page.set_input_files(f"#id_{name}", value)
        else:
            page.fill(f"#id_{name}", value)
    with page.expect_navigation():
        page.click("#record-event")


@pytest.mark.parametrize(("language", "width"), [("en", 1366), ("zh-hans", 390)])
def test_one_product_from_the_slot_to_the_infusion(
    page: Any,
    browser: Any,
    live_server: Any,
    transactional_db: None,
    settings: Any,
    tmp_path: Path,
    language: str,
    width: int,
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.MEDIA_ROOT = tmp_path
    cast = build_cast()
    load_products()
    cast.hospital_a.isbt_fin = "G1234"
    cast.hospital_a.save()
    product = Product.objects.get(slug="axi-cel-cn")
    site = ManufacturingSite.objects.create(
        name="Site", maker="Fosun Kite", city="x", slots_per_week=2, source="t"
    )
    site.products.set([product])
    HandlingRules.objects.create(
        product=product,
        shipping_low_c=-196,
        shipping_high_c=-120,
        source="test label",
        clocks={
            "thaw_to_infusion_minutes": 120,
            "tocilizumab_doses_on_hand": 2,
            "source": "test label",
        },
    )
    cora = page
    _staff(cora, cast, "cora", language, width)
    cora.goto(f"/cases/{cast.ana_case.pk}/product/")
    cora.select_option("#id_product", "axi-cel-cn")
    cora.select_option("#id_site", str(site.pk))
    cora.fill("#id_apheresis", (timezone.localdate() + dt.timedelta(days=3)).isoformat())
    with cora.expect_navigation():
        cora.click("#book-apheresis")
    order = TherapyOrder.objects.get()
    coi = services.label_coi(order)
    din = isbt128.build_din("G1234", "26", "000001")
    bag = f"{din.data_content}{din.flag}"
    wrong = isbt128.build_coi("G1234", "26", "999999")

    # the wrong bag at collection: a hard refusal, recorded
    _event(
        cora,
        "collection",
        "Apheresis unit",
        coi=f"&/{wrong.data_content}{wrong.check_character}",
        din=bag,
        volume_ml="180",
        operator="Nurse Li",
    )
    assert not CustodyEvent.objects.exists() and SafetyRecord.objects.count() == 1
    _event(
        cora, "collection", "Apheresis unit", coi=coi, din=bag, volume_ml="180", operator="Nurse Li"
    )
    _event(cora, "shipment_out", courier="World Courier", shipper_id="DS-1", logger_id="L-9")
    log = tmp_path / "logger.csv"
    log.write_text(
        "time,temperature\n"
        + "\n".join(f"2027-01-01T{h:02d}:00:00Z,{-100 if h == 5 else -150}" for h in range(12))
    )
    _event(cora, "receipt_manufacturing", "Manufacturing site", logger=str(log))
    cora.wait_for_selector("#quarantined")
    cora.wait_for_selector("svg.chart .trace")
    _fits(cora, width)

    phil_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    nils_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        phil = phil_context.new_page()
        _staff(phil, cast, "phil", language, width)
        phil.goto(f"/cases/{cast.ana_case.pk}/product/")
        _event(
            phil,
            "quarantine_decision",
            "QA",
            decision="released",
            meaning="released",
            reason="one hour at -100 °C: within the maker's allowance",
            password=PASSWORD,
        )
        assert not services.status(order).quarantined
        _event(phil, "manufacturing_start", "Manufacturing site")
        certificate = tmp_path / "release.pdf"
        certificate.write_bytes(PDF)
        _event(
            phil,
            "release",
            "QA",
            lot="L001",
            dose="2 x 10^6 cells/kg",
            expiry="2027-06-01",
            certificate=str(certificate),
            meaning="released",
            password=PASSWORD,
        )
        _event(
            phil, "shipment_return", courier="World Courier", shipper_id="DS-2", logger_id="L-10"
        )
        _event(phil, "receipt_site", "Cell lab", location="Tank 2")
        _event(phil, "lymphodepletion_start", "Ward 5")
        _event(phil, "thaw", "Cell lab", coi=coi, din=bag)
        nils = nils_context.new_page()
        _staff(nils, cast, "nils", language, width)
        nils.goto(f"/cases/{cast.ana_case.pk}/product/bedside/")
        nils.fill("#id_wristband", cast.ana_case.number)
        nils.fill("#id_coi", coi)
        nils.fill("#id_din", bag)
        nils.fill("#id_place", "Bed 12")
        nils.fill("#id_password", PASSWORD)
        nils.fill("#id_second_signer", "phil")
        nils.fill("#id_second_password", PASSWORD)
        with nils.expect_navigation():
            nils.click("#bedside-sign")
        _fits(nils, width)
        phil.goto(f"/cases/{cast.ana_case.pk}/product/")
        _event(
            phil,
            "infusion_start",
            "Bed 12",
            coi=coi,
            din=bag,
            tocilizumab_on_hand="2",
            meaning="administered",
            password=PASSWORD,
        )
        _event(phil, "infusion_stop", "Bed 12", coi=coi, din=bag)
        phil.wait_for_selector("tr.event[data-kind=infusion_stop]")
        kinds = list(CustodyEvent.objects.order_by("seq").values_list("kind", flat=True))
        assert kinds[-4:] == ["thaw", "bedside_check", "infusion_start", "infusion_stop"], kinds
        assert "quarantine" in kinds and "quarantine_decision" in kinds
        with phil.expect_download() as download:
            phil.click("#custody-report")
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
        assert services.verify(order) == []
        _fits(phil, width)
    finally:
        phil_context.close()
        nils_context.close()

"""Issue 10's and 11's pages in the browser at 1366 and 390 px, in English and Chinese: the
patient home and the dashboard (now built in Python), and the Options tab for the DLBCL patient
with secondary CNS disease and a suppressed hepatitis B carrier state on entecavir."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from cartnav.catalog.services import load_products
from tests.browser.test_hardened_pages import WIDTHS, _fits, _staff
from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import build_cast

DATA = Path(__file__).resolve().parents[1] / "screening" / "data"
WORDS = {
    "en": {"next": "What happens next", "documents": "Your documents", "cases": "Cases"},
    "zh-hans": {"next": "下一步", "documents": "您的文件", "cases": "病例"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_patient_home_and_the_dashboard_fit_and_speak_the_language(
    page: Any, transactional_db: None, settings: Any, width: int, language: str
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    ana = cast.users["ana"]
    ana.language = language
    ana.save()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    main = page.inner_text("main")
    assert WORDS[language]["next"] in main and WORDS[language]["documents"] in main
    assert cast.ana_case.number in main
    assert page.locator("form.upload-form").is_visible()
    _fits(page, width)
    page.click("form.signout button")
    _staff(page, cast, "cora", language, width)
    page.goto("/cases/?stage=inquiry")
    assert WORDS[language]["cases"] in page.inner_text("h1")
    assert page.locator("#stage option[selected]").get_attribute("value") == "inquiry"
    _fits(page, width)


def test_secondary_cns_disease_and_a_suppressed_hbv_carrier_keep_their_options(
    page: Any, transactional_db: None, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    load_products()
    call_command("import_trials", str(DATA / "studies_page.json"), "--quiet", stdout=io.StringIO())
    _staff(page, cast, "cora", "en", 1366)
    page.goto(f"/cases/{cast.ana_case.pk}/options/")
    page.select_option("#p-disease", "DLBCL")
    page.fill("#p-age_years", "49")
    page.fill("#p-ecog", "1")
    page.fill(
        "#p-lines",
        "R-CHOP | | 2024-10-08 | 2025-03-20 | CR\nR-ICE | | 2025-10-01 | 2026-02-28 | PD",
    )
    page.select_option("#p-cns_disease", "secondary")
    page.select_option("#p-hbsag", "yes")
    page.select_option("#p-hbv_dna_detectable", "no")
    page.select_option("#p-hbv_antiviral", "yes")
    page.select_option("#p-prior_car_t", "no")
    page.click("#save-profile")
    page.wait_for_selector("text=The profile is saved")
    # Two lines, the last refractory: axi-cel's third-line indication, CNS disease secondary
    product = page.locator("li.option[data-id=axi-cel-cn]")
    assert "verdict-eligible" in product.get_attribute("class")
    options = page.locator("ul.option-list > li")
    verdicts = [options.nth(i).get_attribute("class") for i in range(options.count())]
    assert "verdict-not_eligible" not in " ".join(verdicts)  # behind a count, not in the list
    assert page.locator("#show-not-eligible").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    _fits(page, 390)
    assert product.is_visible()
    page.click("#show-not-eligible")
    assert page.locator("li.option.verdict-not_eligible .deciding").first.is_visible()
    page.select_option("#language-select", "zh-hans")
    page.click("#language-switch")
    page.wait_for_selector("text=返回患者可能符合的选项")
    _fits(page, 390)
    page.click("#show-options")
    page.set_viewport_size({"width": 1366, "height": 900})
    assert "符合" in page.inner_text("li.option[data-id=axi-cel-cn] .verdict")

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management import call_command

from cartnav.catalog.services import load_products
from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import build_cast, code_for

DATA = Path(__file__).resolve().parents[1] / "screening" / "data"


def test_a_coordinator_fills_the_profile_and_sees_the_options_with_reasons(
    page: Any, transactional_db: None, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    load_products()
    call_command("import_trials", str(DATA / "studies_page.json"), "--quiet", stdout=io.StringIO())
    sign_in(page, "cora")
    page.fill("#id_code", code_for(cast.users["cora"]))
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/cases/")
    page.goto(f"/cases/{cast.ana_case.pk}/")
    page.click("#options-tab")
    assert page.locator("#no-result").is_visible()
    page.select_option("#p-disease", "DLBCL")
    page.fill("#p-age_years", "58")
    page.fill("#p-ecog", "1")
    page.select_option("#p-refractory", "yes")
    page.select_option("#p-prior_car_t", "no")
    page.fill("#p-lines", "R-CHOP\nR-GemOx")
    page.click("#save-profile")
    page.wait_for_selector("text=The profile is saved")
    trial = page.locator("li.option[data-id=NCT09000001]")
    assert "eligible" in trial.get_attribute("class")
    trial.locator("summary").click()
    assert "ECOG 0-1" in trial.inner_text()
    assert int(page.inner_text("#count-eligible")) >= 2

    page.select_option("#language-select", "zh-hans")
    page.click("#language-switch")
    page.wait_for_selector("h2:has-text('筛选结果')")

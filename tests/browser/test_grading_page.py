from __future__ import annotations

from typing import Any

from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import build_cast, code_for


def test_a_nurse_grades_crs_and_the_basis_updates_as_she_types(
    page: Any, transactional_db: None, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    sign_in(page, "nils")
    page.fill("#id_code", code_for(cast.users["nils"]))
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/cases/")
    page.click("text=Grading")
    page.fill("#f-temperature", "39.5")
    page.select_option("#f-fever_masked", "no")
    page.wait_for_selector("#grade-value")
    page.select_option("#f-hypotension", "yes")
    page.fill("#f-vasopressors", "1")
    page.select_option("#f-vasopressin", "no")
    page.select_option("#f-oxygen_device", "low_flow_nasal_cannula")
    page.fill("#f-oxygen_flow", "3")
    page.wait_for_function("() => document.querySelector('#grade-value')?.innerText === '3'")
    assert "ASTCT 2019" in page.inner_text("#grade-result")
    page.fill("#f-weight_kg", "70")  # the tocilizumab dose follows the weight
    page.wait_for_selector("ul.guidance li:has-text('For 70 kg: 560 mg.')")
    page.select_option("#f-oxygen_device", "bipap")
    page.wait_for_function("() => document.querySelector('#grade-value')?.innerText === '4'")
    page.fill("#f-temperature", "50")
    page.wait_for_selector("#grade-error")
    assert "temperature" in page.inner_text("#grade-error")

    page.select_option("#language-select", "zh-hans")
    page.click("#language-switch")
    page.wait_for_selector("html[lang=zh-hans]")
    assert "分级" in page.inner_text("h1")
    page.fill("#f-temperature", "39.5")
    page.select_option("#f-fever_masked", "no")
    page.wait_for_selector("ul.basis li:has-text('体温 39.5 °C ≥ 38.0 °C：发热')")
    assert "fever" not in page.inner_text("ul.basis")

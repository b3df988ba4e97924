from __future__ import annotations

from typing import Any

from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import build_cast, code_for


def test_staff_need_their_code_then_see_their_hospitals_dashboard(
    page: Any, transactional_db: None, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    sign_in(page, "cora")
    page.wait_for_url("**/accounts/otp/")
    page.goto("/cases/")
    assert page.url.endswith("/accounts/otp/")  # nothing before the second factor
    page.fill("#id_code", "000000")
    page.click("form.narrow button[type=submit]")
    assert "That code is not right" in page.inner_text("main")
    page.fill("#id_code", code_for(cast.users["cora"]))
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/cases/")
    table = page.inner_text("#case-table")
    assert cast.ana_case.number in table and cast.ben_case.number in table
    assert cast.bea_case.number not in table  # another hospital's case

    page.fill("#q", "Brown")  # HTMX replaces the table as the coordinator types
    page.wait_for_function(
        "() => !document.querySelector('#case-table').innerText.includes('Alvarez')"
    )
    assert cast.ben_case.number in page.inner_text("#case-table")

    page.click(f"text={cast.ben_case.number}")
    page.select_option("#to_stage", "screening")
    page.fill("#reason", "history complete")
    page.click(".stage-change button[type=submit]")
    page.wait_for_selector("text=The stage was changed.")
    assert "history complete" in page.inner_text("#history")

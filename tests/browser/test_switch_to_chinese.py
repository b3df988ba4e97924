from __future__ import annotations

from typing import Any

from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import build_cast


def test_a_patient_switches_to_chinese_and_it_is_remembered(
    page: Any, transactional_db: None
) -> None:
    cast = build_cast()
    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    assert "My care" in page.inner_text("h1")
    page.select_option("#language-select", "zh-hans")
    page.click("#language-switch")
    page.wait_for_selector("h1:has-text('我的')")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    cast.users["ana"].refresh_from_db()
    assert cast.users["ana"].language == "zh-hans"

    page.context.clear_cookies()  # a new device: the saved choice still applies after sign-in
    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    assert "我的" in page.inner_text("h1")

"""Issue 12, items 7 and 8 in the real browser: the coordinator writes; the patient, with the
conversation open, sees the message arrive without reloading, answers, and finds it in the
notification centre. At 1366 and 390 px, in both languages, with no sideways scroll."""

from __future__ import annotations

from typing import Any

import pytest

from cartnav.conversations.models import Message
from tests.browser.test_hardened_pages import WIDTHS, _fits, _staff
from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import build_cast


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_message_arrives_without_reloading(
    page: Any,
    browser: Any,
    live_server: Any,
    transactional_db: None,
    settings: Any,
    width: int,
    language: str,
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.MESSAGES_POLL_SECONDS = 1
    cast = build_cast()
    ana = cast.users["ana"]
    ana.language = language
    ana.save()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    page.click(".messages-link")
    page.wait_for_selector("#message-form")
    _fits(page, width)

    staff_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        staff = staff_context.new_page()
        _staff(staff, cast, "cora", language, width)
        staff.goto(f"/cases/{cast.ana_case.pk}/messages/")
        staff.fill("#id_body", "Your room is ready. <script>alert(1)</script>")
        staff.click("#send-message")
        staff.wait_for_selector(".message")
        _fits(staff, width)
    finally:
        staff_context.close()

    arrived = page.wait_for_selector(".message .body", timeout=15000)  # no reload: the poll
    assert "<script>alert(1)</script>" in arrived.inner_text()  # shown as text
    page.fill("#id_body", "Thank you!")
    page.click("#send-message")
    page.wait_for_selector(".message.mine")
    assert Message.objects.count() == 2
    _fits(page, width)
    page.click("#notifications-link")
    page.wait_for_selector(".notification[data-kind=message]")
    _fits(page, width)

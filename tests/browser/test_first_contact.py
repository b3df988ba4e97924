"""Issue 12, item 1 in the real browser: someone abroad opens the front door, sends an inquiry,
confirms the address from the e-mail; a coordinator sees it. At a laptop's width and a phone's,
in both languages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from cartnav.inquiries.models import Inquiry, Status
from tests.browser.test_hardened_pages import WIDTHS, _fits, _staff
from tests.cast import build_cast

WORDS = {
    "en": {
        "ask": "Send an inquiry",
        "sent": "Check your e-mail",
        "confirmed": "Your address is confirmed",
    },
    "zh-hans": {"ask": "发送咨询", "sent": "请查收电子邮件", "confirmed": "您的邮箱已确认"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", WIDTHS)
def test_an_inquiry_from_abroad_reaches_the_coordinator(
    page: Any, transactional_db: None, settings: Any, width: int, language: str
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    # the header's language switch works before anyone signs in
    page.select_option("#language-select", language)
    page.click("#language-switch")
    page.wait_for_selector("#ask")
    _fits(page, width)
    assert page.inner_text("#ask") == WORDS[language]["ask"]
    page.click("#ask")
    page.fill("#id_name", "Aigerim Bekova")
    page.fill("#id_country", "KZ")
    page.fill("#id_languages", "ru, en")
    page.fill("#id_email", "aigerim@example.org")
    page.fill("#id_diagnosis", "DLBCL, relapsed after two lines.")
    page.select_option("#id_hospital", str(cast.hospital_a.pk))
    page.check("#id_consent_contact")
    page.check("#id_consent_cross_border")
    _fits(page, width)
    page.click("#send-inquiry")
    page.wait_for_selector("#inquiry-sent")
    assert WORDS[language]["sent"] in page.inner_text("h1")
    inquiry = Inquiry.objects.get()
    assert inquiry.status == Status.UNCONFIRMED and inquiry.hospital == cast.hospital_a
    link = re.search(r"(/inquiry/confirm/[^/\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.click("#confirm-inquiry")
    page.wait_for_selector("#confirmed")
    assert WORDS[language]["confirmed"] in page.inner_text("#confirmed")
    _fits(page, width)

    page.context.clear_cookies()
    _staff(page, cast, "cora", language, width)
    page.goto("/inquiries/")
    page.wait_for_selector("tr.inquiry.status-new")
    _fits(page, width)

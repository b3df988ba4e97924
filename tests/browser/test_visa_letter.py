"""Issue 12, item 5 in the real browser: the patient names a companion, the coordinator issues
the letter, the patient sees it, and anyone can check its number on the public verification
page. At 1366 and 390 px, in both languages, with no sideways scroll."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cartnav.plans.models import TreatmentPlan
from cartnav.visas.models import Companion, InvitationLetter
from tests.browser.test_hardened_pages import WIDTHS, _fits, _staff
from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import build_cast

WORDS = {
    "en": {"valid": "Valid", "issued": "is issued"},
    "zh-hans": {"valid": "有效", "issued": "已出具"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_letter_is_issued_seen_and_verified(
    page: Any, transactional_db: None, settings: Any, width: int, language: str
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    today = dt.date.today()
    TreatmentPlan.objects.create(
        case=cast.ana_case,
        option="axi-cel",
        stay_source="hospital rule",
        assessment=today + dt.timedelta(days=30),
        home=today + dt.timedelta(days=100),
    )
    ana = cast.users["ana"]
    ana.language = language
    ana.save()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    page.click(".visa-link")
    page.wait_for_selector("#companions")
    page.click("#companions summary")
    page.fill("#id_name", "ALVAREZ Carla")
    page.fill("#id_relation", "daughter")
    page.fill("#id_nationality", "ES")
    page.fill("#id_date_of_birth", "1990-04-02")
    page.fill("#id_passport_number", "PAX123456")
    page.click("#add-companion")
    page.wait_for_selector(".companion")
    assert Companion.objects.count() == 1
    _fits(page, width)

    page.context.clear_cookies()
    _staff(page, cast, "cora", language, width)
    page.goto(f"/cases/{cast.ana_case.pk}/")
    page.click("#visa-tab")
    page.fill("#id_signer_name", "Dr Li Wei")
    page.fill("#id_signer_title", "Director")
    page.click("#issue-letter")
    page.wait_for_selector(f".messages :text('{WORDS[language]['issued']}')")
    letter = InvitationLetter.objects.get()
    assert letter.visa_type == "S2"
    _fits(page, width)

    page.context.clear_cookies()
    page.goto(f"/verify/{letter.number}/")
    if language != "en":  # a stranger's browser: the page's own language switch
        page.select_option("#language-select", language)
        page.click("#language-switch")
        page.wait_for_selector(f"html[lang={language}]")
    assert page.inner_text("#letter-status") == WORDS[language]["valid"]
    assert page.get_attribute("#letter-status", "data-status") == "valid"
    assert "Alvarez" not in page.content() and "PASS-ANA" not in page.content()
    _fits(page, width)

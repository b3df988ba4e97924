"""Issue 12, item 2 in the real browser: the case page offers the journey's moves and says what a
move still needs; a coordinator's jump is refused with the reason; a physician's override is
made and marked. At a laptop's width and a phone's, in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from cartnav.patients.models import Case, StageChange
from cartnav.patients.stages import Stage
from tests.browser.test_hardened_pages import WIDTHS, _fits, _staff
from tests.cast import build_cast

WORDS = {
    "en": {"needs": "needs a specialist review that accepted the case", "override": "override"},
    "zh-hans": {"needs": "需要一份接受该病例的专家评审意见", "override": "越过流程"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_journey_is_guarded_on_the_case_page(
    page: Any, transactional_db: None, settings: Any, width: int, language: str
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    case = cast.ana_case
    Case.objects.filter(pk=case.pk).update(stage=Stage.RECORDS_REVIEW)

    _staff(page, cast, "cora", language, width)
    page.goto(f"/cases/{case.pk}/")
    options = page.inner_text("#to_stage")
    assert WORDS[language]["needs"] in options  # "Accepted" waits for an accepting review
    assert page.locator("#override").count() == 0  # a coordinator cannot override
    page.select_option("#to_stage", "accepted")
    page.fill("#reason", "records complete")
    page.click("form.stage-change button[type=submit]")
    page.wait_for_selector(".messages, .error, [role=alert]")
    case.refresh_from_db()
    assert case.stage == Stage.RECORDS_REVIEW  # refused, nothing written
    _fits(page, width)

    page.context.clear_cookies()
    _staff(page, cast, "phil", language, width)
    page.goto(f"/cases/{case.pk}/")
    page.select_option("#to_stage", "apheresis")
    page.fill("#reason", "urgent: bridging failed")
    page.check("#override")
    page.click("form.stage-change button[type=submit]")
    page.wait_for_selector(f"#history span.override:has-text('{WORDS[language]['override']}')")
    case.refresh_from_db()
    assert case.stage == Stage.APHERESIS
    assert StageChange.objects.filter(case=case).latest("at").override
    _fits(page, width)

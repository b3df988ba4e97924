"""Issue 12, item 3 in the real browser: a coordinator makes the plan on its page; the patient
reads the timeline with its days and the calendar links. At 1366 and 390 px, in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from cartnav.plans.models import TreatmentPlan
from tests.browser.test_hardened_pages import WIDTHS, _fits, _staff
from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import build_cast

WORDS = {
    "en": {"day0": "day 0", "saved": "The treatment plan is saved."},
    "zh-hans": {"day0": "第 0 天", "saved": "治疗计划已保存。"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_plan_is_made_by_staff_and_read_by_the_patient(
    page: Any, transactional_db: None, settings: Any, width: int, language: str
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    _staff(page, cast, "cora", language, width)
    page.goto(f"/cases/{cast.ana_case.pk}/")
    page.click("#plan-tab")
    page.fill("#id_option", "axi-cel (Yescarta)")
    for field, day in (
        ("apheresis", "2027-01-06"),
        ("lymphodepletion", "2027-01-20"),
        ("infusion", "2027-01-25"),
        ("discharge", "2027-02-01"),
        ("local_stay_end", "2027-02-08"),
    ):
        page.fill(f"#id_{field}", day)
    page.fill("#id_stay_source", "US labels since June 2025")
    page.click("#save-plan")
    page.wait_for_selector(f".messages :text('{WORDS[language]['saved']}')")
    assert TreatmentPlan.objects.get().infusion.isoformat() == "2027-01-25"
    _fits(page, width)

    page.context.clear_cookies()
    ana = cast.users["ana"]
    ana.language = language
    ana.save()
    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    page.click(".plan-link")
    page.wait_for_selector("#timeline")
    assert WORDS[language]["day0"] in page.inner_text("tr[data-step=infusion]")
    assert page.locator("#download-ics").count() == 1 and page.locator("#feed-url").count() == 1
    _fits(page, width)

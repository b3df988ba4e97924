"""Issue 12, item 6 in the real browser: the patient enters the journey and the accommodation,
sees its distance checked against the plan's rule (an estimate), adds a local contact and ticks
the checklist. At 1366 and 390 px, in both languages, with no sideways scroll."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cartnav.plans.models import TreatmentPlan
from cartnav.travel.models import ChecklistTick, LocalContact, TravelPlan
from tests.browser.test_hardened_pages import WIDTHS, _fits
from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import build_cast


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_patient_plans_travel_and_stay(
    page: Any, transactional_db: None, width: int, language: str
) -> None:
    cast = build_cast()
    cast.hospital_a.latitude, cast.hospital_a.longitude = 31.1990, 121.4540
    cast.hospital_a.save()
    TreatmentPlan.objects.create(
        case=cast.ana_case,
        option="axi-cel",
        stay_source="US labels",
        stay_within_hours=Decimal("2"),
    )
    ana = cast.users["ana"]
    ana.language = language
    ana.save()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    page.click(".travel-link")
    page.wait_for_selector("#travel-form")
    assert page.get_attribute("#proximity-verdict", "data-within") == "unknown"
    page.fill("#id_arrival", "2027-01-03T14:30")
    page.fill("#id_arrival_flight", "MU 552")
    page.fill("#id_accommodation", "Xuhui flat")
    page.fill("#id_latitude", "31.2050")
    page.fill("#id_longitude", "121.4600")
    page.click("#save-travel")
    page.wait_for_selector("#proximity-verdict[data-within=yes]")
    assert "14:30" in page.inner_text("#arrival")
    assert TravelPlan.objects.get().arrival_flight == "MU 552"
    _fits(page, width)
    page.click("#contacts summary")
    page.fill("#id_name", "Wang Fang")
    page.fill("#id_role", "landlady")
    page.fill("#id_phone", "+86 138 0000 0000")
    page.click("#add-contact")
    page.wait_for_selector(".local-contact")
    assert LocalContact.objects.count() == 1
    page.click("li[data-item=passport_valid] button.tick")
    page.wait_for_selector("li[data-item=passport_valid][data-done=yes]")
    assert ChecklistTick.objects.filter(item="passport_valid").exists()
    _fits(page, width)

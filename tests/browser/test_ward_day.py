"""Issue 14, done when: in the browser, a nurse records a day of observations for a patient
who develops grade 2 CRS; the alert is raised and reaches the physician, who acknowledges it;
tocilizumab doses are accepted, then a fifth is refused; the charts render; the ward board
shows the patient. In English at 1366 px and in Chinese at 390 px (a phone-sized tablet view)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cartnav.notifications.models import Notification
from cartnav.ward.models import Alert, Dose, Observation, WardStay
from tests.browser.test_hardened_pages import _fits, _staff
from tests.cast import build_cast

HEADINGS = {"en": "Ward", "zh-hans": "病房"}


def _local(at: dt.datetime, zone: str) -> str:
    return at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def _chart(page: Any, at: str, **values: str) -> None:
    page.fill("#id_taken_at", at)
    for name, value in values.items():
        if page.locator(f"select#id_{name}").count():
            page.select_option(f"#id_{name}", value)
        else:
            page.fill(f"#id_{name}", value)
    with page.expect_navigation():
        page.click("#chart-button")


def _dose(page: Any, at: str, mg: str, reason: str = "") -> None:
    page.select_option("#id_drug", "tocilizumab")
    page.fill("#id_dose_mg", mg)
    page.fill("#id_given_at", at)
    page.fill("#id_override_reason", reason)
    with page.expect_navigation():
        page.click("#dose-button")


@pytest.mark.parametrize(("language", "width"), [("en", 1366), ("zh-hans", 390)])
def test_a_day_on_the_ward_with_grade_2_crs(
    page: Any,
    browser: Any,
    live_server: Any,
    transactional_db: None,
    settings: Any,
    language: str,
    width: int,
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    zone = cast.hospital_a.time_zone
    now = timezone.now().replace(second=0, microsecond=0)
    nurse = page
    _staff(nurse, cast, "nils", language, width)
    nurse.goto(f"/cases/{cast.ana_case.pk}/")
    with nurse.expect_navigation():
        nurse.click("#ward-tab")
    assert HEADINGS[language] in nurse.inner_text("h1")

    # day 0 was two days ago
    nurse.fill("#id_infused_at", _local(now - dt.timedelta(days=2), zone))
    nurse.fill("#id_weight_kg", "70")
    with nurse.expect_navigation():
        nurse.click("#admit-button")
    stay = WardStay.objects.get(case=cast.ana_case)
    stay.physician = cast.users["phil"]
    stay.save()

    # morning: normal; noon: fever; afternoon: fever with a falling pressure
    normal = {
        "temperature": "37.1",
        "systolic": "122",
        "heart_rate": "80",
        "spo2": "97",
        "oxygen_device": "room_air",
        "vasopressors": "0",
        "vasopressin": "no",
        "ice_total": "10",
        "consciousness": "alert",
        "seizure": "none",
        "motor_weakness": "no",
        "raised_icp": "none",
    }
    _chart(nurse, _local(now - dt.timedelta(hours=9), zone), **normal)
    assert nurse.get_attribute("#crs-now", "data-grade") == "0"
    _chart(
        nurse,
        _local(now - dt.timedelta(hours=6), zone),
        **{**normal, "temperature": "38.7", "heart_rate": "112"},
    )
    assert nurse.get_attribute("#crs-now", "data-grade") == "1"
    assert nurse.locator("#alerts").count() == 0
    _chart(
        nurse,
        _local(now - dt.timedelta(hours=3), zone),
        **{**normal, "temperature": "39.1", "systolic": "84", "heart_rate": "124"},
    )
    assert nurse.get_attribute("#crs-now", "data-grade") == "2"
    assert nurse.locator("#alerts .ward-alert[data-rule=crs]").count() == 1
    assert Alert.objects.filter(stay=stay, rule="crs", notified=cast.users["phil"]).exists()
    # a value no living patient has is refused, naming it, and nothing is written
    before = Observation.objects.count()
    _chart(nurse, _local(now - dt.timedelta(hours=2), zone), spo2="140")
    assert "spo2" in nurse.inner_text(".messages")
    assert Observation.objects.count() == before
    # the nurse cannot acknowledge; the physician is told and acknowledges
    assert nurse.locator("button.acknowledge").count() == 0
    assert Notification.objects.filter(user=cast.users["phil"], kind="ward_alert").exists()
    physician = browser.new_page(base_url=live_server.url)
    _staff(physician, cast, "phil", language, width)
    physician.goto("/notifications/")
    physician.click("li.notification[data-kind=ward_alert] a >> nth=0")
    physician.wait_for_url(f"**/cases/{cast.ana_case.pk}/ward/")
    count = physician.locator(".ward-alert").count()
    physician.fill("#alerts .ward-alert[data-rule=crs] input[name=note]", "seen, tocilizumab")
    with physician.expect_navigation():
        physician.click("#alerts .ward-alert[data-rule=crs] button.acknowledge")
    assert physician.locator(".ward-alert").count() == count - 1
    assert Alert.objects.get(stay=stay, rule="crs").acknowledged_by == cast.users["phil"]

    # tocilizumab: four doses accepted (8 mg/kg of 70 kg), the fifth refused
    for hours in (40, 32, 20, 1):
        _dose(nurse, _local(now - dt.timedelta(hours=hours), zone), "560")
    assert Dose.objects.filter(stay=stay).count() == 4
    _dose(nurse, _local(now, zone), "560")
    assert "5" in nurse.inner_text(".messages")
    assert Dose.objects.filter(stay=stay).count() == 4
    assert nurse.locator("tr.dose-row[data-drug=tocilizumab]").count() == 4

    # the charts draw the day, with the grade band and the doses marked
    nurse.reload()
    temperature = nurse.locator("figure.ward-chart[data-code=temperature]")
    assert temperature.get_attribute("data-points") == "3"
    assert temperature.locator("polyline").get_attribute("points").count(",") == 3
    assert temperature.locator("rect.band").count() >= 1
    assert temperature.locator("line.dose").count() == 4
    assert temperature.locator("svg").bounding_box()["width"] > 100
    _fits(nurse, width)

    # the board shows the patient with the grade and no open CRS alert
    nurse.goto("/ward/")
    row = nurse.locator(f"tr.inpatient[data-case='{cast.ana_case.number}']")
    assert row.count() == 1
    assert "+2" in row.inner_text()
    assert nurse.locator("#board[hx-trigger]").count() == 1
    _fits(nurse, width)

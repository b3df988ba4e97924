"""Issue 12, item 3: the treatment plan — its dated timeline and its rules, moving a date with
what depends on it, the calendar download and subscription, and the journey's condition."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from cartnav.audit.models import AuditRecord
from cartnav.patients.models import Case
from cartnav.patients.stages import Stage
from cartnav.plans import timeline
from cartnav.plans.models import TreatmentPlan
from tests.cast import Cast

pytestmark = pytest.mark.django_db

D = dt.date
US_RULE = timeline.StayRule(14, 2.0, "US labels since June 2025")
DATES = {
    "assessment": D(2027, 1, 4),
    "apheresis": D(2027, 1, 6),
    "lymphodepletion": D(2027, 1, 20),
    "infusion": D(2027, 1, 25),
    "discharge": D(2027, 2, 1),
    "local_stay_end": D(2027, 2, 8),
    "home": D(2027, 2, 9),
}
FORM = {
    "action": "save",
    "option": "axi-cel (Yescarta)",
    "stay_days": "14",
    "stay_within_hours": "2",
    "stay_source": "US labels since June 2025",
    **{k: v.isoformat() for k, v in DATES.items()},
}


def test_dates_out_of_order_are_refused_with_the_rule_named() -> None:
    with pytest.raises(timeline.TimelineError, match="infusion: must come after lymphodepletion"):
        timeline.check({**DATES, "lymphodepletion": D(2027, 1, 25)}, US_RULE)
    with pytest.raises(timeline.TimelineError, match="discharge: cannot be before infusion"):
        timeline.check({**DATES, "discharge": D(2027, 1, 24)}, US_RULE)


def test_a_local_stay_shorter_than_the_label_is_refused() -> None:
    with pytest.raises(timeline.TimelineError, match="requires at least 14"):
        timeline.check({**DATES, "local_stay_end": D(2027, 2, 7)}, US_RULE)
    timeline.check(DATES, US_RULE)  # 14 days exactly: allowed


def test_moving_a_date_moves_what_depends_on_it() -> None:
    moved = timeline.move(DATES, "apheresis", D(2027, 1, 9))
    assert moved["assessment"] == DATES["assessment"]  # before it: unchanged
    assert moved["infusion"] == D(2027, 1, 28) and moved["home"] == D(2027, 2, 12)
    assert timeline.day_numbers(moved)["lymphodepletion"] == -5


def test_staff_make_the_plan_and_the_patient_sees_it(cast: Cast) -> None:
    url = f"/cases/{cast.ana_case.pk}/plan/"
    response = cast.client("cora").post(url, FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = TreatmentPlan.objects.get(case=cast.ana_case)
    assert plan.infusion == DATES["infusion"] and plan.updated_by == cast.users["cora"]
    assert AuditRecord.objects.filter(action="save_plan", username="cora").exists()
    page = cast.client("ana").get(url).content.decode()
    assert "axi-cel (Yescarta)" in page and "2027-01-25" in page and "day 0" in page
    assert 'id="feed-url"' in page and 'id="plan-form"' not in page
    assert 'class="plan-link"' in cast.client("ana").get("/me/").content.decode()


def test_a_plan_that_breaks_the_label_is_refused_and_nothing_is_written(cast: Cast) -> None:
    url = f"/cases/{cast.ana_case.pk}/plan/"
    response = cast.client("cora").post(url, {**FORM, "local_stay_end": "2027-02-01"})
    assert response.status_code == 422
    assert "requires at least 14" in response.content.decode()
    assert not TreatmentPlan.objects.exists()
    bad = cast.client("cora").post(url, {**FORM, "infusion": "not a date"})
    assert bad.status_code == 422 and 'data-field="infusion"' in bad.content.decode()


def test_moving_a_date_on_the_page(cast: Cast) -> None:
    url = f"/cases/{cast.ana_case.pk}/plan/"
    cast.client("phil").post(url, FORM)
    cast.client("phil").post(url, {"action": "move", "step": "infusion", "to": "2027-01-27"})
    plan = TreatmentPlan.objects.get()
    assert (plan.infusion, plan.home, plan.apheresis) == (
        D(2027, 1, 27),
        D(2027, 2, 11),
        D(2027, 1, 6),
    )


def test_who_may_change_the_plan(cast: Cast) -> None:
    url = f"/cases/{cast.ana_case.pk}/plan/"
    assert cast.client("nils").post(url, FORM).status_code == 403  # a nurse reads it only
    assert cast.client("ana").post(url, FORM).status_code == 403
    assert cast.client("dan").get(url).status_code == 404  # another hospital's coordinator
    assert not TreatmentPlan.objects.exists()


def test_the_calendar_download_and_the_subscription(cast: Cast) -> None:
    cast.client("cora").post(f"/cases/{cast.ana_case.pk}/plan/", FORM)
    plan = TreatmentPlan.objects.get()
    ics = cast.client("ana").get(f"/cases/{cast.ana_case.pk}/plan.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.count("BEGIN:VEVENT") == 7
    assert "DTSTART;VALUE=DATE:20270125" in body
    feed = Client().get(f"/calendar/{plan.feed_token}.ics")
    assert feed.status_code == 200 and "BEGIN:VEVENT" in feed.content.decode()
    assert AuditRecord.objects.filter(action="read_plan_calendar").exists()
    assert Client().get("/calendar/guessed-token-of-some-length.ics").status_code == 404


def test_visa_and_travel_needs_a_plan_with_an_infusion_date(cast: Cast, settings: Any) -> None:
    from cartnav.records.models import Decision, ReviewRequest

    Case.objects.filter(pk=cast.ana_case.pk).update(stage=Stage.ACCEPTED)
    ReviewRequest.objects.create(
        case=cast.ana_case,
        reviewer=cast.users["rita"],
        sent_by=cast.users["cora"],
        decision=Decision.ACCEPTED,
        proposal="axi-cel",
    )
    move = {"to_stage": "visa_travel", "reason": "plan ready"}
    url = f"/api/v1/cases/{cast.ana_case.pk}/stage"
    client = cast.client("cora")
    assert client.post(url, move, content_type="application/json").status_code == 422
    client.post(f"/cases/{cast.ana_case.pk}/plan/", FORM)
    assert client.post(url, move, content_type="application/json").status_code == 200


def test_the_form_keeps_its_dates_in_chinese(cast: Cast) -> None:
    """A date field's value is ISO in every language: Chinese formats dates as 2027/01/25, which
    a browser's date input drops, so re-saving the plan in Chinese would have emptied it."""
    url = f"/cases/{cast.ana_case.pk}/plan/"
    cora = cast.client("cora")
    cora.post(url, FORM)
    cora.post("/accounts/language/", {"language": "zh-hans", "next": url})
    user = cast.users["cora"]
    user.language = "zh-hans"
    user.save()
    page = cora.get(url).content.decode()
    assert 'lang="zh-hans"' in page
    assert 'name="infusion" value="2027-01-25"' in page

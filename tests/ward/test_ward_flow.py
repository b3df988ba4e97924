"""Issue 14 Part B in the database: a stay from day 0, values charted all or nothing and
corrected without losing the original, grades from the record, alerts that reach the physician
and escalate, the tocilizumab guard with a physician's override, and who may do what."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from cartnav.audit.models import AuditRecord
from cartnav.notifications.models import Notification
from cartnav.ward import services
from cartnav.ward.models import Alert, Dose, Observation, RotaEntry, WardStay
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def q(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit}


def full_vitals(temp: float, sbp: float = 120, device: str = "room_air") -> dict[str, Any]:
    return {
        "temperature": q(temp, "Cel"),
        "systolic": q(sbp, "mm[Hg]"),
        "heart_rate": q(90, "/min"),
        "spo2": q(97, "%"),
        "oxygen_device": device,
        "vasopressors": 0,
        "vasopressin": False,
    }


@pytest.fixture
def stay(cast: Cast) -> WardStay:
    return services.admit(
        None,
        cast.ana_case,
        timezone.now() - dt.timedelta(days=2),
        weight_kg=70.0,
        physician=cast.users["phil"],
    )


def test_a_set_of_values_is_charted_and_graded(cast: Cast, stay: WardStay) -> None:
    now = timezone.now()
    services.record(
        None, stay, now - dt.timedelta(hours=1), full_vitals(38.6), by=cast.users["nils"]
    )
    got = services.current(stay)
    assert got.crs.grade == 1
    temperature = Observation.objects.get(stay=stay, code="temperature")
    assert temperature.entered == "38.6 Cel" and temperature.recorded_by == cast.users["nils"]
    assert temperature.pk in got.used


def test_fahrenheit_is_converted_by_pint(cast: Cast, stay: WardStay) -> None:
    services.record(
        None, stay, timezone.now(), {"temperature": q(101.3, "[degF]")}, by=cast.users["nils"]
    )
    assert Observation.objects.get(stay=stay).number == pytest.approx(38.5)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"temperature": q(50, "Cel")}, "values.temperature"),
        ({"spo2": q(101, "%")}, "values.spo2"),
        ({"systolic": q(120, "Cel")}, "values.systolic"),
        ({"ice_total": 11}, "values.ice_total"),
        ({"ice_total": 9.5}, "values.ice_total"),
        ({"oxygen_device": "snorkel"}, "values.oxygen_device"),
        ({"mood": "fine"}, "values.mood"),
        ({"vasopressin": "perhaps"}, "values.vasopressin"),
    ],
)
def test_an_impossible_value_is_refused_naming_it_and_nothing_is_written(
    cast: Cast, stay: WardStay, values: dict[str, Any], field: str
) -> None:
    from cartnav.clinical.units import ClinicalInputError

    with pytest.raises(ClinicalInputError) as refused:
        services.record(
            None,
            stay,
            timezone.now(),
            {"heart_rate": q(80, "/min"), **values},
            by=cast.users["nils"],
        )
    assert refused.value.field == field
    assert not Observation.objects.exists()


def test_a_time_in_the_future_is_refused(cast: Cast, stay: WardStay) -> None:
    from cartnav.clinical.units import ClinicalInputError

    with pytest.raises(ClinicalInputError, match="future"):
        services.record(
            None,
            stay,
            timezone.now() + dt.timedelta(hours=1),
            full_vitals(37),
            by=cast.users["nils"],
        )


def test_a_correction_keeps_the_original_and_who_made_it(
    cast: Cast, stay: WardStay, rf: Any
) -> None:
    (row,) = list(
        services.record(
            None, stay, timezone.now(), {"temperature": q(39.8, "Cel")}, by=cast.users["nils"]
        )
    )
    request = rf.post("/")
    request.user = cast.users["phil"]
    new = services.correct(request, row, q(37.8, "Cel"), "typed 39.8 for 37.8")
    row.refresh_from_db()
    assert row.superseded and row.number == 39.8
    assert new.replaces == row and new.recorded_by == cast.users["phil"]
    assert [r.value for r in services.readings(stay)] == [37.8]
    assert AuditRecord.objects.filter(action="ward_correct").count() == 1
    with pytest.raises(ValueError, match="never changed"):
        row.number = 1
        row.save()
    with pytest.raises(ValueError, match="never deleted"):
        row.delete()


def test_grade_2_crs_alerts_the_physician_in_the_app_and_by_email(
    cast: Cast, stay: WardStay
) -> None:
    cast.users["phil"].email = "phil@example.org"
    cast.users["phil"].save()
    services.record(None, stay, timezone.now(), full_vitals(38.9, sbp=84), by=cast.users["nils"])
    alerts = {a.rule: a for a in Alert.objects.filter(stay=stay)}
    assert set(alerts) == {"crs", "systolic"}
    assert alerts["crs"].text == "CRS grade 2" and alerts["crs"].notified == cast.users["phil"]
    told = Notification.objects.filter(user=cast.users["phil"], kind="ward_alert")
    assert told.count() == 2
    assert any("CRS grade 2" in n.text for n in told)
    # charting the same again raises nothing new while the alerts are open
    services.record(None, stay, timezone.now(), full_vitals(39.0, sbp=82), by=cast.users["nils"])
    assert Alert.objects.filter(stay=stay).count() == 2
    assert AuditRecord.objects.filter(action="ward_alert").count() == 2


def test_an_alert_is_sent_by_email_at_once(
    cast: Cast, stay: WardStay, django_capture_on_commit_callbacks: Any
) -> None:
    cast.users["phil"].email = "phil@example.org"
    cast.users["phil"].save()
    with django_capture_on_commit_callbacks(execute=True):
        services.record(None, stay, timezone.now(), {"spo2": q(88, "%")}, by=cast.users["nils"])
    assert [m.to for m in mail.outbox] == [["phil@example.org"]]
    assert "SpO2 88, below 92" in mail.outbox[0].subject


def test_an_unacknowledged_alert_escalates_along_the_rota(cast: Cast, stay: WardStay) -> None:
    from cartnav.accounts.models import User
    from tests.cast import make_user

    second = make_user("paula", "physician", [cast.hospital_a])
    RotaEntry.objects.create(hospital=cast.hospital_a, user=second, position=1)
    services.record(None, stay, timezone.now(), {"spo2": q(88, "%")}, by=cast.users["nils"])
    alert = Alert.objects.get(stay=stay)
    assert services.escalate(timezone.now() + dt.timedelta(minutes=14)) == 0
    assert services.escalate(timezone.now() + dt.timedelta(minutes=16)) == 1
    alert.refresh_from_db()
    assert alert.level == 1 and alert.notified == User.objects.get(username="paula")
    assert Notification.objects.filter(user=second, kind="ward_alert").count() == 1
    assert AuditRecord.objects.filter(action="ward_escalate").count() == 1


def test_an_acknowledged_alert_does_not_escalate(cast: Cast, stay: WardStay, rf: Any) -> None:
    services.record(None, stay, timezone.now(), {"spo2": q(88, "%")}, by=cast.users["nils"])
    request = rf.post("/")
    request.user = cast.users["phil"]
    services.acknowledge(request, Alert.objects.get(stay=stay), "on it")
    assert services.escalate(timezone.now() + dt.timedelta(hours=1)) == 0


def _give(client: Any, case: Any, hours_ago: float, mg: float = 560, reason: str = "") -> Any:
    return client.post(
        f"/api/v1/cases/{case.pk}/ward/doses",
        json.dumps(
            {
                "drug": "tocilizumab",
                "dose_mg": mg,
                "given_at": (timezone.now() - dt.timedelta(hours=hours_ago)).isoformat(),
                "override_reason": reason,
            }
        ),
        content_type="application/json",
    )


def test_four_tocilizumab_doses_are_accepted_and_a_fifth_refused_unless_a_physician_overrides(
    cast: Cast, stay: WardStay
) -> None:
    nurse = cast.client("nils")
    for hours_ago in (47, 39, 31, 10):
        assert _give(nurse, cast.ana_case, hours_ago).status_code == 201
    fifth = _give(nurse, cast.ana_case, 1)
    assert fifth.status_code == 422
    assert "dose 5 in all" in fifth.json()["detail"]
    assert Dose.objects.count() == 4
    assert _give(nurse, cast.ana_case, 1, reason="refractory CRS").status_code == 403
    done = _give(cast.client("phil"), cast.ana_case, 1, reason="refractory CRS, discussed")
    assert done.status_code == 201 and done.json()["override_reason"]
    assert AuditRecord.objects.filter(action="ward_dose_override").count() == 1


def test_a_dose_over_the_weight_based_dose_is_refused(cast: Cast, stay: WardStay) -> None:
    refused = _give(cast.client("nils"), cast.ana_case, 1, mg=800)
    assert refused.status_code == 422
    assert "more than the weight-based dose of 560 mg" in refused.json()["detail"]


def test_the_api_charts_values_and_refuses_a_bad_one_naming_it(cast: Cast, stay: WardStay) -> None:
    nurse = cast.client("nils")
    url = f"/api/v1/cases/{cast.ana_case.pk}/ward/observations"
    body = {"taken_at": timezone.now().isoformat(), "values": full_vitals(38.4)}
    made = nurse.post(url, json.dumps(body), content_type="application/json")
    assert made.status_code == 201 and len(made.json()) == 7
    bad = {"taken_at": timezone.now().isoformat(), "values": {"spo2": q(140, "%")}}
    refused = nurse.post(url, json.dumps(bad), content_type="application/json")
    assert refused.status_code == 422 and "values.spo2" in json.dumps(refused.json())
    read = nurse.get(f"/api/v1/cases/{cast.ana_case.pk}/ward").json()
    assert read["crs"]["grade"] == 1 and read["day"] == 2
    assert {o["code"] for o in read["observations"]} >= {"temperature", "spo2"}


def test_who_may_see_and_do_what(cast: Cast, stay: WardStay) -> None:
    page = f"/cases/{cast.ana_case.pk}/ward/"
    assert cast.client("nils").get(page).status_code == 200
    assert cast.client("cora").get(page).status_code == 200
    assert cast.client("dan").get(page).status_code == 404  # another hospital's coordinator
    assert cast.client("ana").get(page).status_code == 403  # the patient: the portal, not this
    assert cast.client("rita").get(page).status_code == 403
    api = f"/api/v1/cases/{cast.ana_case.pk}/ward/observations"
    body = json.dumps({"taken_at": timezone.now().isoformat(), "values": {"spo2": q(97, "%")}})
    assert cast.client("cora").post(api, body, content_type="application/json").status_code == 403
    services.record(None, stay, timezone.now(), {"spo2": q(88, "%")}, by=cast.users["nils"])
    alert = Alert.objects.get(stay=stay)
    ack = f"/api/v1/cases/{cast.ana_case.pk}/ward/alerts/{alert.pk}/acknowledge"
    assert cast.client("nils").post(ack, "{}", content_type="application/json").status_code == 403
    assert cast.client("phil").post(ack, "{}", content_type="application/json").status_code == 200


def test_the_board_lists_my_hospital_s_inpatients_only(cast: Cast, stay: WardStay) -> None:
    services.record(None, stay, timezone.now(), {"spo2": q(88, "%")}, by=cast.users["nils"])
    board = cast.client("nils").get("/ward/")
    assert board.status_code == 200
    assert cast.ana_case.number in board.content.decode()
    other = cast.client("dan").get("/ward/")
    assert cast.ana_case.number not in other.content.decode()
    assert cast.client("ana").get("/ward/").status_code == 403


def test_an_alert_reads_in_the_reader_s_language(cast: Cast, stay: WardStay) -> None:
    from django.utils import translation
    from django.utils.translation import gettext

    from cartnav.clinical.text import localize

    services.record(None, stay, timezone.now(), {"spo2": q(88, "%")}, by=cast.users["nils"])
    alert = Alert.objects.get(stay=stay)
    assert alert.text == "SpO2 88, below 92"
    with translation.override("zh-hans"):
        shown = localize(alert.sentence, gettext)
    assert shown != alert.text and "88" in shown and "92" in shown
    cast.users["phil"].language = "zh-hans"
    cast.users["phil"].save()
    html = cast.client("phil").get(f"/cases/{cast.ana_case.pk}/ward/").content.decode()
    assert shown in html


def test_the_stay_keeps_its_current_grades_for_the_board(cast: Cast, stay: WardStay) -> None:
    services.record(None, stay, timezone.now(), full_vitals(38.9, sbp=84), by=cast.users["nils"])
    stay.refresh_from_db()
    assert (stay.crs_now, stay.graded_at is not None) == (2, True)
    assert set(stay.last_checks) == {"vitals"}
    board = cast.client("nils").get("/ward/").content.decode()
    row = board.split(f'data-case="{cast.ana_case.number}"', 1)[1].split("</tr>", 1)[0]
    assert "<td>2</td>" in row
    # the neurological check was never done: overdue from day 0
    assert "Neurological checks" in row


def test_a_masking_dose_regrades_the_stay(cast: Cast, stay: WardStay) -> None:
    services.record(
        None,
        stay,
        timezone.now() - dt.timedelta(hours=2),
        full_vitals(37.0, sbp=84),
        by=cast.users["nils"],
    )
    stay.refresh_from_db()
    assert stay.crs_now == 0  # hypotension without fever is not CRS, unless fever is masked
    _give(cast.client("phil"), cast.ana_case, 1)
    stay.refresh_from_db()
    assert stay.crs_now == 2


def test_escalation_walks_the_rota_in_order(cast: Cast, stay: WardStay) -> None:
    from tests.cast import make_user

    first = make_user("paula", "physician", [cast.hospital_a])
    second = make_user("pedro", "physician", [cast.hospital_a])
    third = make_user("pia", "physician", [cast.hospital_a])
    for place, user in enumerate((first, second, third), start=1):
        RotaEntry.objects.create(hospital=cast.hospital_a, user=user, position=place)
    services.record(None, stay, timezone.now(), {"spo2": q(88, "%")}, by=cast.users["nils"])
    alert = Alert.objects.get(stay=stay)
    called = []
    for minutes in (16, 32, 48, 64):
        services.escalate(timezone.now() + dt.timedelta(minutes=minutes))
        alert.refresh_from_db()
        called.append(alert.notified.username)
    assert called == ["paula", "pedro", "pia", "paula"]

"""The stay's blood counts (CTCAE, ICAHT, IgG), prophylaxis by the hospital's policy,
infections, and discharge with its criteria and the day-100 draft."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import timezone

from cartnav.notifications.models import Notification
from cartnav.patients.services import ServiceError
from cartnav.ward import services
from cartnav.ward.models import WardSettings, WardStay
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _request(cast: Cast, name: str) -> Any:
    request = RequestFactory().post("/")
    request.user = cast.users[name]
    return request


@pytest.fixture
def stay(cast: Cast) -> WardStay:
    stay = services.admit(
        None,
        cast.ana_case,
        timezone.now() - dt.timedelta(days=10),
        weight_kg=70,
        physician=cast.users["phil"],
    )
    for day in range(0, 10):
        at = stay.infused_at + dt.timedelta(days=day, hours=1)
        services.record(
            None,
            stay,
            at,
            {"anc": {"value": 0.3 if 2 <= day <= 8 else 1.2, "unit": "10*9/L"}},
            by=cast.users["nils"],
        )
    return stay


def test_counts_are_graded_and_icaht_follows_the_series(cast: Cast, stay: WardStay) -> None:
    services.record(
        None,
        stay,
        timezone.now() - dt.timedelta(hours=2),
        {"platelets": {"value": 40, "unit": "10*9/L"}, "igg": {"value": 3.9, "unit": "g/L"}},
        by=cast.users["nils"],
    )
    blood = services.blood(stay, services.summary(stay))
    grades = {g.term: g.grade for g in blood.ctcae}
    assert grades["platelet count decreased"] == 3
    assert grades["neutrophil count decreased"] == 2  # 1.2: < 1.5
    assert blood.icaht.early_grade == 2  # seven days at 0.3
    assert blood.igg == pytest.approx(390) and blood.igg_low is True


def test_igg_of_400_is_flagged_only_under_the_ash_sap_policy(cast: Cast, stay: WardStay) -> None:
    services.record(
        None, stay, timezone.now(), {"igg": {"value": 400, "unit": "mg/dL"}}, by=cast.users["nils"]
    )
    assert services.blood(stay, services.summary(stay)).igg_low is False
    WardSettings.objects.create(hospital=cast.hospital_a, igg_policy="le_400")
    assert services.blood(stay, services.summary(stay)).igg_low is True


def test_no_line_is_due_until_the_hospital_picks_a_policy(cast: Cast, stay: WardStay) -> None:
    blood = services.blood(stay, services.summary(stay))
    assert {line.status for line in blood.prophylaxis} == {"check"}
    assert {line.policy for line in blood.prophylaxis} == {
        "blood23",
        "icaht",
        "ash_sap",
        "stanford",
    }
    WardSettings.objects.create(hospital=cast.hospital_a, prophylaxis_policy="blood23")
    blood = services.blood(stay, services.summary(stay))
    assert {line.policy for line in blood.prophylaxis} == {"blood23"}
    due = {line.item for line in blood.prophylaxis if line.status == "due"}
    assert due == {"hsv_vzv"}  # day 10, ANC 1.2: not yet PJP, no neutropenia lines


def test_an_infection_is_recorded_and_a_bad_one_refused(cast: Cast, stay: WardStay) -> None:
    today = timezone.localdate()
    services.add_infection(
        _request(cast, "nils"), stay, site="blood", grade=3, started=today, organism="E. coli"
    )
    with pytest.raises(ServiceError, match="before it started"):
        services.add_infection(
            _request(cast, "nils"),
            stay,
            site="lung",
            grade=2,
            started=today,
            ended=today - dt.timedelta(days=1),
        )
    with pytest.raises(ServiceError, match="site"):
        services.add_infection(_request(cast, "nils"), stay, site="moon", grade=2, started=today)
    assert stay.infections.count() == 1


def test_discharge_needs_every_criterion_and_tells_the_patient(cast: Cast, stay: WardStay) -> None:
    WardSettings.objects.create(
        hospital=cast.hospital_a, discharge_criteria=["no fever for 24 hours", "ANC above 0.5"]
    )
    with pytest.raises(ServiceError, match=r"ANC above 0\.5"):
        services.discharge(_request(cast, "phil"), stay, ["no fever for 24 hours"])
    services.discharge(_request(cast, "phil"), stay, ["no fever for 24 hours", "ANC above 0.5"])
    stay.refresh_from_db()
    assert stay.discharged_at is not None and stay.discharged_by == cast.users["phil"]
    told = Notification.objects.filter(case=cast.ana_case, text__contains="left the ward")
    assert told.exists()
    draft = services.day100(stay, services.summary(stay))
    assert draft["early_icaht"] == 2 and draft["draft"] is True
    with pytest.raises(ServiceError, match="already ended"):
        services.discharge(_request(cast, "phil"), stay, [])


def test_the_physician_is_told_once_when_a_prophylaxis_line_becomes_due(
    cast: Cast, stay: WardStay
) -> None:
    todos = Notification.objects.filter(user=cast.users["phil"], kind="todo")
    assert not todos.exists()  # no policy chosen: nothing is due, nobody is told
    WardSettings.objects.create(hospital=cast.hospital_a, prophylaxis_policy="blood23")
    services.record(
        None, stay, timezone.now(), {"anc": {"value": 0.3, "unit": "10*9/L"}}, by=cast.users["nils"]
    )
    told = sorted(n.text for n in todos)
    assert len(told) == 3  # antivirals (always), levofloxacin and fluconazole (ANC < 0.5)
    assert any("levofloxacin" in t and "Blood-23" in t for t in told)
    services.record(
        None, stay, timezone.now(), {"anc": {"value": 0.2, "unit": "10*9/L"}}, by=cast.users["nils"]
    )
    assert todos.count() == 3  # told once per line

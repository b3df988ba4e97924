"""Issue 12, item 6: travel and stay — arrival and departure, the accommodation and its
distance from the hospital checked against the plan's proximity rule (an estimate, labelled so),
local contacts and emergency numbers, and a checklist per stage in the patient's language."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cartnav.audit.models import AuditRecord
from cartnav.plans.models import TreatmentPlan
from cartnav.travel import proximity
from cartnav.travel.models import ChecklistTick, LocalContact, TravelPlan
from tests.cast import Cast

HOSPITAL = (31.1990, 121.4540)  # Zhongshan Hospital, Shanghai (the demo's coordinates)
NEAR = (31.2050, 121.4600)  # under a kilometre away
FAR = (31.9800, 120.8900)  # about 100 km away
FORM = {
    "action": "save",
    "arrival": "2027-01-03T14:30",
    "arrival_flight": "MU 552",
    "departure": "2027-03-01T10:00",
    "accommodation": "Xuhui serviced flat",
    "accommodation_address": "Lane 8, Fenglin Road, Shanghai",
    "latitude": str(NEAR[0]),
    "longitude": str(NEAR[1]),
    "check_in": "2027-01-03",
    "check_out": "2027-03-01",
}


def test_the_distance_and_the_estimate() -> None:
    assert proximity.distance_km(HOSPITAL, HOSPITAL) == 0
    assert 95 < proximity.distance_km(HOSPITAL, FAR) < 110
    # one degree of latitude is about 111 km everywhere
    assert abs(proximity.distance_km((0.0, 0.0), (1.0, 0.0)) - 111.2) < 0.1
    near = proximity.check(NEAR, HOSPITAL, 2.0, "US labels since June 2025")
    assert near.within is True and near.estimated_hours is not None and near.estimated_hours < 0.1
    far = proximity.check(FAR, HOSPITAL, 2.0, "US labels since June 2025")
    assert far.within is False  # 100 km x 1.4 at 30 km/h: over 4 hours
    assert any("estimate" in b for b in far.basis)
    unknown = proximity.check(None, HOSPITAL, 2.0, "x")
    assert unknown.within is None and "the coordinates of the accommodation" in unknown.missing
    no_rule = proximity.check(NEAR, HOSPITAL, None, "")
    assert no_rule.within is None and no_rule.distance_km is not None


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        (91.0, 0.0, "latitude"),
        (0.0, 181.0, "longitude"),
        (1.0, None, "both"),
        (math.nan, 1.0, "latitude"),
    ],
)
def test_impossible_coordinates_are_refused(lat: float, lon: float | None, message: str) -> None:
    with pytest.raises(proximity.CoordinateError, match=message):
        proximity.check_coordinates(lat, lon, "latitude")


@given(
    st.tuples(st.floats(-90, 90), st.floats(-180, 180)),
    st.tuples(st.floats(-90, 90), st.floats(-180, 180)),
)
def test_the_distance_is_symmetric_and_at_most_half_the_earth(
    a: tuple[float, float], b: tuple[float, float]
) -> None:
    d = proximity.distance_km(a, b)
    assert 0 <= d <= math.pi * proximity.EARTH_RADIUS_KM + 1e-6
    assert abs(d - proximity.distance_km(b, a)) < 1e-6


@pytest.fixture
def planned(cast: Cast) -> Cast:
    cast.hospital_a.latitude, cast.hospital_a.longitude = HOSPITAL
    cast.hospital_a.save()
    TreatmentPlan.objects.create(
        case=cast.ana_case,
        option="axi-cel",
        stay_source="US labels since June 2025",
        stay_within_hours=Decimal("2"),
    )
    return cast


@pytest.mark.django_db
def test_the_patient_plans_the_journey_and_sees_the_distance_checked(planned: Cast) -> None:
    url = f"/cases/{planned.ana_case.pk}/travel/"
    ana = planned.client("ana")
    assert ana.post(url, FORM).status_code == 302
    travel = TravelPlan.objects.get()
    # entered in China's time: 14:30 in Shanghai is 06:30 UTC
    assert travel.arrival == dt.datetime(2027, 1, 3, 6, 30, tzinfo=dt.UTC)
    page = ana.get(url).content.decode()
    assert 'data-within="yes"' in page and "2027-01-03 14:30" in page
    assert "120" in page and "MU 552" in page
    ana.post(url, {**FORM, "latitude": str(FAR[0]), "longitude": str(FAR[1])})
    assert 'data-within="no"' in ana.get(url).content.decode()
    assert AuditRecord.objects.filter(action="save_travel", username="ana").count() == 2


@pytest.mark.django_db
def test_contacts_and_the_checklist(planned: Cast) -> None:
    url = f"/cases/{planned.ana_case.pk}/travel/"
    carla = planned.client("carla")  # the proxy
    carla.post(
        url,
        {
            "action": "add_contact",
            "name": "Wang Fang",
            "role": "landlady",
            "phone": "+86 138 0000 0000",
        },
    )
    assert LocalContact.objects.get().phone == "+86 138 0000 0000"
    bad = carla.post(url, {"action": "add_contact", "name": "X", "role": "Y", "phone": "<script>"})
    assert bad.status_code == 422 and LocalContact.objects.count() == 1
    carla.post(url, {"action": "tick", "item": "passport_valid", "done": "yes"})
    assert ChecklistTick.objects.get().item == "passport_valid"
    page = carla.get(url).content.decode()
    assert 'data-item="passport_valid" data-done="yes"' in page
    carla.post(url, {"action": "tick", "item": "passport_valid", "done": "no"})
    assert not ChecklistTick.objects.exists()
    carla.post(url, {"action": "tick", "item": "no-such-item", "done": "yes"})
    assert not ChecklistTick.objects.exists()


@pytest.mark.django_db
def test_the_checklist_is_in_the_patient_s_language(planned: Cast) -> None:
    ana = planned.users["ana"]
    ana.language = "zh-hans"
    ana.save()
    page = planned.client("ana").get(f"/cases/{planned.ana_case.pk}/travel/").content.decode()
    assert "护照" in page and "急救" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"departure": "2027-01-01T10:00"}, "must come after the arrival"),
        ({"check_out": "2027-01-01"}, "cannot be before the check-in"),
        ({"latitude": "95"}, 'data-field="latitude"'),
        ({"longitude": ""}, "give both the latitude and the longitude"),
        ({"arrival": "tomorrow"}, 'data-field="arrival"'),
        ({"arrival_flight": "x" * 41}, 'data-field="arrival_flight"'),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    planned: Cast, change: dict[str, str], message: str
) -> None:
    response = planned.client("ana").post(
        f"/cases/{planned.ana_case.pk}/travel/", {**FORM, **change}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not TravelPlan.objects.exists()


@pytest.mark.django_db
def test_who_may_change_it(planned: Cast) -> None:
    url = f"/cases/{planned.ana_case.pk}/travel/"
    assert planned.client("nils").post(url, FORM).status_code == 403
    assert planned.client("dan").get(url).status_code == 404
    assert planned.client("cora").post(url, FORM).status_code == 302  # the coordinator may
    assert planned.client("nils").get(url).status_code == 200  # the nurse reads it


@pytest.mark.django_db
def test_the_api_reads_and_writes_it(planned: Cast) -> None:
    url = f"/api/v1/cases/{planned.ana_case.pk}/travel"
    body = {
        "arrival": "2027-01-03T14:30:00+08:00",
        "departure": "2027-03-01T10:00:00+08:00",
        "latitude": FAR[0],
        "longitude": FAR[1],
    }
    put = planned.client("ana").put(url, body, content_type="application/json")
    assert put.status_code == 200, put.content
    out = put.json()
    assert out["proximity"]["within"] is False and out["proximity"]["limit_hours"] == 2.0
    assert "estimate" in out["proximity"]["basis"][0]
    half = planned.client("ana").put(url, {"latitude": 31.0}, content_type="application/json")
    assert half.status_code == 422 and "latitude" in half.json()["detail"]
    late = planned.client("ana").put(
        url, {**body, "departure": "2026-12-01T10:00:00+08:00"}, content_type="application/json"
    )
    assert late.status_code == 422
    assert TravelPlan.objects.get().departure.year == 2027  # unchanged
    assert planned.client("nils").put(url, body, content_type="application/json").status_code == 403

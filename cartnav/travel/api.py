"""Travel and stay over the API: read it (with the proximity estimate), and make or change it
(the patient, a proxy, the coordinator)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from cartnav import access
from cartnav.travel import services
from cartnav.travel.models import ChecklistTick, LocalContact, TravelPlan

router = Router(tags=["travel and stay"])


class TravelIn(Schema):
    arrival: dt.datetime | None = Field(None, description="with its UTC offset")
    arrival_flight: str = Field("", max_length=40)
    departure: dt.datetime | None = None
    departure_flight: str = Field("", max_length=40)
    accommodation: str = Field("", max_length=200)
    accommodation_address: str = Field("", max_length=300)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    check_in: dt.date | None = None
    check_out: dt.date | None = None
    notes: str = Field("", max_length=2000)


class ProximityOut(Schema):
    distance_km: float | None
    estimated_hours: float | None
    limit_hours: float | None
    within: bool | None
    basis: list[str]
    missing: list[str]


class ContactOut(Schema):
    name: str
    role: str
    phone: str


class TravelOut(TravelIn):
    proximity: ProximityOut
    contacts: list[ContactOut]
    checklist_done: list[str]


def _out(case: Any, travel: TravelPlan | None) -> dict[str, Any]:
    near = services.proximity_of(case, travel)
    data = {name: getattr(travel, name) for name in services.FIELDS} if travel else {}
    return {
        **TravelIn().dict(),
        **{k: v for k, v in data.items() if v is not None},
        "proximity": {
            "distance_km": round(near.distance_km, 2) if near.distance_km is not None else None,
            "estimated_hours": round(near.estimated_hours, 2)
            if near.estimated_hours is not None
            else None,
            "limit_hours": near.limit_hours,
            "within": near.within,
            "basis": [str(b) for b in near.basis],
            "missing": [str(m) for m in near.missing],
        },
        "contacts": list(LocalContact.objects.filter(case=case).values("name", "role", "phone")),
        "checklist_done": sorted(
            ChecklistTick.objects.filter(case=case).values_list("item", flat=True)
        ),
    }


@router.get("/cases/{case_id}/travel", response=TravelOut, summary="A case's travel and stay")
def get_travel(request: HttpRequest, case_id: str) -> Any:
    case = access.get_case(request, case_id)
    return _out(case, TravelPlan.objects.filter(case=case).first())


@router.put(
    "/cases/{case_id}/travel",
    response=TravelOut,
    summary="Make or change a case's travel and stay (422 naming the field)",
)
def put_travel(request: HttpRequest, case_id: str, body: TravelIn) -> Any:
    case = access.get_case(request, case_id, access.Action.EDIT_PATIENT)
    travel = services.save_travel(request, case, body.dict())
    return _out(case, travel)

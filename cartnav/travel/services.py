"""Every change to a case's travel and stay — one function per act, atomic and audited — and the
proximity check the page and the API share."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cartnav.audit import services as audit
from cartnav.clinical.text import localize
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError, lock_case
from cartnav.plans.models import TreatmentPlan
from cartnav.travel import checklist, proximity
from cartnav.travel.models import ChecklistTick, LocalContact, TravelPlan

FIELDS = [
    "arrival",
    "arrival_flight",
    "departure",
    "departure_flight",
    "accommodation",
    "accommodation_address",
    "latitude",
    "longitude",
    "check_in",
    "check_out",
    "notes",
]
_PHONE = re.compile(r"^\+?[0-9 ()\-]{3,40}$")
MAX_CONTACTS = 10


def _clean(obj: Any, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ServiceError(
            "; ".join(f"{f}: {' '.join(e)}" for f, e in exc.message_dict.items())
        ) from exc


@transaction.atomic
def save_travel(request: HttpRequest | None, case: Case, fields: dict[str, Any]) -> TravelPlan:
    """Create or change the travel plan; dates out of order or half a coordinate are refused
    with the field named, and nothing is written."""
    lock_case(case)
    travel = TravelPlan.objects.filter(case=case).first() or TravelPlan(case=case)
    for name in FIELDS:
        if name in fields:
            setattr(travel, name, fields[name])
    try:
        proximity.check_coordinates(travel.latitude, travel.longitude, "latitude")
    except proximity.CoordinateError as exc:
        raise ServiceError(f"{exc.field}: {localize(exc.message, _)}") from exc
    if travel.arrival and travel.departure and travel.departure <= travel.arrival:
        raise ServiceError(f"departure: {_('must come after the arrival')}")
    if travel.check_in and travel.check_out and travel.check_out < travel.check_in:
        raise ServiceError(f"check_out: {_('cannot be before the check-in')}")
    _clean(travel, ["case", "updated_by"])
    travel.updated_by = getattr(request, "user", None) if request else None
    travel.save()
    audit.record(
        request,
        "save_travel",
        travel,
        patient_id=case.patient_id,
        detail={"fields": sorted(k for k in fields if k in FIELDS)},
    )
    return travel


@transaction.atomic
def add_contact(
    request: HttpRequest | None, case: Case, name: str, role: str, phone: str
) -> LocalContact:
    lock_case(case)
    if LocalContact.objects.filter(case=case).count() >= MAX_CONTACTS:
        raise ServiceError(_("At most %(n)s local contacts.") % {"n": MAX_CONTACTS})
    if not _PHONE.match(phone.strip()):
        raise ServiceError(f"phone: {_('digits, spaces, + ( ) and - only, e.g. +86 21 6404 1990')}")
    contact = LocalContact(case=case, name=name.strip(), role=role.strip(), phone=phone.strip())
    _clean(contact, ["case"])
    contact.save()
    audit.record(request, "add_local_contact", contact, patient_id=case.patient_id)
    return contact


@transaction.atomic
def remove_contact(request: HttpRequest | None, contact: LocalContact) -> None:
    lock_case(contact.case)
    audit.record(request, "remove_local_contact", contact, patient_id=contact.case.patient_id)
    contact.delete()


@transaction.atomic
def tick(request: HttpRequest | None, case: Case, item: str, done: bool) -> None:
    """Tick or untick one checklist item (its key, so the tick survives a change of wording)."""
    if item not in checklist.KEYS:
        raise ServiceError(_("No such item on the checklist."))
    lock_case(case)
    if done:
        ChecklistTick.objects.get_or_create(
            case=case,
            item=item,
            defaults={"done_at": timezone.now(), "done_by": getattr(request, "user", None)},
        )
    else:
        ChecklistTick.objects.filter(case=case, item=item).delete()
    audit.record(
        request,
        "tick_checklist",
        case,
        patient_id=case.patient_id,
        detail={"item": item, "done": done},
    )


def proximity_of(case: Case, travel: TravelPlan | None) -> proximity.Proximity:
    plan = TreatmentPlan.objects.filter(case=case).first()
    limit = float(plan.stay_within_hours) if plan and plan.stay_within_hours is not None else None
    stay = (
        (travel.latitude, travel.longitude)
        if travel and travel.latitude is not None and travel.longitude is not None
        else None
    )
    hospital = case.hospital
    where = (
        (hospital.latitude, hospital.longitude)
        if hospital.latitude is not None and hospital.longitude is not None
        else None
    )
    return proximity.check(stay, where, limit, plan.stay_source if plan else "")

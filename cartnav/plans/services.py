"""Every change to a treatment plan — one function per act, atomic and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cartnav.audit import services as audit
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError, lock_case
from cartnav.plans import timeline
from cartnav.plans.models import TreatmentPlan


def _dates(plan: TreatmentPlan) -> dict[str, dt.date | None]:
    return {step: getattr(plan, step) for step in timeline.STEPS}


def _stay(plan: TreatmentPlan) -> timeline.StayRule:
    hours = float(plan.stay_within_hours) if plan.stay_within_hours is not None else None
    return timeline.StayRule(plan.stay_days, hours, plan.stay_source)


@transaction.atomic
def save_plan(
    request: HttpRequest | None, case: Case, fields: dict[str, Any], *, by: Any = None
) -> TreatmentPlan:
    """Create or change the case's plan; a date that breaks the timeline's rules is refused with
    the rule named, and nothing is written."""
    actor = by if by is not None else getattr(request, "user", None)
    lock_case(case)
    plan = TreatmentPlan.objects.filter(case=case).first() or TreatmentPlan(case=case)
    for name, value in fields.items():
        setattr(plan, name, value)
    if not (plan.option or "").strip():
        raise ServiceError(_("Name the accepted option (an approved product or a trial)."))
    if not (plan.stay_source or "").strip():
        raise ServiceError(_("Say whose rule sets the local stay (the label or the hospital)."))
    try:
        plan.full_clean(exclude=["case", "feed_token", "updated_by"])
    except ValidationError as exc:
        raise ServiceError(
            "; ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
        ) from exc
    try:
        timeline.check(_dates(plan), _stay(plan))
    except timeline.TimelineError as exc:
        raise ServiceError(str(exc)) from exc
    plan.updated_by = actor
    plan.save()
    transaction.on_commit(lambda: _tell_patient(case))
    audit.record(
        request,
        "save_plan",
        plan,
        patient_id=case.patient_id,
        user=actor,
        detail={k: str(v) for k, v in _dates(plan).items() if v is not None},
    )
    return plan


@transaction.atomic
def move_date(
    request: HttpRequest | None, plan: TreatmentPlan, step: str, to: dt.date, *, by: Any = None
) -> TreatmentPlan:
    """Move one date of the plan; every later date moves by the same number of days."""
    actor = by if by is not None else getattr(request, "user", None)
    lock_case(plan.case)
    plan = TreatmentPlan.objects.get(pk=plan.pk)
    try:
        moved = timeline.move(_dates(plan), step, to)
        timeline.check(moved, _stay(plan))
    except timeline.TimelineError as exc:
        raise ServiceError(str(exc)) from exc
    for name, value in moved.items():
        setattr(plan, name, value)
    plan.updated_by = actor
    plan.save()
    transaction.on_commit(lambda: _tell_patient(plan.case))
    audit.record(
        request,
        "move_plan_date",
        plan,
        patient_id=plan.case.patient_id,
        user=actor,
        detail={"step": step, "to": to.isoformat()},
    )
    return plan


def _tell_patient(case: Case) -> None:
    from cartnav.notifications import services as notifications
    from cartnav.notifications.models import Notification

    notifications.notify(
        notifications.patient_side(case),
        Notification.Kind.APPOINTMENT,
        case,
        lambda: _("Your treatment plan for %(case)s has new dates.") % {"case": case.number},
        f"/cases/{case.pk}/plan/",
    )


def calendar(plan: TreatmentPlan, language_name: Any) -> str:
    """The plan as an iCalendar file (RFC 5545): one all-day event per date."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//cartnav//treatment plan//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(plan.case.number)}",
    ]
    for step in timeline.STEPS:
        day = getattr(plan, step)
        if day is None:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:{plan.case.number}-{step}@cartnav",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(str(language_name(step)))}",
            f"DESCRIPTION:{_escape(plan.case.hospital.name)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

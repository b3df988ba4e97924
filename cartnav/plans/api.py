"""The treatment plan over the API: read it, and make or change it (coordinators, physicians)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from cartnav import access
from cartnav.plans import services
from cartnav.plans.models import TreatmentPlan
from cartnav.plans.timeline import STEPS, day_numbers

router = Router(tags=["treatment plan"])


class PlanIn(Schema):
    option: str = Field(..., min_length=1, max_length=200)
    stay_days: int = Field(14, ge=0, le=365)
    stay_within_hours: float | None = Field(None, ge=0, le=48)
    stay_source: str = Field(..., min_length=1, max_length=200)
    assessment: dt.date | None = None
    apheresis: dt.date | None = None
    lymphodepletion: dt.date | None = None
    infusion: dt.date | None = None
    discharge: dt.date | None = None
    local_stay_end: dt.date | None = None
    home: dt.date | None = None


class PlanOut(PlanIn):
    physician: str | None
    days_from_infusion: dict[str, int | None]


def _out(plan: TreatmentPlan) -> dict[str, Any]:
    dates = {s: getattr(plan, s) for s in STEPS}
    return {
        "option": plan.option,
        "stay_days": plan.stay_days,
        "stay_within_hours": float(plan.stay_within_hours) if plan.stay_within_hours else None,
        "stay_source": plan.stay_source,
        **dates,
        "physician": plan.physician.get_username() if plan.physician else None,
        "days_from_infusion": day_numbers(dates),
    }


@router.get("/cases/{case_id}/plan", response=PlanOut, summary="A case's treatment plan")
def get_plan(request: HttpRequest, case_id: str) -> Any:
    case = access.get_case(request, case_id)
    plan = TreatmentPlan.objects.filter(case=case).select_related("physician").first()
    if plan is None:
        raise HttpError(404, "This case has no treatment plan yet.")
    return _out(plan)


@router.put(
    "/cases/{case_id}/plan",
    response=PlanOut,
    summary="Make or change a case's treatment plan (422 naming the rule a date breaks)",
)
def put_plan(request: HttpRequest, case_id: str, body: PlanIn) -> Any:
    case = access.get_case(request, case_id, access.Action.EDIT_PLAN)
    plan = services.save_plan(request, case, body.dict())
    return _out(plan)

"""The treatment plan on the case page, its calendar, and the calendar feed a patient subscribes to."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cartnav import access
from cartnav.accounts.models import User
from cartnav.accounts.roles import Role
from cartnav.audit import services as audit
from cartnav.patients.services import ServiceError
from cartnav.plans import services
from cartnav.plans.forms import MoveForm, PlanForm
from cartnav.plans.models import TreatmentPlan


def _physicians(case: Any) -> Any:
    return User.objects.filter(
        role=Role.PHYSICIAN, is_active=True, memberships__hospital=case.hospital
    ).order_by("username")


def _step_label(step: str) -> Any:
    return TreatmentPlan._meta.get_field(step).verbose_name


@login_required
def plan(request: HttpRequest, case_id: str) -> HttpResponse:
    """The plan of a case: its timeline for everyone who may see the case; the form and the
    "move a date" action for the hospital's coordinators and physicians."""
    case = access.page_case(request, case_id)
    current = TreatmentPlan.objects.filter(case=case).select_related("physician").first()
    may_edit = access.can(request.user, access.Action.EDIT_PLAN, case)
    form = PlanForm(instance=current, physicians=_physicians(case))
    status = 200
    if request.method == "POST":
        access.page_case(request, case_id, access.Action.EDIT_PLAN)
        if request.POST.get("action") == "move" and current is not None:
            move = MoveForm(request.POST)
            if move.is_valid():
                try:
                    services.move_date(
                        request, current, move.cleaned_data["step"], move.cleaned_data["to"]
                    )
                except ServiceError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, _("The date moved, and what depends on it."))
                return redirect("plans:plan", case_id=case.pk)
            messages.error(request, _("Choose a date of the plan and a new date."))
            return redirect("plans:plan", case_id=case.pk)
        form = PlanForm(request.POST, instance=current, physicians=_physicians(case))
        if form.is_valid():
            try:
                services.save_plan(request, case, form.cleaned_data)
            except ServiceError as exc:
                messages.error(request, str(exc))
                status = 422
            else:
                messages.success(request, _("The treatment plan is saved."))
                return redirect("plans:plan", case_id=case.pk)
        else:
            status = 422
    steps = [
        (s, _step_label(s), getattr(current, s) if current else None)
        for s in services.timeline.STEPS
    ]
    days = services.timeline.day_numbers({s: d for s, _l, d in steps})
    return render(
        request,
        "plans/plan.html",
        {
            "case": case,
            "plan": current,
            "form": form,
            "move": MoveForm(),
            "may_edit": may_edit,
            "steps": [(s, label, d, days[s]) for s, label, d in steps],
            "feed_url": request.build_absolute_uri(f"/calendar/{current.feed_token}.ics")
            if current and request.user.role in (Role.PATIENT, Role.PROXY)
            else "",
        },
        status=status,
    )


@login_required
def download(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.page_case(request, case_id)
    current = TreatmentPlan.objects.filter(case=case).first()
    if current is None:
        raise Http404
    response = HttpResponse(
        services.calendar(current, _step_label), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{case.number}.ics"'
    return response


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The patient's calendar subscription: no sign-in (calendar apps cannot sign in), so the
    address itself is the secret; every read is audited, and an unknown address is not found."""
    current = TreatmentPlan.objects.filter(feed_token=token).select_related("case").first()
    if current is None or len(token) < 20:
        raise Http404
    audit.record(
        request,
        "read_plan_calendar",
        current,
        patient_id=current.case.patient_id,
        detail={"via": "calendar feed"},
    )
    return HttpResponse(
        services.calendar(current, _step_label), content_type="text/calendar; charset=utf-8"
    )

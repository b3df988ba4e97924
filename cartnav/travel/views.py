"""The travel and stay page of a case: the plan of the journey, the accommodation and its
distance from the hospital, local contacts and emergency numbers, and the checklist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cartnav import access
from cartnav.clinical.text import localize
from cartnav.core.converters import form_id
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError
from cartnav.patients.stages import JOURNEY, Stage
from cartnav.travel import checklist, services
from cartnav.travel.forms import ContactForm, TravelForm
from cartnav.travel.models import ChecklistTick, LocalContact, TravelPlan


@login_required
def travel(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.page_case(request, case_id)
    may_edit = access.can(request.user, access.Action.EDIT_PATIENT, case)
    current = TravelPlan.objects.filter(case=case).first()
    status = 200
    with timezone.override(case.hospital.time_zone):
        form = TravelForm(instance=current)
        contact_form = ContactForm()
        if request.method == "POST":
            access.page_case(request, case_id, access.Action.EDIT_PATIENT)
            action = request.POST.get("action", "")
            if action == "save":
                form = TravelForm(request.POST, instance=current)
                if form.is_valid():
                    try:
                        services.save_travel(request, case, form.cleaned_data)
                    except ServiceError as exc:
                        messages.error(request, str(exc))
                        status = 422
                    else:
                        messages.success(request, _("Your travel plan is saved."))
                        return redirect("travel:travel", case_id=case.pk)
                else:
                    status = 422
            elif action == "add_contact":
                contact_form = ContactForm(request.POST)
                if contact_form.is_valid():
                    try:
                        services.add_contact(request, case, **contact_form.cleaned_data)
                    except ServiceError as exc:
                        messages.error(request, str(exc))
                        status = 422
                    else:
                        return redirect("travel:travel", case_id=case.pk)
                else:
                    status = 422
            elif action == "remove_contact":
                found = LocalContact.objects.filter(
                    case=case, pk=form_id(request.POST.get("contact"))
                ).first()
                if found is not None:
                    services.remove_contact(request, found)
                return redirect("travel:travel", case_id=case.pk)
            elif action == "tick":
                try:
                    services.tick(
                        request,
                        case,
                        request.POST.get("item", "")[:40],
                        request.POST.get("done") == "yes",
                    )
                except ServiceError as exc:
                    messages.error(request, str(exc))
                return redirect(f"{request.path}#checklist")
            else:
                messages.error(request, _("Choose what to do."))
                status = 422
        near = services.proximity_of(case, current)
        return render(
            request,
            "travel/travel.html",
            {
                "case": case,
                "travel": current,
                "form": form,
                "contact_form": contact_form,
                "may_edit": may_edit,
                "contacts": list(LocalContact.objects.filter(case=case)),
                "near": near,
                "near_basis": [localize(b, _) for b in near.basis],
                "near_missing": [localize(m, _) for m in near.missing],
                "emergency": checklist.EMERGENCY_NUMBERS,
                "stages": _checklist(case),
            },
            status=status,
        )


def _checklist(case: Case) -> list[tuple[str, bool, list[tuple[str, object, bool]]]]:
    """The whole checklist, stage by stage, with the ticks and the case's current stage marked
    (a family abroad prepares weeks ahead, so later stages are shown too)."""
    done = set(ChecklistTick.objects.filter(case=case).values_list("item", flat=True))
    out = []
    for stage in JOURNEY:
        items = checklist.CHECKLIST.get(stage)
        if items:
            out.append(
                (
                    str(Stage(stage).label),
                    stage == case.stage,
                    [(key, text, key in done) for key, text in items],
                )
            )
    return out

"""Pages for patients (their portal) and staff (the dashboard and the case page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cartnav import access
from cartnav.accounts.roles import PATIENT_SIDE_ROLES, STAFF_ROLES, Role
from cartnav.audit import services as audit
from cartnav.conversations import services as conversations
from cartnav.patients import journey, selectors, services
from cartnav.patients.models import ConsentPurpose, Patient
from cartnav.patients.stages import EXITS, JOURNEY, NEXT_STEP


def _patient_or_404(request: HttpRequest, patient_id: object) -> Patient:
    try:
        return access.get_patient(request, patient_id)
    except access.NotFound as exc:
        raise Http404 from exc


def _only(request: HttpRequest, roles: frozenset[str] | set[str]) -> None:
    if request.user.role not in roles:
        raise PermissionDenied


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    """The patient's home: my cases, their stage, what happens next, my consents."""
    _only(request, PATIENT_SIDE_ROLES)
    # Everything the page shows, in one prepared query per kind whatever the number of cases
    # (a proxy may act for several patients).
    patients, cases = access.portal(request.user)
    for patient in patients:
        audit.record(request, "read", patient, patient_id=patient.pk)
    unread = conversations.unread(request.user, [case.pk for case in cases])
    for case in cases:
        case.next_step = NEXT_STEP.get(case.stage, "")
        case.unread_messages = unread.get(case.pk, 0)
    return render(
        request,
        "patients/portal.html",
        {"patients": patients, "cases": cases, "purposes": ConsentPurpose.choices},
    )


#: Stands for a case id in a reversed URL that rows then fill in.
_URL_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"

#: Cases per dashboard page: a screenful, and a page that renders fast under load.
DASHBOARD_PAGE_SIZE = 25


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Staff: my hospital's cases by stage, searchable (HTMX updates the table as you type)."""
    _only(request, STAFF_ROLES | {Role.ADMIN})
    q, stage = request.GET.get("q", ""), request.GET.get("stage", "")
    counts = selectors.counts_by_stage(request.user)
    number = request.GET.get("page")
    first = (
        selectors.first_rows(request.user, DASHBOARD_PAGE_SIZE)
        if not q.strip() and not stage and number in (None, "", "1")
        else None
    )
    # The first page of an unfiltered list comes from a prepared query; the paginator then
    # pages over those rows (building the search's queryset was a tenth of the page).
    paginator = Paginator(
        selectors.case_rows(request.user, q, stage) if first is None else first,
        DASHBOARD_PAGE_SIZE,
    )
    if not q.strip():  # the counts by stage already say how many match; spare a COUNT query
        paginator.count = counts.get(stage, 0) if stage else sum(counts.values())
    page = paginator.get_page(number)
    rows = selectors.with_names(page.object_list)
    audit.record(request, "list_cases", detail={"q": q[:50], "stage": stage, "shown": len(rows)})
    stages = [(s.value, str(s.label)) for s in (*JOURNEY, *EXITS)]
    labels = dict(stages)
    # One translation per stage and one URL reversal per page, not one of each per row.
    case_url = reverse("patients:case", args=[_URL_PLACEHOLDER])
    for row in rows:
        row["stage_label"] = labels[row["stage"]]
        row["url"] = case_url.replace(_URL_PLACEHOLDER, str(row["id"]))
    context = {
        "page": page,
        "rows": rows,
        "q": q,
        "stage": stage,
        "stage_counts": [
            (value, label, counts[value]) for value, label in stages if value in counts
        ],
    }
    template = "patients/_case_table.html" if request.htmx else "patients/dashboard.html"
    return render(request, template, context)


@login_required
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.page_case(request, case_id)
    history = case.stage_changes.select_related("by")
    consents = case.patient.consents.select_related("text")
    return render(
        request,
        "patients/case_detail.html",
        {
            "case": case,
            "ward_tab": access.can(request.user, access.Action.READ_WARD, case),
            "history": history,
            "consents": consents,
            "may_change_stage": access.can(request.user, access.Action.CHANGE_STAGE, case),
            "may_override": request.user.role in journey.OVERRIDE_ROLES,
            "moves": _moves(case),
            "next_step": NEXT_STEP.get(case.stage, ""),
            "unread_messages": conversations.unread(request.user, [case.pk]).get(case.pk, 0),
        },
    )


def _moves(case: Any) -> list[tuple[str, str, str]]:
    """The journey's ordinary moves from the case's stage: (stage, label, what it still needs)."""
    return [
        (
            m.to.value,
            str(m.to.label),
            ", ".join(str(journey.CONDITIONS[c]) for c in m.needs if not services.holds(c, case)),
        )
        for m in journey.moves_from(case.stage)
    ]


@login_required
@require_POST
def change_stage(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.page_case(request, case_id, access.Action.CHANGE_STAGE)
    try:
        services.change_stage(
            request,
            case,
            request.POST.get("to_stage", ""),
            request.POST.get("reason", ""),
            expected_stage=request.POST.get("from_stage") or None,
            override=request.POST.get("override") == "on",
        )
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The stage was changed."))
    return redirect("patients:case", case_id=case.pk)


@login_required
@require_POST
def give_consent(request: HttpRequest, patient_id: str) -> HttpResponse:
    _only(request, PATIENT_SIDE_ROLES)
    patient = _patient_or_404(request, patient_id)
    purpose = request.POST.get("purpose", "")
    try:
        text = services.current_text(purpose, request.LANGUAGE_CODE)
        services.give_consent(request, patient, purpose, text)
    except (services.ServiceError, ValidationError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you. Your consent is recorded."))
    return redirect("patients:portal")


#: What withdrawing a consent means for the patient, shown before they confirm.
WITHDRAW_MEANS = {
    ConsentPurpose.TREATMENT: gettext_lazy(
        "The hospital can no longer plan or give your treatment through cartnav. Your records stay"
        " as the law requires."
    ),
    ConsentPurpose.CROSS_BORDER: gettext_lazy(
        "Your health data will no longer be sent across borders; care that needs it may stop."
    ),
    ConsentPurpose.RESEARCH: gettext_lazy(
        "You are left out of every later registry export. Exports already made are not changed."
    ),
    ConsentPurpose.CONTACT: gettext_lazy(
        "The care team will no longer contact you except about your care."
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_consent(request: HttpRequest, patient_id: str, consent_id: int) -> HttpResponse:
    """Withdraw a consent, after the patient has seen what it means and confirmed (issue 12,
    item 10): the portal's button opens the confirmation; only a POST with ``confirm`` acts."""
    _only(request, PATIENT_SIDE_ROLES)
    patient = _patient_or_404(request, patient_id)
    consent = patient.consents.select_related("text").filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return render(
            request,
            "patients/withdraw_confirm.html",
            {
                "patient": patient,
                "consent": consent,
                "means": WITHDRAW_MEANS.get(consent.purpose, ""),
            },
        )
    try:
        services.withdraw_consent(request, consent)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your consent is withdrawn."))
    return redirect("patients:portal")


@login_required
def consent_text(request: HttpRequest, purpose: str) -> HttpResponse:
    """The current text for a purpose, in the reader's language (public wording, no PHI)."""
    if purpose not in ConsentPurpose.values:
        raise Http404
    try:
        text = services.current_text(purpose, request.LANGUAGE_CODE)
    except services.ServiceError as exc:
        raise Http404 from exc
    return render(request, "patients/consent_text.html", {"text": text})

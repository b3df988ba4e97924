"""The visa page of a case (companions, letters and their history) and the public verification
page a QR code on the letter points to."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cartnav import access
from cartnav.core.converters import form_id
from cartnav.patients import services as patients
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError
from cartnav.plans.models import TreatmentPlan
from cartnav.visas import services
from cartnav.visas.forms import CompanionForm, IssueForm, PassportForm, RevokeForm
from cartnav.visas.models import Companion, InvitationLetter


@login_required
def letters(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.page_case(request, case_id)
    may_issue = access.can(request.user, access.Action.ISSUE_LETTER, case)
    may_edit = access.can(request.user, access.Action.EDIT_PATIENT, case)
    plan = TreatmentPlan.objects.filter(case=case).first()
    companion_form = CompanionForm()
    passport_form = PassportForm(instance=case.patient, prefix="passport")
    issue_form = IssueForm(initial={"valid_until": plan.home if plan else None})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "passport":
            access.page_case(request, case_id, access.Action.EDIT_PATIENT)
            passport_form = PassportForm(
                request.POST, instance=copy.copy(case.patient), prefix="passport"
            )
            if passport_form.is_valid():
                patients.update_patient(
                    request,
                    passport_form.instance,
                    {f: passport_form.cleaned_data[f] for f in passport_form.changed_data},
                    by=request.user,
                )
                messages.success(request, _("The passport details are saved."))
                return redirect("visas:letters", case_id=case.pk)
            status = 422
        elif action in ("add_companion", "remove_companion"):
            access.page_case(request, case_id, access.Action.EDIT_PATIENT)
            result = _companion(request, case, action)
            if result is None:
                return redirect("visas:letters", case_id=case.pk)
            companion_form, status = result, 422
        elif action in ("issue", "reissue", "revoke"):
            access.page_case(request, case_id, access.Action.ISSUE_LETTER)
            outcome = _letter(request, case, action)
            if outcome is None:
                return redirect("visas:letters", case_id=case.pk)
            issue_form, status = outcome, 422
        else:
            messages.error(request, _("Choose what to do."))
            status = 422
    history = list(
        InvitationLetter.objects.filter(case=case).select_related(
            "document", "issued_by", "superseded_by"
        )
    )
    return render(
        request,
        "visas/letters.html",
        {
            "case": case,
            "plan": plan,
            "companions": list(Companion.objects.filter(case=case)),
            "letters": history,
            "may_issue": may_issue,
            "may_edit": may_edit,
            "companion_form": companion_form,
            "passport_form": passport_form,
            "issue_form": issue_form,
            "revoke_form": RevokeForm(),
        },
        status=status,
    )


def _companion(request: HttpRequest, case: Case, action: str) -> CompanionForm | None:
    if action == "remove_companion":
        companion = Companion.objects.filter(
            case=case, pk=form_id(request.POST.get("companion"))
        ).first()
        if companion is not None:
            services.remove_companion(request, companion)
        return None
    form = CompanionForm(request.POST)
    if form.is_valid():
        try:
            services.add_companion(request, case, form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, str(exc))
            return form
        messages.success(request, _("The companion is added."))
        return None
    return form


def _letter(request: HttpRequest, case: Case, action: str) -> IssueForm | None:
    letter = None
    if action in ("reissue", "revoke"):
        letter = InvitationLetter.objects.filter(
            case=case, number=request.POST.get("number", "")[:24]
        ).first()
        if letter is None:
            messages.error(request, _("No such letter on this case."))
            return None
    try:
        if action == "revoke":
            revoke = RevokeForm(request.POST)
            if not revoke.is_valid():
                messages.error(request, _("Say why the letter is revoked."))
                return None
            assert letter is not None
            services.revoke_letter(request, letter, revoke.cleaned_data["reason"])
            messages.success(request, _("The letter is revoked."))
            return None
        form = IssueForm(request.POST)
        if not form.is_valid():
            return form
        made = services.issue_letter(request, case, replaces=letter, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return IssueForm(request.POST)
    messages.success(request, _("Letter %(number)s is issued.") % {"number": made.number})
    return None


def verify(request: HttpRequest, number: str) -> HttpResponse:
    """Public: the number, the hospital, the validity and the status — nothing about the person.
    A forged or unknown number answers "not found" and nothing else."""
    found = services.verification(request, number)
    if found is None:
        return render(request, "visas/verify.html", {"found": None, "number": ""}, status=404)
    return render(request, "visas/verify.html", {"found": found, "number": number})

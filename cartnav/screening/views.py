"""The case's Options tab (profile form + screening result) and the public trial search."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cartnav import access
from cartnav.catalog.models import Hospital, Product
from cartnav.eligibility.profile import ProfileError
from cartnav.patients.services import ServiceError
from cartnav.screening import forms, services
from cartnav.screening.models import ScreeningProfile
from cartnav.screening.search import TrialQuery, search_trials


@login_required
def options(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.page_case(request, case_id)
    row = ScreeningProfile.objects.filter(case=case).first()
    data = row.data if row else {}
    error = None
    if request.method == "POST":
        case = access.page_case(request, case_id, access.Action.EDIT_PROFILE)
        try:
            data = forms.profile_from_post(request.POST)
            services.save_profile(request, case, data)
        except ProfileError as exc:
            error = str(exc)
        else:
            messages.success(request, _("The profile is saved and the options are up to date."))
            return redirect("screening:options", case_id=case.pk)
    result = services.current_result(case)
    context = {
        **_option_page(request, result),
        "case": case,
        "profile": data,
        "lines_text": forms.lines_text(data),
        "medications_text": forms.medications_text(data),
        "reports_text": forms.reports_text(data),
        "error": error,
        "result": result,
        "may_edit": access.can(request.user, access.Action.EDIT_PROFILE, case),
        "versions": services.versions(case),
        **forms.choices(),
    }
    return render(request, "screening/options.html", context, status=422 if error else 200)


#: Options per page: every option is reachable by paging, none is silently cut off.
OPTIONS_PAGE_SIZE = 25


def _option_page(request: HttpRequest, result: Any) -> dict[str, Any]:
    """The options a family can act on (eligible, then possible), paged; with ``?show=
    not_eligible``, the others, each with the criterion that decided it."""
    if result is None:
        return {"page": None, "showing_not_eligible": False}
    showing = request.GET.get("show") == "not_eligible"
    chosen = [o for o in result.options if (o["verdict"] == "not_eligible") == showing]
    page = Paginator(chosen, OPTIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    # Only the page shown is annotated, on copies: the stored result stays as it was computed.
    page.object_list = [
        {
            **o,
            "checks": len(o.get("to_collect", [])) + int(o.get("needs_review", 0)),
            "deciding": (o.get("failed") or [{}])[0],
            "no_text": any(
                u.get("source") == "cartnav" and "not in cartnav" in u.get("sentence", "")
                for u in o.get("undecided", [])
            ),
        }
        for o in page.object_list
    ]
    return {"page": page, "showing_not_eligible": showing}


@login_required
@require_POST
def restore_version(request: HttpRequest, case_id: str, number: int) -> HttpResponse:
    """Undo: an earlier version of the profile becomes the newest."""
    case = access.page_case(request, case_id, access.Action.EDIT_PROFILE)
    try:
        services.restore_version(request, case, number)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Version %(n)s is the profile again.") % {"n": number})
    return redirect("screening:options", case_id=case.pk)


@login_required
def trials(request: HttpRequest) -> HttpResponse:
    """Trial search: public registry data, open to everyone signed in."""
    query = TrialQuery.from_params(request.GET)
    page = Paginator(search_trials(query), 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "params": request.GET.urlencode(),
        "products": Product.objects.all(),
        "hospitals_count": Hospital.objects.count(),
    }
    template = "screening/_trial_rows.html" if request.htmx else "screening/trials.html"
    return render(request, template, context)

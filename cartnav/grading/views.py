"""The grading page: a clinician fills in an assessment and sees the grade and its basis update
as they type (HTMX posts the form to the same URL and swaps in the result)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from cartnav.accounts.roles import STAFF_ROLES, Role
from cartnav.clinical.contract import grade
from cartnav.clinical.guidance import guidance_for
from cartnav.clinical.text import localize
from cartnav.clinical.units import ClinicalInputError
from cartnav.grading.forms import (
    FORMS,
    GUIDANCE_INPUTS,
    TITLES,
    FormError,
    guidance_inputs,
    payload_from,
)

#: Who grades at the bedside or reviews grades; patients and analysts do not use this page.
CLINICAL_ROLES = STAFF_ROLES | {Role.ADMIN}


@login_required
def grade_page(request: HttpRequest, kind: str = "crs") -> HttpResponse:
    if request.user.role not in CLINICAL_ROLES:
        raise PermissionDenied
    if kind not in FORMS:
        raise Http404
    specs = [*FORMS[kind], *GUIDANCE_INPUTS.get(kind, [])]
    context: dict[str, object] = {
        "kind": kind,
        "kinds": TITLES.items(),
        "title": TITLES[kind],
        "specs": specs,
        "values": request.POST,
    }
    if request.method == "POST":
        try:
            payload = payload_from(kind, request.POST)
            extra = guidance_inputs(kind, request.POST)
            result = grade(kind, payload)
            guidance = guidance_for(result, **extra)
        except FormError as exc:
            context["error"] = str(exc)
        except ClinicalInputError as exc:
            label = next((s.label for s in specs if s.path == exc.field), exc.field)
            context["error"] = f"{label}: {localize(exc.message, gettext)}"
        else:
            context["result"] = result.to_dict()
            context["explanation"] = result.explain()
            context["guidance"] = guidance
    template = "grading/_result.html" if request.htmx else "grading/page.html"
    return render(request, template, context)

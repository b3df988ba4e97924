"""The records parts of the case page and the patient portal (the case is already access-checked
by the page that includes them)."""

from __future__ import annotations

from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone

from cartnav import access
from cartnav.records import completeness, services
from cartnav.records.models import Decision, DocumentKind
from cartnav.screening.models import ScreeningProfile

register = template.Library()


def _context(case: Any, user: Any, request: Any) -> dict[str, Any]:
    reviews = list(case.reviews.select_related("reviewer"))
    documents = list(case.documents.all())
    return {
        "case": case,
        "documents": documents,
        "kinds": DocumentKind.choices,
        "reviews": reviews,
        "pending": next((r for r in reviews if r.decision == Decision.PENDING), None),
        "decided": next((r for r in reviews if r.decision), None),
        "todos": list(case.todos.all()),
        "may_upload": access.can(user, access.Action.UPLOAD_DOCUMENT, case),
        "may_send": access.can(user, access.Action.SEND_FOR_REVIEW, case),
        "reviewers": services.reviewers_for(case),
        "csrf_token": get_token(request),
        "request": request,
        "next": request.get_full_path(),
        "review_url": reverse("records:review", args=[case.pk]),
        "completeness": completeness.check(_profile(case), documents, timezone.localdate()),
    }


def _profile(case: Any) -> dict[str, Any]:
    row = ScreeningProfile.objects.filter(case=case).first()
    return row.data if row else {}


@register.inclusion_tag("records/_staff_panel.html", takes_context=True)
def records_staff(context: template.Context, case: Any) -> dict[str, Any]:
    return _context(case, context["user"], context["request"])


@register.inclusion_tag("records/_patient_panel.html", takes_context=True)
def records_patient(context: template.Context, case: Any) -> dict[str, Any]:
    return _context(case, context["user"], context["request"])

"""The records parts of the case page and the patient portal (the case is already access-checked
by the page that includes them)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from cartnav import access
from cartnav.records import completeness, services
from cartnav.records.models import Decision, DocumentKind
from cartnav.screening.models import ScreeningProfile

register = template.Library()


def _context(page: template.Context, case: Any, *, staff: bool) -> dict[str, Any]:
    """What both panels show; reviewers and sending for review only on the staff panel.

    Uses what the page prefetched (the patient portal prefetches every case's documents,
    reviews, to-dos and profile); the staff case page shows one case and lets these query.
    The panel's forms use the page's own CSRF token, which Django's inclusion tags pass on; a
    ``get_token`` call here would mask the secret again (32 draws from the system's random
    source) only for Django to replace the result.
    """
    user, request = page["user"], page["request"]
    reviews = (
        list(case.reviews.all())
        if _prefetched(case, "reviews")
        else list(case.reviews.select_related("reviewer"))
    )
    documents = list(case.documents.all())
    context = {
        "case": case,
        "documents": documents,
        "kinds": DocumentKind.choices,
        "reviews": reviews,
        "pending": next((r for r in reviews if r.decision == Decision.PENDING), None),
        "decided": next((r for r in reviews if r.decision), None),
        "todos": list(case.todos.all()),
        "may_upload": access.can(user, access.Action.UPLOAD_DOCUMENT, case),
        "request": request,
        "next": request.get_full_path(),
        "completeness": completeness.check(_profile(case), documents, timezone.localdate()),
    }
    if staff:
        context["may_send"] = access.can(user, access.Action.SEND_FOR_REVIEW, case)
        context["reviewers"] = services.reviewers_for(case)
        context["review_url"] = reverse("records:review", args=[case.pk])
    return context


def _prefetched(case: Any, name: str) -> bool:
    return name in getattr(case, "_prefetched_objects_cache", {})


def _profile(case: Any) -> dict[str, Any]:
    try:
        row = case.screening_profile  # joined or prefetched by the portal; one query otherwise
    except ScreeningProfile.DoesNotExist:
        return {}
    return dict(row.data)


@register.inclusion_tag("records/_staff_panel.html", takes_context=True)
def records_staff(context: template.Context, case: Any) -> dict[str, Any]:
    return _context(context, case, staff=True)


@register.inclusion_tag("records/_patient_panel.html", takes_context=True)
def records_patient(context: template.Context, case: Any) -> dict[str, Any]:
    return _context(context, case, staff=False)

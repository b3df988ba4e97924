"""Pages that belong to no domain: the front door, health check and error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cartnav.accounts.roles import STAFF_ROLES, Role


def home(request: HttpRequest) -> HttpResponse:
    """The front door: what cartnav is and how to ask, for anyone; each signed-in person is sent
    to where their work is."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    role = request.user.role
    if role in (Role.PATIENT, Role.PROXY):
        return redirect("patients:portal")
    if role in STAFF_ROLES or role == Role.ADMIN:
        return redirect("patients:dashboard")
    if role == Role.ANALYST:
        return redirect("registry:overview")
    return render(request, "core/no_access.html", status=403)


def healthz(request: HttpRequest) -> HttpResponse:
    """The smallest view there is: the benchmark's framework floor, and a load-balancer probe."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def session_check(request: HttpRequest) -> HttpResponse:
    """ "Am I still signed in?" — 200 ``ok`` for a signed-in person (staff past their second
    factor), the sign-in page otherwise. Reads no health data, so it is not audited.

    It is also the benchmark's signed-in floor: the smallest view behind the same session,
    authentication and second-factor checks as every page (bench/bench_pages.py).
    """
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": _("This form has expired"),
            "message": _(
                "The page was open too long or was sent from somewhere else. Go back, reload the "
                "page and try again. Nothing was changed."
            ),
        },
        status=403,
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": _("Not found"),
            "message": _("There is nothing here, or it is not yours to see."),
        },
        status=404,
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": _("Not allowed"),
            "message": _("Your role does not allow this. Nothing was changed."),
        },
        status=403,
    )

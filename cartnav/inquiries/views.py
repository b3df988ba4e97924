"""The public first contact (an inquiry anyone abroad can send) and the coordinators' queue."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cartnav.accounts.roles import Role
from cartnav.audit import services as audit
from cartnav.catalog.models import Hospital
from cartnav.inquiries import services
from cartnav.inquiries.forms import ConvertForm, InquiryForm
from cartnav.inquiries.models import Inquiry, Status
from cartnav.patients.services import ServiceError as PatientServiceError
from cartnav.patients.services import current_text

#: Who answers inquiries: a hospital's coordinators (and administrators).
HANDLERS = frozenset({Role.COORDINATOR, Role.ADMIN})


def new_inquiry(request: HttpRequest) -> HttpResponse:
    """The inquiry form, open to anyone. A robot's submission (the hidden field filled in) is
    answered as if sent and stored nowhere; a flood is refused with 429 and stores nothing."""
    language = request.LANGUAGE_CODE
    form = InquiryForm(request.POST or None)
    texts = _consent_texts(language)
    if request.method == "POST":
        if form.is_robot():
            return redirect("inquiries:sent")
        if form.is_valid():
            try:
                services.send(
                    request,
                    **form.fields_for_inquiry(),
                    contact_text=texts["contact"],
                    cross_border_text=texts["cross_border"],
                )
            except services.TooMany as exc:
                return render(
                    request,
                    "inquiries/new.html",
                    {"form": form, "texts": texts, "refused": exc},
                    status=429,
                )
            return redirect("inquiries:sent")
    status = 422 if request.method == "POST" else 200
    return render(request, "inquiries/new.html", {"form": form, "texts": texts}, status=status)


def _consent_texts(language: str) -> dict[str, Any]:
    try:
        return {p: current_text(p, language) for p in ("contact", "cross_border")}
    except PatientServiceError as exc:
        raise Http404 from exc  # no consent text published: no inquiries can be taken


def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "inquiries/sent.html")


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: a page with one button (a GET never changes anything, so a mail
    scanner following the link confirms nothing)."""
    if request.method == "POST":
        try:
            services.confirm(request, token)
        except services.ServiceError as exc:
            return render(request, "inquiries/confirm.html", {"error": exc}, status=404)
        return render(request, "inquiries/confirm.html", {"confirmed": True})
    return render(request, "inquiries/confirm.html", {"token": token})


def _handler(request: HttpRequest) -> None:
    if request.user.role not in HANDLERS:
        raise PermissionDenied


def _hospitals(request: HttpRequest) -> QuerySet[Hospital]:
    if request.user.role == Role.ADMIN:
        return Hospital.objects.all()
    return Hospital.objects.filter(memberships__user=request.user)


def queue_of(request: HttpRequest) -> QuerySet[Inquiry]:
    """Confirmed inquiries for the person's hospitals, and the shared triage queue."""
    mine = Inquiry.objects.exclude(status=Status.UNCONFIRMED).select_related("hospital")
    if request.user.role == Role.ADMIN:
        return mine
    return mine.filter(Q(hospital__in=_hospitals(request)) | Q(hospital__isnull=True))


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _handler(request)
    rows = list(queue_of(request)[:200])
    audit.record(request, "list_inquiries", detail={"shown": len(rows)})
    return render(request, "inquiries/queue.html", {"inquiries": rows})


@login_required
def detail(request: HttpRequest, inquiry_id: str) -> HttpResponse:
    _handler(request)
    inquiry = queue_of(request).filter(pk=inquiry_id).first() if _is_uuid(inquiry_id) else None
    if inquiry is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "answer":
                services.answer(request, inquiry, request.POST.get("answer", ""))
                messages.success(request, _("The answer is sent."))
                return redirect("inquiries:detail", inquiry_id=inquiry.pk)
            if action == "convert":
                form = ConvertForm(request.POST, hospitals=_hospitals(request))
                if form.is_valid():
                    case = services.convert(request, inquiry, **form.cleaned_data)
                    messages.success(
                        request, _("The patient and the case are created; the invitation is sent.")
                    )
                    return redirect("patients:case", case_id=case.pk)
                return _detail(request, inquiry, form, status=422)
        except (services.ServiceError, PatientServiceError) as exc:
            messages.error(request, str(exc))
            return redirect("inquiries:detail", inquiry_id=inquiry.pk)
    audit.record(request, "read_inquiry", inquiry)
    return _detail(request, inquiry, None)


def _detail(request: HttpRequest, inquiry: Inquiry, form: Any, status: int = 200) -> HttpResponse:
    form = form or ConvertForm(
        hospitals=_hospitals(request), initial={"hospital": inquiry.hospital_id}
    )
    return render(
        request, "inquiries/detail.html", {"inquiry": inquiry, "form": form}, status=status
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True

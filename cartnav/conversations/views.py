"""A case's conversation page. New messages arrive without reloading: the last item of the
list asks every few seconds for what came after it (HTMX) and is replaced by it."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from cartnav import access
from cartnav.conversations import services
from cartnav.patients.services import ServiceError


class MessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=services.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    file = forms.FileField(
        label=gettext_lazy("Attach a file (PDF, PNG, JPEG or DICOM)"), required=False
    )


def _after(request: HttpRequest) -> int:
    try:
        value = int(request.GET.get("after", "0"))
    except ValueError:
        return 0
    return value if 0 <= value < 2**62 else 0


@login_required
def conversation(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.page_case(request, case_id, access.Action.READ_MESSAGES)
    may_write = access.can(request.user, access.Action.WRITE_MESSAGE, case)
    form = MessageForm()
    status = 200
    if request.method == "POST":
        access.page_case(request, case_id, access.Action.WRITE_MESSAGE)
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.post(request, case, form.cleaned_data["body"], form.cleaned_data["file"])
            except ServiceError as exc:
                messages.error(request, str(exc))
                status = 422
            else:
                return redirect("conversations:thread", case_id=case.pk)
        else:
            status = 422
    after = _after(request)
    rows = services.thread(request, case, after)
    last = rows[-1].pk if rows else after
    context = {
        "case": case,
        "rows": rows,
        "last": last,
        "form": form,
        "may_write": may_write,
        "poll_seconds": settings.MESSAGES_POLL_SECONDS,
    }
    if request.headers.get("HX-Request") and request.method == "GET":
        return render(request, "conversations/new_items.html", context)
    return render(request, "conversations/thread.html", context, status=status)

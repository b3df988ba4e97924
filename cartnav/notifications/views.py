"""The notification centre: what happened for me, newest first; open one (marked read), mark all
read, and choose how I am told by e-mail."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cartnav.notifications import services
from cartnav.notifications.models import Notification, Preference

#: How many the page lists (the newest); older ones stay in the database.
PAGE = 100


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email"]
        widgets = {"email": forms.RadioSelect}


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    user = request.user
    current = Preference.objects.filter(user=user).first() or Preference(user=user)
    form = PreferenceForm(instance=current)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "read_all":
            services.mark_read(user)
            return redirect("notifications:centre")
        if action == "preference":
            form = PreferenceForm(request.POST, instance=current)
            if form.is_valid():
                form.save()
                messages.success(request, _("Your e-mail choice is saved."))
                return redirect("notifications:centre")
            status = 422
        else:
            messages.error(request, _("Choose what to do."))
            status = 422
    rows = list(Notification.objects.filter(user=user).select_related("case")[:PAGE])
    return render(
        request,
        "notifications/centre.html",
        {"rows": rows, "form": form, "unread": sum(1 for r in rows if r.read_at is None)},
        status=status,
    )


@login_required
def open_one(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of my notifications read and go where it points (only within cartnav)."""
    row = Notification.objects.filter(user=request.user, pk=pk).first()
    if row is None:
        raise Http404
    if row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
    target = row.url if row.url.startswith("/") and not row.url.startswith("//") else "/"
    return redirect(target)

"""Signing in and out, the second factor, language choice and API tokens."""

from __future__ import annotations

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from cartnav.accounts.models import (
    DEFAULT_TOKEN_DAYS,
    TOKEN_LIFETIMES,
    ApiToken,
    TokenScope,
)
from cartnav.audit import services as audit


class SignInView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: forms.Form) -> HttpResponse:
        response = super().form_valid(form)
        user = self.request.user
        audit.record(self.request, "sign_in")
        response.set_cookie("django_language", user.language, samesite="Lax")
        if user.needs_second_factor:
            return redirect("accounts:otp")
        return response


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(request, "sign_out")
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("accounts:login")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _confirmed_device(user: object) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask staff for their TOTP code; send them to set-up if they have no device yet."""
    if not request.user.needs_second_factor or request.user.is_verified():
        return redirect("core:home")
    device = _confirmed_device(request.user)
    if device is None:
        return redirect("accounts:otp_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            # A new session key at each change of privilege: a key learnt before the second
            # factor (a shared computer, a fixation attempt) is worth nothing after it.
            request.session.cycle_key()
            otp_login(request, device)
            audit.record(request, "second_factor")
            return redirect(_safe_next(request))
        audit.record(request, "second_factor_failed")
        form.add_error("code", _("That code is not right, or has expired. Try the current one."))
    return render(request, "accounts/otp.html", {"form": form})


@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show the secret as a QR code, confirm with a first code."""
    if not request.user.needs_second_factor or _confirmed_device(request.user):
        return redirect("accounts:otp")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.cycle_key()
            otp_login(request, device)
            audit.record(request, "second_factor_enrolled")
            messages.success(request, _("Your authenticator app is set up."))
            return redirect("core:home")
        form.add_error("code", _("That code is not right. Check the time on your phone."))
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/otp_setup.html", {"form": form, "qr": qr, "secret": secret})


def _safe_next(request: HttpRequest) -> str:
    """Where to go after the second factor: ``?next=`` if it stays on this site, else home."""
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language; a signed-in person's choice is saved so every device remembers it."""
    language = request.POST.get("language", "")
    if language not in dict(translation.trans_real.get_languages()):
        language = "en"
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response = HttpResponseRedirect(target)
    response.set_cookie("django_language", language, samesite="Lax", max_age=365 * 24 * 3600)
    return response


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100, required=False)
    scope = forms.ChoiceField(
        label=gettext_lazy("Access"), choices=TokenScope.choices, initial=TokenScope.READ
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"),
        coerce=int,
        choices=[(d, gettext_lazy("%(d)s days") % {"d": d}) for d in TOKEN_LIFETIMES],
        initial=DEFAULT_TOKEN_DAYS,
    )


class RevokeForm(forms.Form):
    revoke = forms.IntegerField(min_value=1, max_value=2**63 - 1)


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """List, create and revoke one's own API tokens. The raw token is shown once.

    Staff reach this page only after their second factor (the middleware sends them to it
    first), and a token records that it was made by a verified session; revoking keeps the row,
    so the list shows what existed and when it stopped.
    """
    raw = None
    form = TokenForm()
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = RevokeForm(request.POST)
            token = (
                ApiToken.objects.filter(
                    user=request.user, pk=revoke.cleaned_data["revoke"], revoked__isnull=True
                ).first()
                if revoke.is_valid()
                else None
            )
            if token is None:
                messages.error(request, _("There is no such token to revoke."))
            else:
                token.revoked = timezone.now()
                token.save(update_fields=["revoked"])
                audit.record(request, "revoke_token", token)
                messages.success(request, _("The token is revoked."))
            return redirect("accounts:tokens")
        form = TokenForm(request.POST)
        if form.is_valid():
            _token, raw = ApiToken.issue(
                request.user,
                form.cleaned_data["name"].strip() or "token",
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
                verified=_session_verified(request),
            )
            audit.record(
                request,
                "issue_token",
                _token,
                detail={"scope": _token.scope, "days": form.cleaned_data["days"]},
            )
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created")
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": tokens, "raw": raw, "form": form, "api": reverse("api-1:openapi-view")},
    )


def _session_verified(request: HttpRequest) -> bool:
    user = request.user
    return not user.needs_second_factor or bool(user.is_verified())

"""Request-wide rules for signed-in people: the second factor, and their chosen language."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from cartnav.core.middleware import API_PREFIX
from cartnav.core.prepared import Prepared

#: Paths a staff member may open before passing the second factor: the code prompt and its
#: set-up, signing out, the language switch, static files and the health check. Nothing else
#: under ``/accounts/`` — above all not the API tokens page, where a password alone would mint
#: a credential that skips the second factor.
_OPEN_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/otp/",
    "/accounts/language/",
    "/static/",
    "/healthz",
    API_PREFIX,  # the API's own authentication refuses staff before the second factor
)


TOTP_LABEL = TOTPDevice._meta.label_lower
_TOTP_BY_ID = Prepared(lambda pk: TOTPDevice.objects.filter(pk=pk), TOTPDevice._meta.pk)


class VerifiedDeviceMiddleware(OTPMiddleware):
    """django-otp's middleware, loading a TOTP device by a query compiled once (every staff
    request loads the device that verified the session; ``core.prepared``). Any other kind of
    device is loaded as django-otp does."""

    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        label, _, device_id = self._normalize_persistent_id(persistent_id).rpartition("/")
        if label != TOTP_LABEL:
            return super()._device_from_persistent_id(persistent_id)
        try:
            return _TOTP_BY_ID.first(device_id)
        except (ValidationError, ValueError, TypeError, OverflowError):
            return None


class SecondFactorRequiredMiddleware:
    """Staff who signed in with a password but not yet a TOTP code see only the code prompt.

    The API is left to its own authentication classes, which refuse unverified staff with 401.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.needs_second_factor
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            return redirect("accounts:otp")
        return self.get_response(request)


class UserPreferencesMiddleware:
    """A signed-in person's saved language wins over the browser's, on every device.

    The JSON API answers in English whoever asks (as the README promises): its messages are read
    by scripts and quoted in tickets, where one language for everyone is what people rely on.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if request.path.startswith(API_PREFIX):
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        elif user.is_authenticated and user.language and user.language != request.LANGUAGE_CODE:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Sign out after ``SESSION_COOKIE_AGE`` seconds without a request.

    Django renews a session's expiry whenever the session is saved. Saving it on every request
    would cost a database write per page; instead the session is touched at most once a minute,
    so the idle deadline moves forward with activity and lags it by under a minute.
    """

    TOUCH_EVERY = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - int(session.get("_seen", 0)) >= self.TOUCH_EVERY:
                session["_seen"] = now
        return self.get_response(request)

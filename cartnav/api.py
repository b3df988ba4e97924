"""The JSON API under /api/v1/: one NinjaAPI, two ways to authenticate, one permission layer.

Authentication: a signed-in browser session (CSRF-checked, and for staff only once the second
factor has been passed) or ``Authorization: Bearer <token>`` with a token the person issued on
their tokens page. Every route then fetches personal data only through ``cartnav.access``, so the
API sees exactly what the pages see. Errors are JSON ``{"detail": ...}`` with the right status.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from cartnav import access
from cartnav.accounts.models import ApiToken
from cartnav.patients.services import ServiceError


class VerifiedSessionAuth(SessionAuth):
    """The browser session, but staff count as signed in only after their second factor."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user and user.needs_second_factor and not user.is_verified():
            return None
        return user


class TokenAuth(HttpBearer):
    """A bearer token. Tokens are issued only from a session that passed the second factor, so a
    token stands for a verified person."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.authenticate(token)
        if user is None:
            return None
        user.is_verified = lambda: True
        request.user = user
        return user


api = NinjaAPI(
    title="cartnav API",
    version="1",
    urls_namespace="api-1",
    auth=[VerifiedSessionAuth(), TokenAuth()],
    description=("Authenticate with the browser session or `Authorization: Bearer <token>`."),
)


@api.exception_handler(access.NotFound)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(access.Forbidden)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Your role does not allow this. Nothing was changed."}, status=403
    )


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=422)


@api.exception_handler(DjangoValidationError)
def _validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


def _register_routers() -> None:
    from cartnav.accounts.api import router as accounts_router
    from cartnav.grading.api import router as grading_router
    from cartnav.patients.api import router as patients_router
    from cartnav.records.api import router as records_router
    from cartnav.registry.api import router as registry_router
    from cartnav.screening.api import router as screening_router

    api.add_router("/", accounts_router)
    api.add_router("/", patients_router)
    api.add_router("/registry", registry_router)
    api.add_router("/", records_router)
    api.add_router("/grade", grading_router)
    api.add_router("/", screening_router)


_register_routers()

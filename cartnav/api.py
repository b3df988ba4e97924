"""The JSON API under /api/v1/: one NinjaAPI, two ways to authenticate, one permission layer.

Authentication: a signed-in browser session (CSRF-checked, and for staff only once the second
factor has been passed) or ``Authorization: Bearer <token>`` with a token the person issued on
their tokens page. Every route then fetches personal data only through ``cartnav.access``, so the
API sees exactly what the pages see. Errors are JSON ``{"detail": ...}`` with the right status.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from cartnav import access
from cartnav.accounts.models import ApiToken
from cartnav.patients.services import ServiceError


class VerifiedSessionAuth(SessionAuth):
    """The browser session, but staff count as signed in only after their second factor.

    A request without a session cookie is not a session request: it is passed on without a
    CSRF check (a script sending a bearer token carries no cookie, and a browser cannot be
    tricked into sending an ``Authorization`` header cross-site). A request with the cookie is
    checked for CSRF exactly as before.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.COOKIES.get(self.param_name):
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key is None:
            return None
        user = super().authenticate(request, key)
        if user and user.needs_second_factor and not user.is_verified():
            return None
        return user


#: Methods a read-only token may use.
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: POST routes that compute an answer and store nothing (grading, screening a profile, previewing
#: a FHIR bundle): a read-only token may call them. Every other POST, PUT, PATCH or DELETE needs
#: a read-and-write token. A test lists every writing route and checks it is not matched here.
COMPUTE_ONLY = re.compile(r"^/api/v1/(grade/[a-z]+|screen|cases/[^/]+/fhir/preview)$")


class TokenAuth(HttpBearer):
    """A bearer token (``ApiToken.find`` refuses unknown, revoked and expired ones, and those
    of staff made before their second factor). A read-only token may only read."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.find(token)
        if found is None:
            return None
        if (
            request.method not in _READ_METHODS
            and not found.may_write
            and not COMPUTE_ONLY.match(request.path)
        ):
            raise HttpError(403, "This token may only read. Issue a read-and-write token.")
        found.touch()
        user = found.user
        user.is_verified = lambda: True
        request.user = user
        return user


api = NinjaAPI(
    title="cartnav API",
    version="1",
    urls_namespace="api-1",
    auth=[TokenAuth(), VerifiedSessionAuth()],
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

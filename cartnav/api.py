"""The JSON API under /api/v1/: one NinjaAPI, two ways to authenticate, one permission layer.

Authentication: a signed-in browser session (CSRF-checked, and for staff only once the second
factor has been passed) or ``Authorization: Bearer <token>`` with a token the person issued on
their tokens page. Every route then fetches personal data only through ``cartnav.access``, so the
API sees exactly what the pages see. Errors are JSON ``{"detail": ...}`` with the right status.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja import errors as ninja_errors
from ninja.errors import HttpError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth

from cartnav import access, api_errors
from cartnav.accounts.models import ApiToken
from cartnav.clinical.units import ClinicalInputError
from cartnav.core import safe_json
from cartnav.eligibility.profile import ProfileError
from cartnav.patients.services import ServiceError
from cartnav.records.fhir import BundleError


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


class SafeJSONParser(Parser):
    """Request bodies read with limits (``core.safe_json``): not UTF-8, not JSON or nested too
    deeply is a 400 that says which."""

    def parse_body(self, request: HttpRequest) -> Any:
        return safe_json.loads(request.body)


class CartnavAPI(NinjaAPI):
    """The API with every error answer documented on every operation (``api_errors``)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return api_errors.document_errors(super().get_openapi_schema(*args, **kwargs))


api = CartnavAPI(
    title="cartnav API",
    version="1",
    urls_namespace="api-1",
    auth=[TokenAuth(), VerifiedSessionAuth()],
    parser=SafeJSONParser(),
    description=(
        "Authenticate with the browser session or `Authorization: Bearer <token>`. "
        'Every error is JSON `{"detail": ...}`; invalid input (422) also names the `field` '
        "at fault and lists every problem in `errors`. Answers are in English."
    ),
)


def _answer(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(access.NotFound)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _answer(request, {"detail": "Not found."}, 404)


@api.exception_handler(access.Forbidden)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _answer(request, {"detail": "Your role does not allow this. Nothing was changed."}, 403)


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A refusal in words; a service may name the field and add what the client needs to act
    (``extra``: e.g. the differences of a bundle that names another person)."""
    body = api_errors.invalid([(getattr(exc, "field", None), str(exc))])
    return _answer(request, {**body, **getattr(exc, "extra", {})}, 422)


@api.exception_handler(DjangoValidationError)
def _validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return _answer(request, api_errors.from_django(exc), 422)


@api.exception_handler(ninja_errors.ValidationError)
def _invalid_request(request: HttpRequest, exc: ninja_errors.ValidationError) -> HttpResponse:
    return _answer(request, api_errors.from_ninja(exc.errors, _BODY_PARAMS), 422)


def _invalid_field(request: HttpRequest, exc: ProfileError | ClinicalInputError) -> HttpResponse:
    """The pure cores' refusals: the field's dotted path and what is wrong with it."""
    return _answer(request, api_errors.invalid([(exc.field, exc.message)]), 422)


api.add_exception_handler(ProfileError, _invalid_field)
api.add_exception_handler(ClinicalInputError, _invalid_field)


@api.exception_handler(BundleError)
def _invalid_bundle(request: HttpRequest, exc: BundleError) -> HttpResponse:
    body = api_errors.invalid([(i["path"], i["message"]) for i in exc.issues])
    return _answer(request, {**body, "operation_outcome": exc.operation_outcome()}, 422)


@api.exception_handler(ninja_errors.HttpError)
def _http_error(request: HttpRequest, exc: ninja_errors.HttpError) -> HttpResponse:
    detail = str(exc)
    if isinstance(exc.__cause__, safe_json.JSONRefused | RequestDataTooBig):
        detail = f"{detail}: {exc.__cause__}"  # ninja's "Cannot parse request body", and why
    return _answer(request, {"detail": detail}, exc.status_code)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug: logged with its traceback for us, a JSON answer for the client, never HTML."""
    api_errors.log.exception("API error at %s %s", request.method, request.path, exc_info=exc)
    return _answer(
        request,
        {"detail": "Something went wrong on our side. The error is logged; please try again."},
        500,
    )


#: The names views give their JSON body parameter (left out of a field's path in a 422).
_BODY_PARAMS = ("body", "payload", "profile", "bundle")


def _register_routers() -> None:
    from cartnav.accounts.api import router as accounts_router
    from cartnav.conversations.api import router as conversations_router
    from cartnav.costs.api import router as costs_router
    from cartnav.custody.api import router as custody_router
    from cartnav.grading.api import router as grading_router
    from cartnav.inquiries.api import router as inquiries_router
    from cartnav.patients.api import router as patients_router
    from cartnav.plans.api import router as plans_router
    from cartnav.records.api import router as records_router
    from cartnav.registry.api import router as registry_router
    from cartnav.screening.api import router as screening_router
    from cartnav.travel.api import router as travel_router
    from cartnav.visas.api import router as visas_router
    from cartnav.ward.api import router as ward_router

    api.add_router("/", accounts_router)
    api.add_router("/", patients_router)
    api.add_router("/", plans_router)
    api.add_router("/", costs_router)
    api.add_router("/", visas_router)
    api.add_router("/", travel_router)
    api.add_router("/", conversations_router)
    api.add_router("/", custody_router)
    api.add_router("/", ward_router)
    api.add_router("/", inquiries_router)
    api.add_router("/registry", registry_router)
    api.add_router("/", records_router)
    api.add_router("/grade", grading_router)
    api.add_router("/", screening_router)


_register_routers()

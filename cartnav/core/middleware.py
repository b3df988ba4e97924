"""Request-wide rules: responses with a person's data are never stored, and values no database
can keep are refused at the door."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.cache import add_never_cache_headers

#: Where the JSON API lives: its answers are JSON and English, whoever asks.
API_PREFIX = "/api/"


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every page shown to a signed-in person and every
    API answer: a shared computer's back button or disk cache must not keep a patient's case.
    Anonymous pages (sign-in, the health check) and static files stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith(API_PREFIX):
            add_never_cache_headers(response)
        return response


class RefuseNulMiddleware:
    """A query string or form field with a NUL character is refused with 400 before any view
    runs: no database keeps one (PostgreSQL refuses it), so it can only be an attack or a bug,
    and left alone it would end as a database error (a 500) deep in a query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = _nul_field(request)
        if bad is None:
            return self.get_response(request)
        message = f"{bad}: a NUL character (\\u0000) is not allowed in any value."
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _nul_field(request: HttpRequest) -> str | None:
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in v for v in values):
            return name.replace("\x00", "") or "query"
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for name, values in request.POST.lists():
            if "\x00" in name or any("\x00" in v for v in values):
                return name.replace("\x00", "") or "form"
    return None

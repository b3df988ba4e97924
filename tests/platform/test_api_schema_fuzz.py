"""Property-based test of the JSON API against its own OpenAPI document (schemathesis).

What it proves: for every operation the served document at ``/api/v1/openapi.json`` lists, and
for each of three callers — a patient with a browser session (Ana), a coordinator with a
session past her second factor (Cora), and a read-and-write bearer token (Cora's) — requests
generated from the document never get a 5xx, and every answer is conformant: its status is one
the operation documents, its content type is the documented one and its body matches the
documented schema (the ``{"detail": ...}`` refusals and the 422 ``InvalidOut`` included).

How: the document is loaded from the real WSGI application (``cartnav.wsgi.application``), so
every request runs the whole middleware stack, CSRF included. Session callers send the cast's
``sessionid`` cookie plus a CSRF cookie and the matching ``X-CSRFToken`` header, so their writes
reach the views instead of stopping at a 403; a preflight proves the credentials work (else
every answer would be a documented, so "conformant", 401/403 and the test would prove nothing).
Each operation is tried three ways: valid input with real ids of Ana's (her case, patient
record and research consent, a grading kind that exists), so it gets past its 404 and reaches
the view; invalid input (schemathesis's negative mode) with the same ids, which must be a 400 or
422, never a 500; and valid input with someone else's ids (Bea's, hospital B) or generated ones,
which must be a clean 404/403. Each example runs in a savepoint that is rolled back, so one
example's write (a stage change, a withdrawn consent) never changes what the next one sees.

Why the numbers: 30 operations x 3 callers = 90 test items, each one operation for one caller,
so a failure names both and ``-n 2`` can share them out. Per item: 12 valid examples with real
ids (enough for several body shapes, which is what reaches the 200s of PATCH, PUT, grading and
screening), 6 invalid ones and 6 with foreign or generated ids (a 404 is a 404; a few suffice).
That is about 2,200 in-process requests against in-memory SQLite: ~25 s for the file, alone or
shared out by ``make test``'s ``-n 2`` (about 0.25 s an item; a tenfold run found nothing more). ``derandomize=True`` and no example database fix the examples,
so a failure fails the same way on every run and machine. ``deadline=None`` and the ``too_slow``
health check off because a request's time depends on the machine, not on the code under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.errors import FailureGroup

from cartnav.accounts.models import ApiToken
from cartnav.api import api
from cartnav.wsgi import application
from tests.cast import Cast, build_cast

MAX_EXAMPLES = 12
NEGATIVE_EXAMPLES = 6
OTHER_EXAMPLES = 6

#: What every answer is checked for: no 5xx, and conformance to the document.
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]

SCHEMA_PATH = "/api/v1/openapi.json"
#: A fixed CSRF secret (32 of Django's allowed characters): sent as the cookie and the header.
CSRF_TOKEN = "fuzzFUZZfuzzFUZZfuzzFUZZfuzzFUZZ"

CALLERS = ("patient-session", "staff-session", "bearer-token")


def _operation_labels() -> list[str]:
    """``METHOD /path`` of every operation, read from the API object (no database needed), so
    each becomes its own test; the test checks the served document lists the same ones."""
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
    ]


OPERATIONS = _operation_labels()

_loaded: dict[str, Any] = {}


def _schema() -> Any:
    """The served document, loaded through WSGI once per process."""
    if "schema" not in _loaded:
        _loaded["schema"] = schemathesis.openapi.from_wsgi(SCHEMA_PATH, application)
    return _loaded["schema"]


@pytest.fixture
def _requests_keep_the_test_connection() -> Iterator[None]:
    """Django closes stale connections at each request's start and end; a request made through
    WSGI inside a test transaction must not (Django's own test ``Client`` does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _credentials(cast: Cast, caller: str) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and cookies the caller sends with every request."""
    if caller == "bearer-token":
        _token, raw = ApiToken.issue(cast.users["cora"], "fuzz", scope="write", verified=True)
        return {"Authorization": f"Bearer {raw}"}, {}
    name = "ana" if caller == "patient-session" else "cora"
    session_id = cast.client(name).cookies["sessionid"].value
    return {"X-CSRFToken": CSRF_TOKEN}, {"sessionid": session_id, "csrftoken": CSRF_TOKEN}


def _ward_of(case: Any, nurse: Any) -> tuple[int, int]:
    """Ana's ward stay, with a low SpO2 charted (one value, one open alert): the ward's
    answers are then checked with a real record, not only as 404s."""
    import datetime as dt

    from django.utils import timezone

    from cartnav.ward import services as ward
    from cartnav.ward.models import Alert, WardStay

    stay = WardStay.objects.filter(case=case).first()
    if stay is None:
        stay = ward.admit(None, case, timezone.now() - dt.timedelta(days=1), weight_kg=70)
        ward.record(None, stay, timezone.now(), {"spo2": {"value": 88, "unit": "%"}}, by=nurse)
    return stay.observations.first().pk, Alert.objects.get(stay=stay).pk


def _path_parameter_sets(cast: Cast) -> tuple[dict[str, Any], dict[str, Any]]:
    """Real ids of Ana's (reachable for Ana and Cora), and real ids of Bea's (hospital B)."""
    observation, alert = _ward_of(cast.ana_case, cast.users["nils"])
    ana_consent = cast.ana.consents.get(purpose="research")
    bea_consent = cast.bea.consents.get(purpose="research")
    own = {
        "case_id": str(cast.ana_case.pk),
        "patient_id": str(cast.ana.pk),
        "consent_id": str(ana_consent.pk),
        "number": 1,
        "version": 1,
        "kind": "crs",
        "observation_id": observation,
        "alert_id": alert,
    }
    foreign = {
        "case_id": str(cast.bea_case.pk),
        "patient_id": str(cast.bea.pk),
        "consent_id": str(bea_consent.pk),
        "number": 1,
        "version": 1,
        "kind": "icans",
        "observation_id": 1,
        "alert_id": 1,
    }
    return own, foreign


def _plans(operation: Any, cast: Cast) -> list[tuple[str, Any, int]]:
    """(what is tried, its strategy, how many examples) for one operation."""
    names = [p.name for p in operation.path_parameters]
    if not names:
        return [
            ("valid input", operation.as_strategy(), MAX_EXAMPLES),
            ("invalid input", operation.as_strategy(GenerationMode.NEGATIVE), NEGATIVE_EXAMPLES),
        ]
    own, foreign = _path_parameter_sets(cast)
    own = {n: own[n] for n in names}
    foreign = {n: foreign[n] for n in names}
    return [
        ("valid input, real ids", operation.as_strategy(path_parameters=own), MAX_EXAMPLES),
        (
            "invalid input, real ids",
            operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=own),
            NEGATIVE_EXAMPLES,
        ),
        (
            "valid input, someone else's ids or generated ones",
            st.one_of(operation.as_strategy(path_parameters=foreign), operation.as_strategy()),
            OTHER_EXAMPLES,
        ),
    ]


def _preflight(schema: Any, caller: str, headers: dict[str, str], cookies: dict[str, str]) -> None:
    """The harness's credentials work: the caller is recognised, and a session's write passes
    the CSRF check. Without this, a broken cookie would make every answer a documented (and
    so "conformant") 401 or 403, and the fuzzing would pass without testing anything."""
    me = schema["/api/v1/me"]["GET"].Case().call(headers=headers, cookies=cookies)
    assert me.status_code == 200, f"harness: {caller} is not signed in: {me.text}"
    assert me.json()["username"] == ("ana" if caller == "patient-session" else "cora"), me.text
    write = (
        schema["/api/v1/grade/{kind}"]["POST"]
        .Case(path_parameters={"kind": "crs"}, body={}, media_type="application/json")
        .call(headers=headers, cookies=cookies)
    )
    assert write.status_code in (200, 422), f"harness: {caller}'s POST refused: {write.text}"


def _describe(exc: BaseException) -> str:
    """Hypothesis's falsifying example and schemathesis's report (failed checks, the answer,
    and a curl command that reproduces it)."""
    notes = "\n".join(getattr(exc, "__notes__", ()))
    return f"{exc}\n{notes}".strip()


@pytest.mark.django_db
@pytest.mark.usefixtures("_requests_keep_the_test_connection")
@pytest.mark.parametrize("label", OPERATIONS)
@pytest.mark.parametrize("caller", CALLERS)
def test_answers_conform_to_the_schema(caller: str, label: str) -> None:
    cast = build_cast()
    schema = _schema()
    served = {result.ok().label for result in schema.get_all_operations()}
    assert label in served, f"{label} is routed but not in the served {SCHEMA_PATH}"
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    headers, cookies = _credentials(cast, caller)
    _preflight(schema, caller, headers, cookies)

    failures = []
    for plan, strategy, examples in _plans(operation, cast):

        @settings(
            max_examples=examples,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        )
        @given(case=strategy)
        def fuzz(case: Any) -> None:
            # A savepoint per example: its writes are undone before the next one.
            with transaction.atomic():
                response = case.call(headers=headers, cookies=cookies)
                transaction.set_rollback(True)
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            fuzz()
        except Unsatisfiable:
            # Invalid input with the real ids fixed is impossible for a route that has nothing
            # else to send wrong: no body, no query, no credentials (the public letter
            # verification). Only that plan may be empty; any other plan must generate.
            assert plan == "invalid input, real ids" and operation.method.upper() == "GET"
            assert not operation.body.items and not operation.query.items
            assert not list(operation.security.iter_parameters())
        except (Exception, FailureGroup) as exc:  # every plan runs; all failures are reported
            failures.append(f"--- {label} as {caller}, {plan}:\n{_describe(exc)}")
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)

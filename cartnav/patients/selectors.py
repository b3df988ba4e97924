"""Read-side queries on patients and cases, always starting from what the person may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from cartnav import access
from cartnav.patients.models import Case, display_name


def search_cases(user: Any, q: str = "", stage: str = "") -> QuerySet[Case]:
    """The cases ``user`` may see matching ``q`` (case number, names, diagnosis) and ``stage``,
    newest stage change first."""
    cases = access.visible_cases(user)
    q = q.strip()
    if q:
        cases = cases.filter(
            Q(number__icontains=q)
            | Q(patient__family_name__icontains=q)
            | Q(patient__given_name__icontains=q)
            | Q(patient__native_name__icontains=q)
            | Q(diagnosis__icontains=q)
        )
    if stage:
        cases = cases.filter(stage=stage)
    return cases.order_by("-stage_changed", "number")


def case_rows(user: Any, q: str = "", stage: str = "") -> QuerySet[Any]:
    """:func:`search_cases` as rows of only the columns a list shows (the dashboard and the API).

    Plain rows, not model instances: a case row would bring its patient's encrypted passport
    number and contacts, and building four model instances per row (case, patient, hospital,
    coordinator) was most of what a list cost under load (bench/bench_pages.py). Call
    :func:`with_names` on the rows a page shows.
    """
    return _list_columns(search_cases(user, q, stage))


def _list_columns(cases: QuerySet[Case]) -> QuerySet[Any]:
    return cases.values(
        "id",
        "number",
        "patient_id",
        "stage",
        "stage_changed",
        "diagnosis",
        given_name=F("patient__given_name"),
        family_name=F("patient__family_name"),
        native_name=F("patient__native_name"),
        hospital_slug=F("hospital__slug"),
        hospital_name=F("hospital__name"),
        hospital_name_zh=F("hospital__name_zh"),
        coordinator_name=F("coordinator__username"),
    )


def with_names(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``patient_name``, as :attr:`Patient.display_name` shows it."""
    return [
        {
            **row,
            "patient_name": display_name(row["given_name"], row["family_name"], row["native_name"]),
        }
        for row in rows
    ]


def _by_stage(cases: QuerySet[Case]) -> QuerySet[Any]:
    return cases.order_by().values("stage").annotate(n=Count("id"))


def counts_by_stage(user: Any) -> dict[str, int]:
    rows = access.run_by_rule(_COUNTS, user)
    return {row["stage"]: row["n"] for row in rows}


#: The lists every staff page and API call shows first — the newest cases, unfiltered — and the
#: counts by stage, compiled once per rule (``core.prepared``; docs/performance.md).
FIRST_ROWS = (25, 50)  # the dashboard's page, the API's default
_COUNTS = access.prepared_by_rule(_by_stage)
_FIRST = {
    n: access.prepared_by_rule(
        lambda cases, n=n: _list_columns(cases.order_by("-stage_changed", "number"))[:n]
    )
    for n in FIRST_ROWS
}


def first_rows(user: Any, n: int) -> list[dict[str, Any]] | None:
    """The first ``n`` rows of :func:`case_rows` with no search, by a prepared query; None if
    ``n`` is not one of :data:`FIRST_ROWS` (then slice :func:`case_rows`)."""
    if n not in _FIRST:
        return None
    return access.run_by_rule(_FIRST[n], user)

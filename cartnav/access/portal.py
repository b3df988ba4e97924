"""What the patient portal shows a patient or a family member, read in one pass.

The same rule as :func:`cartnav.access.visible_cases` — a patient sees the cases of the patient
they are, a proxy those of the patients they act for — applied to every kind of row the portal
shows: the patients and their consents, the cases and their history, documents, to-dos and
reviews. Each kind is one query keyed on the person alone, compiled once (``core.prepared``):
the portal is the page patients open most, and compiling seven queries with their joins was
most of its cost (bench/bench_pages.py, docs/performance.md). The rows are attached to their
case or patient exactly as Django's ``prefetch_related`` attaches them, so templates read
``case.documents.all`` as before, without another query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from cartnav.access.policy import (
    note_visible,
    patients_by_rule,
    prepared_by_rule,
    role_key,
)
from cartnav.accounts.roles import Role
from cartnav.patients.models import Case, Consent, Patient, StageChange
from cartnav.records.models import Document, ReviewRequest, ToDo

#: The rules the portal serves: a patient's own, a family member's.
RULES = (Role.PATIENT, Role.PROXY)

_PATIENTS = prepared_by_rule(lambda patients: patients, RULES, of=patients_by_rule)
_CONSENTS = prepared_by_rule(
    lambda patients: (
        Consent.objects.select_related("text")
        .defer("text__body")  # the portal shows a text's version and language, not the text
        .filter(patient__in=patients.values("pk"))
    ),
    RULES,
    of=patients_by_rule,
)
_CASES = prepared_by_rule(lambda cases: cases.select_related("screening_profile"), RULES)
#: The rows of each case the portal shows: (the case's related name, its query).
_CASE_ROWS: tuple[tuple[str, dict[str, Any]], ...] = tuple(
    (
        name,
        prepared_by_rule(
            lambda cases, m=model: m.objects.filter(case__in=cases.values("pk")), RULES
        ),
    )
    for name, model in (
        ("stage_changes", StageChange),
        ("documents", Document),
        ("todos", ToDo),
        ("reviews", ReviewRequest),
    )
)


def _attach(owners: list[Any], name: str, rows: Iterable[Any], key: str) -> None:
    """Give each owner its rows as the result of ``owner.<name>.all()``, as prefetching does.

    Each owner's rows sit in a :class:`_Attached` queryset, made without the related manager
    (building one per owner and relation was a tenth of the portal's queries' cost). It holds
    no filter of its own, so it refuses to be narrowed or re-run: ``owner.<name>.filter(...)``
    raises instead of querying every owner's rows.
    """
    by_owner: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        by_owner[getattr(row, key)].append(row)
    model = type(owners[0]) if owners else None
    if model is None:
        return
    related = model._meta.get_field(name).related_model
    for owner in owners:
        queryset = _Attached(model=related)
        queryset._result_cache = by_owner.get(owner.pk, [])
        queryset._prefetch_done = True
        owner.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def portal(user: Any) -> tuple[list[Patient], list[Case]]:
    """The patients and cases ``user`` (a patient or a proxy) may see, by the rules of
    :mod:`cartnav.access.policy`, with everything the portal shows of them; nothing for any
    other role."""
    rule = role_key(user)
    if rule not in RULES:
        return [], []
    patients = _PATIENTS[rule].all(user.pk)
    _attach(patients, "consents", _CONSENTS[rule].all(user.pk), "patient_id")
    cases = _CASES[rule].all(user.pk)
    for name, queries in _CASE_ROWS:
        _attach(cases, name, queries[rule].all(user.pk), "case_id")
    note_visible(user, cases)
    return patients, cases


class _Attached(QuerySet[Any]):
    """Rows attached by the portal: read them (``all``, iterating, ``count``, ``exists``);
    anything that would build a new query is refused."""

    def _chain(self) -> QuerySet[Any]:
        raise RuntimeError(
            "rows attached by access.portal cannot be queried further; query the owner's "
            "related manager in code that did not load them through the portal"
        )

    def all(self) -> QuerySet[Any]:
        return self

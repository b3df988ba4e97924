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

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet

from cartnav.accounts.roles import Role
from cartnav.core.prepared import Prepared
from cartnav.patients.models import Case, Consent, Patient, StageChange
from cartnav.records.models import Document, ReviewRequest, ToDo

#: How each patient-side role reaches a patient, from the patient's own row.
_TO_PATIENT = {Role.PATIENT: "user_id", Role.PROXY: "proxies"}
_USER_PK = get_user_model()._meta.pk


def _prepared(build: Any) -> dict[str, Prepared]:
    return {
        role: Prepared(lambda uid, p=path: build(p, uid), _USER_PK)
        for role, path in _TO_PATIENT.items()
    }


_PATIENTS = _prepared(lambda path, uid: Patient.objects.filter(**{path: uid}))
_CONSENTS = _prepared(
    lambda path, uid: Consent.objects.select_related("text").filter(**{f"patient__{path}": uid})
)
_CASES = _prepared(
    lambda path, uid: Case.objects.select_related(
        "patient", "hospital", "coordinator", "screening_profile"
    ).filter(**{f"patient__{path}": uid})
)
#: The rows of each case the portal shows: (the case's related name, its query).
_CASE_ROWS: tuple[tuple[str, dict[str, Prepared]], ...] = tuple(
    (
        name,
        _prepared(lambda path, uid, m=model: m.objects.filter(**{f"case__patient__{path}": uid})),
    )
    for name, model in (
        ("stage_changes", StageChange),
        ("documents", Document),
        ("todos", ToDo),
        ("reviews", ReviewRequest),
    )
)


def _attach(owners: Iterable[Model], name: str, rows: Iterable[Any], key: str) -> None:
    """Give each owner its rows as the result of ``owner.<name>.all()``, as prefetching does."""
    by_owner: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        by_owner[getattr(row, key)].append(row)
    for owner in owners:
        queryset: QuerySet[Any] = getattr(owner, name).get_queryset()
        queryset._result_cache = by_owner.get(owner.pk, [])
        queryset._prefetch_done = True
        owner.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def portal(user: Any) -> tuple[list[Patient], list[Case]]:
    """The patients and cases ``user`` (a patient or a proxy) may see, with everything the
    portal shows of them; nothing for any other role."""
    role = getattr(user, "role", None)
    if (
        not getattr(user, "is_authenticated", False)
        or not user.is_active
        or role not in _TO_PATIENT
    ):
        return [], []
    patients = _PATIENTS[role].all(user.pk)
    _attach(patients, "consents", _CONSENTS[role].all(user.pk), "patient_id")
    cases = _CASES[role].all(user.pk)
    for name, query in _CASE_ROWS:
        _attach(cases, name, query[role].all(user.pk), "case_id")
    from cartnav.access.policy import _seen

    _seen(user).update(dict.fromkeys((c.pk for c in cases), True))
    return patients, cases

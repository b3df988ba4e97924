"""Read-side queries on patients and cases, always starting from what the person may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from cartnav import access
from cartnav.patients.models import Case


def search_cases(user: Any, q: str = "", stage: str = "") -> QuerySet[Case]:
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


def counts_by_stage(user: Any) -> dict[str, int]:
    rows = access.visible_cases(user).order_by().values("stage").annotate(n=Count("id"))
    return {row["stage"]: row["n"] for row in rows}

"""Saving a case's screening profile and keeping its screening result current.

A result is recomputed when the profile is saved (at once: one patient against the whole catalog
takes milliseconds) and whenever it is read after the catalog changed (its stored catalog version
is older); ``recompute_stale`` does the same for every case in the background (Huey).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from cartnav.audit import services as audit
from cartnav.eligibility.profile import PatientProfile, ProfileError
from cartnav.eligibility.screen import ScreeningResult as CoreResult
from cartnav.eligibility.screen import screen
from cartnav.patients.models import Case
from cartnav.screening import catalog
from cartnav.screening.models import ScreeningProfile, ScreeningResult


def _digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _today() -> dt.date:
    return timezone.localdate()


def validate(data: Any) -> PatientProfile:
    """Raise ProfileError naming the field, or give the parsed profile."""
    return PatientProfile.from_dict(data)


@transaction.atomic
def save_profile(
    request: HttpRequest | None, case: Case, data: dict[str, Any], *, by: Any = None
) -> ScreeningResult:
    profile = validate(data)  # nothing is written if this raises
    actor = by if by is not None else getattr(request, "user", None)
    ScreeningProfile.objects.update_or_create(
        case=case,
        defaults={
            "data": data,
            "digest": _digest(data),
            "updated_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    audit.record(
        request,
        "edit_profile",
        case,
        patient_id=case.patient_id,
        user=actor,
        detail={"fields": sorted(data)},
    )
    return _store(case, profile, _digest(data))


def _store(case: Case, profile: PatientProfile, digest: str) -> ScreeningResult:
    result = screen(profile, catalog.build(), _today())
    row, _ = ScreeningResult.objects.update_or_create(
        case=case,
        defaults={
            "catalog_version": result.catalog_version,
            "profile_digest": digest,
            "counts": result.counts(),
            "options": [o.to_dict() for o in result.options],
            "hospitals": result.hospitals,
        },
    )
    return row


def current_result(case: Case) -> ScreeningResult | None:
    """The stored result, recomputed first if the profile or the catalog changed since."""
    profile_row = ScreeningProfile.objects.filter(case=case).first()
    if profile_row is None:
        return None
    stored = ScreeningResult.objects.filter(case=case).first()
    version = catalog.build().version
    if stored and stored.catalog_version == version and stored.profile_digest == profile_row.digest:
        return stored
    try:
        profile = validate(profile_row.data)
    except ProfileError:
        return stored
    with transaction.atomic():
        return _store(case, profile, profile_row.digest)


def recompute_stale() -> int:
    version = catalog.build().version
    stale = ScreeningProfile.objects.exclude(
        case__screening_result__catalog_version=version
    ).select_related("case")
    count = 0
    for row in stale:
        current_result(row.case)
        count += 1
    return count


def screen_profile(data: dict[str, Any]) -> CoreResult:
    """Stateless: a profile against the current catalog, nothing stored."""
    return screen(validate(data), catalog.build(), _today())

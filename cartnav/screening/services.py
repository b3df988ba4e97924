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
from django.utils.translation import gettext as _

from cartnav.audit import services as audit
from cartnav.eligibility.profile import PatientProfile, ProfileError
from cartnav.eligibility.screen import ScreeningResult as CoreResult
from cartnav.eligibility.screen import screen
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError, lock_case
from cartnav.screening import catalog
from cartnav.screening.models import (
    ProfileSource,
    ProfileVersion,
    ScreeningProfile,
    ScreeningResult,
)


def _digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _today() -> dt.date:
    return timezone.localdate()


def validate(data: Any) -> PatientProfile:
    """Raise ProfileError naming the field, or give the parsed profile."""
    return PatientProfile.from_dict(data)


def source_for(actor: Any) -> str:
    """Where a change comes from when the caller does not say: the patient's side or staff."""
    return (
        ProfileSource.PATIENT if getattr(actor, "is_patient_side", False) else ProfileSource.STAFF
    )


def _changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    def text(value: Any) -> str:
        return json.dumps(value, sort_keys=True, default=str)

    return sorted(k for k in set(before) | set(after) if text(before.get(k)) != text(after.get(k)))


@transaction.atomic
def save_profile(
    request: HttpRequest | None,
    case: Case,
    data: dict[str, Any],
    *,
    by: Any = None,
    source: str | None = None,
    note: str = "",
) -> ScreeningResult:
    """Validate and store the profile, keep it as a new version, and recompute the options.

    The case's row is locked first, so two saves at once are applied one after the other and
    each version's "what changed" is measured against the version really before it.
    """
    return _save(request, case, data, by=by, source=source, note=note)[1]


def _save(
    request: HttpRequest | None,
    case: Case,
    data: dict[str, Any],
    *,
    by: Any,
    source: str | None,
    note: str,
) -> tuple[ProfileVersion, ScreeningResult]:
    profile = validate(data)  # nothing is written if this raises
    actor = by if by is not None else getattr(request, "user", None)
    person = actor if getattr(actor, "pk", None) else None
    lock_case(case)
    digest = _digest(data)
    row = ScreeningProfile.objects.filter(case=case).first()
    previous = row.data if row else {}
    if row is None:
        row = ScreeningProfile(case=case)
    row.data, row.digest, row.updated_by = data, digest, person
    row.save()
    last = ProfileVersion.objects.filter(case=case).order_by("-number").first()
    changed = _changed(previous, data)
    version = ProfileVersion.objects.create(
        case=case,
        number=(last.number if last else 0) + 1,
        data=data,
        digest=digest,
        at=timezone.now(),
        by=person,
        source=source or source_for(actor),
        note=note[:300],
        changed=changed,
    )
    audit.record(
        request,
        "edit_profile",
        case,
        patient_id=case.patient_id,
        user=actor,
        detail={"fields": changed, "version": version.number, "source": version.source},
    )
    return version, _store(case, profile, digest)


def versions(case: Case) -> list[ProfileVersion]:
    """The profile's versions, newest first (the case was fetched through ``access``)."""
    return list(ProfileVersion.objects.filter(case=case).select_related("by").order_by("-number"))


@transaction.atomic
def restore_version(
    request: HttpRequest | None, case: Case, number: int, *, by: Any = None
) -> ProfileVersion:
    """Undo: make an earlier version the profile again, as a new version that says so."""
    old = ProfileVersion.objects.filter(case=case, number=number).first()
    if old is None:
        raise ServiceError(_("There is no version %(n)s of this profile.") % {"n": number})
    current = ProfileVersion.objects.filter(case=case).order_by("-number").first()
    if current is not None and current.number == old.number:
        raise ServiceError(_("This version is the current profile already."))
    version, _result = _save(
        request,
        case,
        old.data,
        by=by,
        source=ProfileSource.RESTORE,
        note=_("Restored version %(n)s") % {"n": old.number},
    )
    return version


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

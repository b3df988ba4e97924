"""Importing a FHIR bundle into a case: whom it is about, what it would change, and the import.

The steps, each one function that the page, the API and the tests call:

1. :func:`plan_import` reads the bundle (``records.fhir``), compares its Patient with the case's
   patient (``records.identity``) and sorts its facts against the case's profile
   (``records.merge``): nothing is stored.
2. :func:`stash` keeps a previewed bundle as a file for the person who previewed it (the page's
   two steps), and :func:`pending_bundle` gives it back.
3. :func:`import_bundle` imports: refused while the bundle names another person, unless a
   coordinator (or an administrator) has seen the differences and confirms; refused if the
   profile changed since the preview; the case's values are kept for every conflicting fact
   not named in ``take``; the result is a new profile version marked "import".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cartnav.accounts.roles import Role
from cartnav.audit import services as audit
from cartnav.eligibility.profile import ProfileError
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError, lock_case
from cartnav.records import fhir, identity, merge
from cartnav.records.models import PendingImport
from cartnav.screening.models import ProfileSource, ScreeningProfile

#: How long a previewed bundle waits for its import.
PENDING_FOR = dt.timedelta(hours=1)
#: Who may confirm that a bundle naming someone else is about this patient after all.
CONFIRMERS = frozenset({Role.COORDINATOR, Role.ADMIN})


class IdentityMismatch(ServiceError):
    """The bundle names someone other than the case's patient; ``differences`` says how."""

    field = "patient"

    def __init__(self, differences: list[identity.Difference], *, may_confirm: bool) -> None:
        shown = "; ".join(f"{d.fact}: case {d.case}, bundle {d.bundle}" for d in differences)
        if may_confirm:
            message = _(
                "This bundle may be about another person (%(d)s). Check the differences and "
                "confirm that it is about this patient, or import nothing."
            ) % {"d": shown}
        else:
            message = _(
                "This bundle may be about another person (%(d)s), so nothing was imported. "
                "Your coordinator can check it with you."
            ) % {"d": shown}
        super().__init__(message)
        self.differences = differences
        self.extra = {"differences": [d.to_dict() for d in differences]}


@dataclass
class ImportPlan:
    preview: fhir.Preview
    differences: list[identity.Difference]
    merge: merge.Plan
    profile_digest: str

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.preview.to_dict(),
            "identity_differences": [d.to_dict() for d in self.differences],
            "merge": self.merge.to_dict(),
            "profile_digest": self.profile_digest,
        }


def person_of(case: Case) -> identity.CasePerson:
    p = case.patient
    return identity.CasePerson(
        family_name=p.family_name,
        given_name=p.given_name,
        native_name=p.native_name,
        date_of_birth=p.date_of_birth,
        sex=p.sex,
        passport_number=p.passport_number or "",
    )


def _profile(case: Case) -> tuple[dict[str, Any], str]:
    row = ScreeningProfile.objects.filter(case=case).first()
    return (row.data, row.digest) if row else ({}, "")


def plan_import(case: Case, raw: Any, *, repair_ids: bool = False) -> ImportPlan:
    """What importing ``raw`` would do to this case. Raises ``fhir.BundleError``."""
    preview = fhir.preview(raw, repair_ids=repair_ids)
    data, digest = _profile(case)
    return ImportPlan(
        preview,
        identity.compare(person_of(case), preview.identity),
        merge.plan(data, preview.profile),
        digest,
    )


def may_confirm(user: Any) -> bool:
    return getattr(user, "role", None) in CONFIRMERS


def import_bundle(
    request: HttpRequest | None,
    case: Case,
    raw: Any,
    *,
    repair_ids: bool = False,
    take: Collection[str] = (),
    confirm_identity: bool = False,
    expected_digest: str | None = None,
    by: Any = None,
) -> ImportPlan:
    """Import the bundle's facts into the profile, field by field, atomically."""
    actor = by if by is not None else getattr(request, "user", None)
    steps = plan_import(case, raw, repair_ids=repair_ids)
    if steps.differences and not (confirm_identity and may_confirm(actor)):
        raise IdentityMismatch(steps.differences, may_confirm=may_confirm(actor))
    from cartnav.screening.services import save_profile

    with transaction.atomic():
        lock_case(case)
        data, digest = _profile(case)
        if expected_digest is not None and expected_digest != digest:
            raise ServiceError(
                _("The profile changed since the preview. Preview the bundle again.")
            )
        # Planned again on the profile as it is now, under the lock: the preview's plan was
        # made before, and the profile may have changed since (without ``expected_digest``).
        steps.merge, steps.profile_digest = merge.plan(data, steps.preview.profile), digest
        merged = merge.apply(data, steps.preview.profile, frozenset(take), steps.merge)
        taken = sorted({c.fact for c in steps.merge.conflicts} & set(take))
        try:
            save_profile(
                request,
                case,
                merged,
                by=actor,
                source=ProfileSource.IMPORT,
                note=_("FHIR bundle: %(n)s facts added, %(t)s taken over the case's")
                % {"n": len(steps.merge.added), "t": len(taken)},
            )
        except ProfileError as exc:
            raise ServiceError(
                _(
                    "Nothing was imported: with the bundle's facts the profile would be "
                    "invalid (%(e)s)."
                )
                % {"e": exc}
            ) from exc
        audit.record(
            request,
            "import_fhir",
            case,
            patient_id=case.patient_id,
            user=actor,
            detail={
                "added": steps.merge.added,
                "taken": taken,
                "kept": sorted({c.fact for c in steps.merge.conflicts} - set(take)),
                "appended": steps.merge.appended,
                "unmapped": len(steps.preview.unmapped),
                "identity_confirmed": [d.fact for d in steps.differences],
            },
        )
    return steps


def _storage_name(pending_id: Any) -> str:
    return f"pending-imports/{pending_id}.json"


def stash(
    request: HttpRequest, case: Case, raw: bytes, *, repair_ids: bool, digest: str
) -> PendingImport:
    """Keep a previewed bundle for its import (a file, for this person and case, for an hour)."""
    discard_expired()
    pending = PendingImport(
        case=case,
        created_by=request.user,
        sha256=hashlib.sha256(raw).hexdigest(),
        repair_ids=repair_ids,
        profile_digest=digest,
    )
    pending.storage_name = _storage_name(pending.pk)
    default_storage.save(pending.storage_name, ContentFile(raw))
    pending.save()
    return pending


def pending_bundle(request: HttpRequest, case: Case, pending_id: Any) -> PendingImport | None:
    """The previewed bundle this person left for this case, if it has not expired."""
    try:
        pending = PendingImport.objects.filter(
            pk=pending_id, case=case, created_by=request.user
        ).first()
    except (ValueError, TypeError, ValidationError):  # a malformed id is simply not found
        return None
    if pending is None or pending.created < timezone.now() - PENDING_FOR:
        return None
    return pending


def read_pending(pending: PendingImport) -> bytes:
    with default_storage.open(pending.storage_name, "rb") as fh:
        data: bytes = fh.read()
    return data


def discard(pending: PendingImport) -> None:
    default_storage.delete(pending.storage_name)
    pending.delete()


def discard_expired() -> int:
    old = list(PendingImport.objects.filter(created__lt=timezone.now() - PENDING_FOR))
    for pending in old:
        discard(pending)
    return len(old)

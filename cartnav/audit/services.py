"""Appending to and verifying the audit chain. The only code that writes audit records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from cartnav.audit.models import GENESIS, AuditHead, AuditRecord


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest | None,
    action: str,
    obj: Any = None,
    *,
    patient_id: Any = None,
    detail: dict[str, Any] | None = None,
    user: Any = None,
) -> AuditRecord:
    """Append one record: who (from the request or ``user``), what, on which object, from where.

    Runs in its own atomic block, so a read is recorded even when nothing else is written; inside
    a service's transaction the record commits (or rolls back) with the change it describes.
    """
    actor = user if user is not None else getattr(request, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        rec = AuditRecord(
            seq=head.seq + 1,
            at=timezone.now(),
            user_id_value=actor.pk if actor else None,
            username=actor.get_username() if actor else "",
            role=getattr(actor, "role", "") if actor else "",
            action=action,
            object_type=type(obj).__name__ if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            patient_id=str(patient_id) if patient_id else "",
            detail=detail or {},
            ip=_client_ip(request),
            path=(request.get_full_path()[:300] if request is not None else ""),
            prev_digest=head.digest,
        )
        rec.digest = rec.compute_digest()
        rec.save(force_insert=True)
        head.seq, head.digest = rec.seq, rec.digest
        head.save(update_fields=["seq", "digest"])
    return rec


@dataclass
class Verification:
    ok: bool
    checked: int
    problems: list[str] = field(default_factory=list)


def verify(batch: int = 5000) -> Verification:
    """Walk the chain from the first record and report every break.

    Detects an edited record (its digest no longer matches its fields), a deleted or inserted
    record (a gap in ``seq`` or a ``prev_digest`` that is not its predecessor's digest) and a
    truncated tail (the head names a later record than the last one found).
    """
    problems: list[str] = []
    prev_digest, prev_seq, checked = GENESIS, 0, 0
    last_seq = 0
    while True:
        rows = list(AuditRecord.objects.filter(seq__gt=last_seq).order_by("seq")[:batch])
        if not rows:
            break
        for rec in rows:
            checked += 1
            if rec.seq != prev_seq + 1:
                problems.append(f"records {prev_seq + 1}–{rec.seq - 1} are missing")
            if rec.prev_digest != prev_digest:
                problems.append(f"record {rec.seq} does not chain onto record {prev_seq}")
            if rec.compute_digest() != rec.digest:
                problems.append(f"record {rec.seq} was changed after it was written")
            prev_digest, prev_seq = rec.digest, rec.seq
        last_seq = rows[-1].seq
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.seq != prev_seq or head.digest != prev_digest):
        problems.append(
            f"the chain ends at record {prev_seq} but its head names record {head.seq}: "
            "records at the end were deleted"
        )
    return Verification(ok=not problems, checked=checked, problems=problems)

"""Appending to and verifying the audit chain. The only code that writes audit records."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from cartnav.audit import checkpoints
from cartnav.audit import keys as audit_keys
from cartnav.audit.models import GENESIS, AuditHead, AuditRecord
from cartnav.core.client import client_ip


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
    rec = AuditRecord(
        at=timezone.now(),
        user_id_value=actor.pk if actor else None,
        username=actor.get_username() if actor else "",
        role=getattr(actor, "role", "") if actor else "",
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        patient_id=str(patient_id) if patient_id else "",
        detail=detail or {},
        ip=client_ip(request),
        path=(request.get_full_path()[:300] if request is not None else ""),
    )
    with transaction.atomic():
        _append(rec)
    return rec


#: The record's columns, and whether a value goes to the database as it is: Django's
#: ``get_db_prep_save`` leaves text and integers unchanged on every backend, so only the time,
#: the JSON detail and the address are passed through their fields (a tenth of an append).
_COLUMNS = [
    (f, f.attname, isinstance(f, models.CharField | models.BigIntegerField))
    for f in AuditRecord._meta.concrete_fields
    if not f.primary_key
]


@functools.cache
def _statements(vendor: str) -> tuple[str, str, str]:
    """The append's three statements in the driver's own placeholder style: lock and read the
    head (``FOR UPDATE`` where the database has it; SQLite's IMMEDIATE transactions already hold
    the write lock), insert the record, move the head."""
    quote = connection.ops.quote_name
    mark = "?" if vendor == "sqlite" else "%s"
    head = quote(AuditHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    columns = ", ".join(quote(f.column) for f, _, _ in _COLUMNS)
    marks = ", ".join([mark] * len(_COLUMNS))
    return (
        f"SELECT seq, digest FROM {head} WHERE id = 1{lock}",
        f"INSERT INTO {quote(AuditRecord._meta.db_table)} ({columns}) VALUES ({marks})",
        f"UPDATE {head} SET seq = {mark}, digest = {mark} WHERE id = 1",
    )


def _append(rec: AuditRecord) -> None:
    """Chain ``rec`` onto the head and write both, inside the caller's transaction.

    Three plain statements instead of the ORM's get_or_create/save/save: every page that shows
    health data appends a record, and compiling those queries was a tenth of a page's cost under
    load (bench/bench_pages.py). Values are prepared by the model's own fields
    (``get_db_prep_save``), exactly as ``Model.save`` would, so the rows are the same on SQLite
    and PostgreSQL. The head row is locked first (``FOR UPDATE`` where the database has it;
    SQLite's IMMEDIATE transactions already hold the write lock), so no two requests chain onto
    the same predecessor.
    """
    select, insert, update = _statements(connection.vendor)
    # The driver's own cursor, inside Django's error translation: Django's cursor wrapper (its
    # placeholder rewriting and execute wrappers) was a fifth of an append (docs/performance.md).
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(select)
            row = cursor.fetchone()
            if row is None:  # the first record ever: create the head, then lock it
                AuditHead.objects.get_or_create(id=1)
                cursor.execute(select)
                row = cursor.fetchone()
            rec.seq, rec.prev_digest = row[0] + 1, row[1]
            signing = audit_keys.keys()
            rec.key_id = signing.current_id
            rec.digest = rec.compute_digest(signing.secrets[rec.key_id])
            values = [
                getattr(rec, name) if plain else f.get_db_prep_save(getattr(rec, name), connection)
                for f, name, plain in _COLUMNS
            ]
            cursor.execute(insert, values)
            cursor.execute(update, [rec.seq, rec.digest])
        finally:
            cursor.close()
    seq, digest, at = rec.seq, rec.digest, rec.at.isoformat(timespec="microseconds")
    transaction.on_commit(lambda: checkpoints.write(seq, digest, at), robust=True)


@dataclass
class Verification:
    ok: bool
    checked: int
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checkpoints: int = 0


def verify(batch: int = 5000) -> Verification:
    """Walk the chain from the first record and report every break.

    Detects an edited record (its keyed digest no longer matches its fields — and without the
    key nobody can make it match), a deleted or inserted record (a gap in ``seq`` or a
    ``prev_digest`` that is not its predecessor's digest), a record signed with a key that is
    not configured, an unkeyed record after keyed ones (a tail re-chained with plain hashes), a
    truncated tail (the head, or a signed checkpoint outside the database, names a later record
    than the last one found) and a rewritten chain (a checkpoint's digest differs from its
    record's). Memory grows with the number of checkpoints (one per committed request that
    wrote to the trail); archive the sink after a clean verify to keep it small.
    """
    signing = audit_keys.keys()
    problems: list[str] = []
    reading = checkpoints.read()
    problems += reading.problems
    expected = {cp.seq: cp for cp in reading.checkpoints}
    prev_digest, prev_seq, checked, keyed = GENESIS, 0, 0, False
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
            problems += _check_digest(rec, signing, keyed)
            keyed = keyed or bool(rec.key_id)
            cp = expected.pop(rec.seq, None)
            if cp is not None and cp.digest != rec.digest:
                problems.append(
                    f"record {rec.seq} differs from its checkpoint of {cp.at}: "
                    "the chain was rewritten"
                )
            prev_digest, prev_seq = rec.digest, rec.seq
        last_seq = rows[-1].seq
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.seq != prev_seq or head.digest != prev_digest):
        problems.append(
            f"the chain ends at record {prev_seq} but its head names record {head.seq}: "
            "records at the end were deleted"
        )
    for cp in sorted(expected.values(), key=lambda c: c.seq)[-1:]:
        problems.append(
            f"the checkpoint of {cp.at} names record {cp.seq}, but the chain ends at record "
            f"{prev_seq}: records at the end were deleted"
        )
    warnings = []
    if not reading.found and keyed:
        warnings.append(
            f"no checkpoints at {checkpoints.path()}: a cut-off tail cannot be detected"
        )
    return Verification(
        ok=not problems,
        checked=checked,
        problems=problems,
        warnings=warnings,
        checkpoints=len(reading.checkpoints),
    )


def _check_digest(rec: AuditRecord, signing: audit_keys.AuditKeys, keyed: bool) -> list[str]:
    if not rec.key_id:
        if keyed:
            return [f"record {rec.seq} has no key after keyed records: the chain was re-hashed"]
        return [] if rec.compute_digest() == rec.digest else [_changed(rec)]
    secret = signing.secrets.get(rec.key_id)
    if secret is None:
        return [f"record {rec.seq} is signed with key {rec.key_id!r}, which is not configured"]
    return [] if rec.compute_digest(secret) == rec.digest else [_changed(rec)]


def _changed(rec: AuditRecord) -> str:
    return f"record {rec.seq} was changed after it was written"

"""Signed checkpoints of the audit chain's head, written where the database is not.

An attacker who can change the database but does not hold the audit key cannot forge a record —
but they can delete the newest records and set the head back, and the shortened chain verifies.
After every commit that appends to the trail, the head (sequence number, digest, time) is
appended to a checkpoint sink outside the database, signed with the audit key. ``verify`` then
reads every checkpoint back: a checkpoint naming a record that is gone means the tail was cut
off; one whose digest differs from the record's means the chain was rewritten.

The sink is a file (``CARTNAV_AUDIT_CHECKPOINTS``, default ``var/audit-checkpoints.log``), one
JSON line per checkpoint, opened for appending: every server process appends its own lines,
each written whole by one ``write`` (the kernel keeps appends to a local file atomic), in any
order. In production, point it at append-only storage — a file with ``chattr +a``, a mount
shipped to a log service, a WORM bucket's local spool — that the database's operators cannot
rewrite.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from cartnav.audit import keys as audit_keys


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    digest: str
    at: str
    key_id: str
    mac: str

    def message(self) -> bytes:
        return f"checkpoint:{self.seq}:{self.digest}:{self.at}".encode()


def path() -> Path:
    return Path(settings.AUDIT_CHECKPOINTS)


def write(seq: int, digest: str, at: str) -> None:
    """Append one signed checkpoint (called after the commit that wrote record ``seq``)."""
    signing = audit_keys.keys()
    cp = Checkpoint(seq, digest, at, signing.current_id, "")
    # A number, hex digests and an ISO time need no JSON escapes, so the line is formatted
    # directly (json.dumps of the whole object was a seventh of an append); the key id, which
    # an operator names, is still encoded by json. ``read`` parses it back with json.loads.
    line = (
        f'{{"seq":{int(seq)},"digest":"{digest}","at":"{at}","key_id":{json.dumps(cp.key_id)},'
        f'"mac":"{signing.sign(cp.key_id, cp.message())}"}}'
    )
    os.write(_sink(path()), (line + "\n").encode())


_open: dict[tuple[int, Path], int] = {}
_open_lock = threading.Lock()


def _sink(target: Path) -> int:
    """The sink's file, opened for appending once per process (a forked worker opens its own),
    and opened anew if the file was moved away (rotation)."""
    key = (os.getpid(), target)
    with _open_lock:
        fd = _open.get(key)
        if fd is not None:
            try:
                if os.fstat(fd).st_ino == os.stat(target).st_ino:
                    return fd
            except FileNotFoundError:
                pass
            os.close(fd)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        _open[key] = fd
        return fd


@dataclass
class Reading:
    checkpoints: list[Checkpoint]
    problems: list[str]
    found: bool


def read() -> Reading:
    """Every checkpoint in the sink, and every line that is not a valid signed checkpoint."""
    target = path()
    if not target.exists():
        return Reading([], [], found=False)
    signing = audit_keys.keys()
    good: list[Checkpoint] = []
    problems: list[str] = []
    for number, line in _lines(target):
        try:
            data = json.loads(line)
            cp = Checkpoint(
                int(data["seq"]),
                str(data["digest"]),
                str(data["at"]),
                str(data["key_id"]),
                str(data["mac"]),
            )
        except (ValueError, KeyError, TypeError):
            problems.append(f"checkpoint line {number} cannot be read")
            continue
        if cp.key_id not in signing.secrets:
            problems.append(
                f"checkpoint line {number} is signed with key {cp.key_id!r}, which is not configured"
            )
        elif signing.sign(cp.key_id, cp.message()) != cp.mac:
            problems.append(f"checkpoint line {number} was altered: its signature does not match")
        else:
            good.append(cp)
    return Reading(good, problems, found=True)


def _lines(target: Path) -> Iterator[tuple[int, str]]:
    with target.open("r", encoding="utf-8", errors="replace") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                yield number, line

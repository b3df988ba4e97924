"""JSON lines in, one result per line out: the body of ``cartnav grade KIND [--explain]``.

An input error does not stop the stream: that line becomes
``{"kind": ..., "error": {"field": ..., "message": ...}}`` and the exit status at the end is 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from cartnav.clinical.contract import KINDS, grade
from cartnav.clinical.units import ClinicalInputError


def _error(kind: str, field: str | None, message: str) -> dict[str, Any]:
    return {"kind": kind, "error": {"field": field, "message": message}}


def _one(kind: str, line: str, explain: bool) -> tuple[str, bool]:
    """The output text for one input line, and whether it was graded."""
    try:
        payload = json.loads(line)
    except json.JSONDecodeError as exc:
        return json.dumps(
            _error(kind, None, f"not valid JSON: {exc.msg} (column {exc.colno})."),
            ensure_ascii=False,
        ), False
    if not isinstance(payload, dict):
        return json.dumps(
            _error(kind, None, "each line must be one JSON object."), ensure_ascii=False
        ), False
    try:
        result = grade(kind, payload)
    except ClinicalInputError as exc:
        return json.dumps(_error(kind, exc.field, str(exc)), ensure_ascii=False), False
    if explain:
        return result.explain() + "\n", True
    return json.dumps(result.to_dict(), ensure_ascii=False), True


def run_stream(kind: str, stdin_lines: Iterable[str], stdout: TextIO, explain: bool = False) -> int:
    """Grade each non-blank JSON line of ``stdin_lines`` as ``kind`` and write one result per line.

    Returns 0 when every line was graded, 1 when any line was refused, 2 for an unknown kind.
    """
    if kind not in KINDS:
        stdout.write(
            json.dumps(
                _error(kind, "kind", f"{kind!r} is not a kind; accepted: {', '.join(KINDS)}."),
                ensure_ascii=False,
            )
            + "\n"
        )
        return 2
    status = 0
    for line in stdin_lines:
        if not line.strip():
            continue
        text, ok = _one(kind, line, explain)
        stdout.write(text + "\n")
        status = status if ok else 1
    return status

"""JSON from outside, read with limits: size, nesting depth, the encoding, and NUL characters.

``json.loads`` recurses once per level of nesting, so a body of 100,000 ``[`` raises
``RecursionError`` deep inside the parser — and a merely deep document that parses can still
exhaust the stack of whatever walks it next (pydantic, fhir.resources, our own mappers). Every
document from outside is therefore read here: refused if larger than ``max_bytes``, not UTF-8,
not JSON, or nested deeper than ``max_depth``, each with a sentence a person can act on.
"""

from __future__ import annotations

import json
from typing import Any

#: No document cartnav accepts is nested deeper than this (a FHIR bundle is about 10 levels).
MAX_DEPTH = 64


class JSONRefused(ValueError):
    """The document cannot be read; the message says why."""


def problem(value: Any, limit: int = MAX_DEPTH) -> str | None:
    """Why ``value`` cannot be taken in, or None: nested deeper than ``limit``, or a text with
    a NUL character (no database keeps one: PostgreSQL refuses it in text and JSON). Walked
    without recursion, so the check itself cannot exhaust the stack."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return "a text contains a NUL character (\\u0000)"
            continue
        if isinstance(item, dict):
            children: Any = [*item.keys(), *item.values()]
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return f"the document is nested deeper than {limit} levels"
        stack.extend((child, depth + 1) for child in children)
    return None


def loads(raw: bytes | str, *, max_bytes: int | None = None, max_depth: int = MAX_DEPTH) -> Any:
    """Parse a JSON document from outside, or raise :class:`JSONRefused` saying why."""
    if max_bytes is not None and len(raw) > max_bytes:
        raise JSONRefused(f"the document is larger than {max_bytes // (1024 * 1024) or 1} MB")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JSONRefused(
                f"the document is not UTF-8 text (byte {exc.start} cannot be read)"
            ) from exc
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise JSONRefused(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except RecursionError as exc:
        raise JSONRefused(f"the document is nested deeper than {max_depth} levels") from exc
    found = problem(value, max_depth)
    if found:
        raise JSONRefused(found)
    return value

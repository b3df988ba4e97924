"""Every error the JSON API gives, in one documented shape.

Any refusal is ``{"detail": "<one sentence, in English>"}`` with its status (400 unreadable
body, 401 not signed in, 403 not allowed, 404 not there or not yours). Invalid input (422) adds
the field at fault and every problem found::

    {"detail": "to_stage: Input should be a valid string",
     "field": "to_stage",
     "errors": [{"field": "to_stage", "message": "Input should be a valid string"}]}

A ``field`` is a dotted path into the request (``lines[0].regimen``, ``offset``,
``Bundle.entry[3].resource``), or ``null`` when the problem is not one field's. An unexpected
failure is a 500 with ``{"detail": ...}`` too, never an HTML page, and is logged with its
traceback. :func:`document_errors` adds these answers to every operation of the OpenAPI schema,
so what a client reads in the schema is what it gets.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

log = logging.getLogger("cartnav.api")


class ErrorOut(BaseModel):
    """A refusal: what went wrong, for a person to read."""

    detail: str


class FieldProblem(BaseModel):
    field: str | None
    message: str


class InvalidOut(BaseModel):
    """Invalid input: a summary, the first field at fault and every problem found."""

    detail: str
    field: str | None = None
    errors: list[FieldProblem] = []


#: Where ninja says a value came from; the field's own name follows.
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}


def field_path(loc: Iterable[Any], body_params: Iterable[str] = ()) -> str:
    """``["body", "body", "lines", 0, "regimen"]`` → ``lines[0].regimen``."""
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
        if len(parts) > 1 and parts[0] in set(body_params):
            parts = parts[1:]  # the view's parameter name, not a field the client sent
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def invalid(problems: list[tuple[str | None, str]]) -> dict[str, Any]:
    """The 422 body for ``(field, message)`` pairs."""
    errors = [{"field": f or None, "message": m} for f, m in problems]
    first_field, first_message = problems[0] if problems else (None, "The input is not valid.")
    detail = f"{first_field}: {first_message}" if first_field else first_message
    if len(problems) > 1:
        detail += f" (and {len(problems) - 1} more)"
    return {"detail": detail, "field": first_field, "errors": errors}


def from_ninja(errors: list[dict[str, Any]], body_params: Iterable[str] = ()) -> dict[str, Any]:
    return invalid(
        [(field_path(e.get("loc", ()), body_params) or None, str(e.get("msg"))) for e in errors]
    )


def from_django(exc: Any) -> dict[str, Any]:
    """A Django ``ValidationError`` (``full_clean``) as the 422 body."""
    if hasattr(exc, "error_dict"):
        pairs = [
            (None if name == "__all__" else name, str(message))
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        pairs = [(None, str(m)) for m in exc.messages]
    return invalid(pairs)


#: The answers every operation may give besides its own, and the schema of each.
ERROR_ANSWERS: dict[str, tuple[str, str]] = {
    "400": ("The request body could not be read (not JSON, or not UTF-8).", "ErrorOut"),
    "401": ("Not signed in, or the token is unknown, revoked or expired.", "ErrorOut"),
    "403": ("Signed in, but this role or token may not do this.", "ErrorOut"),
    "404": ("Not there, or not yours (the same answer for both).", "ErrorOut"),
    "422": ("Invalid input: the field at fault and every problem found.", "InvalidOut"),
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers and their schemas to every operation of an OpenAPI document."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorOut, FieldProblem, InvalidOut):
        body = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(body.pop("$defs", {}))
        components[model.__name__] = body
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            answers = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = answers  # ninja's keys may be ints: one key per status
            for status, (description, name) in ERROR_ANSWERS.items():
                answers[status] = {
                    "description": description,
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                    },
                }
    return schema

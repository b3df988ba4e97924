"""URL converters. ``<id:...>`` is a database id: 1 to 18 digits, so that a number no database
column can hold (``/documents/99999999999999999999/``) is a 404 like any unknown id, not an
overflow deep in the database driver."""

from __future__ import annotations


class IdConverter:
    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def form_id(value: object) -> int:
    """A database id posted in a form field (``alert=12``), or 0 — which matches no row — for
    anything else: text, a negative number, or one no column can hold."""
    try:
        number = int(str(value))
    except ValueError:
        return 0
    return number if 0 < number < 2**62 else 0

"""CSV cells that a spreadsheet cannot run.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula: a diagnosis typed as ``=HYPERLINK("https://evil", "x")``
would become a live link in an analyst's spreadsheet (OWASP: CSV injection). Every CSV cartnav
writes from people's input goes through :func:`cell`, which puts a single quote before such a
cell — the spreadsheets' own way to say "this is text" — and leaves every other value as it is.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row(values: dict[str, Any]) -> dict[str, Any]:
    return {k: cell(v) for k, v in values.items()}

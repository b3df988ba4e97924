"""``{{ amount|money }}``: an amount with its thousands grouped by commas and its decimals, the
same in every language (Django's Chinese number format groups nothing, and 1272000.00 is hard to
read on a quote), never through a float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def money(value: Any, places: int = 2) -> str:
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{number:,.{int(places)}f}"

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def value_of(data: Any, name: str) -> str:
    """The value a form field had, so the page keeps what the clinician typed."""
    if not data:
        return ""
    return str(data.get(name, ""))

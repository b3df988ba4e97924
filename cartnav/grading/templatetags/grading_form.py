from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

from cartnav.clinical.text import localize

register = template.Library()


@register.filter
def clinical(value: Any) -> Any:
    """A sentence of a grading result in the reader's language (``cartnav.clinical.text``)."""
    return localize(value, gettext)


@register.filter
def field_label(path: str, specs: Any) -> Any:
    """The form's label of an input named by its payload path (``current.uric_acid``), so
    "missing" reads as the form does; the path itself for an input the form does not ask."""
    for spec in specs or ():
        if spec.path == path:
            return spec.label
    return path


@register.filter
def value_of(data: Any, name: str) -> str:
    """The value a form field had, so the page keeps what the clinician typed."""
    if not data:
        return ""
    return str(data.get(name, ""))

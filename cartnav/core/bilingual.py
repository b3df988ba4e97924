"""Words in both of cartnav's languages at once, for the documents printed in English and
Chinese side by side (the cost estimate, the visa invitation letter)."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext

LANGUAGES = (("en", "en"), ("zh", "zh-hans"))


def both(text: Any) -> dict[str, str]:
    """``{"en": ..., "zh": ...}`` of a message id (translated by gettext), a lazy string, or a
    callable that makes a string in the active language."""
    out = {}
    for key, code in LANGUAGES:
        with translation.override(code):
            if callable(text):
                out[key] = str(text())
            elif isinstance(text, str) and type(text) is str:
                out[key] = gettext(text)
            else:
                out[key] = str(text)
    return out

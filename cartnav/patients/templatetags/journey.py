"""``{% journey case.stage %}``: the journey as a list of steps, those done and the current one
marked — the same for every case at that stage, so built once per stage and language."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from cartnav.patients.stages import EXITS, JOURNEY, Stage

register = template.Library()


@register.simple_tag
def journey(stage: str) -> SafeString:
    """An ``<ol class="journey">`` of the steps; nothing for a case that has left the journey."""
    return _journey(stage, translation.get_language())


@lru_cache(maxsize=128)
def _journey(stage: str, language: str | None) -> SafeString:
    if stage in EXITS or stage not in Stage.values:
        return SafeString("")
    here = JOURNEY.index(Stage(stage))
    steps = (
        ("done" if i < here else "current" if i == here else "", step.label)
        for i, step in enumerate(JOURNEY)
    )
    return format_html(
        '<ol class="journey">{}</ol>', format_html_join("", '<li class="{}">{}</li>', steps)
    )

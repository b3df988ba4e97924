"""``{% journey case.stage %}``: the journey as a list of steps, those done and the current one
marked — the same for every case at that stage, so built once per stage and language."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.utils import translation
from django.utils.safestring import SafeString

from cartnav.core.html import html_format, html_join
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
    return html_format(
        '<ol class="journey">{}</ol>', html_join("", '<li class="{}">{}</li>', steps)
    )


@register.simple_tag
def case_table_rows(rows: list[dict[str, object]], language: str) -> SafeString:
    """The dashboard's table rows, escaped by ``format_html`` in one pass: 25 rows of six cells
    through the template engine were a third of the dashboard's CPU (docs/performance.md)."""
    chinese = language == "zh-hans"
    return html_join(
        "\n",
        '<tr><td><a href="{}">{}</a></td><td class="patient-name">{}</td><td>{}</td>'
        "<td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                row["url"],
                row["number"],
                row["patient_name"],
                (
                    row["hospital_name_zh"]
                    if chinese and row["hospital_name_zh"]
                    else row["hospital_name"]
                ),
                row["stage_label"],
                row["diagnosis"],
                row["coordinator_name"] or "—",
            )
            for row in rows
        ),
    )


@register.simple_tag
def stage_count_items(stage_counts: list[tuple[str, str, int]]) -> SafeString:
    """The dashboard's counts by stage, each a link that filters the list."""
    return html_join(
        "",
        '\n  <li><a href="?stage={}" data-stage="{}">{} <span class="count">{}</span></a></li>',
        ((value, value, label, n) for value, label, n in stage_counts),
    )


@register.simple_tag
def stage_options(selected: str) -> SafeString:
    """The stage filter's ``<option>`` list, the chosen one selected."""
    return _stage_options(selected, translation.get_language())


@lru_cache(maxsize=256)
def _stage_options(selected: str, language: str | None) -> SafeString:
    return html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (s.value, SafeString(" selected") if s.value == selected else "", s.label)
            for s in (*JOURNEY, *EXITS)
        ),
    )

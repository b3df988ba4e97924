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


@register.simple_tag
def case_table_rows(rows: list[dict[str, object]], language: str) -> SafeString:
    """The dashboard's table rows, escaped by ``format_html`` in one pass: 25 rows of six cells
    through the template engine were a third of the dashboard's CPU (docs/performance.md)."""
    chinese = language == "zh-hans"
    return format_html_join(
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

"""Template helpers: times in the hospital's zone and the patient's own."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.html import format_html

register = template.Library()


def _in_zone(moment: dt.datetime, zone: str) -> dt.datetime:
    try:
        return moment.astimezone(zoneinfo.ZoneInfo(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return moment.astimezone(zoneinfo.ZoneInfo("UTC"))


@register.simple_tag
def dual_time(moment: dt.datetime | None, patient_zone: str | None = None) -> str:
    """“25 Nov 2026 10:45 Asia/Shanghai · 03:45 Europe/Madrid” — both clocks people plan by."""
    if moment is None:
        return ""
    hospital = _in_zone(moment, settings.HOSPITAL_TIME_ZONE)
    text = f"{formats.date_format(hospital, 'DATETIME_FORMAT')} ({settings.HOSPITAL_TIME_ZONE})"
    if patient_zone and patient_zone != settings.HOSPITAL_TIME_ZONE:
        own = _in_zone(moment, patient_zone)
        text2 = f"{formats.date_format(own, 'DATETIME_FORMAT')} ({patient_zone})"
        return format_html(
            '<time datetime="{}">{}</time> · <span class="own-time">{}</span>',
            moment.isoformat(),
            text,
            text2,
        )
    return format_html('<time datetime="{}">{}</time>', moment.isoformat(), text)

"""Template helpers: times in the hospital's zone and the patient's own; the navigation."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from cartnav.accounts.roles import STAFF_ROLES, Role

register = template.Library()


def _in_zone(moment: dt.datetime, zone: str) -> dt.datetime:
    try:
        return moment.astimezone(zoneinfo.ZoneInfo(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # e.g. "America", a folder
        return moment.astimezone(zoneinfo.ZoneInfo("UTC"))


@register.simple_tag
def dual_time(moment: dt.datetime | None, patient_zone: str | None = None) -> str:
    """“25 Nov 2026 10:45 Asia/Shanghai · 03:45 Europe/Madrid” — both clocks people plan by."""
    if moment is None:
        return ""
    return _dual_time(
        moment,
        moment.utcoffset(),  # equal instants in other offsets compare equal, but print apart
        patient_zone,
        settings.HOSPITAL_TIME_ZONE,
        translation.get_language(),
    )


@lru_cache(maxsize=4096)
def _dual_time(
    moment: dt.datetime,
    offset: dt.timedelta | None,
    patient_zone: str | None,
    hospital_zone: str,
    language: str | None,
) -> str:
    """The text for one moment in two zones and one language: a pure function of its arguments,
    so remembered — pages show the same few moments (stage changes, consents) on every visit,
    and Django's date formatting was a sixth of the patient home's render time."""
    hospital = _in_zone(moment, hospital_zone)
    text = f"{formats.date_format(hospital, 'DATETIME_FORMAT')} ({hospital_zone})"
    if patient_zone and patient_zone != hospital_zone:
        own = _in_zone(moment, patient_zone)
        text2 = f"{formats.date_format(own, 'DATETIME_FORMAT')} ({patient_zone})"
        return format_html(
            '<time datetime="{}">{}</time> · <span class="own-time">{}</span>',
            moment.isoformat(),
            text,
            text2,
        )
    return format_html('<time datetime="{}">{}</time>', moment.isoformat(), text)


#: The navigation: (URL name, label, roles that see it), in the order shown.
NAV: tuple[tuple[str, Any, frozenset[str]], ...] = (
    ("patients:portal", _("My care"), frozenset({Role.PATIENT, Role.PROXY})),
    ("patients:dashboard", _("Cases"), frozenset({*STAFF_ROLES, Role.ADMIN})),
    ("grading:page", _("Grading"), frozenset({*STAFF_ROLES, Role.ADMIN})),
    ("registry:overview", _("Registry"), frozenset({Role.ANALYST, Role.ADMIN})),
    ("admin:index", _("Administration"), frozenset({Role.ADMIN})),
    ("screening:trials", _("Trials"), frozenset(Role.values)),
    ("accounts:tokens", _("API tokens"), frozenset(Role.values)),
)


@register.simple_tag
def nav_links(role: str) -> SafeString:
    """The navigation links a person of ``role`` sees, in the active language."""
    return _nav_links(role, translation.get_language())


@lru_cache(maxsize=64)
def _nav_links(role: str, language: str | None) -> SafeString:
    """Built once per role and language: the same for everyone with that role."""
    return format_html_join(
        "\n",
        '<a href="{}">{}</a>',
        ((reverse(n), label) for n, label, roles in NAV if role in roles),
    )

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
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cartnav.accounts.roles import STAFF_ROLES, Role
from cartnav.core.html import html_format, html_join
from cartnav.core.links import link

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
        return html_format(
            '<time datetime="{}">{}</time> · <span class="own-time">{}</span>',
            moment.isoformat(),
            text,
            text2,
        )
    return html_format('<time datetime="{}">{}</time>', moment.isoformat(), text)


#: The navigation: (URL name, label, roles that see it), in the order shown.
NAV: tuple[tuple[str, Any, frozenset[str]], ...] = (
    ("patients:portal", _("My care"), frozenset({Role.PATIENT, Role.PROXY})),
    ("patients:dashboard", _("Cases"), frozenset({*STAFF_ROLES, Role.ADMIN})),
    ("records:my_reviews", _("Awaiting my review"), frozenset({Role.REVIEWER})),
    ("inquiries:queue", _("Inquiries"), frozenset({Role.COORDINATOR, Role.ADMIN})),
    ("custody:tracker", _("Products in flight"), frozenset({Role.COORDINATOR, Role.ADMIN})),
    (
        "ward:board",
        pgettext_lazy("hospital ward", "Ward"),
        frozenset({Role.COORDINATOR, Role.PHYSICIAN, Role.NURSE, Role.ADMIN}),
    ),
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
    return html_join(
        "\n",
        '<a href="{}">{}</a>',
        ((reverse(n), label) for n, label, roles in NAV if role in roles),
    )


@register.simple_tag(takes_context=True)
def top_bar(context: template.Context) -> SafeString:
    """The header every page carries: brand, navigation, language switch and sign-out.

    Built in Python from parts remembered per language and role (only the page's own address,
    the CSRF token and the person's name change between requests): through the template engine
    these forms were a tenth of a short page's CPU (docs/performance.md)."""
    request = context["request"]
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    language = translation.get_language()
    token = str(context.get("csrf_token", ""))
    nav, lang_label, switch, options, sign_out = _top_bar_parts(
        user.role if signed_in else "", language
    )
    who = (
        html_format(
            '<a class="bell" id="notifications-link" href="{}">{}{}</a>'
            '<form class="signout" method="post" action="{}">{}'
            '<span class="who">{} · {}</span><button type="submit">{}</button></form>',
            link("notifications:centre"),
            translation.gettext("Notifications"),
            _unread_badge(user),
            link("accounts:logout"),
            _csrf_input(token),
            user.get_username(),
            user.get_role_display(),
            sign_out,
        )
        if signed_in
        else ""
    )
    return html_format(
        '<header class="top">\n<a class="brand" href="{}">cartnav</a>\n<nav>{}</nav>\n'
        '<form class="lang" method="post" action="{}">{}'
        '<input type="hidden" name="next" value="{}">'
        '<label for="language-select" class="visually-hidden">{}</label>'
        '<select id="language-select" name="language">{}</select>'
        '<button type="submit" id="language-switch">{}</button></form>\n{}\n</header>',
        link("core:home"),
        nav,
        link("accounts:language"),
        _csrf_input(token),
        request.get_full_path(),
        lang_label,
        options,
        switch,
        who,
    )


def _unread_badge(user: Any) -> SafeString:
    """`` (3)`` after "Notifications" when three are unread: one indexed count per page."""
    from cartnav.notifications.services import unread

    count = unread(user)
    return (
        html_format(' <span class="badge" id="unread-count">{}</span>', count)
        if count
        else SafeString("")
    )


def _csrf_input(token: str) -> SafeString:
    return html_format('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@lru_cache(maxsize=64)
def _top_bar_parts(role: str, language: str | None) -> tuple[SafeString, str, str, SafeString, str]:
    options = html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (
                code,
                SafeString(" selected") if code == language else "",
                _LANGUAGE_NAMES.get(code, name),
            )
            for code, name in settings.LANGUAGES
        ),
    )
    return (
        _nav_links(role, language) if role else SafeString(""),
        translation.gettext("Language"),
        translation.gettext("Switch"),
        options,
        translation.gettext("Sign out"),
    )


#: Each language named in itself, as a person looking for their own would read it.
_LANGUAGE_NAMES = {"en": "English", "zh-hans": "简体中文"}

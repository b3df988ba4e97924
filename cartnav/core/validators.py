"""Validators for values people type about a person: each refuses with a sentence naming what
is wrong, at the model, so that the page, the API, the admin and imports all refuse alike."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cartnav.eligibility.profile import MAX_AGE_YEARS


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """The IANA zone names (``Europe/Madrid``), as the installed tz database lists them."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: Any) -> None:
    """An IANA zone name: "America" is a region, not a zone, and would break every clock shown."""
    if not isinstance(value, str) or value not in time_zones():
        raise ValidationError(
            _("“%(value)s” is not a time zone; use a name such as Europe/Madrid or Asia/Shanghai."),
            code="invalid_time_zone",
            params={"value": str(value)[:64]},
        )


def validate_birth_date(value: Any) -> None:
    """Not in the future, and not more than ``MAX_AGE_YEARS`` (the profile's limit) ago."""
    if not isinstance(value, dt.date):
        return  # the field itself refuses what is not a date
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("The date of birth is in the future."), code="future")
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if age > MAX_AGE_YEARS:
        raise ValidationError(
            _("The date of birth makes the person %(age)s years old; check the year."),
            code="too_old",
            params={"age": age},
        )


_COUNTRY = re.compile(r"^[A-Z]{2}$")


def validate_nationality(value: Any) -> None:
    if not isinstance(value, str) or not _COUNTRY.match(value):
        raise ValidationError(
            _("Use the two capital letters of the country (ISO 3166), e.g. ES or VN."),
            code="invalid_country",
        )


_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def validate_languages(value: Any) -> None:
    """A list of language tags (BCP 47): ``["en", "zh-Hans"]``."""
    if not isinstance(value, list) or len(value) > 20:
        raise ValidationError(_('Give the languages as a list, e.g. ["en", "es"].'))
    for tag in value:
        if not isinstance(tag, str) or not _LANGUAGE_TAG.match(tag):
            raise ValidationError(
                _("“%(tag)s” is not a language tag such as en, es or zh-Hans."),
                params={"tag": str(tag)[:20]},
            )


#: What a contact may say about the person to call.
CONTACT_FIELDS = frozenset({"name", "relation", "phone", "email"})


def validate_contacts(value: Any) -> None:
    """A list of ``{name, relation, phone, e-mail}``, each a short text."""
    if not isinstance(value, list) or len(value) > 20:
        raise ValidationError(_("Give the contacts as a list of at most 20."))
    for contact in value:
        if not isinstance(contact, dict) or not set(contact) <= CONTACT_FIELDS:
            raise ValidationError(_("Each contact has only a name, relation, phone and e-mail."))
        if not all(isinstance(v, str) and len(v) <= 200 for v in contact.values()):
            raise ValidationError(_("Each part of a contact is a short text."))

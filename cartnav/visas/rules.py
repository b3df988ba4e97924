"""The visa invitation letter's rules, pure (no Django): which visa the stay needs, how long the
letter is valid, and its number.

China has no medical visa. A stay for treatment travels under S2 (a family visit or private
affairs visa, for stays of up to 180 days) or, for longer, S1 (residence). The choice follows the
plan's length: from arrival (the assessment) to departure (home). cartnav picks the type from the
dates and says so; the embassy decides.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from cartnav.clinical.text import Text, gettext_noop

#: The longest stay an S2 visa covers, in days (issue 12, item 5).
S2_MAX_DAYS = 180
#: A letter is valid at most this long after it is issued: an embassy reads a recent letter, and
#: a plan more than a year away will have changed.
MAX_VALIDITY = dt.timedelta(days=366)
#: Letters' random part: no ambiguous characters (0/O, 1/I), so a number read aloud or typed from
#: paper is not mistaken for another.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class LetterError(ValueError):
    def __init__(self, field: str, message: Text) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class VisaChoice:
    visa_type: str  # "S2" or "S1"
    stay_days: int
    basis: Text


def visa_for(arrival: dt.date | None, departure: dt.date | None) -> VisaChoice:
    """S2 for a stay of up to 180 days, S1 beyond; refused without both dates."""
    if arrival is None or departure is None:
        raise LetterError(
            "plan",
            gettext_noop("the treatment plan needs its assessment and home dates for the letter"),
        )
    days = (departure - arrival).days
    if days < 1:
        raise LetterError("plan", gettext_noop("the home date must come after the assessment"))
    if days <= S2_MAX_DAYS:
        return VisaChoice(
            "S2",
            days,
            gettext_noop("a stay of {days} days: S2 covers stays of up to 180 days", days=days),
        )
    return VisaChoice(
        "S1",
        days,
        gettext_noop("a stay of {days} days: longer than S2's 180 days, so S1", days=days),
    )


def check_validity(issued: dt.date, valid_until: dt.date | None) -> None:
    if valid_until is None:
        raise LetterError("valid_until", gettext_noop("say until when the letter is valid"))
    if valid_until < issued:
        raise LetterError("valid_until", gettext_noop("cannot be before the day it is issued"))
    if valid_until > issued + MAX_VALIDITY:
        raise LetterError("valid_until", gettext_noop("a letter is valid for a year at most"))


def letter_number(prefix: str, year: int, sequence: int) -> str:
    """``ZHON-VL27-00012-7KQ3``: the hospital, "VL" and the year (so it is never mistaken for a
    case number), a running number, and four random characters, so that nobody can walk the
    verification page through every letter."""
    tail = "".join(secrets.choice(_ALPHABET) for _ in range(4))
    return f"{prefix.upper()[:4]}-VL{year % 100:02d}-{sequence:05d}-{tail}"


def looks_like_a_number(text: str) -> bool:
    """A cheap shape check before the database is asked (the verification page is public)."""
    parts = text.split("-")
    return (
        len(text) <= 24
        and len(parts) == 4
        and parts[0].isalnum()
        and len(parts[1]) == 4
        and parts[1].startswith("VL")
        and parts[1][2:].isdigit()
        and parts[2].isdigit()
        and len(parts[3]) == 4
        and all(c in _ALPHABET for c in parts[3])
    )

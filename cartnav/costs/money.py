"""Money for the cost estimate, as pure rules (no Django, no I/O): currencies, exact decimal
amounts, conversion through a dated exchange rate, and the estimate's suggested line items.

Why decimals: a quote is a promise about money, and binary floating point cannot hold 0.1 RMB
exactly; every amount here is a :class:`~decimal.Decimal`, rounded once per line and once per
conversion, half up (四舍五入, as Chinese invoices and most people round), to the currency's
minor unit (ISO 4217: two decimals for RMB and US dollars, none for yen or won).

Why a rate "RMB per unit": that is how the People's Bank of China and Chinese banks quote
(1 USD = 7.1 CNY), so an admin copies the figure as published; converting RMB into the
patient's currency divides by it.

Sentences are :class:`cartnav.clinical.text.Text`: English here and in the API, translated on
the pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cartnav.clinical.text import Text, gettext_noop

#: The currency every price and tariff is held in: the hospital's.
BASE = "CNY"

#: Currencies a quote may be shown in, with their ISO 4217 minor-unit exponent. A short list of
#: the countries patients come from (and the comparison's US dollar) rather than all 180: an
#: admin needs a dated rate for each, and a currency without one cannot be quoted anyway.
CURRENCIES: Mapping[str, int] = {
    "CNY": 2,
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "HKD": 2,
    "SGD": 2,
    "AUD": 2,
    "CAD": 2,
    "CHF": 2,
    "NZD": 2,
    "JPY": 0,
    "KRW": 0,
    "VND": 0,
    "IDR": 2,
    "THB": 2,
    "MYR": 2,
    "PHP": 2,
    "INR": 2,
    "PKR": 2,
    "AED": 2,
    "SAR": 2,
    "RUB": 2,
    "KZT": 2,
    "MNT": 2,
    "BRL": 2,
    "ZAR": 2,
}

#: The largest amount a line, a price or a total may hold: twelve digits of RMB before the
#: point (a trillion) is far beyond any treatment and keeps every total inside the columns.
MAX_AMOUNT = Decimal("999999999999.99")
#: A quantity is days, nights, people or "once": a year of days at most.
MAX_QUANTITY = Decimal("1000")

#: The estimate's line items, in the order the issue and a hospital's quote list them.
KINDS = (
    "product",
    "hospital_stay",
    "assessments",
    "lymphodepletion",
    "icu_reserve",
    "local_stay",
    "companions",
    "travel",
    "other",
)

#: Which tariff item prices which line, and whether the line counts days.
TARIFF_ITEMS = {
    "hospital_stay": "ward_day",
    "assessments": "assessments",
    "lymphodepletion": "lymphodepletion",
    "icu_reserve": "icu_reserve",
    "local_stay": "local_stay_day",
    "companions": "companion_day",
}


class MoneyError(ValueError):
    """An amount, a rate or a currency that cannot be used; the message names the field."""

    def __init__(self, field: str, message: Text) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of ``currency`` (0.01 for RMB, 1 for yen)."""
    if currency not in CURRENCIES:
        raise MoneyError(
            "currency", gettext_noop("{code} is not a currency cartnav quotes in", code=currency)
        )
    return Decimal(1).scaleb(-CURRENCIES[currency])


def round_to(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half up to the minor unit of ``currency``."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def amount(value: object, field: str, *, maximum: Decimal = MAX_AMOUNT) -> Decimal:
    """An amount from outside (a form, a JSON body, a data file): a finite decimal number, not
    negative, at most ``maximum``. Floats are refused — 0.1 cannot be held exactly — so a JSON
    body sends amounts as strings."""
    if isinstance(value, bool | float):
        raise MoneyError(
            field, gettext_noop('give the amount as a decimal string, e.g. "1200000.00"')
        )
    try:
        number = Decimal(str(value).strip()) if isinstance(value, str | int | Decimal) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise MoneyError(field, gettext_noop("is not a number"))
    if number < 0:
        raise MoneyError(field, gettext_noop("cannot be negative"))
    if number > maximum:
        raise MoneyError(field, gettext_noop("is more than {maximum}", maximum=str(maximum)))
    exponent = number.as_tuple().exponent  # an int for every finite number, checked above
    if isinstance(exponent, int) and exponent < -2:
        raise MoneyError(field, gettext_noop("has more than two decimals"))
    return number


@dataclass(frozen=True)
class Rate:
    """How many RMB one unit of ``currency`` costs, on ``as_of``, from ``source``."""

    currency: str
    cny_per_unit: Decimal
    as_of: dt.date | None
    source: str

    def check(self) -> None:
        minor_unit(self.currency)
        if self.as_of is None:
            raise MoneyError(
                "as_of", gettext_noop("an exchange rate needs the date it was published")
            )
        if not self.source.strip():
            raise MoneyError("source", gettext_noop("say where the rate was published"))
        if not self.cny_per_unit.is_finite() or self.cny_per_unit <= 0:
            raise MoneyError("cny_per_unit", gettext_noop("must be more than zero"))
        if self.cny_per_unit > 100000:
            raise MoneyError("cny_per_unit", gettext_noop("is more than 100000 RMB per unit"))


IDENTITY = Rate(BASE, Decimal(1), dt.date(1980, 1, 1), "RMB is the hospital's currency")


def convert(amount_cny: Decimal, rate: Rate) -> Decimal:
    """An RMB amount in the rate's currency, rounded once to that currency's minor unit."""
    if rate.currency == BASE:
        return round_to(amount_cny, BASE)
    return round_to(amount_cny / rate.cny_per_unit, rate.currency)


@dataclass(frozen=True)
class Line:
    """One line of an estimate: ``quantity`` times ``unit_cny``, with where the price comes from."""

    kind: str
    quantity: Decimal
    unit_cny: Decimal
    source: str = ""
    as_of: dt.date | None = None
    note: str = ""

    @property
    def amount_cny(self) -> Decimal:
        return round_to(self.quantity * self.unit_cny, BASE)


@dataclass
class Estimate:
    """Suggested lines, the inputs they could not be worked out from, and the criteria used."""

    lines: list[Line] = field(default_factory=list)
    missing: list[Text] = field(default_factory=list)
    basis: list[Text] = field(default_factory=list)

    @property
    def total_cny(self) -> Decimal:
        return round_to(sum((line.amount_cny for line in self.lines), Decimal(0)), BASE)


def check_lines(lines: list[Line]) -> None:
    """Refuse a line that cannot be quoted: an unknown kind, a quantity out of range, a price
    without a date or a source, or a total past :data:`MAX_AMOUNT`."""
    if not lines:
        raise MoneyError("lines", gettext_noop("an estimate needs at least one line"))
    for n, line in enumerate(lines, start=1):
        where = f"lines[{n}]"
        if line.kind not in KINDS:
            raise MoneyError(where, gettext_noop("{kind} is not a kind of line", kind=line.kind))
        if not line.quantity.is_finite() or line.quantity < 0 or line.quantity > MAX_QUANTITY:
            raise MoneyError(where, gettext_noop("the quantity must be between 0 and 1000"))
        amount(line.unit_cny, where)
        if line.unit_cny and line.as_of is None:
            raise MoneyError(where, gettext_noop("a price needs the date it was valid on"))
        if line.unit_cny and not line.source.strip():
            raise MoneyError(where, gettext_noop("a price needs its source"))
    total = sum((line.amount_cny for line in lines), Decimal(0))
    if total > MAX_AMOUNT:
        raise MoneyError(
            "lines", gettext_noop("the total is more than {maximum}", maximum=str(MAX_AMOUNT))
        )


@dataclass(frozen=True)
class Price:
    """A dated price with its source (a product's list price, or a hospital's tariff item)."""

    amount: Decimal
    currency: str
    as_of: dt.date
    source: str


def suggest(
    dates: Mapping[str, dt.date | None],
    product: Price | None,
    product_name: str,
    tariff: Mapping[str, Price],
    companions: int,
) -> Estimate:
    """The lines a coordinator starts from, worked out from the plan's dates and the hospital's
    tariff; what cannot be worked out is named in ``missing``, never guessed.

    Days counted (cartnav's choice, written here because hospitals count differently and the
    coordinator can change every quantity): the ward from the start of lymphodepletion to
    discharge (lymphodepletion is given on the ward in the Chinese centres cartnav knows), the
    local stay from discharge to the end of the local stay, companions for the whole time in
    China (assessment to home). Travel is the family's own booking: a line with no price, to
    fill in.
    """
    est = Estimate()
    if product is None:
        est.missing.append(gettext_noop("a dated list price of {name}", name=product_name or "—"))
    elif product.currency != BASE:
        est.missing.append(gettext_noop("a list price of {name} in RMB", name=product_name))
    else:
        est.lines.append(
            Line("product", Decimal(1), product.amount, product.source, product.as_of, product_name)
        )
        est.basis.append(
            gettext_noop("the product's list price of {date}", date=product.as_of.isoformat())
        )

    def days(start: str, end: str) -> int | None:
        a, b = dates.get(start), dates.get(end)
        return (b - a).days if a is not None and b is not None and b >= a else None

    counted = {
        "hospital_stay": days("lymphodepletion", "discharge"),
        "local_stay": days("discharge", "local_stay_end"),
        "companions": (days("assessment", "home") or 0) * companions if companions else 0,
        "assessments": 1,
        "lymphodepletion": 1,
        "icu_reserve": 1,
    }
    needs = {
        "hospital_stay": gettext_noop("the plan's lymphodepletion and discharge dates"),
        "local_stay": gettext_noop("the plan's discharge date and the end of the local stay"),
        "companions": gettext_noop("the plan's assessment and home dates"),
    }
    for kind, item in TARIFF_ITEMS.items():
        quantity = counted[kind]
        if kind == "companions" and not companions:
            continue
        if quantity is None or (kind == "companions" and quantity == 0):
            est.missing.append(needs[kind])
            continue
        price = tariff.get(item)
        if price is None or price.currency != BASE:
            est.missing.append(gettext_noop("the hospital's tariff for {item}", item=item))
            continue
        est.lines.append(Line(kind, Decimal(quantity), price.amount, price.source, price.as_of))
    if tariff:
        est.basis.append(gettext_noop("the hospital's tariff"))
    est.basis.append(
        gettext_noop(
            "days counted: the ward from lymphodepletion to discharge, the local stay from "
            "discharge to its end, companions from assessment to home (cartnav's choice)"
        )
    )
    est.lines.append(Line("travel", Decimal(1), Decimal(0), note="to fill in"))
    return est


#: The currency a quote is shown in by default, from the patient's nationality (ISO 3166
#: alpha-2); the coordinator can choose another. Euro countries by their own codes.
_EURO = [
    "AT",
    "BE",
    "CY",
    "DE",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PT",
    "SI",
    "SK",
]
COUNTRY_CURRENCY: Mapping[str, str] = {
    **dict.fromkeys(_EURO, "EUR"),
    "US": "USD",
    "GB": "GBP",
    "HK": "HKD",
    "SG": "SGD",
    "AU": "AUD",
    "CA": "CAD",
    "CH": "CHF",
    "NZ": "NZD",
    "JP": "JPY",
    "KR": "KRW",
    "VN": "VND",
    "ID": "IDR",
    "TH": "THB",
    "MY": "MYR",
    "PH": "PHP",
    "IN": "INR",
    "PK": "PKR",
    "AE": "AED",
    "SA": "SAR",
    "RU": "RUB",
    "KZ": "KZT",
    "MN": "MNT",
    "BR": "BRL",
    "ZA": "ZAR",
    "CN": "CNY",
}


def currency_for(country: str) -> str:
    """The usual currency of ``country``; US dollars, the usual currency of medical travel,
    where cartnav does not quote in the country's own."""
    return COUNTRY_CURRENCY.get((country or "").upper(), "USD")

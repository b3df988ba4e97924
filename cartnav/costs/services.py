"""Every change to prices, rates and quotes — one function per act, atomic and audited — and
the lookups the pages and the API share."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cartnav.audit import services as audit
from cartnav.catalog.models import Hospital, Product
from cartnav.clinical.text import localize
from cartnav.costs import money
from cartnav.costs.models import (
    ExchangeRate,
    ProductPrice,
    Quote,
    QuoteLine,
    RefundScheme,
    TariffItem,
)
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError, lock_case

DATA = Path(__file__).with_name("data") / "prices.json"


def _error(exc: money.MoneyError) -> ServiceError:
    return ServiceError(f"{exc.field}: {localize(exc.message, _)}")


def _date(value: Any, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ServiceError(f"{field}: {_('a date is needed (YYYY-MM-DD)')}") from exc


# --- Reference data ---------------------------------------------------------------------------


@transaction.atomic
def load_prices(path: Path = DATA) -> tuple[int, int]:
    """Load the shipped list prices and refund terms; all or nothing, every row validated (an
    amount without a date or a source is refused, naming the row)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    products = {p.slug: p for p in Product.objects.all()}
    prices = schemes = 0
    for n, row in enumerate(data.get("prices", []), start=1):
        where = f"prices[{n}]"
        product = products.get(row.get("product"))
        if product is None:
            raise ServiceError(f"{where}: unknown product {row.get('product')!r}")
        try:
            value = money.amount(row.get("amount"), f"{where}.amount")
            money.minor_unit(row.get("currency", ""))
        except money.MoneyError as exc:
            raise _error(exc) from exc
        if not str(row.get("source", "")).strip():
            raise ServiceError(f"{where}.source: a price needs its source")
        ProductPrice.objects.update_or_create(
            product=product,
            currency=row["currency"],
            as_of=_date(row.get("as_of"), f"{where}.as_of"),
            period=row.get("period", ""),
            defaults={
                "amount": value,
                "source": row["source"],
                "verified": bool(row.get("verified")),
            },
        )
        prices += 1
    for n, row in enumerate(data.get("refund_schemes", []), start=1):
        where = f"refund_schemes[{n}]"
        product = products.get(row.get("product"))
        if product is None:
            raise ServiceError(f"{where}: unknown product {row.get('product')!r}")
        RefundScheme.objects.update_or_create(
            product=product,
            offered_by=row["offered_by"],
            since=_date(row.get("since"), f"{where}.since"),
            defaults={
                "terms": row["terms"],
                "terms_zh": row.get("terms_zh", ""),
                "rule": row.get("rule", {}),
                "source": row["source"],
                "verified": bool(row.get("verified")),
            },
        )
        schemes += 1
    return prices, schemes


def latest_price(product: Product | None, currency: str) -> ProductPrice | None:
    if product is None:
        return None
    return (
        ProductPrice.objects.filter(product=product, currency=currency)
        .order_by("-as_of", "-pk")
        .first()
    )


def us_counterpart(product: Product | None) -> Product | None:
    """The FDA-approved product with the same international non-proprietary name, if any
    (axi-cel in China and Yescarta in the US are the same medicine; relma-cel has none)."""
    if product is None or product.region == "FDA":
        return product
    inn = product.generic_name.split(" ")[0].lower()
    return (
        Product.objects.filter(region="FDA", generic_name__istartswith=inn).order_by("slug").first()
    )


def latest_rate(currency: str) -> money.Rate | None:
    if currency == money.BASE:
        return money.IDENTITY
    row = ExchangeRate.objects.filter(currency=currency).order_by("-as_of").first()
    return row.as_rate() if row else None


def tariff(hospital: Hospital) -> dict[str, money.Price]:
    """The hospital's latest price of each tariff item."""
    latest: dict[str, money.Price] = {}
    for row in TariffItem.objects.filter(hospital=hospital).order_by("item", "-as_of"):
        latest.setdefault(row.item, money.Price(row.amount_cny, money.BASE, row.as_of, row.source))
    return latest


def plan_product(case: Case) -> Product | None:
    """The approved product the treatment plan names, if it names one of the catalog's NMPA
    products by brand, generic name or slug (a trial is not priced here)."""
    from cartnav.plans.models import TreatmentPlan

    plan = TreatmentPlan.objects.filter(case=case).first()
    option = (plan.option if plan else "").lower()
    if not option:
        return None
    for product in Product.objects.filter(region="NMPA").exclude(indications=[]):
        names = {product.slug, product.brand_name.lower(), product.generic_name.lower()}
        names |= {product.generic_name.split(" (")[0].lower()}
        short = product.generic_name.partition("(")[2].rstrip(")").split(",")[0].strip().lower()
        if short:
            names.add(short)
        if any(name and name in option for name in names):
            return product
    return None


def suggestion(case: Case, product: Product | None, companions: int = 0) -> money.Estimate:
    """The lines a coordinator starts from: the product's RMB list price, the hospital's tariff
    and the plan's dates (:func:`money.suggest` says how days are counted)."""
    from cartnav.plans.models import TreatmentPlan
    from cartnav.plans.timeline import STEPS

    plan = TreatmentPlan.objects.filter(case=case).first()
    dates = {step: getattr(plan, step) if plan else None for step in STEPS}
    row = latest_price(product, money.BASE)
    price = money.Price(row.amount, row.currency, row.as_of, row.source) if row else None
    name = product.brand_name if product else ""
    return money.suggest(dates, price, name, tariff(case.hospital), companions)


# --- Quotes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineIn:
    kind: str
    quantity: Any
    unit_cny: Any
    description: str = ""
    source: str = ""
    as_of: Any = None


def _lines(raw: list[LineIn]) -> list[money.Line]:
    lines = []
    for n, row in enumerate(raw, start=1):
        where = f"lines[{n}]"
        try:
            quantity = money.amount(row.quantity, f"{where}.quantity", maximum=money.MAX_QUANTITY)
            unit = money.amount(row.unit_cny, f"{where}.unit_cny")
        except money.MoneyError as exc:
            raise _error(exc) from exc
        as_of = None
        if row.as_of not in (None, ""):
            as_of = (
                row.as_of if isinstance(row.as_of, dt.date) else _date(row.as_of, f"{where}.as_of")
            )
        if len(row.description) > 200 or len(row.source) > 300:
            raise ServiceError(f"{where}: {_('the description or the source is too long')}")
        lines.append(
            money.Line(row.kind, quantity, unit, row.source.strip(), as_of, row.description.strip())
        )
    try:
        money.check_lines(lines)
    except money.MoneyError as exc:
        raise _error(exc) from exc
    return lines


@transaction.atomic
def issue_quote(
    request: HttpRequest | None,
    case: Case,
    *,
    currency: str,
    lines: list[LineIn],
    product: Product | None = None,
    companions: int = 0,
    note: str = "",
    by: Any = None,
) -> Quote:
    """A new version of the case's estimate, in RMB and the patient's currency at the latest
    dated rate; every earlier version is superseded (an acceptance keeps its time). A rate,
    a price or a line that cannot be used is refused with the field named, and nothing is
    written."""
    actor = by if by is not None else getattr(request, "user", None)
    case = lock_case(case)
    if currency not in money.CURRENCIES:
        raise ServiceError(
            f"currency: {_('%(code)s is not a currency cartnav quotes in') % {'code': currency}}"
        )
    rate = latest_rate(currency)
    if rate is None:
        raise ServiceError(
            "currency: "
            + _("there is no dated exchange rate for %(code)s yet; an admin adds it")
            % {"code": currency}
        )
    if not 0 <= companions <= 10:
        raise ServiceError(f"companions: {_('between 0 and 10')}")
    if len(note) > 2000:
        raise ServiceError(f"note: {_('at most 2,000 characters')}")
    checked = _lines(lines)
    version = (Quote.objects.filter(case=case).aggregate(v=Max("version"))["v"] or 0) + 1
    Quote.objects.filter(case=case).exclude(status=Quote.Status.SUPERSEDED).update(
        status=Quote.Status.SUPERSEDED
    )
    total = money.round_to(sum((line.amount_cny for line in checked), Decimal(0)), money.BASE)
    quote = Quote.objects.create(
        case=case,
        version=version,
        product=product,
        currency=currency,
        cny_per_unit=rate.cny_per_unit,
        rate_as_of=rate.as_of,
        rate_source=rate.source,
        total_cny=total,
        total_converted=money.convert(total, rate),
        companions=companions,
        note=note.strip(),
        created_by=actor,
    )
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quote=quote,
            position=n,
            kind=line.kind,
            description=line.note,
            quantity=line.quantity,
            unit_cny=line.unit_cny,
            amount_cny=line.amount_cny,
            amount_converted=money.convert(line.amount_cny, rate),
            source=line.source,
            as_of=line.as_of,
        )
        for n, line in enumerate(checked, start=1)
    )
    transaction.on_commit(lambda: _tell_patient(quote))
    audit.record(
        request,
        "issue_quote",
        quote,
        patient_id=case.patient_id,
        user=actor,
        detail={"version": version, "total_cny": str(total), "currency": currency},
    )
    return quote


@transaction.atomic
def accept_quote(request: HttpRequest | None, quote: Quote, *, by: Any = None) -> Quote:
    """The patient (or a proxy) accepts the current version; an earlier or already accepted
    version is refused, so a page left open on an old quote cannot accept it."""
    actor = by if by is not None else getattr(request, "user", None)
    lock_case(quote.case)
    quote = Quote.objects.select_related("case").get(pk=quote.pk)
    if quote.status == Quote.Status.ACCEPTED:
        raise ServiceError(_("This estimate is already accepted."))
    if quote.status == Quote.Status.SUPERSEDED:
        raise ServiceError(_("A newer estimate replaced this one; read and accept that one."))
    quote.status = Quote.Status.ACCEPTED
    quote.accepted_at = timezone.now()
    quote.accepted_by = actor
    quote.save(update_fields=["status", "accepted_at", "accepted_by"])
    transaction.on_commit(lambda: _tell_coordinators(quote))
    audit.record(
        request,
        "accept_quote",
        quote,
        patient_id=quote.case.patient_id,
        user=actor,
        detail={"version": quote.version, "total_cny": str(quote.total_cny)},
    )
    return quote


def _tell_patient(quote: Quote) -> None:
    from cartnav.notifications import services as notifications
    from cartnav.notifications.models import Notification

    notifications.notify(
        notifications.patient_side(quote.case),
        Notification.Kind.QUOTE,
        quote.case,
        lambda: (
            _("A cost estimate is ready for you to read (version %(v)s).") % {"v": quote.version}
        ),
        f"/cases/{quote.case_id}/costs/",
    )


def _tell_coordinators(quote: Quote) -> None:
    from cartnav.accounts.roles import Role
    from cartnav.notifications import services as notifications
    from cartnav.notifications.models import Notification

    case = quote.case
    notifications.notify(
        [case.coordinator]
        if case.coordinator
        else notifications.staff_of(case, [Role.COORDINATOR]),
        Notification.Kind.QUOTE,
        case,
        lambda: (
            _("%(case)s: the patient accepted the cost estimate (version %(v)s).")
            % {"case": case.number, "v": quote.version}
        ),
        f"/cases/{case.pk}/costs/",
    )


def quotes_of(case: Case) -> list[Quote]:
    """Every version of the case's estimate, newest first, with lines (two queries)."""
    return list(
        Quote.objects.filter(case=case)
        .select_related("product", "accepted_by", "created_by")
        .prefetch_related("lines")
    )


@dataclass
class Comparison:
    """The US list price of the same product, converted, for comparison only."""

    product: Product
    price: ProductPrice
    in_cny: Decimal | None


def comparison(product: Product | None) -> Comparison | None:
    counterpart = us_counterpart(product)
    price = latest_price(counterpart, "USD") if counterpart else None
    if counterpart is None or price is None:
        return None
    rate = latest_rate("USD")
    in_cny = money.round_to(price.amount * rate.cny_per_unit, money.BASE) if rate else None
    return Comparison(counterpart, price, in_cny)


def refund_schemes(product: Product | None, hospital: Hospital) -> list[RefundScheme]:
    if product is None:
        return []
    return [
        s
        for s in RefundScheme.objects.filter(product=product)
        if s.hospital_id is None or s.hospital_id == hospital.pk
    ]

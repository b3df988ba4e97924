"""The cost estimate over the API: read every version, send a new one (coordinators), accept
the current one (the patient or a proxy). Amounts travel as decimal strings: a JSON number is a
float to most clients, and a float cannot hold money exactly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from cartnav import access
from cartnav.catalog.models import Product
from cartnav.costs import money, services
from cartnav.costs.models import Quote

router = Router(tags=["cost estimate"])

Amount = Field(..., min_length=1, max_length=20, pattern=r"^\d{1,12}(\.\d{1,2})?$")


class LineIn(Schema):
    kind: str = Field(..., description="one of " + ", ".join(money.KINDS))
    quantity: str = Field(..., min_length=1, max_length=10, pattern=r"^\d{1,4}(\.\d{1,2})?$")
    unit_cny: str = Amount
    description: str = Field("", max_length=200)
    source: str = Field("", max_length=300)
    as_of: dt.date | None = None


class QuoteIn(Schema):
    product: str | None = Field(None, max_length=50, description="the product's slug")
    currency: str = Field(..., min_length=3, max_length=3)
    companions: int = Field(0, ge=0, le=10)
    note: str = Field("", max_length=2000)
    lines: list[LineIn] = Field(..., min_length=1, max_length=30)


class LineOut(Schema):
    kind: str
    description: str
    quantity: str
    unit_cny: str
    amount_cny: str
    amount_converted: str
    source: str
    as_of: dt.date | None


class QuoteOut(Schema):
    version: int
    status: str
    product: str | None
    currency: str
    exchange_rate: dict[str, str]
    total_cny: str
    total_converted: str
    companions: int
    note: str
    created: dt.datetime
    accepted_at: dt.datetime | None
    lines: list[LineOut]


def _out(q: Quote) -> dict[str, Any]:
    return {
        "version": q.version,
        "status": q.status,
        "product": q.product.slug if q.product else None,
        "currency": q.currency,
        "exchange_rate": {
            "cny_per_unit": str(q.cny_per_unit.normalize()),
            "as_of": q.rate_as_of.isoformat(),
            "source": q.rate_source,
        },
        "total_cny": str(q.total_cny),
        "total_converted": str(q.total_converted),
        "companions": q.companions,
        "note": q.note,
        "created": q.created,
        "accepted_at": q.accepted_at,
        "lines": [
            {
                "kind": line.kind,
                "description": line.description,
                "quantity": str(line.quantity),
                "unit_cny": str(line.unit_cny),
                "amount_cny": str(line.amount_cny),
                "amount_converted": str(line.amount_converted),
                "source": line.source,
                "as_of": line.as_of,
            }
            for line in q.lines.all()
        ],
    }


@router.get(
    "/cases/{case_id}/quotes", response=list[QuoteOut], summary="Every version of a case's estimate"
)
def list_quotes(request: HttpRequest, case_id: str) -> Any:
    case = access.get_case(request, case_id)
    return [_out(q) for q in services.quotes_of(case)]


@router.post(
    "/cases/{case_id}/quotes",
    response={201: QuoteOut},
    summary="Send a new version of the estimate (422 naming the field that cannot be used)",
)
def issue(request: HttpRequest, case_id: str, body: QuoteIn) -> Any:
    case = access.get_case(request, case_id, access.Action.ISSUE_QUOTE)
    product = None
    if body.product:
        product = Product.objects.filter(slug=body.product, region="NMPA").first()
        if product is None:
            raise HttpError(422, f"product: no approved product {body.product!r}")
    quote = services.issue_quote(
        request,
        case,
        currency=body.currency,
        product=product,
        companions=body.companions,
        note=body.note,
        lines=[services.LineIn(**line.dict()) for line in body.lines],
    )
    return Status(201, _out(quote))


@router.post(
    "/cases/{case_id}/quotes/{version}/accept",
    response=QuoteOut,
    summary="Accept the current estimate (the patient or a proxy)",
)
def accept(request: HttpRequest, case_id: str, version: int) -> Any:
    case = access.get_case(request, case_id, access.Action.ACCEPT_QUOTE)
    if not 0 < version < 2**31:
        raise HttpError(404, "No such version.")
    quote = Quote.objects.filter(case=case, version=version).first()
    if quote is None:
        raise HttpError(404, "No such version.")
    services.accept_quote(request, quote)
    return _out(Quote.objects.select_related("product").get(pk=quote.pk))

"""The cell product over the API: the order and its custody log (staff), and recording an
event (coordinators, physicians, nurses). A signed event takes each signer's password in the
body, as the page does: the signature is still the person re-entering it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from cartnav import access
from cartnav.accounts.models import User
from cartnav.accounts.roles import STAFF_ROLES
from cartnav.custody import events as rules
from cartnav.custody import services
from cartnav.custody.models import CustodyEvent, TherapyOrder

router = Router(tags=["cell product"])


class SignatureOut(Schema):
    signer: str
    role: str
    meaning: str
    signed_at: dt.datetime
    content_hash: str


class EventOut(Schema):
    seq: int
    kind: str
    at: dt.datetime
    actor: str
    place: str
    identifiers: dict[str, str]
    fields: dict[str, Any]
    content_hash: str
    digest: str
    signatures: list[SignatureOut]


class OrderOut(Schema):
    coi: str
    product: str
    site: str
    apheresis: dt.date
    slot_week: dt.date
    status: str
    quarantined: bool
    released: bool
    next_allowed: list[str]
    events: list[EventOut]


class SignerIn(Schema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=200)
    meaning: str = Field(..., max_length=20)


class EventIn(Schema):
    kind: str = Field(..., description="one of " + ", ".join(rules.KINDS))
    place: str = Field(..., min_length=1, max_length=200)
    coi: str = Field("", max_length=24)
    din: str = Field("", max_length=24)
    fields: dict[str, str | float | bool | None] = Field(default_factory=dict)
    signers: list[SignerIn] = Field(default_factory=list, max_length=2)
    tocilizumab_on_hand: int | None = Field(None, ge=0, le=20)
    decision_reason: str = Field("", max_length=500)


def _event(e: CustodyEvent) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "kind": e.kind,
        "at": e.at,
        "actor": e.actor_name,
        "place": e.place,
        "identifiers": e.identifiers,
        "fields": e.fields,
        "content_hash": e.content_hash,
        "digest": e.digest,
        "signatures": [
            {
                "signer": s.printed_name,
                "role": s.role,
                "meaning": s.meaning,
                "signed_at": s.signed_at,
                "content_hash": s.content_hash,
            }
            for s in e.signatures.all()
        ],
    }


def _order(request: HttpRequest, case_id: str, action: access.Action) -> TherapyOrder:
    case = access.get_case(request, case_id, action)
    order = (
        TherapyOrder.objects.filter(case=case)
        .exclude(status=TherapyOrder.Status.CANCELLED)
        .select_related("product", "site", "case")
        .first()
    )
    if order is None:
        raise HttpError(404, "This case has no therapy order.")
    return order


def _out(order: TherapyOrder) -> dict[str, Any]:
    state = services.status(order)
    return {
        "coi": services.label_coi(order),
        "product": order.product.slug,
        "site": order.site.name,
        "apheresis": order.apheresis,
        "slot_week": order.slot_week,
        "status": order.status,
        "quarantined": state.quarantined,
        "released": state.released,
        "next_allowed": list(state.next_allowed),
        "events": [_event(e) for e in order.events.prefetch_related("signatures")],
    }


@router.get(
    "/cases/{case_id}/product", response=OrderOut, summary="The cell product and its custody log"
)
def get_product(request: HttpRequest, case_id: str) -> Any:
    return _out(_order(request, case_id, access.Action.RECORD_CUSTODY))


@router.post(
    "/cases/{case_id}/product/events",
    response={201: OrderOut},
    summary="Record a custody event (422 naming what must come first, or the field)",
)
def record(request: HttpRequest, case_id: str, body: EventIn) -> Any:
    order = _order(request, case_id, access.Action.RECORD_CUSTODY)
    signers = [
        services.SignatureIn(
            User.objects.filter(username=s.username, role__in=STAFF_ROLES).first(),
            s.password,
            s.meaning,
        )
        for s in body.signers
    ]
    fields: dict[str, Any] = dict(body.fields)
    if isinstance(fields.get("expiry"), str):
        try:
            fields["expiry"] = dt.date.fromisoformat(fields["expiry"])
        except ValueError as exc:
            raise HttpError(422, "fields.expiry: a date is needed (YYYY-MM-DD)") from exc
    services.record_event(
        request,
        order,
        body.kind,
        place=body.place,
        identifiers={"coi": body.coi, "din": body.din},
        fields=fields,
        signers=signers,
        tocilizumab_on_hand=body.tocilizumab_on_hand,
        decision_reason=body.decision_reason,
    )
    return Status(
        201, _out(TherapyOrder.objects.select_related("product", "site", "case").get(pk=order.pk))
    )

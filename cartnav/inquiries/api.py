"""Inquiries over the API: anyone may send one (no account; the same confirmation by e-mail and
the same flood limits as the page); coordinators list their queue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from cartnav.audit import services as audit
from cartnav.catalog.models import Hospital
from cartnav.inquiries import services
from cartnav.inquiries.views import HANDLERS, queue_of
from cartnav.patients.services import ServiceError, current_text

router = Router(tags=["inquiries"])


class InquiryIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    country: str = Field(..., description="ISO 3166 alpha-2, e.g. KZ")
    languages: list[str] = Field(..., min_length=1, max_length=20, description='e.g. ["ru", "en"]')
    email: str = Field(..., max_length=254)
    phone: str = Field("", max_length=40)
    diagnosis: str = Field(..., min_length=1, max_length=4000)
    hospital: str | None = Field(None, description="a hospital's slug; null: help me choose")
    consent_contact: bool = Field(..., description="must be true: agreement to be contacted")
    consent_cross_border: bool = Field(..., description="must be true: cross-border transfer")
    consent_language: str = Field("en", description="the language of the consent texts shown")


class InquiryOut(Schema):
    id: str
    created: dt.datetime
    name: str
    country: str
    languages: list[str]
    hospital: str | None
    status: str


@router.post(
    "/inquiries",
    auth=None,
    response={202: dict[str, str]},
    summary="Send an inquiry (no account; confirmed by e-mail; 429 when it floods)",
)
def send_inquiry(request: HttpRequest, body: InquiryIn) -> Any:
    if not (body.consent_contact and body.consent_cross_border):
        raise HttpError(422, "consent_contact and consent_cross_border must both be true")
    # country, languages, e-mail: validated with the model (Inquiry.full_clean in services.send)
    hospital = None
    if body.hospital:
        hospital = Hospital.objects.filter(slug=body.hospital).first()
        if hospital is None:
            raise HttpError(422, f"hospital: {body.hospital!r} is not a hospital's slug")
    try:
        texts = {p: current_text(p, body.consent_language) for p in ("contact", "cross_border")}
    except ServiceError as exc:
        raise HttpError(503, str(exc)) from exc
    try:
        services.send(
            request,
            name=body.name.strip(),
            country=body.country,
            languages=body.languages,
            email=body.email,
            phone=body.phone.strip(),
            diagnosis=body.diagnosis.strip(),
            hospital=hospital,
            contact_text=texts["contact"],
            cross_border_text=texts["cross_border"],
        )
    except services.TooMany as exc:
        raise HttpError(429, str(exc)) from exc
    except ValidationError as exc:
        raise HttpError(
            422, "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        ) from exc
    return Status(
        202, {"status": "unconfirmed", "detail": "Check your e-mail to confirm the address."}
    )


@router.get("/inquiries", response=list[InquiryOut], summary="The inquiries in my queue")
def list_inquiries(request: HttpRequest) -> Any:
    if request.user.role not in HANDLERS:
        raise HttpError(403, "Only coordinators and administrators answer inquiries.")
    rows = list(queue_of(request)[:200])
    audit.record(request, "list_inquiries", detail={"shown": len(rows), "via": "api"})
    return [
        {
            "id": str(i.pk),
            "created": i.created,
            "name": i.name,
            "country": i.country,
            "languages": i.languages,
            "hospital": i.hospital.slug if i.hospital else None,
            "status": i.status,
        }
        for i in rows
    ]

"""Visa invitation letters over the API: the case's letters and companions, issuing, revoking
and reissuing (coordinators), and the public verification anyone may ask."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from cartnav import access
from cartnav.visas import services
from cartnav.visas.models import InvitationLetter

router = Router(tags=["visa invitation letter"])


class LetterOut(Schema):
    number: str
    visa_type: str
    status: str
    issued_at: dt.datetime
    valid_until: dt.date
    revoked_at: dt.datetime | None
    revoke_reason: str
    superseded_by: str | None
    document_id: int | None


class IssueIn(Schema):
    signer_name: str = Field(..., min_length=1, max_length=120)
    signer_title: str = Field(..., min_length=1, max_length=120)
    valid_until: dt.date
    replaces: str | None = Field(
        None, max_length=24, description="the number of the letter it supersedes"
    )


class RevokeIn(Schema):
    reason: str = Field(..., min_length=1, max_length=300)


class VerificationOut(Schema):
    number: str
    hospital: str
    hospital_zh: str
    issued: str
    valid_until: str
    status: str


def _out(letter: InvitationLetter) -> dict[str, Any]:
    return {
        "number": letter.number,
        "visa_type": letter.visa_type,
        "status": letter.status,
        "issued_at": letter.issued_at,
        "valid_until": letter.valid_until,
        "revoked_at": letter.revoked_at,
        "revoke_reason": letter.revoke_reason,
        "superseded_by": letter.superseded_by.number if letter.superseded_by else None,
        "document_id": letter.document_id,
    }


@router.get("/cases/{case_id}/letters", response=list[LetterOut], summary="A case's visa letters")
def list_letters(request: HttpRequest, case_id: str) -> Any:
    case = access.get_case(request, case_id)
    return [
        _out(x) for x in InvitationLetter.objects.filter(case=case).select_related("superseded_by")
    ]


@router.post(
    "/cases/{case_id}/letters",
    response={201: LetterOut},
    summary="Issue (or, with replaces, reissue) the visa invitation letter",
)
def issue(request: HttpRequest, case_id: str, body: IssueIn) -> Any:
    case = access.get_case(request, case_id, access.Action.ISSUE_LETTER)
    replaces = None
    if body.replaces:
        replaces = InvitationLetter.objects.filter(case=case, number=body.replaces).first()
        if replaces is None:
            raise HttpError(422, "replaces: no such letter on this case")
    letter = services.issue_letter(
        request,
        case,
        signer_name=body.signer_name,
        signer_title=body.signer_title,
        valid_until=body.valid_until,
        replaces=replaces,
    )
    return Status(201, _out(letter))


@router.post(
    "/cases/{case_id}/letters/{number}/revoke", response=LetterOut, summary="Revoke a letter"
)
def revoke(request: HttpRequest, case_id: str, number: str, body: RevokeIn) -> Any:
    case = access.get_case(request, case_id, access.Action.ISSUE_LETTER)
    letter = InvitationLetter.objects.filter(case=case, number=number[:24]).first()
    if letter is None:
        raise HttpError(404, "No such letter.")
    return _out(services.revoke_letter(request, letter, body.reason))


@router.get(
    "/letters/{number}/verification",
    response=VerificationOut,
    auth=None,
    summary="Public: whether a letter number is valid, revoked, superseded or expired",
)
def verification(request: HttpRequest, number: str) -> Any:
    found = services.verification(request, number)
    if found is None:
        raise HttpError(404, "Not found.")
    return found

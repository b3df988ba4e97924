"""A case's conversation over the API: read the messages after a given one, write one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from cartnav import access
from cartnav.conversations import services
from cartnav.conversations.models import Message

router = Router(tags=["conversation"])


class MessageOut(Schema):
    id: int
    author: str | None
    author_role: str
    body: str
    document_id: int | None
    created: dt.datetime


class MessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=services.MAX_BODY)


class After(Schema):
    after: int = Field(0, ge=0, le=2**62)


def _out(m: Message) -> dict[str, Any]:
    return {
        "id": m.pk,
        "author": m.author.get_username() if m.author else None,
        "author_role": m.author_role,
        "body": m.body,
        "document_id": m.document_id,
        "created": m.created,
    }


@router.get("/cases/{case_id}/messages", response=list[MessageOut], summary="A case's messages")
def list_messages(request: HttpRequest, case_id: str, q: Query[After]) -> Any:
    case = access.get_case(request, case_id, access.Action.READ_MESSAGES)
    return [_out(m) for m in services.thread(request, case, q.after)]


@router.post("/cases/{case_id}/messages", response={201: MessageOut}, summary="Write a message")
def write(request: HttpRequest, case_id: str, body: MessageIn) -> Any:
    case = access.get_case(request, case_id, access.Action.WRITE_MESSAGE)
    return Status(201, _out(services.post(request, case, body.body)))

"""Writing and reading a case's conversation — atomic and audited — and the unread counts.

A message tells the other side through the notification centre; e-mail follows in the person's
language, batched by the digest job (``notifications.services.send_digests``), never one e-mail
per message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cartnav.accounts.roles import Role
from cartnav.audit import services as audit
from cartnav.conversations.models import Message, ReadMark
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError, lock_case
from cartnav.records import services as records
from cartnav.records.models import DocumentKind

MAX_BODY = 4000
#: How many messages a page or an API call returns at most (the newest).
PAGE = 200
PATIENT_SIDE = (Role.PATIENT, Role.PROXY)


@transaction.atomic
def post(
    request: HttpRequest | None, case: Case, body: str, upload: Any = None, *, by: Any = None
) -> Message:
    """Write a message (with an optional attachment, kept as a case document); nothing is
    written if the text or the file is refused."""
    actor = by if by is not None else getattr(request, "user", None)
    case = lock_case(case)
    body = (body or "").strip()
    if not body:
        raise ServiceError(f"body: {_('write a message')}")
    if len(body) > MAX_BODY:
        raise ServiceError(f"body: {_('at most %(n)s characters') % {'n': MAX_BODY}}")
    document = None
    if upload is not None:
        document = records.upload_document(
            request, case, upload, DocumentKind.OTHER, note=_("attached to a message"), by=actor
        )
    message = Message.objects.create(
        case=case,
        author=actor,
        author_role=getattr(actor, "role", ""),
        body=body,
        document=document,
    )
    ReadMark.objects.update_or_create(case=case, user=actor, defaults={"last_read": message.pk})
    audit.record(
        request,
        "write_message",
        message,
        patient_id=case.patient_id,
        user=actor,
        detail={"length": len(body), "attachment": bool(document)},
    )
    transaction.on_commit(lambda: _tell_the_other_side(message))
    return message


def thread(request: HttpRequest | None, case: Case, after: int = 0) -> list[Message]:
    """The newest messages (after ``after``), oldest first; the read is audited and the reader's
    mark moves to the last one."""
    rows = list(
        Message.objects.filter(case=case, pk__gt=after)
        .select_related("author", "document")
        .order_by("-pk")[:PAGE]
    )
    rows.reverse()
    user = getattr(request, "user", None)
    if rows and user is not None and user.is_authenticated:
        ReadMark.objects.update_or_create(case=case, user=user, defaults={"last_read": rows[-1].pk})
    audit.record(
        request,
        "read_messages",
        case,
        patient_id=case.patient_id,
        detail={"after": after, "count": len(rows)},
    )
    return rows


def unread(user: Any, case_ids: Iterable[Any]) -> dict[Any, int]:
    """Unread messages per case for this person (written by others after their read mark, or
    never read), in one query of plain SQL: the patient's home runs it on every visit, and the
    ORM's subquery cost more to compile than to run (bench/bench_pages.py)."""
    ids = list(case_ids)
    if not ids:
        return {}
    pk = Case._meta.pk
    assert pk is not None
    values = [pk.get_db_prep_value(i, connection) for i in ids]
    marks = ", ".join(["%s"] * len(values))
    sql = (
        f"SELECT m.case_id, COUNT(*) FROM {Message._meta.db_table} m "  # noqa: S608 — names
        f"LEFT JOIN {ReadMark._meta.db_table} r ON r.case_id = m.case_id AND r.user_id = %s "
        f"WHERE m.case_id IN ({marks}) AND (m.author_id IS NULL OR m.author_id <> %s) "
        "AND (r.last_read IS NULL OR m.id > r.last_read) GROUP BY m.case_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, *values, user.pk])
        rows = cursor.fetchall()
    by_value = {str(v): i for v, i in zip(values, ids, strict=True)}
    return {by_value.get(str(case_id), case_id): int(n) for case_id, n in rows}


def _tell_the_other_side(message: Message) -> None:
    from cartnav.notifications import services as notifications
    from cartnav.notifications.models import Notification

    case = message.case
    if message.author_role in PATIENT_SIDE:
        people = [case.coordinator] if case.coordinator else []
        people += notifications.staff_of(case, [Role.COORDINATOR]) if not people else []
        from cartnav.plans.models import TreatmentPlan

        plan = TreatmentPlan.objects.filter(case=case).select_related("physician").first()
        if plan and plan.physician:
            people.append(plan.physician)
    else:
        people = notifications.patient_side(case)
    people = [p for p in people if p is not None and p.pk != message.author_id]
    name = message.author.get_username() if message.author else "—"
    notifications.notify(
        people,
        Notification.Kind.MESSAGE,
        case,
        lambda: _("%(case)s: a message from %(name)s") % {"case": case.number, "name": name},
        f"/cases/{case.pk}/messages/",
    )

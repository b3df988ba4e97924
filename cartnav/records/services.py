"""Every change to documents, reviews and to-dos — atomic, audited, mail sent after commit."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cartnav.accounts.models import User
from cartnav.accounts.roles import Role
from cartnav.audit import services as audit
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError, change_stage, recipients
from cartnav.patients.stages import Stage
from cartnav.records.files import FileRefused, detect, sanitise
from cartnav.records.models import Decision, Document, DocumentKind, ReviewRequest, ToDo


def max_upload_bytes() -> int:
    return int(getattr(settings, "CARTNAV_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def upload_document(
    request: HttpRequest | None,
    case: Case,
    upload: Any,
    kind: str,
    note: str = "",
    *,
    by: Any = None,
    todo: Any = None,
    issued: bool = False,
    csv: bool = False,
) -> Document:
    """Check, store by content hash and record one document. Nothing is kept if anything fails.
    With ``todo`` (an open to-do of the case), the document answers it and closes it, in the
    same transaction."""
    if todo is not None and (todo.case_id != case.pk or todo.done_at is not None):
        raise ServiceError(_("That item is not open on this case."))
    if kind not in DocumentKind.values or (kind == DocumentKind.VISA_LETTER and not issued):
        raise ServiceError(_("Choose what kind of document this is."))
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ServiceError(_("The file is empty."))
    if size > max_upload_bytes():
        raise ServiceError(
            _("The file is larger than %(mb)s MB.") % {"mb": max_upload_bytes() // (1024 * 1024)}
        )
    data = upload.read()
    name = sanitise(getattr(upload, "name", "") or "document")
    try:
        content_type = detect(name, data[:512], csv=csv)
    except FileRefused as exc:
        raise ServiceError(str(exc)) from exc
    digest = hashlib.sha256(data).hexdigest()
    if Document.objects.filter(case=case, sha256=digest).exists():
        raise ServiceError(_("This file has already been uploaded to this case."))
    storage_name = f"documents/{digest[:2]}/{digest[2:4]}/{digest}"
    actor = by if by is not None else getattr(request, "user", None)
    created_file = False
    if not default_storage.exists(storage_name):
        default_storage.save(storage_name, ContentFile(data))
        created_file = True
    try:
        with transaction.atomic():
            doc = Document.objects.create(
                case=case,
                kind=kind,
                display_name=name,
                sha256=digest,
                size=len(data),
                content_type=content_type,
                storage_name=storage_name,
                note=note[:300],
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )
            audit.record(
                request,
                "upload_document",
                doc,
                patient_id=case.patient_id,
                user=actor,
                detail={"kind": kind, "size": len(data), "type": content_type},
            )
            if todo is not None:
                _close(request, todo, actor, document=doc)
    except Exception:  # undo the stored file, then let the error through
        if created_file and not Document.objects.filter(storage_name=storage_name).exists():
            default_storage.delete(storage_name)
        raise
    return doc


def open_document(request: HttpRequest, doc: Document) -> bytes:
    audit.record(request, "read_document", doc, patient_id=doc.case.patient_id)
    with default_storage.open(doc.storage_name, "rb") as fh:
        return fh.read()


def reviewers_for(case: Case) -> list[User]:
    return list(
        User.objects.filter(
            role=Role.REVIEWER, is_active=True, memberships__hospital=case.hospital
        ).order_by("username")
    )


@transaction.atomic
def send_for_review(
    request: HttpRequest | None, case: Case, reviewer: User, *, by: Any = None
) -> ReviewRequest:
    if reviewer not in reviewers_for(case):
        raise ServiceError(_("Choose a specialist reviewer of this case's hospital."))
    if case.reviews.filter(decision=Decision.PENDING).exists():
        raise ServiceError(_("This case is already waiting for a review."))
    actor = by if by is not None else getattr(request, "user", None)
    review = ReviewRequest.objects.create(case=case, reviewer=reviewer, sent_by=actor)
    if case.stage != Stage.RECORDS_REVIEW:
        change_stage(
            request,
            case,
            Stage.RECORDS_REVIEW,
            _("Records sent to a specialist for review"),
            by=actor,
        )
    audit.record(
        request,
        "send_for_review",
        review,
        patient_id=case.patient_id,
        user=actor,
        detail={"reviewer": reviewer.username},
    )
    return review


@transaction.atomic
def decide(
    request: HttpRequest | None,
    review: ReviewRequest,
    decision: str,
    *,
    proposal: str = "",
    reason: str = "",
    items: list[str] | None = None,
    by: Any = None,
) -> ReviewRequest:
    """Accept (with the proposed product or trial), decline (with a reason) or ask for more
    (each item a to-do for the patient). Moves the case and tells the patient in their language."""
    actor = by if by is not None else getattr(request, "user", None)
    review = (
        ReviewRequest.objects.select_for_update().select_related("case__patient").get(pk=review.pk)
    )
    if review.reviewer_id != getattr(actor, "pk", None):
        raise ServiceError(_("Only the reviewer this case was sent to can decide."))
    if review.decision:
        raise ServiceError(_("This review has already been decided."))
    items = [i.strip() for i in (items or []) if i.strip()]
    if decision == Decision.ACCEPTED and not proposal.strip():
        raise ServiceError(_("Say which product or trial you propose."))
    if decision == Decision.DECLINED and not reason.strip():
        raise ServiceError(_("Say why the case is declined."))
    if decision == Decision.MORE and not items:
        raise ServiceError(_("List what the patient should provide, one item per line."))
    if decision not in (Decision.ACCEPTED, Decision.DECLINED, Decision.MORE):
        raise ServiceError(_("Choose accept, decline or ask for more."))
    review.decision, review.proposal, review.reason, review.decided_at = (
        decision,
        proposal.strip()[:200],
        reason.strip(),
        timezone.now(),
    )
    review.save()
    case = review.case
    if decision == Decision.ACCEPTED:
        change_stage(
            request,
            case,
            Stage.ACCEPTED,
            _("Accepted by the specialist: %(p)s") % {"p": review.proposal},
            by=actor,
            tell=False,  # the decision's own e-mail tells the patient
        )
    elif decision == Decision.DECLINED:
        change_stage(request, case, Stage.DECLINED, review.reason, by=actor, tell=False)
    else:
        ToDo.objects.bulk_create([ToDo(case=case, review=review, text=i[:300]) for i in items])
    audit.record(
        request,
        "decide_review",
        review,
        patient_id=case.patient_id,
        user=actor,
        detail={"decision": decision},
    )
    transaction.on_commit(lambda: notify_patient(review))
    return review


def notify_patient(review: ReviewRequest) -> None:
    from cartnav.notifications import services as notifications
    from cartnav.notifications.models import Notification

    emails, language = recipients(review.case)
    case = review.case
    notifications.notify(
        notifications.patient_side(case),
        Notification.Kind.REVIEW,
        case,
        lambda: _("Your records review: %(d)s") % {"d": review.get_decision_display()},
        "/me/",
        emailed=bool(emails),
    )
    todos = list(review.todos.all())
    if todos:
        notifications.notify(
            notifications.patient_side(case),
            Notification.Kind.TODO,
            case,
            lambda: _("%(n)s items to provide for your case") % {"n": len(todos)},
            "/me/",
            emailed=bool(emails),
        )
    if not emails:
        return
    with translation.override(language):
        subject = _("Your records review: %(d)s") % {"d": review.get_decision_display()}
        body = render_to_string(
            "records/decision_email.txt", {"review": review, "todos": list(review.todos.all())}
        )
    send_mail(subject, body, None, emails)


@transaction.atomic
def mark_done(
    request: HttpRequest | None, todo: ToDo, explanation: str = "", *, by: Any = None
) -> ToDo:
    """Close a to-do without the document it asks for: the patient says why it cannot be had.
    (A document that answers it closes it on upload: :func:`upload_document` with ``todo``.)"""
    actor = by if by is not None else getattr(request, "user", None)
    todo = ToDo.objects.select_for_update().get(pk=todo.pk)
    if todo.done_at:
        raise ServiceError(_("This item is already done."))
    explanation = (explanation or "").strip()
    if not explanation:
        raise ServiceError(
            _("Upload the document this item asks for, or say why it cannot be provided.")
        )
    return _close(request, todo, actor, explanation=explanation[:2000])


def _close(
    request: HttpRequest | None,
    todo: ToDo,
    actor: Any,
    *,
    document: Document | None = None,
    explanation: str = "",
) -> ToDo:
    todo.done_at, todo.done_by = timezone.now(), actor
    todo.document, todo.explanation = document, explanation
    todo.save(update_fields=["done_at", "done_by", "document", "explanation"])
    audit.record(
        request,
        "todo_done",
        todo,
        patient_id=todo.case.patient_id,
        user=actor,
        detail={"document": document.pk if document else None, "explained": bool(explanation)},
    )
    return todo

"""Documents, review and to-dos over JSON — the same services and access rules as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Body, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from cartnav import access
from cartnav.accounts.models import User
from cartnav.patients.services import ServiceError
from cartnav.records import fhir, imports, services
from cartnav.records.models import ReviewRequest
from cartnav.screening.models import ScreeningProfile

router = Router(tags=["records"])


class DocumentOut(Schema):
    id: int
    kind: str
    display_name: str
    size: int
    content_type: str
    sha256: str
    uploaded_at: dt.datetime


class ReviewIn(Schema):
    reviewer: str


class DecisionIn(Schema):
    decision: str
    proposal: str = ""
    reason: str = ""
    items: list[str] = []


class ReviewOut(Schema):
    id: int
    reviewer: str
    decision: str
    proposal: str
    reason: str
    sent_at: dt.datetime
    decided_at: dt.datetime | None


class ToDoOut(Schema):
    id: int
    text: str
    done_at: dt.datetime | None


def _review(r: ReviewRequest) -> ReviewOut:
    return ReviewOut(
        id=r.pk,
        reviewer=r.reviewer.username,
        decision=r.decision,
        proposal=r.proposal,
        reason=r.reason,
        sent_at=r.sent_at,
        decided_at=r.decided_at,
    )


@router.get("/cases/{case_id}/documents", response=list[DocumentOut], summary="A case's documents")
def documents(request: HttpRequest, case_id: str) -> list[object]:
    return list(access.get_case(request, case_id).documents.all())


@router.post(
    "/cases/{case_id}/documents",
    response={201: DocumentOut},
    summary="Upload a document (multipart)",
)
def upload(
    request: HttpRequest,
    case_id: str,
    kind: Form[str],
    file: File[UploadedFile],
    note: Form[str] = "",
) -> Status[object]:
    case = access.get_case(request, case_id, access.Action.UPLOAD_DOCUMENT)
    return Status(201, services.upload_document(request, case, file, kind, note))


@router.post(
    "/cases/{case_id}/review", response={201: ReviewOut}, summary="Send the packet to a reviewer"
)
def send(request: HttpRequest, case_id: str, body: ReviewIn) -> Status[ReviewOut]:
    case = access.get_case(request, case_id, access.Action.SEND_FOR_REVIEW)
    reviewer = User.objects.filter(username=body.reviewer).first()
    if reviewer is None:
        raise ServiceError("Choose a specialist reviewer of this case's hospital.")
    return Status(201, _review(services.send_for_review(request, case, reviewer)))


@router.post(
    "/cases/{case_id}/review/decision", response=ReviewOut, summary="Decide the pending review"
)
def decide(request: HttpRequest, case_id: str, body: DecisionIn) -> ReviewOut:
    case = access.get_case(request, case_id, access.Action.DECIDE_REVIEW)
    pending = case.reviews.filter(decision="").first()
    if pending is None:
        raise access.NotFound
    return _review(
        services.decide(
            request,
            pending,
            body.decision,
            proposal=body.proposal,
            reason=body.reason,
            items=body.items,
        )
    )


@router.get(
    "/cases/{case_id}/todos", response=list[ToDoOut], summary="What the patient has been asked for"
)
def todos(request: HttpRequest, case_id: str) -> list[object]:
    return list(access.get_case(request, case_id).todos.all())


@router.post(
    "/cases/{case_id}/fhir/preview",
    response=dict[str, Any],
    summary="Preview a FHIR R4 Bundle (nothing stored)",
)
def fhir_preview(
    request: HttpRequest, case_id: str, bundle: Body[dict[str, Any]], repair_ids: bool = False
) -> Any:
    """What the bundle would add, whom it names and how that differs from the case's patient
    (``identity_differences``), and which facts conflict with the case's (``merge``). A refused
    bundle is a 422 listing every problem, with its OperationOutcome beside."""
    case = access.get_case(request, case_id, access.Action.UPLOAD_DOCUMENT)
    return imports.plan_import(case, bundle, repair_ids=repair_ids).to_dict()


@router.post(
    "/cases/{case_id}/fhir/import",
    response=dict[str, Any],
    summary="Import a FHIR R4 Bundle into the profile",
)
def fhir_import(
    request: HttpRequest,
    case_id: str,
    bundle: Body[dict[str, Any]],
    repair_ids: bool = False,
    take: Query[list[str] | None] = None,
    confirm_identity: bool = False,
    expected_digest: str | None = None,
) -> Any:
    """Import field by field: new facts are added, the case keeps its value for each conflicting
    fact unless it is named in ``take`` (``sex``, ``labs.anc`` …), and histories are appended.
    A bundle naming another person is refused (422, ``field`` = ``patient``) unless a
    coordinator sends ``confirm_identity=true``; with ``expected_digest`` (the preview's
    ``profile_digest``) a profile changed since the preview is refused too."""
    case = access.get_case(request, case_id, access.Action.UPLOAD_DOCUMENT)
    return imports.import_bundle(
        request,
        case,
        bundle,
        repair_ids=repair_ids,
        take=take or (),
        confirm_identity=confirm_identity,
        expected_digest=expected_digest,
    ).to_dict()


@router.get(
    "/cases/{case_id}/fhir",
    response=dict[str, Any],
    summary="Export the case's profile as a FHIR R4 Bundle",
)
def fhir_export(request: HttpRequest, case_id: str) -> dict[str, Any]:
    case = access.get_case(request, case_id)
    row = ScreeningProfile.objects.filter(case=case).first()
    return fhir.export_bundle(
        row.data if row else {}, patient_id=str(case.patient_id), person=imports.person_of(case)
    )

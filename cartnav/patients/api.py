"""Cases, patients and consents over JSON — the same access rules and services as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from cartnav import access
from cartnav.audit import services as audit
from cartnav.patients import selectors, services
from cartnav.patients.models import Case, Consent, Patient

router = Router(tags=["cases"])

#: The largest offset a request may name (more cases than anyone has): past it a request is a 422
#: naming the parameter, not an overflow in the database driver.
MAX_OFFSET = 10**9


class CaseOut(BaseModel):
    """A case as lists and the API show it. A plain pydantic model, not a ninja ``Schema``: the
    list is built from rows, and ``Schema``'s attribute resolver for ORM objects tripled the cost
    of validating a 50-case response."""

    id: uuid.UUID
    number: str
    patient_id: uuid.UUID
    patient_name: str
    hospital: str
    coordinator: str | None
    stage: str
    stage_changed: dt.datetime
    diagnosis: str

    @staticmethod
    def of(case: Case) -> CaseOut:
        return CaseOut(
            id=case.pk,
            number=case.number,
            patient_id=case.patient_id,
            patient_name=case.patient.display_name,
            hospital=case.hospital.slug,
            coordinator=case.coordinator.get_username() if case.coordinator else None,
            stage=case.stage,
            stage_changed=case.stage_changed,
            diagnosis=case.diagnosis,
        )


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    by: str | None
    at: dt.datetime
    reason: str
    override: bool = Field(
        False, description="A move outside the journey's table, made by a physician or an admin."
    )


class StageIn(Schema):
    to_stage: str = Field(..., description="A stage of the journey, e.g. `screening`.")
    reason: str = Field(..., min_length=1, max_length=2000, description="Why the stage changes.")
    from_stage: str | None = Field(
        None,
        description="The stage you saw; if the case has moved since, nothing is changed (422).",
    )
    override: bool = Field(
        False,
        description="Make a move the journey does not allow as an ordinary one (backwards, "
        "skipping a stage, or with a condition unmet). Physicians and admins only; the history "
        "marks it.",
    )


class PatientOut(Schema):
    id: uuid.UUID
    family_name: str
    given_name: str
    native_name: str
    date_of_birth: dt.date
    sex: str
    nationality: str
    passport_number: str
    languages: list[str]
    time_zone: str
    email: str
    phone: str
    contacts: list[dict[str, Any]]


class PatientPatch(Schema):
    """Only the fields sent are changed. ``null`` is not a value of any of them (send ``""`` to
    clear a text): each is refused with a 422 naming the field, and nothing is changed."""

    family_name: str = Field(None, min_length=1, max_length=100)
    given_name: str = Field(None, min_length=1, max_length=100)
    native_name: str = Field(None, max_length=200)
    date_of_birth: dt.date = Field(None, description="Not in the future, at most 120 years ago.")
    sex: str = Field(None, max_length=10)
    nationality: str = Field(None, max_length=2, description="ISO 3166 alpha-2, e.g. `ES`.")
    passport_number: str = Field(None, max_length=40)
    languages: list[str] = Field(None, max_length=20, description="BCP 47 tags.")
    time_zone: str = Field(None, max_length=64, description="An IANA zone, e.g. `Europe/Madrid`.")
    email: str = Field(None, max_length=254)
    phone: str = Field(None, max_length=40)
    contacts: list[dict[str, str]] = Field(None, max_length=20)


class ConsentOut(Schema):
    id: int
    purpose: str
    text_version: str
    text_language: str
    given_at: dt.datetime
    withdrawn_at: dt.datetime | None
    active: bool

    @staticmethod
    def of(c: Consent) -> ConsentOut:
        return ConsentOut(
            id=c.pk,
            purpose=c.purpose,
            text_version=c.text.version,
            text_language=c.text.language,
            given_at=c.given_at,
            withdrawn_at=c.withdrawn_at,
            active=c.active,
        )


class ConsentIn(Schema):
    purpose: str
    language: str | None = None


class CaseFilter(Schema):
    q: str = Field("", max_length=100, description="Search names and case numbers.")
    stage: str = Field("", max_length=30, description="Only cases at this stage.")
    limit: int = Field(50, ge=1, le=200, description="At most this many cases (1–200).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Skip this many cases first.")


@router.get("/cases", response=list[CaseOut], summary="Cases I may see")
def list_cases(request: HttpRequest, filters: Query[CaseFilter]) -> list[dict[str, Any]]:
    q, stage, limit, offset = filters.q, filters.stage, filters.limit, filters.offset
    first = selectors.first_rows(request.user, limit) if not (q or stage or offset) else None
    rows = selectors.with_names(
        selectors.case_rows(request.user, q, stage)[offset : offset + limit]
        if first is None
        else first
    )
    audit.record(request, "list_cases", detail={"q": q[:50], "stage": stage, "shown": len(rows)})
    # Plain dicts: django-ninja validates the response once, against CaseOut.
    return [
        {**row, "hospital": row["hospital_slug"], "coordinator": row["coordinator_name"]}
        for row in rows
    ]


@router.get("/cases/{case_id}", response=CaseOut, summary="One case")
def get_case(request: HttpRequest, case_id: str) -> CaseOut:
    return CaseOut.of(access.get_case(request, case_id, summary=True))


@router.get("/cases/{case_id}/history", response=list[StageChangeOut], summary="Stage history")
def case_history(request: HttpRequest, case_id: str) -> list[StageChangeOut]:
    case = access.get_case(request, case_id)
    return [
        StageChangeOut(
            from_stage=h.from_stage,
            to_stage=h.to_stage,
            by=h.by.get_username() if h.by else None,
            at=h.at,
            reason=h.reason,
            override=h.override,
        )
        for h in case.stage_changes.select_related("by")
    ]


@router.post("/cases/{case_id}/stage", response=CaseOut, summary="Move a case to another stage")
def change_stage(request: HttpRequest, case_id: str, body: StageIn) -> CaseOut:
    case = access.get_case(request, case_id, access.Action.CHANGE_STAGE)
    services.change_stage(
        request,
        case,
        body.to_stage,
        body.reason,
        expected_stage=body.from_stage,
        override=body.override,
    )
    return CaseOut.of(case)


@router.get("/patients/{patient_id}", response=PatientOut, summary="One patient")
def get_patient(request: HttpRequest, patient_id: str) -> Patient:
    return access.get_patient(request, patient_id)


@router.patch("/patients/{patient_id}", response=PatientOut, summary="Change a patient's details")
def patch_patient(request: HttpRequest, patient_id: str, body: PatientPatch) -> Patient:
    patient = access.get_patient(request, patient_id)
    access.require_role(request.user, access.Action.EDIT_PATIENT)
    return services.update_patient(request, patient, body.dict(exclude_unset=True))


@router.get("/patients/{patient_id}/consents", response=list[ConsentOut], summary="Consents")
def list_consents(request: HttpRequest, patient_id: str) -> list[ConsentOut]:
    patient = access.get_patient(request, patient_id)
    return [ConsentOut.of(c) for c in patient.consents.select_related("text")]


@router.post(
    "/patients/{patient_id}/consents", response={201: ConsentOut}, summary="Give a consent"
)
def give_consent(request: HttpRequest, patient_id: str, body: ConsentIn) -> Status[ConsentOut]:
    patient = access.get_patient(request, patient_id)
    access.require_role(request.user, access.Action.MANAGE_CONSENT)
    text = services.current_text(body.purpose, body.language or request.user.language)
    return Status(201, ConsentOut.of(services.give_consent(request, patient, body.purpose, text)))


@router.post(
    "/patients/{patient_id}/consents/{consent_id}/withdraw",
    response=ConsentOut,
    summary="Withdraw a consent",
)
def withdraw_consent(request: HttpRequest, patient_id: str, consent_id: int) -> ConsentOut:
    patient = access.get_patient(request, patient_id)
    access.require_role(request.user, access.Action.MANAGE_CONSENT)
    consent = patient.consents.filter(pk=consent_id).first()
    if consent is None:
        raise access.NotFound
    return ConsentOut.of(services.withdraw_consent(request, consent))

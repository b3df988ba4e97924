"""Issuing, revoking and reissuing visa invitation letters, and the companions they name — one
function per act, atomic and audited. The letter's PDF is stored as a case document."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cartnav.audit import services as audit
from cartnav.clinical.text import localize
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError, lock_case
from cartnav.plans.models import TreatmentPlan
from cartnav.records import services as records
from cartnav.records.models import DocumentKind
from cartnav.visas import rules
from cartnav.visas.models import Companion, InvitationLetter

#: How many companions a letter may name.
MAX_COMPANIONS = 4


def _error(exc: rules.LetterError) -> ServiceError:
    return ServiceError(f"{exc.field}: {localize(exc.message, _)}")


@transaction.atomic
def add_companion(request: HttpRequest | None, case: Case, fields: dict[str, Any]) -> Companion:
    lock_case(case)
    if Companion.objects.filter(case=case).count() >= MAX_COMPANIONS:
        raise ServiceError(_("A letter names at most %(n)s companions.") % {"n": MAX_COMPANIONS})
    companion = Companion(case=case, **fields)
    try:
        companion.full_clean(exclude=["case"])
    except ValidationError as exc:
        raise ServiceError(
            "; ".join(f"{f}: {' '.join(e)}" for f, e in exc.message_dict.items())
        ) from exc
    companion.save()
    audit.record(request, "add_companion", companion, patient_id=case.patient_id)
    return companion


@transaction.atomic
def remove_companion(request: HttpRequest | None, companion: Companion) -> None:
    lock_case(companion.case)
    audit.record(request, "remove_companion", companion, patient_id=companion.case.patient_id)
    companion.delete()


def _content(
    case: Case, plan: TreatmentPlan, choice: rules.VisaChoice, signer: dict[str, str]
) -> dict[str, Any]:
    patient = case.patient
    if not patient.passport_number:
        raise ServiceError(
            _("passport_number: the patient's passport number is needed for the letter")
        )
    return {
        "patient": {
            "name": f"{patient.family_name.upper()} {patient.given_name}",
            "passport_number": patient.passport_number,
            "nationality": patient.nationality,
            "date_of_birth": patient.date_of_birth.isoformat(),
        },
        "diagnosis": case.diagnosis,
        "treatment": plan.option,
        "arrival": plan.assessment.isoformat() if plan.assessment else None,
        "departure": plan.home.isoformat() if plan.home else None,
        "infusion": plan.infusion.isoformat() if plan.infusion else None,
        "stay_days": choice.stay_days,
        "visa_basis": str(choice.basis),
        "companions": [
            {
                "name": c.name,
                "relation": c.relation,
                "nationality": c.nationality,
                "date_of_birth": c.date_of_birth.isoformat(),
                "passport_number": c.passport_number,
            }
            for c in Companion.objects.filter(case=case)
        ],
        "signer": signer,
    }


@transaction.atomic
def issue_letter(
    request: HttpRequest | None,
    case: Case,
    *,
    signer_name: str,
    signer_title: str,
    valid_until: dt.date | None,
    replaces: InvitationLetter | None = None,
    by: Any = None,
) -> InvitationLetter:
    """Issue a letter from the case's plan (S2 or S1 from its length), store its PDF as a case
    document, and audit it. With ``replaces``, that letter is marked superseded by this one."""
    from cartnav.visas import pdf  # WeasyPrint is heavy: loaded when a letter is made

    actor = by if by is not None else getattr(request, "user", None)
    case = lock_case(case)
    signer_name, signer_title = signer_name.strip(), signer_title.strip()
    if not signer_name or not signer_title or len(signer_name) > 120 or len(signer_title) > 120:
        raise ServiceError(
            _("signer: the signer's name and title are needed (120 characters at most)")
        )
    plan = TreatmentPlan.objects.filter(case=case).first()
    if plan is None:
        raise ServiceError(_("plan: the case needs a treatment plan before a letter"))
    today = timezone.localdate()
    try:
        choice = rules.visa_for(plan.assessment, plan.home)
        rules.check_validity(today, valid_until)
    except rules.LetterError as exc:
        raise _error(exc) from exc
    assert valid_until is not None
    if replaces is not None:
        replaces = InvitationLetter.objects.select_for_update().get(pk=replaces.pk)
        if replaces.case_id != case.pk or replaces.status != InvitationLetter.Status.VALID:
            raise ServiceError(_("Only a valid letter of this case can be reissued."))
    elif InvitationLetter.objects.filter(case=case, status=InvitationLetter.Status.VALID).exists():
        raise ServiceError(_("This case has a valid letter: reissue it, or revoke it first."))
    content = _content(case, plan, choice, {"name": signer_name, "title": signer_title})
    sequence = InvitationLetter.objects.filter(hospital=case.hospital).count() + 1
    letter = InvitationLetter.objects.create(
        case=case,
        hospital=case.hospital,
        number=rules.letter_number(case.hospital.slug, today.year, sequence),
        visa_type=choice.visa_type,
        valid_until=valid_until,
        content=json.dumps(content, ensure_ascii=False),
        issued_by=actor,
    )
    body = pdf.letter_pdf(letter, verify_url=verify_url(request, letter.number))
    upload = ContentFile(body, name=f"visa-letter-{letter.number}.pdf")
    letter.document = records.upload_document(
        request, case, upload, DocumentKind.VISA_LETTER, note=letter.number, by=actor, issued=True
    )
    letter.save(update_fields=["document"])
    if replaces is not None:
        replaces.status = InvitationLetter.Status.SUPERSEDED
        replaces.superseded_by = letter
        replaces.save(update_fields=["status", "superseded_by"])
    transaction.on_commit(lambda: _tell_patient(letter))
    audit.record(
        request,
        "issue_visa_letter",
        letter,
        patient_id=case.patient_id,
        user=actor,
        detail={
            "number": letter.number,
            "visa_type": letter.visa_type,
            "valid_until": valid_until.isoformat(),
            "replaces": replaces.number if replaces else None,
        },
    )
    return letter


@transaction.atomic
def revoke_letter(
    request: HttpRequest | None, letter: InvitationLetter, reason: str, *, by: Any = None
) -> InvitationLetter:
    actor = by if by is not None else getattr(request, "user", None)
    lock_case(letter.case)
    letter = InvitationLetter.objects.select_related("case").get(pk=letter.pk)
    reason = reason.strip()
    if not reason or len(reason) > 300:
        raise ServiceError(_("reason: say why the letter is revoked (300 characters at most)"))
    if letter.status != InvitationLetter.Status.VALID:
        raise ServiceError(_("Only a valid letter can be revoked."))
    letter.status = InvitationLetter.Status.REVOKED
    letter.revoked_at = timezone.now()
    letter.revoked_by = actor
    letter.revoke_reason = reason
    letter.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
    audit.record(
        request,
        "revoke_visa_letter",
        letter,
        patient_id=letter.case.patient_id,
        user=actor,
        detail={"number": letter.number, "reason": reason},
    )
    return letter


def _tell_patient(letter: InvitationLetter) -> None:
    from cartnav.notifications import services as notifications
    from cartnav.notifications.models import Notification

    notifications.notify(
        notifications.patient_side(letter.case),
        Notification.Kind.LETTER,
        letter.case,
        lambda: _("Your visa invitation letter %(number)s is issued.") % {"number": letter.number},
        f"/cases/{letter.case_id}/visa/",
    )


def verify_url(request: HttpRequest | None, number: str) -> str:
    path = f"/verify/{number}/"
    return request.build_absolute_uri(path) if request is not None else path


def verification(request: HttpRequest | None, number: str) -> dict[str, Any] | None:
    """What the public verification page may show of a letter — the number, the hospital, the
    validity and the status, nothing about the person — or None for a number that is not one."""
    if not rules.looks_like_a_number(number):
        return None
    letter = (
        InvitationLetter.objects.filter(number=number).select_related("hospital", "case").first()
    )
    if letter is None:
        return None
    audit.record(request, "verify_visa_letter", letter, patient_id=letter.case.patient_id)
    expired = (
        letter.status == InvitationLetter.Status.VALID and letter.valid_until < timezone.localdate()
    )
    return {
        "number": letter.number,
        "hospital": letter.hospital.name,
        "hospital_zh": letter.hospital.name_zh,
        "issued": letter.issued_at.date().isoformat(),
        "valid_until": letter.valid_until.isoformat(),
        "status": "expired" if expired else letter.status,
    }

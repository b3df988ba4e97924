"""Every change to patients, cases and consents — one function per act, each atomic and audited.

Pages, the API, the CLI and the tests all call these; nothing else writes these models.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cartnav.audit import services as audit
from cartnav.patients import journey
from cartnav.patients.models import Case, Consent, ConsentPurpose, ConsentText, Patient, StageChange
from cartnav.patients.stages import NEXT_STEP, Stage


class ServiceError(ValueError):
    """A request that cannot be carried out; the message says why, for the person."""


def _now() -> dt.datetime:
    return timezone.now()


def lock_case(case: Case) -> Case:
    """Lock the case's row until the transaction ends, and read it afresh.

    Every change of a case (its stage, its profile, an import) starts here, so changes of one
    case are applied one after the other: the second of two simultaneous requests waits, then
    sees what the first did. (PostgreSQL: ``SELECT … FOR UPDATE``; SQLite: the IMMEDIATE
    transaction already holds the database's write lock.)
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_case needs a transaction")
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def create_patient(request: HttpRequest | None, *, by: Any = None, **fields: Any) -> Patient:
    patient = Patient(**fields)
    patient.full_clean()
    patient.save()
    audit.record(request, "create", patient, patient_id=patient.pk, user=by)
    return patient


@transaction.atomic
def open_case(
    request: HttpRequest | None,
    patient: Patient,
    hospital: Any,
    *,
    by: Any = None,
    coordinator: Any = None,
    diagnosis: str = "",
    reason: str = "",
) -> Case:
    now = _now()
    number = _next_case_number(hospital, now)
    case = Case.objects.create(
        number=number,
        patient=patient,
        hospital=hospital,
        coordinator=coordinator,
        stage=Stage.INQUIRY,
        stage_changed=now,
        diagnosis=diagnosis,
    )
    StageChange.objects.create(
        case=case,
        from_stage="",
        to_stage=Stage.INQUIRY,
        by=by,
        at=now,
        reason=reason or _("Case opened"),
    )
    audit.record(request, "create", case, patient_id=patient.pk, user=by)
    return case


def _next_case_number(hospital: Any, now: dt.datetime) -> str:
    prefix = f"{hospital.slug[:4].upper()}-{now:%Y}-"
    last = (
        Case.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{serial:05d}"


@transaction.atomic
def change_stage(
    request: HttpRequest | None,
    case: Case,
    to_stage: str,
    reason: str,
    *,
    by: Any = None,
    at: dt.datetime | None = None,
    expected_stage: str | None = None,
    override: bool = False,
    tell: bool = True,
) -> StageChange:
    """Move a case to another stage, by the journey's table (:mod:`cartnav.patients.journey`),
    keep the history, and tell the patient.

    A move the table lists, whose conditions hold, is made by anyone who may change stages. Any
    other move is refused with the reason — unless ``override`` is asked for by a physician or
    an administrator, when it is made and marked as an override in the history. The patient (or
    the family members acting for them) is told in their language what the new stage means and
    what comes next, on the portal (the history) and by e-mail once the move is saved — unless
    ``tell`` is False because the caller sends its own message (a review's decision).

    The case is locked and read afresh first (:func:`lock_case`), so the history's "from" is the
    stage the case really had, and the same move sent twice at once is applied once: the second
    finds the case already there and is refused. ``expected_stage`` (the stage the person saw
    when they chose the move) refuses a move made on a stale page.
    """
    if to_stage not in Stage.values:
        raise ServiceError(_("“%(stage)s” is not a stage of the journey.") % {"stage": to_stage})
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the stage changes."))
    current = lock_case(case)
    if to_stage == current.stage:
        raise ServiceError(_("The case is already at this stage."))
    if expected_stage and expected_stage != current.stage:
        raise ServiceError(
            _("The case has moved to “%(stage)s” since you looked; nothing was changed.")
            % {"stage": current.get_stage_display()}
        )
    actor = by if by is not None else getattr(request, "user", None)
    refusal = _refusal(current, to_stage)
    if refusal and not override:
        raise ServiceError(refusal)
    if refusal and getattr(actor, "role", None) not in journey.OVERRIDE_ROLES:
        raise ServiceError(
            _("%(refusal)s Only a physician or an administrator can override the journey.")
            % {"refusal": refusal}
        )
    when = at or _now()
    change = StageChange.objects.create(
        case=case,
        from_stage=current.stage,
        to_stage=to_stage,
        by=actor,
        at=when,
        reason=reason[:2000],
        override=bool(refusal),
    )
    Case.objects.filter(pk=case.pk).update(stage=to_stage, stage_changed=when)
    case.stage, case.stage_changed = to_stage, when
    audit.record(
        request,
        "change_stage",
        case,
        patient_id=case.patient_id,
        user=actor,
        detail={"from": change.from_stage, "to": to_stage, "override": bool(refusal)},
    )
    if tell:
        case_id = case.pk
        transaction.on_commit(lambda: tell_patient_of_move(case_id, to_stage))
    return change


def _refusal(case: Case, to_stage: str) -> str:
    """Why the journey does not allow this move as an ordinary one ("" when it does)."""
    move = journey.find(case.stage, to_stage)
    if move is None:
        allowed = ", ".join(str(Stage(m.to).label) for m in journey.moves_from(case.stage))
        if allowed:
            return _(
                "From “%(stage)s” a case goes on to: %(allowed)s. “%(to)s” is not one of them."
            ) % {"stage": case.get_stage_display(), "allowed": allowed, "to": Stage(to_stage).label}
        return _("The case is closed (“%(stage)s”): reopening it is not an ordinary move.") % {
            "stage": case.get_stage_display()
        }
    missing = [str(journey.CONDITIONS[c]) for c in move.needs if not holds(c, case)]
    if missing:
        return _("Moving to “%(to)s” needs %(missing)s.") % {
            "to": Stage(to_stage).label,
            "missing": pgettext("joins the conditions a move still needs", " and ").join(missing),
        }
    return ""


def holds(condition: str, case: Case) -> bool:
    """Whether a condition of the journey's table holds for the case, from its records."""
    if condition == "accepted_review":
        from cartnav.records.models import Decision, ReviewRequest

        return ReviewRequest.objects.filter(case=case, decision=Decision.ACCEPTED).exists()
    if condition == "treatment_plan":
        from cartnav.plans.models import TreatmentPlan

        return TreatmentPlan.objects.filter(case=case, infusion__isnull=False).exists()
    if condition == "apheresis_booked":
        from cartnav.custody.models import TherapyOrder

        return (
            TherapyOrder.objects.filter(case=case)
            .exclude(status__in=[TherapyOrder.Status.CANCELLED, TherapyOrder.Status.CLOSED])
            .exists()
        )
    if condition in ("product_released", "bedside_checked"):
        from cartnav.custody import services as custody
        from cartnav.custody.models import TherapyOrder

        order = TherapyOrder.objects.filter(case=case, status__in=custody.ACTIVE).first()
        if order is None:
            return False
        state = custody.status(order)
        if condition == "product_released":
            return state.released and not state.quarantined
        return "bedside_check" in state.latest
    return False


def recipients(case: Case) -> tuple[list[str], str]:
    """Who is told about a case, and in which language: the patient's own sign-in, else the
    family members acting for them, else the patient's address on file; their language, else
    the patient's first language, else English."""
    patient = case.patient
    people = [patient.user] if patient.user else list(patient.proxies.all())
    emails = [p.email for p in people if p and p.email] or (
        [patient.email] if patient.email else []
    )
    language = (people[0].language if people else "") or (patient.languages or ["en"])[0]
    return emails, language


def tell_patient_of_move(case_id: Any, to_stage: str) -> None:
    """E-mail the patient (or the family members acting for them) in their language: the case's
    new stage, what it means and what comes next. Sent after the move is saved; a case without
    an address is told on the portal only."""
    from cartnav.notifications import services as notifications
    from cartnav.notifications.models import Notification

    case = Case.objects.select_related("patient", "patient__user").get(pk=case_id)
    emails, language = recipients(case)
    notifications.notify(
        notifications.patient_side(case),
        Notification.Kind.STAGE,
        case,
        lambda: (
            _("Your case %(number)s: %(stage)s")
            % {"number": case.number, "stage": Stage(to_stage).label}
        ),
        "/me/",
        emailed=bool(emails),
    )
    if not emails:
        return
    with translation.override(language):
        subject = _("Your case %(number)s: %(stage)s") % {
            "number": case.number,
            "stage": Stage(to_stage).label,
        }
        body = render_to_string(
            "patients/stage_email.txt",
            {
                "case": case,
                "stage": Stage(to_stage).label,
                "next_step": NEXT_STEP.get(to_stage, ""),
            },
        )
    send_mail(subject, body, None, emails)


def current_text(purpose: str, language: str) -> ConsentText:
    """The newest text for a purpose in the person's language, else in English."""
    texts = ConsentText.objects.filter(purpose=purpose).order_by("-published", "-id")
    text = texts.filter(language=language).first() or texts.filter(language="en").first()
    if text is None:
        raise ServiceError(_("No consent text has been published for this purpose."))
    return text


@transaction.atomic
def give_consent(
    request: HttpRequest | None,
    patient: Patient,
    purpose: str,
    text: ConsentText,
    *,
    by: Any = None,
) -> Consent:
    if purpose not in ConsentPurpose.values or text.purpose != purpose:
        raise ServiceError(_("This consent text does not belong to that purpose."))
    if patient.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists():
        raise ServiceError(_("This consent has already been given."))
    actor = by if by is not None else getattr(request, "user", None)
    consent = Consent.objects.create(
        patient=patient, purpose=purpose, text=text, given_at=_now(), given_by=actor
    )
    audit.record(
        request,
        "give_consent",
        consent,
        patient_id=patient.pk,
        user=actor,
        detail={"purpose": purpose, "text_version": text.version, "language": text.language},
    )
    return consent


@transaction.atomic
def withdraw_consent(request: HttpRequest | None, consent: Consent, *, by: Any = None) -> Consent:
    """Withdraw a consent. Withdrawing research consent takes the patient out of every later
    research export, because exports select only patients with an active research consent."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ServiceError(_("This consent has already been withdrawn."))
    actor = by if by is not None else getattr(request, "user", None)
    consent.withdrawn_at, consent.withdrawn_by = _now(), actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit.record(
        request,
        "withdraw_consent",
        consent,
        patient_id=consent.patient_id,
        user=actor,
        detail={"purpose": consent.purpose},
    )
    return consent


EDITABLE_PATIENT_FIELDS = (
    "family_name",
    "given_name",
    "native_name",
    "date_of_birth",
    "sex",
    "nationality",
    "passport_number",
    "languages",
    "time_zone",
    "email",
    "phone",
    "contacts",
)


@transaction.atomic
def update_patient(
    request: HttpRequest | None, patient: Patient, changes: dict[str, Any], *, by: Any = None
) -> Patient:
    unknown = set(changes) - set(EDITABLE_PATIENT_FIELDS)
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(patient, name, value)
    patient.full_clean()
    patient.save()
    # Never put the values in the audit trail: the names of the changed fields suffice.
    audit.record(
        request,
        "edit_patient",
        patient,
        patient_id=patient.pk,
        user=by,
        detail={"fields": sorted(changes)},
    )
    return patient

"""The access rules themselves. See the package docstring for what they say."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from cartnav.accounts.models import Membership
from cartnav.accounts.roles import STAFF_ROLES, Role
from cartnav.audit import services as audit
from cartnav.core.prepared import Prepared
from cartnav.patients.models import Case, Patient


class NotFound(Exception):
    """Raised for an object that does not exist *or* that the person may not see."""


class Forbidden(Exception):
    """Raised for an action the person may not take on an object they may see."""


class Action(enum.StrEnum):
    READ = "read"
    CHANGE_STAGE = "change_stage"
    EDIT_PATIENT = "edit_patient"
    MANAGE_CONSENT = "manage_consent"
    EDIT_PROFILE = "edit_profile"
    UPLOAD_DOCUMENT = "upload_document"
    SEND_FOR_REVIEW = "send_for_review"
    DECIDE_REVIEW = "decide_review"
    EDIT_PLAN = "edit_plan"
    ISSUE_QUOTE = "issue_quote"
    ACCEPT_QUOTE = "accept_quote"
    ISSUE_LETTER = "issue_letter"
    WRITE_MESSAGE = "write_message"
    READ_MESSAGES = "read_messages"
    BOOK_APHERESIS = "book_apheresis"
    RECORD_CUSTODY = "record_custody"
    READ_WARD = "read_ward"
    RECORD_WARD = "record_ward"
    OVERRIDE_DOSE = "override_dose"
    ACKNOWLEDGE_ALERT = "acknowledge_alert"


#: Which role may take which action on a case it can see. Absent means no.
_ALLOWED: dict[Action, frozenset[str]] = {
    Action.READ: frozenset({*STAFF_ROLES, Role.PATIENT, Role.PROXY, Role.ADMIN}),
    Action.CHANGE_STAGE: frozenset({Role.COORDINATOR, Role.PHYSICIAN, Role.ADMIN}),
    Action.EDIT_PATIENT: frozenset({Role.COORDINATOR, Role.PATIENT, Role.PROXY, Role.ADMIN}),
    Action.MANAGE_CONSENT: frozenset({Role.PATIENT, Role.PROXY}),
    Action.UPLOAD_DOCUMENT: frozenset({Role.PATIENT, Role.PROXY, Role.COORDINATOR, Role.ADMIN}),
    Action.SEND_FOR_REVIEW: frozenset({Role.COORDINATOR, Role.ADMIN}),
    Action.DECIDE_REVIEW: frozenset({Role.REVIEWER}),
    Action.EDIT_PLAN: frozenset({Role.COORDINATOR, Role.PHYSICIAN, Role.ADMIN}),
    Action.ISSUE_QUOTE: frozenset({Role.COORDINATOR, Role.ADMIN}),
    Action.ACCEPT_QUOTE: frozenset({Role.PATIENT, Role.PROXY}),
    Action.ISSUE_LETTER: frozenset({Role.COORDINATOR, Role.ADMIN}),
    Action.WRITE_MESSAGE: frozenset(
        {Role.PATIENT, Role.PROXY, Role.COORDINATOR, Role.PHYSICIAN, Role.NURSE}
    ),
    Action.BOOK_APHERESIS: frozenset({Role.COORDINATOR, Role.ADMIN}),
    Action.RECORD_CUSTODY: frozenset({Role.COORDINATOR, Role.PHYSICIAN, Role.NURSE}),
    # the ward's flowsheet is the care team's working record; the patient's portal shows the
    # stay in plain words, not the flowsheet
    Action.READ_WARD: frozenset({Role.COORDINATOR, Role.PHYSICIAN, Role.NURSE, Role.ADMIN}),
    Action.RECORD_WARD: frozenset({Role.PHYSICIAN, Role.NURSE}),
    Action.OVERRIDE_DOSE: frozenset({Role.PHYSICIAN}),
    Action.ACKNOWLEDGE_ALERT: frozenset({Role.PHYSICIAN}),
    # the conversation is between the patient's side and the care team: a reviewer, who reads
    # the records, is not part of it
    Action.READ_MESSAGES: frozenset(
        {Role.PATIENT, Role.PROXY, Role.COORDINATOR, Role.PHYSICIAN, Role.NURSE, Role.ADMIN}
    ),
    Action.EDIT_PROFILE: frozenset(
        {Role.COORDINATOR, Role.PHYSICIAN, Role.REVIEWER, Role.PATIENT, Role.PROXY, Role.ADMIN}
    ),
}


def _is_verified(user: Any) -> bool:
    """Staff must have passed the second factor; patients never need to."""
    if not user.needs_second_factor:
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def role_key(user: Any) -> str | None:
    """Which rule of :func:`cases_by_rule` applies to this person, or None: nothing visible."""
    if user is None or not user.is_authenticated or not user.is_active or not _is_verified(user):
        return None
    if user.role in STAFF_ROLES:
        return "staff"
    return user.role if user.role in (Role.ADMIN, Role.PATIENT, Role.PROXY) else None


def cases_by_rule(rule: str, user_id: Any) -> QuerySet[Case]:
    """The cases the person with ``user_id`` sees under ``rule`` (see :func:`role_key`): the
    rules themselves, in one place, for :func:`visible_cases` and the prepared queries."""
    base = Case.objects.select_related("patient", "hospital", "coordinator")
    if rule == Role.ADMIN:
        return base.all()
    if rule == Role.PATIENT:
        return base.filter(patient__user_id=user_id)
    if rule == Role.PROXY:
        return base.filter(patient__proxies=user_id)
    if rule == "staff":
        return base.filter(
            hospital__in=Membership.objects.filter(user_id=user_id).values("hospital")
        )
    return Case.objects.none()


def visible_cases(user: Any) -> QuerySet[Case]:
    """The cases this person may see; nothing at all unless a rule grants it."""
    rule = role_key(user)
    return Case.objects.none() if rule is None else cases_by_rule(rule, user.pk)


def prepared_by_rule(
    build: Callable[[QuerySet[Case]], QuerySet[Any]],
    rules: Iterable[str] = (Role.PATIENT, Role.PROXY, "staff", Role.ADMIN),
    *,
    of: Callable[[str, Any], QuerySet[Any]] = cases_by_rule,
) -> dict[str, Prepared]:
    """``build(rows)`` compiled once per rule (``core.prepared``), where ``rows`` is what the
    rule lets the person see — their cases, or with ``of=patients_by_rule`` their patients —
    each run with the person's id (the admin's rule needs none): for the lists every page of a
    role shows (``patients.selectors``, ``access.portal``)."""
    out = {}
    for rule in rules:
        if rule == Role.ADMIN:
            out[rule] = Prepared(lambda: build(of(Role.ADMIN, None)))
        else:
            out[rule] = Prepared(lambda uid, r=rule: build(of(r, uid)), _USER_PK)
    return out


def run_by_rule(queries: dict[str, Prepared], user: Any) -> list[Any]:
    """The prepared query of this person's rule, run for them; [] if they see nothing."""
    rule = role_key(user)
    if rule is None:
        return []
    return queries[rule].all() if rule == Role.ADMIN else queries[rule].all(user.pk)


def patients_by_rule(rule: str, user_id: Any) -> QuerySet[Patient]:
    """The patients the person with ``user_id`` sees under ``rule``: the patient they are, those
    a proxy acts for (with or without a case yet), else those of the cases they see."""
    if rule == Role.PATIENT:
        return Patient.objects.filter(user_id=user_id)
    if rule == Role.PROXY:
        return Patient.objects.filter(proxies=user_id)
    cases = cases_by_rule(rule, user_id)
    return Patient.objects.filter(pk__in=cases.values("patient")).distinct()


def visible_patients(user: Any) -> QuerySet[Patient]:
    """Patients with at least one visible case, or the patient themselves."""
    rule = role_key(user)
    return Patient.objects.none() if rule is None else patients_by_rule(rule, user.pk)


def note_visible(user: Any, cases: Iterable[Case]) -> None:
    """Remember for :func:`can` that this request already found these cases visible."""
    _seen(user).update(dict.fromkeys((c.pk for c in cases), True))


def _seen(user: Any) -> dict[Any, bool]:
    """Which cases this user object may see, as far as this request has looked.

    Kept on the user object, which the authentication middleware loads afresh for each request,
    so a page that asks :func:`can` about one case several times queries once, and a change of
    membership counts from the next request on.
    """
    memo: dict[Any, bool] = user.__dict__.setdefault("_cartnav_visible_cases", {})
    return memo


def can(user: Any, action: Action, case: Case) -> bool:
    """May ``user`` take ``action`` on ``case``? Only if they may see it *and* their role allows."""
    if user is None or not user.is_authenticated or user.role not in _ALLOWED[action]:
        return False
    seen = _seen(user)
    if case.pk not in seen:
        seen[case.pk] = visible_cases(user).filter(pk=case.pk).exists()
    return seen[case.pk]


_USER_PK = get_user_model()._meta.pk
#: One case by id, as each rule sees it, compiled once (``core.prepared``): every page and API
#: call about a case runs one of them.
_CASE_FOR: dict[str, Prepared] = {
    rule: Prepared(
        lambda uid, case_id, r=rule: cases_by_rule(r, uid).filter(pk=case_id),
        _USER_PK,
        Case._meta.pk,
    )
    for rule in (Role.PATIENT, Role.PROXY, "staff")
}
_CASE_FOR[Role.ADMIN] = Prepared(
    lambda case_id: cases_by_rule(Role.ADMIN, None).filter(pk=case_id), Case._meta.pk
)

#: The columns a case's summary shows (the API's ``CaseOut``): the same rules, without the
#: patient's contacts and passport, the hospital's details or the coordinator's account —
#: making those into objects was a third of the one-case read (docs/performance.md).
SUMMARY_COLUMNS = (
    "id",
    "number",
    "patient_id",
    "hospital_id",
    "coordinator_id",
    "stage",
    "stage_changed",
    "diagnosis",
    "patient__given_name",
    "patient__family_name",
    "patient__native_name",
    "hospital__slug",
    "coordinator__username",
)
_SUMMARY_FOR: dict[str, Prepared] = {
    rule: Prepared(
        lambda uid, case_id, r=rule: (
            cases_by_rule(r, uid).filter(pk=case_id).only(*SUMMARY_COLUMNS)
        ),
        _USER_PK,
        Case._meta.pk,
    )
    for rule in (Role.PATIENT, Role.PROXY, "staff")
}
_SUMMARY_FOR[Role.ADMIN] = Prepared(
    lambda case_id: cases_by_rule(Role.ADMIN, None).filter(pk=case_id).only(*SUMMARY_COLUMNS),
    Case._meta.pk,
)


def _visible_case(user: Any, case_id: Any, *, summary: bool = False) -> Case | None:
    """:func:`visible_cases` ``.get(pk=case_id)``, or None — by the prepared query of the rule
    (with ``summary``, only :data:`SUMMARY_COLUMNS` are loaded; any other field is fetched
    when first read)."""
    rule = role_key(user)
    if rule is None:
        return None
    values = (case_id,) if rule == Role.ADMIN else (user.pk, case_id)
    try:
        return cast(Case | None, (_SUMMARY_FOR if summary else _CASE_FOR)[rule].first(*values))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return None  # a malformed id is not found, like a missing one


def _lookup(qs: QuerySet[Any], pk: Any) -> Any:
    """One object by primary key, or None — also for a malformed id (e.g. not a UUID)."""
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValidationError, ValueError, TypeError):
        return None


def get_case(
    request: HttpRequest, case_id: Any, action: Action = Action.READ, *, summary: bool = False
) -> Case:
    """Fetch a case for this request, audit the access, or raise NotFound for either refusal.
    ``summary``: load only the columns of a case's summary (:data:`SUMMARY_COLUMNS`)."""
    user = request.user
    case = _visible_case(user, case_id, summary=summary)
    if case is None:
        audit.record(request, f"denied:{action}", detail={"case_id": str(case_id)[:64]})
        raise NotFound
    _seen(user)[case.pk] = True
    if user.role not in _ALLOWED[action]:
        audit.record(request, f"denied:{action}", case, patient_id=case.patient_id)
        raise Forbidden
    if action == Action.READ:
        audit.record(request, "read", case, patient_id=case.patient_id)
    # Any other action is audited by the service that carries it out, with what it changed.
    return case


def page_case(request: HttpRequest, case_id: Any, action: Action = Action.READ) -> Case:
    """:func:`get_case` for a page: "not yours" and "not there" are a 404, a role that may see
    the case but not do ``action`` is a 403 — the one translation every page uses."""
    try:
        return get_case(request, case_id, action)
    except NotFound as exc:
        raise Http404 from exc
    except Forbidden as exc:
        raise PermissionDenied from exc


def get_patient(request: HttpRequest, patient_id: Any) -> Patient:
    patient = _lookup(visible_patients(request.user), patient_id)
    if patient is None:
        audit.record(request, "denied:read", detail={"patient_id": str(patient_id)[:64]})
        raise NotFound
    audit.record(request, "read", patient, patient_id=patient.pk)
    return patient


def require_role(user: Any, action: Action) -> None:
    """Refuse (403) an action the person's role never allows, whatever the object."""
    if user is None or not user.is_authenticated or user.role not in _ALLOWED[action]:
        raise Forbidden

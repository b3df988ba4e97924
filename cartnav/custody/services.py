"""Booking the apheresis against a manufacturing slot, and recording custody events — one
function per act, atomic and audited. The rules are the pure cores (``events``, ``isbt128``);
here they meet the database, the signers' passwords and the audit key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cartnav.accounts.roles import Role
from cartnav.audit import keys as audit_keys
from cartnav.audit import services as audit
from cartnav.catalog.models import Product
from cartnav.clinical.text import localize
from cartnav.custody import events as rules
from cartnav.custody import isbt128
from cartnav.custody.models import (
    CustodyEvent,
    EventSignature,
    ManufacturingSite,
    SafetyRecord,
    TherapyOrder,
)
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError, lock_case

#: Orders that hold a manufacturing slot.
ACTIVE = (TherapyOrder.Status.BOOKED, TherapyOrder.Status.IN_PROGRESS)
#: How many weeks ahead a refusal looks for the next free slot, to name it.
LOOK_AHEAD_WEEKS = 26


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def slot_week(site: ManufacturingSite, apheresis: dt.date) -> dt.date:
    """The manufacturing week a collection on ``apheresis`` starts in."""
    return monday(apheresis + dt.timedelta(days=site.days_to_start))


def free_slots(site: ManufacturingSite, week: dt.date, *, excluding: Any = None) -> int:
    taken = TherapyOrder.objects.filter(site=site, slot_week=week, status__in=ACTIVE)
    if excluding is not None:
        taken = taken.exclude(pk=excluding.pk)
    return site.slots_per_week - taken.count()


def _next_free(site: ManufacturingSite, week: dt.date) -> dt.date | None:
    for n in range(1, LOOK_AHEAD_WEEKS + 1):
        candidate = week + dt.timedelta(weeks=n)
        if free_slots(site, candidate) > 0:
            return candidate
    return None


def _full(site: ManufacturingSite, week: dt.date) -> ServiceError:
    following = _next_free(site, week)
    if following is None:
        return ServiceError(
            _(
                "apheresis: %(site)s has no free manufacturing slot in the week of %(week)s or the %(n)s weeks after"
            )
            % {"site": site.name, "week": week.isoformat(), "n": LOOK_AHEAD_WEEKS}
        )
    return ServiceError(
        _(
            "apheresis: %(site)s has no free manufacturing slot in the week of %(week)s; the next is the week of %(next)s"
        )
        % {"site": site.name, "week": week.isoformat(), "next": following.isoformat()}
    )


def _coi(case: Case, today: dt.date) -> str:
    fin = case.hospital.isbt_fin
    if not fin:
        raise ServiceError(
            _("The hospital has no ISBT 128 FIN yet: an admin enters the one ICCBBA assigned.")
        )
    year = f"{today.year % 100:02d}"
    prefix = f"{isbt128.COI_PREFIX}{fin}{year}"
    taken = TherapyOrder.objects.filter(coi__startswith=prefix).count()
    try:
        return isbt128.build_coi(fin, year, f"{taken + 1:06d}").data_content
    except isbt128.IdentifierError as exc:
        raise ServiceError(str(exc)) from exc


@transaction.atomic
def book(
    request: HttpRequest | None,
    case: Case,
    *,
    product: Product,
    site: ManufacturingSite,
    apheresis: dt.date,
    by: Any = None,
) -> TherapyOrder:
    """Book the apheresis against a free manufacturing slot (the slot is what is scarce: a
    collection without one would wait, and cells do not keep). Refused, naming the next free
    week, when the slot week is full; and when the case already has an order in progress."""
    actor = by if by is not None else getattr(request, "user", None)
    case = lock_case(case)
    if not site.products.filter(pk=product.pk).exists():
        raise ServiceError(
            _("site: %(site)s does not make %(product)s")
            % {"site": site.name, "product": product.brand_name}
        )
    if apheresis < timezone.localdate():
        raise ServiceError(_("apheresis: the date is in the past"))
    if TherapyOrder.objects.filter(case=case, status__in=ACTIVE).exists():
        raise ServiceError(
            _("This case already has a therapy order in progress: move its date instead.")
        )
    ManufacturingSite.objects.select_for_update().get(pk=site.pk)  # one booking at a time per site
    week = slot_week(site, apheresis)
    if free_slots(site, week) <= 0:
        raise _full(site, week)
    order = TherapyOrder.objects.create(
        case=case,
        product=product,
        site=site,
        coi=_coi(case, timezone.localdate()),
        apheresis=apheresis,
        slot_week=week,
        created_by=actor,
    )
    audit.record(
        request,
        "book_apheresis",
        order,
        patient_id=case.patient_id,
        user=actor,
        detail={
            "coi": order.coi,
            "apheresis": apheresis.isoformat(),
            "slot_week": week.isoformat(),
        },
    )
    transaction.on_commit(lambda: _tell_patient_of_booking(order))
    return order


@transaction.atomic
def move(
    request: HttpRequest | None, order: TherapyOrder, apheresis: dt.date, *, by: Any = None
) -> TherapyOrder:
    """Move the apheresis; its manufacturing slot moves with it, or the move is refused (the
    TrakCel rule: the two are booked together). Only before the first collection."""
    actor = by if by is not None else getattr(request, "user", None)
    lock_case(order.case)
    order = TherapyOrder.objects.select_for_update().get(pk=order.pk)
    if order.status != TherapyOrder.Status.BOOKED or order.events_count:
        raise ServiceError(_("The collection has started: the apheresis date can no longer move."))
    if apheresis < timezone.localdate():
        raise ServiceError(_("apheresis: the date is in the past"))
    site = ManufacturingSite.objects.select_for_update().get(pk=order.site_id)
    week = slot_week(site, apheresis)
    if week != order.slot_week and free_slots(site, week, excluding=order) <= 0:
        raise _full(site, week)
    before = order.apheresis
    order.apheresis, order.slot_week = apheresis, week
    order.save(update_fields=["apheresis", "slot_week"])
    audit.record(
        request,
        "move_apheresis",
        order,
        patient_id=order.case.patient_id,
        user=actor,
        detail={
            "from": before.isoformat(),
            "to": apheresis.isoformat(),
            "slot_week": week.isoformat(),
        },
    )
    transaction.on_commit(lambda: _tell_patient_of_booking(order))
    return order


def label_coi(order: TherapyOrder) -> str:
    """The order's chain-of-identity identifier as labels and scanners carry it: ``&/``, the 15
    data characters and the MOD 37-2 check character."""
    return f"{isbt128.COI_DATA_IDENTIFIER}{order.coi}{isbt128.check_character(order.coi)}"


def _tell_patient_of_booking(order: TherapyOrder) -> None:
    from cartnav.notifications import services as notifications
    from cartnav.notifications.models import Notification

    notifications.notify(
        notifications.patient_side(order.case),
        Notification.Kind.APPOINTMENT,
        order.case,
        lambda: (
            _("Your cell collection (apheresis) is booked for %(day)s.")
            % {"day": order.apheresis.isoformat()}
        ),
        "/me/",
    )


# --- the custody log ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureIn:
    """A signer at the device: who, their password typed again, and what the signature means."""

    user: Any
    password: str
    meaning: str


def _history(order: TherapyOrder) -> list[rules.Event]:
    out = []
    for row in order.events.prefetch_related("signatures").order_by("seq"):
        out.append(
            rules.Event(
                kind=row.kind,
                at=row.at,
                actor=row.actor_name,
                place=row.place,
                identifiers=row.identifiers,
                fields=_fields_in(row.fields),
                content_hash=row.content_hash,
                signatures=tuple(
                    rules.Signature(
                        s.signer.get_username() if s.signer else s.printed_name,
                        s.meaning,
                        s.signed_at,
                        s.content_hash,
                    )
                    for s in row.signatures.all()
                ),
                prev_digest=row.prev_digest,
                digest=row.chain_digest,
            )
        )
    return out


def _fields_in(stored: dict[str, Any]) -> dict[str, Any]:
    """JSON gives dates back as text; the expiry is a date again for the rules."""
    out = dict(stored)
    if isinstance(out.get("expiry"), str):
        with contextlib.suppress(ValueError):
            out["expiry"] = dt.date.fromisoformat(out["expiry"])
    return out


def _fields_out(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in fields.items()}


def _keyed(chain: str) -> tuple[str, str]:
    """The chain digest under the audit key (so the log cannot be re-chained without it)."""
    signing = audit_keys.keys()
    return signing.sign(signing.current_id, chain.encode()), signing.current_id


def safety(
    request: HttpRequest | None, order: TherapyOrder, kind: str, reason: str, detail: dict[str, Any]
) -> None:
    """Record a refusal that is a safety event, outside the refused change's transaction."""
    SafetyRecord.objects.create(
        order=order, kind=kind, reason=reason, detail=detail, by=getattr(request, "user", None)
    )
    audit.record(
        request,
        "custody_safety_event",
        order,
        patient_id=order.case.patient_id,
        detail={"kind": kind},
    )


def clock_rule(order: TherapyOrder) -> Any:
    """The product's clock rule (``custody.clocks``), or None when an admin has entered none."""
    from cartnav.custody import clocks
    from cartnav.custody.models import HandlingRules

    handling = HandlingRules.objects.filter(product=order.product_id).first()
    if handling is None or not handling.clocks:
        return None
    return clocks.parse_rule(handling.clocks)


def _check_clocks(
    order: TherapyOrder,
    history: list[rules.Event],
    kind: str,
    at: dt.datetime,
    tocilizumab: int | None,
    decision: Any,
) -> list[str]:
    """Refusal reasons for a thaw or an infusion start past a limit of the product's clocks,
    unless a physician documented a decision; without clock rules, the infusion needs that
    decision (an unknown limit is never taken as met). The reasons and the decision, if any."""
    from cartnav.custody import clocks

    if kind not in ("thaw", "infusion_start"):
        return []
    rule = clock_rule(order)
    if rule is None:
        if kind == "infusion_start" and decision is None:
            return [
                _(
                    "This product has no clock rules yet: a physician documents the decision to infuse."
                )
            ]
        return []
    latest = rules.status(history).latest
    events = {k: v for k, v in latest.items() if k in ("lymphodepletion_start", "thaw")}
    try:
        verdict = clocks.may_proceed(rule, events, at, kind, tocilizumab, decision)
    except clocks.ClockError as exc:
        return [str(localize(exc.message, _))]
    return (
        []
        if verdict.allowed
        else [str(localize(r, _)) for r in verdict.reasons] or [_("A limit is not met.")]
    )


def record_event(
    request: HttpRequest | None,
    order: TherapyOrder,
    kind: str,
    *,
    place: str,
    identifiers: dict[str, str] | None = None,
    fields: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
    signers: list[SignatureIn] | None = None,
    tocilizumab_on_hand: int | None = None,
    decision_reason: str = "",
    by: Any = None,
) -> CustodyEvent:
    """Append one custody event, or refuse it with the reason and change nothing. Signed kinds
    need each signer's password again; a refusal the rules call a safety event (a wrong bag, an
    event on a quarantined product, a wrong password) is recorded as such."""
    actor = by if by is not None else getattr(request, "user", None)
    identifiers = {k: v.strip().upper() for k, v in (identifiers or {}).items() if v and v.strip()}
    fields = dict(fields or {})
    at = at or timezone.now()
    refusal: tuple[str, str, dict[str, Any]] | None = None
    try:
        with transaction.atomic():
            locked = (
                TherapyOrder.objects.select_for_update().select_related("case").get(pk=order.pk)
            )
            if locked.status == TherapyOrder.Status.CANCELLED:
                raise ServiceError(_("This order is cancelled."))
            if kind == "quarantine_decision" and getattr(actor, "role", "") != Role.PHYSICIAN:
                raise ServiceError(_("A physician decides about a product in quarantine."))
            decision = None
            if decision_reason.strip():
                from cartnav.custody import clocks

                if getattr(actor, "role", "") != Role.PHYSICIAN:
                    raise ServiceError(
                        _("Only a physician documents a decision to proceed past a limit.")
                    )
                decision = clocks.Decision(actor.get_username(), decision_reason.strip(), at)
                fields["physician_decision"] = decision_reason.strip()
            if tocilizumab_on_hand is not None:
                fields["tocilizumab_on_hand"] = tocilizumab_on_hand
            history = _history(locked)  # read once: the clocks and the rules both need it
            limits = _check_clocks(locked, history, kind, at, tocilizumab_on_hand, decision)
            if limits:
                refusal = (kind, " ".join(limits), {"event": kind, "limits": limits})
                raise ServiceError(" ".join(limits))
            proposed = rules.ProposedEvent(
                kind=kind,
                at=at,
                actor=actor.get_username() if actor else "",
                place=place.strip(),
                identifiers=identifiers,
                fields=fields,
            )
            content = rules.content_hash(proposed) if kind in rules.KINDS else ""
            signatures = []
            for signer in signers or []:
                if (
                    signer.user is None
                    or not signer.user.is_active
                    or not signer.user.check_password(signer.password)
                ):
                    who = signer.user.get_username() if signer.user else "?"
                    refusal = (
                        "signature",
                        _("The password of %(who)s is wrong: nothing is signed.") % {"who": who},
                        {"event": kind, "signer": who},
                    )
                    raise ServiceError(refusal[1])
                signatures.append(
                    rules.Signature(
                        signer.user.get_username(), signer.meaning, timezone.now(), content
                    )
                )
            given = identifiers.get("coi")
            if given is not None:
                parsed = isbt128.parse(given)
                if parsed.valid and parsed.kind == "coi" and parsed.data_content != locked.coi:
                    message = _(
                        "This chain-of-identity identifier (%(given)s) is not this patient's order "
                        "(%(coi)s): stop and check the patient and the bag."
                    ) % {"given": given, "coi": label_coi(locked)}
                    refusal = (kind, message, {"event": kind, "identifiers": identifiers})
                    raise ServiceError(message)
            try:
                event = rules.record(history, proposed, signatures)
            except rules.CustodyError as exc:
                message = str(localize(exc.message, _)) if hasattr(exc, "message") else str(exc)
                if getattr(exc, "safety", False):
                    refusal = (kind, message, {"event": kind, "identifiers": identifiers})
                raise ServiceError(message) from exc
            keyed, key_id = _keyed(event.digest)
            row = CustodyEvent.objects.create(
                order=locked,
                seq=locked.events_count + 1,
                kind=kind,
                at=at,
                actor=actor if getattr(actor, "pk", None) else None,
                actor_name=proposed.actor,
                place=proposed.place,
                identifiers=dict(event.identifiers),
                fields=_fields_out(dict(event.fields)),
                content_hash=event.content_hash,
                prev_digest=event.prev_digest,
                chain_digest=event.digest,
                digest=keyed,
                key_id=key_id,
            )
            for signer, signature in zip(signers or [], signatures, strict=True):
                EventSignature.objects.create(
                    event=row,
                    signer=signer.user,
                    printed_name=signer.user.get_full_name() or signer.user.get_username(),
                    role=signer.user.role,
                    meaning=signature.meaning,
                    signed_at=signature.signed_at,
                    content_hash=signature.content_hash,
                )
            locked.events_count, locked.head_digest = row.seq, event.digest
            locked.status = _status_after(locked, kind)
            locked.save(update_fields=["events_count", "head_digest", "status"])
            audit.record(
                request,
                "record_custody_event",
                row,
                patient_id=locked.case.patient_id,
                user=actor,
                detail={"kind": kind, "seq": row.seq, "signatures": len(signatures)},
            )
            return row
    except ServiceError:
        if refusal is not None:
            safety(request, order, refusal[0], refusal[1], refusal[2])
        raise


def _status_after(order: TherapyOrder, kind: str) -> str:
    if kind == "disposal":
        return TherapyOrder.Status.CLOSED
    if kind in ("infusion_start", "infusion_stop"):
        return TherapyOrder.Status.INFUSED
    return (
        TherapyOrder.Status.IN_PROGRESS
        if order.status == TherapyOrder.Status.BOOKED
        else order.status
    )


def status(order: TherapyOrder) -> rules.Status:
    return rules.status(_history(order))


def verify(order: TherapyOrder) -> list[str]:
    """Every break in the order's log: a content hash that no longer matches the stored event,
    a chain link that does not follow, or a keyed digest that the audit key does not give."""
    problems = []
    prev = rules.GENESIS
    signing = audit_keys.keys()
    for row, event in zip(order.events.order_by("seq"), _history(order), strict=True):
        if rules.content_hash(event) != row.content_hash:
            problems.append(f"event {row.seq}: its content was changed")
        if (
            row.prev_digest != prev
            or rules.chain_digest(prev, row.content_hash, event.signatures) != row.chain_digest
        ):
            problems.append(f"event {row.seq}: the chain does not follow")
        secret = signing.secrets.get(row.key_id)
        expected = signing.sign(row.key_id, row.chain_digest.encode()) if secret else ""
        if not hmac.compare_digest(expected, row.digest):
            problems.append(f"event {row.seq}: the keyed digest does not match")
        prev = row.chain_digest
    return problems


RECEIPTS = ("receipt_manufacturing", "receipt_site")


@transaction.atomic
def record_receipt(
    request: HttpRequest | None,
    order: TherapyOrder,
    kind: str,
    *,
    place: str,
    fields: dict[str, Any],
    logger: Any,
    by: Any = None,
) -> CustodyEvent:
    """A receipt with the shipper's logger file: the file is read all or nothing (a bad file
    refuses the receipt, naming the row), judged against the product's shipping range, kept as
    a case document with its chart; an excursion or a gap puts the product in quarantine until
    a physician decides, with a reason."""
    from cartnav.custody import temperature
    from cartnav.custody.models import HandlingRules, TemperatureRecord
    from cartnav.records import services as records
    from cartnav.records.models import DocumentKind

    actor = by if by is not None else getattr(request, "user", None)
    if kind not in RECEIPTS:
        raise ServiceError(_("A logger file comes with a receipt."))
    handling = HandlingRules.objects.filter(product=order.product_id).first()
    if handling is None:
        raise ServiceError(
            _(
                "logger: %(product)s has no shipping temperature range yet: an admin enters it from the label"
            )
            % {"product": order.product.brand_name}
        )
    data = logger.read()
    logger.seek(0)
    try:
        trace = temperature.read_logger(data, allow_gaps=True)
    except temperature.LoggerError as exc:
        raise ServiceError(
            f"logger: {localize(exc.message, _)}" + (f" (row {exc.row})" if exc.row else "")
        ) from exc
    source = handling.source + (
        "" if handling.verified else " — " + _("not yet confirmed by an admin")
    )
    report = temperature.find_excursions(
        trace, handling.shipping_low_c, handling.shipping_high_c, range_source=source
    )
    document = records.upload_document(
        request,
        order.case,
        logger,
        DocumentKind.OTHER,
        note=_("temperature logger"),
        by=actor,
        csv=True,
    )
    fields = {
        **fields,
        "logger_document": document.sha256,
        "in_range": report.in_range,
        "excursions": len(report.excursions),
        "gaps": len(report.gaps),
    }
    event = record_event(request, order, kind, place=place, fields=fields, by=actor)
    TemperatureRecord.objects.create(
        order=order,
        event=event,
        document=document,
        low_c=handling.shipping_low_c,
        high_c=handling.shipping_high_c,
        report=_jsonable(report.to_dict()),
        points=[[t, c] for t, c in temperature.chart_points(trace, report=report)],
    )
    if report.quarantine:
        reason = _(
            "temperature logger: %(n)s excursion(s) and %(g)s gap(s) outside %(low)s to %(high)s °C"
        ) % {
            "n": len(report.excursions),
            "g": len(report.gaps),
            "low": handling.shipping_low_c,
            "high": handling.shipping_high_c,
        }
        record_event(request, order, "quarantine", place=place, fields={"reason": reason}, by=actor)
    return event


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.timedelta):
        return str(value) if isinstance(value, dt.timedelta) else value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)

"""The chain of custody of one CAR-T cell product: which event may come next, what each must
record, which need an electronic signature, and the hashes that make the log tamper-evident.

A CAR-T product travels from the patient's vein to a manufacturing site and back to the same
patient's vein. Its chain of custody, the documented record of every hand that held it, when
and where, is what shows that the bag at the bedside is the one collected from this patient
and was kept within its conditions all the way; the FACT-JACIE standards ask for exactly this
traceability of a cellular therapy product from donor to recipient or final disposition.
This module is the pure core of that log: the Django layer stores the events and asks these
functions before it appends one.

Every event records **who** (``actor``), **when** (``at``, an aware datetime, hashed in UTC),
**where** (``place``), the ISBT 128 **identifiers** involved (``din``, ``coi``; see
:mod:`cartnav.custody.isbt128`) and the kind's own **fields**. An event is refused, and nothing
is recorded, when it is out of order (:func:`check_next`), lacks a field or has one of the wrong
type (:func:`check_fields`), names another product (:func:`check_identity`) or lacks the
electronic signatures its kind needs (:func:`check_signatures`). :func:`record` runs them all
and returns the :class:`Event` to append.

The fields (:data:`REQUIRED_FIELDS`), and why:

* ``identifiers`` holds only ISBT 128 identifiers, ``din`` and ``coi``, each checked with its
  MOD 37-2 check character; every other identifier (shipper, logger, lot) is a field. The
  collection's ``coi`` starts the chain of identity: every later ``coi`` must be the same, and
  the bedside check, the infusion and the disposal must name the DIN of the bag thawed.
* ``certificate_document`` is the SHA-256 of the stored release certificate, so the release
  signature covers that exact document and not just a file name.
* ``expiry`` is a date (or a time with its zone) and is recorded, not enforced here: a date
  without a zone ends at a midnight only the site's zone defines.
* A kind may carry further fields (notes, a temperature reading) as long as each is text, a
  number, true/false, empty or a date: they are hashed with the rest.

The order (:data:`STEPS`), and the choices made where the issue left them open:

* Every step comes after the ones before it in :data:`STEPS`. A step may be recorded only when
  every **required** step before it is recorded; only ``storage`` is **optional**: a product
  may stay in its shipper and be thawed from it without being put into the site's own storage.
  Once a later step is recorded, an earlier one can no longer be (``storage`` after
  ``lymphodepletion_start`` is refused: it would be out of order).
* Steps happen **once**, except ``collection`` (several bags, one DIN each, before
  ``shipment_out``) and ``lymphodepletion_start`` (repeated when the infusion slips past a
  product's repeat-lymphodepletion limit, before ``thaw``; the clocks count from the latest).
  A second ``infusion_start`` is refused, as the issue asks; so is a second ``storage``.
* ``lymphodepletion_start`` follows ``receipt_site`` (and ``storage`` if any) as the issue lists
  it: lymphodepletion is not started before the patient's product is at the site. A centre whose
  protocol starts lymphodepletion while the product is in transit would need this changed.
* One product is infused from **one bag**: ``thaw``, ``bedside_check``, ``infusion_start`` and
  ``infusion_stop`` happen once, and the check, the infusion and the disposal must name the DIN
  of the bag thawed. A product supplied in several bags is not modelled yet.
* **Quarantine** (``quarantine``, e.g. a temperature excursion) may be raised at any time from
  the first collection until the infusion starts; once the product is in the patient, a problem
  is a safety report, not a quarantine. While in quarantine only a ``quarantine_decision`` is
  accepted: ``released`` (the chain goes on where it stopped) or ``rejected``. After a rejection
  only ``disposal`` may follow: a product that will not be infused (rejected, expired, the
  patient no longer eligible) is quarantined and rejected with the reason, then disposed.
* Nothing follows ``disposal``: it closes the chain.
* Times never go backwards: an event earlier than the last one recorded is refused (equal times
  are accepted). Naive datetimes are refused: a time without a zone is not a time. Any zone is
  accepted and compared as an instant; hashes use UTC.

**Signatures** (21 CFR Part 11). The kinds in :data:`SIGNED` are signed records: the signer
re-enters their password (checked by the Django layer, which then builds the
:class:`Signature`; §11.200(a) asks for two distinct identification components) and states the
signature's meaning. The signature carries the signer, the time and the meaning (§11.50,
signature manifestations) and is bound to the record's :func:`content_hash` so it cannot be
moved to another record (§11.70, signature/record linking). Choices: ``release`` is signed
``released``; ``bedside_check`` needs **two** signatures ``verified`` by two different people
(the two-person identity check); ``infusion_start`` is signed ``administered``; ``disposal`` is
signed ``disposed``, because it is the record of the container's final disposition; and a
``quarantine_decision`` is signed ``released`` or ``rejected`` and its meaning must equal its
``decision`` field.

**The log** is append-only and tamper-evident like the audit trail (``cartnav.audit``): each
event's digest is :func:`chain_digest` of the previous digest, its content hash and its
signatures. Here the digest is a plain SHA-256; the Django layer applies the keyed HMAC under
the audit key, as the audit trail does, so nobody without the key can recompute a chain.

**Refusals** say what to do in words a person can act on (:class:`~cartnav.clinical.text.Text`,
translated by the page) and carry ``safety``: true when the refusal is itself a safety event the
Django layer records (an event during quarantine, after rejection or disposal; a thaw, identity
check or infusion out of order or repeated; an identifier of another product), false when it is
a data-entry error. A refusal changes nothing.

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

from cartnav.clinical.text import Text, gettext_noop
from cartnav.custody import isbt128

#: The custody events, in the order they must happen.
STEPS: tuple[str, ...] = (
    "collection",
    "shipment_out",
    "receipt_manufacturing",
    "manufacturing_start",
    "release",
    "shipment_return",
    "receipt_site",
    "storage",
    "lymphodepletion_start",
    "thaw",
    "bedside_check",
    "infusion_start",
    "infusion_stop",
    "disposal",
)
#: Out-of-band kinds: a quarantine may be raised between steps; only its decision ends it.
QUARANTINE_KINDS: tuple[str, ...] = ("quarantine", "quarantine_decision")
KINDS: tuple[str, ...] = STEPS + QUARANTINE_KINDS

#: Steps that may be recorded more than once in a row (see the module docstring).
REPEATABLE: frozenset[str] = frozenset({"collection", "lymphodepletion_start"})
#: Steps that may be skipped.
OPTIONAL: frozenset[str] = frozenset({"storage"})
#: Steps whose refusal for order or repetition is a safety event: thawing, checking or
#: infusing out of order or twice is what the chain of custody exists to catch.
BEDSIDE: frozenset[str] = frozenset({"thaw", "bedside_check", "infusion_start"})

#: The ISBT 128 identifiers, given in ``identifiers`` (everything else is in ``fields``).
IDENTIFIER_NAMES: tuple[str, ...] = ("coi", "din")

#: What each kind must record beyond who, when and where. ``coi`` at collection starts the
#: chain of identity every later ``coi`` must match.
REQUIRED_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "collection": ("coi", "din", "volume_ml", "operator"),
        "shipment_out": ("courier", "shipper_id", "logger_id"),
        "receipt_manufacturing": (),
        "manufacturing_start": (),
        "release": ("lot", "dose", "expiry", "certificate_document"),
        "shipment_return": ("courier", "shipper_id", "logger_id"),
        "receipt_site": ("location",),
        "storage": ("location",),
        "lymphodepletion_start": (),
        "thaw": ("coi", "din"),
        "bedside_check": ("coi", "din"),
        "infusion_start": ("coi", "din"),
        "infusion_stop": ("coi", "din"),
        "disposal": ("din",),
        "quarantine": ("reason",),
        "quarantine_decision": ("decision", "reason"),
    }
)

#: The signed kinds and the meanings a signature on each may state.
SIGNED: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "release": ("released",),
        "bedside_check": ("verified",),
        "infusion_start": ("administered",),
        "disposal": ("disposed",),
        "quarantine_decision": ("released", "rejected"),
    }
)
#: How many signatures each signed kind needs, each by a different person.
SIGNATURES_NEEDED: Mapping[str, int] = MappingProxyType({"bedside_check": 2})

#: The chain's first ``prev_digest``, as in the audit trail.
GENESIS = "0" * 64

#: Each kind in words, for the sentences people read.
NAMES: Mapping[str, Text] = MappingProxyType(
    {
        "collection": gettext_noop("collection"),
        "shipment_out": gettext_noop("outbound shipment"),
        "receipt_manufacturing": gettext_noop("receipt at manufacturing"),
        "manufacturing_start": gettext_noop("manufacturing start"),
        "release": gettext_noop("release for infusion"),
        "shipment_return": gettext_noop("return shipment"),
        "receipt_site": gettext_noop("receipt at the site"),
        "storage": gettext_noop("storage at the site"),
        "lymphodepletion_start": gettext_noop("lymphodepletion start"),
        "thaw": gettext_noop("thaw"),
        "bedside_check": gettext_noop("bedside identity check"),
        "infusion_start": gettext_noop("infusion start"),
        "infusion_stop": gettext_noop("infusion stop"),
        "disposal": gettext_noop("container disposal"),
        "quarantine": gettext_noop("quarantine"),
        "quarantine_decision": gettext_noop("quarantine decision"),
    }
)

_SHA256 = re.compile(r"[0-9a-f]{64}")


class CustodyError(ValueError):
    """A refused event. ``message`` is the sentence to show; ``safety`` says whether the refusal
    is itself a safety event to record (see the module docstring)."""

    def __init__(self, kind: str, message: Text, *, safety: bool = False) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.safety = safety


class OrderError(CustodyError):
    """An event that may not come now; ``missing`` is the step that must come first, if any."""

    def __init__(
        self, kind: str, message: Text, *, missing: str | None = None, safety: bool = False
    ) -> None:
        super().__init__(kind, message, safety=safety)
        self.missing = missing


class FieldError(CustodyError):
    """A field that is missing or not of its type; ``field`` names it."""

    def __init__(self, kind: str, field: str, message: Text) -> None:
        super().__init__(kind, message)
        self.field = field


class IdentityError(CustodyError):
    """An identifier that belongs to another product or bag: always a safety event."""

    def __init__(self, kind: str, field: str, message: Text) -> None:
        super().__init__(kind, message, safety=True)
        self.field = field


class SignatureError(CustodyError):
    """A signature missing, with a meaning the kind does not allow, or bound to another record."""


@dataclass(frozen=True)
class ProposedEvent:
    """An event someone asks to record. ``identifiers`` holds ``din`` and ``coi`` (ISBT 128
    text); ``fields`` the kind's own values (:data:`REQUIRED_FIELDS`) and any notes, each a
    JSON scalar or a date. Both are copied into read-only mappings."""

    kind: str
    at: datetime
    actor: str
    place: str
    identifiers: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.identifiers, Mapping):
            object.__setattr__(self, "identifiers", MappingProxyType(dict(self.identifiers)))
        if isinstance(self.fields, Mapping):
            object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))


@dataclass(frozen=True)
class Signature:
    """An electronic signature: who signed, what it means, when, and the content hash of the
    record it was made on (21 CFR Part 11 §11.50 manifestation, §11.70 linking). ``signer`` is
    the account's stable identifier, not a display name: the page shows the signer's printed
    name from the account, as §11.50 asks. The Django layer builds a signature only after the
    signer has re-entered their password."""

    signer: str
    meaning: str
    signed_at: datetime
    content_hash: str


@dataclass(frozen=True, kw_only=True)
class Event(ProposedEvent):
    """A recorded event: the proposal, its content hash, its signatures and its place in the
    chain (``digest`` = :func:`chain_digest` of ``prev_digest``, content hash and signatures)."""

    content_hash: str
    signatures: tuple[Signature, ...] = ()
    prev_digest: str
    digest: str


@dataclass(frozen=True)
class Status:
    """Where the product is. ``last_step`` is the last of :data:`STEPS` recorded; ``released``
    means released for infusion and not since rejected (a quarantine suspends it: look at
    ``quarantined`` too); ``infused`` means the infusion has started; ``next_allowed`` the kinds
    :func:`check_next` would accept now (time and fields aside); ``latest`` the time of the
    latest event of each kind, which the clocks read."""

    last_step: str | None
    quarantined: bool
    rejected: bool
    released: bool
    infused: bool
    disposed: bool
    next_allowed: tuple[str, ...]
    latest: Mapping[str, datetime]


# --- order --------------------------------------------------------------------------------


@dataclass
class _State:
    last_step: str | None = None
    last_event: ProposedEvent | None = None
    first: dict[str, ProposedEvent] = field(default_factory=dict)
    latest: dict[str, ProposedEvent] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    open_quarantine: ProposedEvent | None = None
    rejection: ProposedEvent | None = None


def _scan(history: Sequence[ProposedEvent]) -> _State:
    """The state a recorded history leaves the product in (the history is trusted: it was
    accepted event by event)."""
    state = _State()
    for event in history:
        state.last_event = event
        state.counts[event.kind] += 1
        state.first.setdefault(event.kind, event)
        state.latest[event.kind] = event
        if event.kind in STEPS:
            state.last_step = event.kind
        elif event.kind == "quarantine":
            state.open_quarantine = event
        elif event.kind == "quarantine_decision":
            state.open_quarantine = None
            if event.fields.get("decision") == "rejected":
                state.rejection = event
    return state


def _when(moment: datetime) -> str:
    """A time as people read it in a reason: UTC, to the minute."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _is_aware(moment: object) -> bool:
    return isinstance(moment, datetime) and moment.utcoffset() is not None


def _order_problem(state: _State, kind: str) -> OrderError | None:
    """Why ``kind`` may not come next after the history scanned into ``state``, or None."""
    name = NAMES.get(kind, kind)
    disposal = state.latest.get("disposal")
    if kind not in KINDS:
        return OrderError(
            kind,
            gettext_noop(
                "{kind}: not a custody event; the events are {kinds}",
                kind=kind,
                kinds=", ".join(KINDS),
            ),
        )
    if disposal is not None:
        return OrderError(
            kind,
            gettext_noop(
                "{event}: the chain of custody ended with the container disposal at {at}; "
                "nothing can be recorded after it",
                event=name,
                at=_when(disposal.at),
            ),
            safety=True,
        )
    quarantine = state.open_quarantine
    if quarantine is not None:
        if kind == "quarantine_decision":
            return None
        return OrderError(
            kind,
            gettext_noop(
                "{event}: the product is in quarantine since {at} ({reason}); only a "
                "quarantine decision by a responsible person may be recorded until it is "
                "released or rejected",
                event=name,
                at=_when(quarantine.at),
                reason=str(quarantine.fields.get("reason", "")),
            ),
            missing="quarantine_decision",
            safety=True,
        )
    if kind == "quarantine_decision":
        return OrderError(
            kind,
            gettext_noop(
                "{event}: the product is not in quarantine, so there is nothing to decide",
                event=name,
            ),
            missing="quarantine",
        )
    if state.rejection is not None:
        if kind == "disposal":
            return None
        return OrderError(
            kind,
            gettext_noop(
                "{event}: the product was rejected at {at} ({reason}); only the container "
                "disposal may follow",
                event=name,
                at=_when(state.rejection.at),
                reason=str(state.rejection.fields.get("reason", "")),
            ),
            missing="disposal",
            safety=True,
        )
    if kind == "quarantine":
        return _quarantine_problem(state, name)
    return _step_problem(state, kind, name)


def _quarantine_problem(state: _State, name: str) -> OrderError | None:
    if "collection" not in state.counts:
        return OrderError(
            "quarantine",
            gettext_noop(
                "{event}: {first} must come first: there is no product to quarantine yet",
                event=name,
                first=NAMES["collection"],
            ),
            missing="collection",
        )
    started = state.latest.get("infusion_start")
    if started is not None:
        return OrderError(
            "quarantine",
            gettext_noop(
                "{event}: the infusion started at {at}, so the product is in the patient; "
                "report the problem as a safety event instead",
                event=name,
                at=_when(started.at),
            ),
        )
    return None


def _step_problem(state: _State, kind: str, name: str) -> OrderError | None:
    """The order rules of :data:`STEPS`: repeats, steps already passed, steps still missing."""
    index = STEPS.index(kind)
    last = STEPS.index(state.last_step) if state.last_step else -1
    safety = kind in BEDSIDE
    before = state.latest.get(kind)
    if before is not None and kind not in REPEATABLE:
        return OrderError(
            kind,
            gettext_noop(
                "{event}: already recorded at {at}; a second {event} is refused",
                event=name,
                at=_when(before.at),
            ),
            safety=safety,
        )
    if index < last:
        assert state.last_step is not None  # index < last means a step was recorded
        later = state.latest[state.last_step]
        return OrderError(
            kind,
            gettext_noop(
                "{event}: too late: {later} was recorded at {at}, and {event} must come before it",
                event=name,
                later=NAMES[state.last_step],
                at=_when(later.at),
            ),
            safety=safety,
        )
    for step in STEPS[last + 1 : index]:
        if step not in OPTIONAL:
            return OrderError(
                kind,
                gettext_noop("{event}: {first} must come first", event=name, first=NAMES[step]),
                missing=step,
                safety=safety,
            )
    return None


def check_next(history: Sequence[ProposedEvent], proposed: ProposedEvent) -> None:
    """Refuse ``proposed`` if it may not follow ``history`` (the events recorded, oldest first).

    Raises :class:`OrderError` naming what must come first, or why nothing may: a repeated
    once-only step, an event during quarantine (except its decision), after a rejection (except
    disposal) or after disposal, a naive time, or a time earlier than the last event's. Fields,
    identity and signatures are the other checks (:func:`record` runs them all).
    """
    kind = proposed.kind
    name = NAMES.get(kind, kind)
    if not _is_aware(proposed.at):
        raise OrderError(
            kind,
            gettext_noop(
                "{event}: the time {at} has no time zone; give it as a UTC time",
                event=name,
                at=repr(proposed.at),
            ),
        )
    state = _scan(history)
    problem = _order_problem(state, kind)
    if problem is not None:
        raise problem
    last = state.last_event
    if last is not None and proposed.at < last.at:
        raise OrderError(
            kind,
            gettext_noop(
                "{event}: its time {at} is earlier than the last event recorded ({last} at "
                "{last_at}); events are recorded in the order they happened",
                event=name,
                at=_when(proposed.at),
                last=NAMES.get(last.kind, last.kind),
                last_at=_when(last.at),
            ),
        )


def status(history: Sequence[ProposedEvent]) -> Status:
    """Where the product is after ``history``, and which kinds may come next."""
    state = _scan(history)
    released = "release" in state.counts and state.rejection is None
    return Status(
        last_step=state.last_step,
        quarantined=state.open_quarantine is not None,
        rejected=state.rejection is not None,
        released=released,
        infused="infusion_start" in state.counts,
        disposed="disposal" in state.counts,
        next_allowed=tuple(kind for kind in KINDS if _order_problem(state, kind) is None),
        latest=MappingProxyType({kind: event.at for kind, event in state.latest.items()}),
    )


# --- fields -------------------------------------------------------------------------------


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _positive_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def _a_date(value: object) -> bool:
    return (isinstance(value, date) and not isinstance(value, datetime)) or _is_aware(value)


def _sha256(value: object) -> bool:
    return isinstance(value, str) and _SHA256.fullmatch(value) is not None


def _decision(value: object) -> bool:
    return value in SIGNED["quarantine_decision"]


#: Each known field: how to tell a good value, and what one looks like (said when refused).
_FIELD_TYPES: Mapping[str, tuple[Callable[[object], bool], Text]] = MappingProxyType(
    {
        "volume_ml": (_positive_number, gettext_noop("a volume in mL greater than 0")),
        "operator": (_text, gettext_noop("the name of the person who collected")),
        "courier": (_text, gettext_noop("the courier's name")),
        "shipper_id": (_text, gettext_noop("the shipper's identifier")),
        "logger_id": (_text, gettext_noop("the temperature logger's identifier")),
        "lot": (_text, gettext_noop("the lot number on the certificate")),
        "dose": (_text, gettext_noop("the dose as stated on the certificate")),
        "expiry": (_a_date, gettext_noop("the expiry date (a date, or a time with its zone)")),
        "certificate_document": (
            _sha256,
            gettext_noop(
                "the SHA-256 (64 lower-case hexadecimal characters) of the stored release "
                "certificate, so the signature covers that exact document"
            ),
        ),
        "location": (_text, gettext_noop("where the product is (room, tank, position)")),
        "reason": (_text, gettext_noop("the reason, in words")),
        "decision": (_decision, gettext_noop("'released' or 'rejected'")),
    }
)


def _field_problem(kind: str, proposed: ProposedEvent) -> FieldError | None:
    name = NAMES.get(kind, kind)
    for attribute in ("actor", "place"):
        if not _text(getattr(proposed, attribute)):
            return FieldError(
                kind,
                attribute,
                gettext_noop(
                    "{event}: {field} is required: every custody event records who and where",
                    event=name,
                    field=attribute,
                ),
            )
    if not isinstance(proposed.identifiers, Mapping) or not isinstance(proposed.fields, Mapping):
        return FieldError(
            kind,
            "fields",
            gettext_noop("{event}: identifiers and fields must be mappings", event=name),
        )
    for key, value in proposed.identifiers.items():
        if key not in IDENTIFIER_NAMES:
            return FieldError(
                kind,
                str(key),
                gettext_noop(
                    "{event}: {field} is not an ISBT 128 identifier this log reads (din, coi); "
                    "give it as a field",
                    event=name,
                    field=str(key),
                ),
            )
        problem = _identifier_problem(key, value)
        if problem is not None:
            return FieldError(
                kind,
                key,
                gettext_noop(
                    "{event}: {field} {value} is not valid: {reason}",
                    event=name,
                    field=key,
                    value=repr(value),
                    reason=problem,
                ),
            )
    for key, value in proposed.fields.items():
        problem_text = _value_problem(name, key, value)
        if problem_text is not None:
            return FieldError(kind, str(key), problem_text)
    for required in REQUIRED_FIELDS[kind]:
        where = proposed.identifiers if required in IDENTIFIER_NAMES else proposed.fields
        if required in where:
            continue
        if required in IDENTIFIER_NAMES:
            what: Text = gettext_noop("the ISBT 128 {field}, in identifiers", field=required)
        else:
            what = _FIELD_TYPES[required][1]
        return FieldError(
            kind,
            required,
            gettext_noop(
                "{event}: {field} is required ({what})", event=name, field=required, what=what
            ),
        )
    return None


def _identifier_problem(key: str, value: object) -> str | None:
    """Why an identifier is not a valid ISBT 128 DIN or CoI identifier (the isbt128 reason)."""
    if not isinstance(value, str):
        return f"expected text, got {type(value).__name__}"
    parsed = isbt128.parse(value)
    if isinstance(parsed, isbt128.Invalid):
        return parsed.reason
    if parsed.kind != key:
        return f"it reads as a {parsed.kind.upper()}, not a {key.upper()}"
    return None


def _value_problem(name: str, key: object, value: object) -> Text | None:
    if not isinstance(key, str) or not key:
        return gettext_noop("{event}: field names must be text", event=name)
    if key in IDENTIFIER_NAMES:
        return gettext_noop(
            "{event}: {field} belongs in identifiers, not in fields", event=name, field=key
        )
    known = _FIELD_TYPES.get(key)
    if known is not None:
        check, what = known
        if not check(value):
            return gettext_noop(
                "{event}: {field} must be {what}; got {value}",
                event=name,
                field=key,
                what=what,
                value=repr(value),
            )
        return None
    if not _scalar(value):
        return gettext_noop(
            "{event}: {field} must be text, a number, true/false, empty or a date; got {type}",
            event=name,
            field=key,
            type=type(value).__name__,
        )
    return None


def _scalar(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, str | int | bool) or _a_date(value)


def check_fields(proposed: ProposedEvent) -> None:
    """Refuse an event whose kind is unknown, that lacks who or where, lacks a field its kind
    requires (:data:`REQUIRED_FIELDS`) or has one of the wrong type. Raises :class:`FieldError`
    naming the field. DINs and CoI identifiers are checked with their ISBT 128 check character.
    """
    kind = proposed.kind
    if kind not in KINDS:
        raise FieldError(
            kind,
            "kind",
            gettext_noop(
                "{kind}: not a custody event; the events are {kinds}",
                kind=kind,
                kinds=", ".join(KINDS),
            ),
        )
    problem = _field_problem(kind, proposed)
    if problem is not None:
        raise problem


def _data(identifier: str) -> str:
    """The identifier's data content, so ``=G12349865432177`` and ``G123498654321`` compare equal."""
    parsed = isbt128.parse(identifier)
    return identifier if isinstance(parsed, isbt128.Invalid) else parsed.data_content


def check_identity(history: Sequence[ProposedEvent], proposed: ProposedEvent) -> None:
    """Refuse identifiers of another product or bag (:class:`IdentityError`, a safety event).

    Every ``coi`` must be the one given at the first collection; a collection's DIN must not be
    one already collected; the bedside check, the infusion and the disposal must name the DIN
    of the bag thawed. Run after :func:`check_fields`, which checks the identifiers are valid.
    """
    kind = proposed.kind
    name = NAMES.get(kind, kind)
    state = _scan(history)
    coi = proposed.identifiers.get("coi")
    first = state.first.get("collection")
    chain_coi = first.identifiers.get("coi") if first is not None else None
    if coi is not None and chain_coi is not None and _data(coi) != _data(chain_coi):
        raise IdentityError(
            kind,
            "coi",
            gettext_noop(
                "{event}: chain of identity {coi} is not this product's ({chain}, given at "
                "collection); stop and check the patient and the bag",
                event=name,
                coi=coi,
                chain=chain_coi,
            ),
        )
    din = proposed.identifiers.get("din")
    if din is None:
        return
    if kind == "collection":
        for event in history:
            if event.kind == "collection" and _data(event.identifiers.get("din", "")) == _data(din):
                raise IdentityError(
                    kind,
                    "din",
                    gettext_noop(
                        "{event}: DIN {din} was already collected at {at}; each bag has its "
                        "own DIN",
                        event=name,
                        din=din,
                        at=_when(event.at),
                    ),
                )
        return
    thaw = state.latest.get("thaw")
    if (
        kind in ("bedside_check", "infusion_start", "infusion_stop", "disposal")
        and thaw is not None
    ):
        thawed = thaw.identifiers.get("din", "")
        if _data(din) != _data(thawed):
            raise IdentityError(
                kind,
                "din",
                gettext_noop(
                    "{event}: DIN {din} is not the bag thawed at {at} ({thawed}); stop and "
                    "check the bag",
                    event=name,
                    din=din,
                    at=_when(thaw.at),
                    thawed=thawed,
                ),
            )


# --- hashes and signatures ----------------------------------------------------------------


def _canonical_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _canonical_json(payload: object) -> bytes:
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_hash(event: ProposedEvent) -> str:
    """SHA-256 (hex) of the event's content: what a signature is bound to (§11.70).

    The content is a canonical JSON of kind, time (ISO 8601 in UTC, to the microsecond), place,
    actor, identifiers and fields: keys sorted, no white space, UTF-8 (not ``\\u`` escapes);
    dates as ISO 8601. It is not RFC 8785: numbers are written as Python writes them and strings
    are hashed as given (not Unicode-normalised), so a verifier elsewhere must do the same.
    Raises :class:`FieldError` for a naive time or a value JSON cannot carry.
    """
    if not _is_aware(event.at):
        raise FieldError(
            event.kind,
            "at",
            gettext_noop(
                "{event}: the time has no time zone; give it as a UTC time",
                event=NAMES.get(event.kind, event.kind),
            ),
        )
    payload = {
        "kind": event.kind,
        "at": _canonical_value(event.at),
        "place": event.place,
        "actor": event.actor,
        "identifiers": dict(event.identifiers),
        "fields": {key: _canonical_value(value) for key, value in event.fields.items()},
    }
    try:
        data = _canonical_json(payload)
    except (TypeError, ValueError) as error:
        raise FieldError(
            event.kind,
            "fields",
            gettext_noop(
                "{event}: a value cannot be hashed ({error}); use text, numbers or dates",
                event=NAMES.get(event.kind, event.kind),
                error=str(error),
            ),
        ) from error
    return hashlib.sha256(data).hexdigest()


def chain_digest(prev_digest: str, content_hash: str, signatures: Sequence[Signature] = ()) -> str:
    """The digest that chains an event to the one before it: SHA-256 (hex) of the previous
    digest, the event's content hash and, when it is signed, its signatures (signer, meaning,
    time, bound hash; canonical JSON), so a changed signature breaks the chain too.

    Changing, removing or inserting any earlier event changes every digest after it. This is a
    plain hash; the Django layer applies the keyed HMAC under the audit key, as the audit trail
    does, so that the chain cannot be recomputed by someone who edits the table.
    """
    for name, value in (("prev_digest", prev_digest), ("content_hash", content_hash)):
        if not _sha256(value):
            raise ValueError(f"{name} must be 64 lower-case hexadecimal characters; got {value!r}")
    data = (prev_digest + content_hash).encode("ascii")
    if signatures:
        data += _canonical_json(
            [
                {
                    "signer": signature.signer,
                    "meaning": signature.meaning,
                    "signed_at": _canonical_value(signature.signed_at),
                    "content_hash": signature.content_hash,
                }
                for signature in signatures
            ]
        )
    return hashlib.sha256(data).hexdigest()


def check_signatures(kind: str, content_hash: str, signatures: Sequence[Signature]) -> None:
    """Refuse the signatures of a record with ``content_hash`` unless they are exactly what
    its kind needs (:data:`SIGNED`, :data:`SIGNATURES_NEEDED`): raises :class:`SignatureError`.

    Refused: a missing signature; signatures on a kind that is not a signed record; a meaning
    the kind does not allow; a signature bound to another content hash (§11.70: it cannot be
    moved from one record to another); a signature without a signer or a time zone; and, for
    the bedside check, the same person twice (the two-person check needs two people).
    """
    name = NAMES.get(kind, kind)
    allowed = SIGNED.get(kind)
    if allowed is None:
        if signatures:
            raise SignatureError(
                kind,
                gettext_noop(
                    "{event}: is not a signed record; remove the signature (signed records: "
                    "{signed})",
                    event=name,
                    signed=", ".join(SIGNED),
                ),
            )
        return
    needed = SIGNATURES_NEEDED.get(kind, 1)
    meanings = " or ".join(repr(meaning) for meaning in allowed)
    if len(signatures) != needed:
        if needed == 1:
            message = gettext_noop(
                "{event}: is a signed record and needs one electronic signature meaning "
                "{meanings}; {given} given",
                event=name,
                meanings=meanings,
                given=len(signatures),
            )
        else:
            message = gettext_noop(
                "{event}: needs {needed} electronic signatures by {needed} different people, "
                "each meaning {meanings}; {given} given",
                event=name,
                needed=needed,
                meanings=meanings,
                given=len(signatures),
            )
        raise SignatureError(kind, message)
    signers: dict[str, Signature] = {}
    for signature in signatures:
        if not _text(signature.signer):
            raise SignatureError(
                kind, gettext_noop("{event}: a signature has no signer", event=name)
            )
        if not _is_aware(signature.signed_at):
            raise SignatureError(
                kind,
                gettext_noop(
                    "{event}: the signature of {signer} has no time zone",
                    event=name,
                    signer=signature.signer,
                ),
            )
        if signature.meaning not in allowed:
            raise SignatureError(
                kind,
                gettext_noop(
                    "{event}: {signer} signed meaning {meaning}; a {event} is signed {allowed}",
                    event=name,
                    signer=signature.signer,
                    meaning=repr(signature.meaning),
                    allowed=meanings,
                ),
            )
        if signature.content_hash != content_hash:
            raise SignatureError(
                kind,
                gettext_noop(
                    "{event}: the signature of {signer} is bound to another record ({bound}…), "
                    "not this one ({this}…); the record changed after it was signed, so it "
                    "must be signed again",
                    event=name,
                    signer=signature.signer,
                    bound=str(signature.content_hash)[:12],
                    this=content_hash[:12],
                ),
            )
        person = signature.signer.strip().casefold()
        if person in signers:
            raise SignatureError(
                kind,
                gettext_noop(
                    "{event}: {signer} signed twice; the two-person check needs a second person",
                    event=name,
                    signer=signature.signer,
                ),
            )
        signers[person] = signature


def record(
    history: Sequence[Event], proposed: ProposedEvent, signatures: Sequence[Signature] = ()
) -> Event:
    """The event to append after ``history``, or a :class:`CustodyError` and nothing changes.

    Checks, in order: :func:`check_next` (order and time), :func:`check_fields`,
    :func:`check_identity`, then the signatures against the content hash
    (:func:`check_signatures`); a quarantine decision's signature must mean its decision.
    """
    check_next(history, proposed)
    check_fields(proposed)
    check_identity(history, proposed)
    digest_of_content = content_hash(proposed)
    check_signatures(proposed.kind, digest_of_content, signatures)
    decision = proposed.fields.get("decision")
    if proposed.kind == "quarantine_decision" and any(
        signature.meaning != decision for signature in signatures
    ):
        raise SignatureError(
            proposed.kind,
            gettext_noop(
                "{event}: the decision is {decision} but the signature means otherwise; sign "
                "the decision you record",
                event=NAMES["quarantine_decision"],
                decision=repr(decision),
            ),
        )
    prev = history[-1].digest if history else GENESIS
    return Event(
        kind=proposed.kind,
        at=proposed.at,
        actor=proposed.actor,
        place=proposed.place,
        identifiers=proposed.identifiers,
        fields=proposed.fields,
        content_hash=digest_of_content,
        signatures=tuple(signatures),
        prev_digest=prev,
        digest=chain_digest(prev, digest_of_content, signatures),
    )


def verify_chain(events: Sequence[Event], genesis: str = GENESIS) -> int | None:
    """The index of the first event whose content, signatures or link do not match its stored
    hashes (it or something before it was changed, removed or inserted), or None if all do."""
    prev = genesis
    for index, event in enumerate(events):
        try:
            recomputed = content_hash(event)
            digest = chain_digest(prev, recomputed, event.signatures)
        except ValueError:
            return index
        if (
            recomputed != event.content_hash
            or event.prev_digest != prev
            or any(signature.content_hash != recomputed for signature in event.signatures)
            or digest != event.digest
        ):
            return index
        prev = event.digest
    return None

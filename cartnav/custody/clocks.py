"""The clocks that matter at the bedside of a CAR-T infusion, and whether a step may proceed.

Each product has its own limits, given as data (:func:`parse_rule`): the window from
lymphodepletion to infusion, a limit after which lymphodepletion must be repeated, the time
from thaw (or from priming) to infusion, and how many tocilizumab doses must be on hand before
infusion. The bedside page shows the running clocks (:func:`running_clocks`) and will not let
the infusion (or the thaw) proceed past a limit unless a physician documents a decision
(:func:`may_proceed`). The numbers used in the docs and tests (2 to 7 days, repeat after 14
days, 120 minutes from thaw, 30 minutes from priming, 2 doses) are the issue's examples, not
any product's label: a product's limits come from its label or protocol, named in ``source``.

Choices, and why:

* **Nothing is assumed.** Every rule key is optional and a missing key means that clock does
  not apply; a clock that applies but whose input is missing is ``unknown`` (tocilizumab count
  not given) or ``not_started`` (the thaw has not happened), never filled in with a default.
  :func:`may_proceed` refuses while an input it needs is missing, even with a physician's
  decision: a decision about a limit nobody can see is not an informed one.
* **Days are elapsed time**: 2 to 7 days is 48 to 168 hours after the recorded time. That is
  never more permissive than counting calendar days at the site (an infusion early on the
  second calendar day is refused and needs a decision); whether to count the site's calendar
  days instead is an open question for the clinical lead.
* **The lymphodepletion anchor.** Labels differ in whether the window counts from the start or
  the completion of lymphodepletion. ``lymphodepletion_from`` says which (``"start"`` unless
  the rule says ``"completion"``), every basis says it, and the anchor is read from
  ``events["lymphodepletion_start"]`` or ``events["lymphodepletion_completion"]``: the latest
  one, when lymphodepletion was repeated.
* **States.** ``not_started``: the clock's start is not recorded; ``running``: started, not
  past its limit (for the window, also before it opens: the basis says when it opens);
  ``overdue``: past its limit (after infusion: infused outside it), and for the tocilizumab
  count, fewer doses on hand than required; ``ok``: the infusion started within the limit, or
  enough tocilizumab is on hand; ``unknown``: an input is missing. Once ``infusion_start`` is in
  ``events`` the time clocks stop there. ``remaining`` is the limit minus now (or minus the
  infusion start), negative when overdue.
* **A physician's decision** (:class:`Decision`) lets the step proceed past a breached limit
  and the verdict names it. It covers only limits already breached when it was made: a
  deadline that passes after the decision needs a new one. The Django layer checks that the
  person is a physician, that the decision is theirs and documented, and records it.

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, TypeAlias

from cartnav.clinical.text import Text, gettext_noop

State: TypeAlias = Literal["running", "ok", "overdue", "not_started", "unknown"]
LimitState: TypeAlias = Literal["met", "breached", "unknown"]

#: The keys a product's rule may have; any other key is refused.
RULE_KEYS: tuple[str, ...] = (
    "lymphodepletion_to_infusion_days",
    "repeat_lymphodepletion_after_days",
    "lymphodepletion_from",
    "thaw_to_infusion_minutes",
    "priming_to_infusion_minutes",
    "tocilizumab_doses_on_hand",
    "source",
)
#: Sanity bounds against typing errors (hours typed as minutes), not product facts.
MAX_DAYS = 365
MAX_MINUTES = 24 * 60
MAX_DOSES = 10

#: The steps :func:`may_proceed` knows clocks for.
CLOCKED_STEPS: tuple[str, ...] = ("thaw", "infusion_start")


class ClockError(ValueError):
    """An input the clocks refuse; ``key`` names it."""

    def __init__(self, key: str, message: Text) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


class RuleError(ClockError):
    """A product rule that cannot be used; ``key`` names the rule key."""


def _whole(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


@dataclass(frozen=True)
class ClockRule:
    """One product's clock limits (see the module docstring); ``None`` = does not apply."""

    lymphodepletion_to_infusion_days: tuple[int, int] | None = None
    repeat_lymphodepletion_after_days: int | None = None
    lymphodepletion_from: Literal["start", "completion"] = "start"
    thaw_to_infusion_minutes: int | None = None
    priming_to_infusion_minutes: int | None = None
    tocilizumab_doses_on_hand: int | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        window = self.lymphodepletion_to_infusion_days
        if window is not None and not (
            isinstance(window, tuple)
            and len(window) == 2
            and all(_whole(days, 0, MAX_DAYS) for days in window)
            and window[0] <= window[1]
        ):
            raise RuleError(
                "lymphodepletion_to_infusion_days",
                gettext_noop(
                    "lymphodepletion_to_infusion_days: must be [earliest, latest], two whole "
                    "numbers of days from 0 to {max}, earliest not after latest; got {value}",
                    max=MAX_DAYS,
                    value=repr(window),
                ),
            )
        for key, low, high, what in (
            ("repeat_lymphodepletion_after_days", 1, MAX_DAYS, gettext_noop("days")),
            ("thaw_to_infusion_minutes", 1, MAX_MINUTES, gettext_noop("minutes")),
            ("priming_to_infusion_minutes", 1, MAX_MINUTES, gettext_noop("minutes")),
            ("tocilizumab_doses_on_hand", 1, MAX_DOSES, gettext_noop("doses")),
        ):
            value = getattr(self, key)
            if value is not None and not _whole(value, low, high):
                raise RuleError(
                    key,
                    gettext_noop(
                        "{key}: must be a whole number of {what} from {low} to {high} (leave "
                        "the key out if the limit does not apply); got {value}",
                        key=key,
                        what=what,
                        low=low,
                        high=high,
                        value=repr(value),
                    ),
                )
        repeat = self.repeat_lymphodepletion_after_days
        if window is not None and repeat is not None and repeat <= window[0]:
            raise RuleError(
                "repeat_lymphodepletion_after_days",
                gettext_noop(
                    "repeat_lymphodepletion_after_days: {repeat} days leaves no time to infuse "
                    "inside lymphodepletion_to_infusion_days ({low} to {high} days)",
                    repeat=repeat,
                    low=window[0],
                    high=window[1],
                ),
            )
        if self.lymphodepletion_from not in ("start", "completion"):
            raise RuleError(
                "lymphodepletion_from",
                gettext_noop(
                    "lymphodepletion_from: must be 'start' or 'completion'; got {value}",
                    value=repr(self.lymphodepletion_from),
                ),
            )
        if self.source is not None and not (isinstance(self.source, str) and self.source.strip()):
            raise RuleError(
                "source",
                gettext_noop(
                    "source: must name the label or protocol the limits come from; got {value}",
                    value=repr(self.source),
                ),
            )

    @property
    def anchor(self) -> str:
        """The ``events`` key the lymphodepletion clocks count from."""
        return f"lymphodepletion_{self.lymphodepletion_from}"


def parse_rule(data: Mapping[str, Any]) -> ClockRule:
    """A :class:`ClockRule` from a product's data, e.g. (the issue's example numbers)
    ``{"lymphodepletion_to_infusion_days": [2, 7], "thaw_to_infusion_minutes": 120,
    "tocilizumab_doses_on_hand": 2, "source": "..."}``. Raises :class:`RuleError` naming the
    key: unknown keys, wrong types and impossible values are refused."""
    if not isinstance(data, Mapping):
        raise RuleError(
            "rule",
            gettext_noop(
                "a product's clock rule must be a mapping of keys to values; got {type}",
                type=type(data).__name__,
            ),
        )
    for key in data:
        if key not in RULE_KEYS:
            raise RuleError(
                str(key),
                gettext_noop(
                    "{key}: not a clock rule key; the keys are {keys}",
                    key=str(key),
                    keys=", ".join(RULE_KEYS),
                ),
            )
    values = dict(data)
    window = values.get("lymphodepletion_to_infusion_days")
    if isinstance(window, list):
        values["lymphodepletion_to_infusion_days"] = tuple(window)
    return ClockRule(**values)


@dataclass(frozen=True)
class Clock:
    """One clock as the bedside page shows it (states: see the module docstring). ``earliest``
    is set for the lymphodepletion window only: the infusion may not start before it."""

    name: str
    started: datetime | None
    limit: datetime | None
    remaining: timedelta | None
    state: State
    basis: Text
    earliest: datetime | None = None


@dataclass(frozen=True)
class Decision:
    """A physician's documented decision to proceed past a limit. The Django layer checks that
    ``physician`` is a physician and that the decision was theirs; here a reason must be given
    and the time must have a zone."""

    physician: str
    reason: str
    at: datetime

    def __post_init__(self) -> None:
        if not (isinstance(self.physician, str) and self.physician.strip()):
            raise ClockError(
                "physician", gettext_noop("physician: the decision must name the physician")
            )
        if not (isinstance(self.reason, str) and self.reason.strip()):
            raise ClockError(
                "reason",
                gettext_noop(
                    "reason: a decision to proceed past a limit must give its reason in words"
                ),
            )
        _aware("decision.at", self.at)


@dataclass(frozen=True)
class Limit:
    """One limit a verdict rests on: met, breached, or unknown (an input is missing)."""

    name: str
    state: LimitState
    basis: Text
    covered: bool = False  # breached, but covered by the physician's decision


@dataclass(frozen=True)
class Verdict:
    """Whether ``step`` may proceed now, the limits it rests on, the inputs missing, the
    decision it rests on (only when a breached limit needed one) and the reasons, in words."""

    step: str
    allowed: bool
    limits: tuple[Limit, ...]
    missing: tuple[str, ...]
    decision: Decision | None
    reasons: tuple[Text, ...]


def _aware(key: str, moment: object) -> datetime:
    if not isinstance(moment, datetime):
        raise ClockError(
            key,
            gettext_noop(
                "{key}: must be a date and time with its zone; got {value}",
                key=key,
                value=repr(moment),
            ),
        )
    if moment.utcoffset() is None:
        raise ClockError(
            key,
            gettext_noop(
                "{key}: the time {value} has no time zone; give it as a UTC time",
                key=key,
                value=moment.isoformat(),
            ),
        )
    return moment


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _source(rule: ClockRule) -> str:
    return rule.source or gettext_noop("no source given")


def _counted(rule: ClockRule) -> Text:
    """What the lymphodepletion clocks count from, in words."""
    if rule.lymphodepletion_from == "completion":
        return gettext_noop("the completion of lymphodepletion")
    return gettext_noop("the start of lymphodepletion")


def _check_inputs(
    events: Mapping[str, datetime], now: datetime, tocilizumab_on_hand: int | None
) -> None:
    _aware("now", now)
    for key, moment in events.items():
        _aware(f"events[{key!r}]", moment)
        if moment > now:
            raise ClockError(
                key,
                gettext_noop(
                    "{key}: recorded at {at}, after now ({now}); check the recorded time",
                    key=key,
                    at=_when(moment),
                    now=_when(now),
                ),
            )
    start = events.get("infusion_start")
    if start is not None:
        for key in ("thaw", "priming", "lymphodepletion_start", "lymphodepletion_completion"):
            before = events.get(key)
            if before is not None and before > start:
                raise ClockError(
                    key,
                    gettext_noop(
                        "{key}: recorded at {at}, after the infusion started ({start}); check "
                        "the recorded times",
                        key=key,
                        at=_when(before),
                        start=_when(start),
                    ),
                )
    if tocilizumab_on_hand is not None and not _whole(tocilizumab_on_hand, 0, 10_000):
        raise ClockError(
            "tocilizumab_on_hand",
            gettext_noop(
                "tocilizumab_on_hand: must be a whole number of doses, 0 or more, or not "
                "given when unknown; got {value}",
                value=repr(tocilizumab_on_hand),
            ),
        )


def _timed(
    name: str,
    started: datetime | None,
    limit: timedelta,
    at: datetime,
    stopped: bool,
    basis: Text,
    earliest: datetime | None = None,
) -> Clock:
    """A clock that runs from ``started`` for ``limit``, read at ``at`` (the infusion start if
    ``stopped``, else now)."""
    if started is None:
        return Clock(name, None, None, None, "not_started", basis, None)
    deadline = started + limit
    remaining = deadline - at
    state: State
    if remaining < timedelta(0) or (stopped and earliest is not None and at < earliest):
        state = "overdue"
    else:
        state = "ok" if stopped else "running"
    return Clock(name, started, deadline, remaining, state, basis, earliest)


def _window_basis(rule: ClockRule, anchor: datetime | None) -> Text:
    assert rule.lymphodepletion_to_infusion_days is not None
    low, high = rule.lymphodepletion_to_infusion_days
    if anchor is None:
        return gettext_noop(
            "infuse {low} to {high} days after {counted} ({source}); {counted} is not recorded",
            low=low,
            high=high,
            counted=_counted(rule),
            source=_source(rule),
        )
    return gettext_noop(
        "infuse {low} to {high} days after {counted} ({source}): from {earliest} to {latest}",
        low=low,
        high=high,
        counted=_counted(rule),
        source=_source(rule),
        earliest=_when(anchor + timedelta(days=low)),
        latest=_when(anchor + timedelta(days=high)),
    )


def _repeat_basis(rule: ClockRule) -> Text:
    return gettext_noop(
        "repeat lymphodepletion if the infusion has not started {days} days after {counted} "
        "({source})",
        days=rule.repeat_lymphodepletion_after_days,
        counted=_counted(rule),
        source=_source(rule),
    )


def _thaw_basis(rule: ClockRule) -> Text:
    return gettext_noop(
        "infuse within {minutes} minutes of thaw ({source})",
        minutes=rule.thaw_to_infusion_minutes,
        source=_source(rule),
    )


def _priming_basis(rule: ClockRule) -> Text:
    return gettext_noop(
        "infuse within {minutes} minutes of priming ({source})",
        minutes=rule.priming_to_infusion_minutes,
        source=_source(rule),
    )


def _tocilizumab(rule: ClockRule, on_hand: int | None) -> Clock:
    required = rule.tocilizumab_doses_on_hand
    if on_hand is None:
        basis = gettext_noop(
            "{required} doses of tocilizumab must be on hand before infusion ({source}); how "
            "many are on hand is not recorded",
            required=required,
            source=_source(rule),
        )
        return Clock("tocilizumab_on_hand", None, None, None, "unknown", basis)
    basis = gettext_noop(
        "{required} doses of tocilizumab must be on hand before infusion ({source}); "
        "{on_hand} on hand",
        required=required,
        source=_source(rule),
        on_hand=on_hand,
    )
    state: State = "ok" if required is not None and on_hand >= required else "overdue"
    return Clock("tocilizumab_on_hand", None, None, None, state, basis)


def running_clocks(
    rule: ClockRule,
    events: Mapping[str, datetime],
    now: datetime,
    tocilizumab_on_hand: int | None,
) -> list[Clock]:
    """The clocks ``rule`` defines, read now, or at the infusion start once it is in ``events``.

    ``events`` maps custody kinds (``lymphodepletion_start``, ``thaw``, ``infusion_start``) and
    bedside moments (``priming``, ``lymphodepletion_completion``) to when they happened; only
    the latest of each counts. ``tocilizumab_on_hand`` is ``None`` when not known. Raises
    :class:`ClockError` for a naive time or a time after ``now``.
    """
    _check_inputs(events, now, tocilizumab_on_hand)
    stop = events.get("infusion_start")
    stopped = stop is not None
    at = stop if stop is not None else now
    anchor = events.get(rule.anchor)
    clocks: list[Clock] = []
    window = rule.lymphodepletion_to_infusion_days
    if window is not None:
        earliest = anchor + timedelta(days=window[0]) if anchor is not None else None
        clocks.append(
            _timed(
                "lymphodepletion_to_infusion",
                anchor,
                timedelta(days=window[1]),
                at,
                stopped,
                _window_basis(rule, anchor),
                earliest,
            )
        )
    if rule.repeat_lymphodepletion_after_days is not None:
        days = timedelta(days=rule.repeat_lymphodepletion_after_days)
        clocks.append(
            _timed("repeat_lymphodepletion", anchor, days, at, stopped, _repeat_basis(rule))
        )
    if rule.thaw_to_infusion_minutes is not None:
        minutes = timedelta(minutes=rule.thaw_to_infusion_minutes)
        clocks.append(
            _timed("thaw_to_infusion", events.get("thaw"), minutes, at, stopped, _thaw_basis(rule))
        )
    if rule.priming_to_infusion_minutes is not None:
        minutes = timedelta(minutes=rule.priming_to_infusion_minutes)
        clocks.append(
            _timed(
                "priming_to_infusion",
                events.get("priming"),
                minutes,
                at,
                stopped,
                _priming_basis(rule),
            )
        )
    if rule.tocilizumab_doses_on_hand is not None:
        clocks.append(_tocilizumab(rule, tocilizumab_on_hand))
    return clocks


@dataclass(frozen=True)
class _Judged:
    limit: Limit
    missing: str | None = None
    #: when a breached deadline passed; None for a breach with no deadline (too early, short)
    breached_since: datetime | None = None


def _unknown(name: str, key: str, basis: Text) -> _Judged:
    return _Judged(
        Limit(
            name,
            "unknown",
            gettext_noop("{basis}; record {key} first", basis=basis, key=key),
        ),
        missing=key,
    )


def _deadline(
    name: str, key: str, started: datetime | None, span: timedelta, now: datetime, basis: Text
) -> _Judged:
    if started is None:
        return _unknown(name, key, basis)
    deadline = started + span
    if now > deadline:
        return _Judged(
            Limit(
                name,
                "breached",
                gettext_noop(
                    "{basis}: the limit passed at {deadline} ({key} at {started})",
                    basis=basis,
                    deadline=_when(deadline),
                    key=key,
                    started=_when(started),
                ),
            ),
            breached_since=deadline,
        )
    return _Judged(
        Limit(
            name,
            "met",
            gettext_noop("{basis}: until {deadline}", basis=basis, deadline=_when(deadline)),
        )
    )


def _window(rule: ClockRule, events: Mapping[str, datetime], now: datetime, step: str) -> _Judged:
    assert rule.lymphodepletion_to_infusion_days is not None
    name = "lymphodepletion_to_infusion"
    anchor = events.get(rule.anchor)
    basis = _window_basis(rule, anchor)
    if anchor is None:
        return _unknown(name, rule.anchor, basis)
    low, high = rule.lymphodepletion_to_infusion_days
    earliest, latest = anchor + timedelta(days=low), anchor + timedelta(days=high)
    if now > latest:
        sentence = gettext_noop(
            "{basis}: too late, the window closed at {latest}", basis=basis, latest=_when(latest)
        )
        return _Judged(Limit(name, "breached", sentence), breached_since=latest)
    if step == "infusion_start" and now < earliest:
        sentence = gettext_noop(
            "{basis}: too early, the window opens at {earliest}",
            basis=basis,
            earliest=_when(earliest),
        )
        return _Judged(Limit(name, "breached", sentence))
    thaw_limit = rule.thaw_to_infusion_minutes
    if step == "thaw" and thaw_limit is not None:
        spoils = now + timedelta(minutes=thaw_limit)
        if spoils < earliest:
            sentence = gettext_noop(
                "{basis}: too early to thaw, a product thawed now passes its thaw limit at "
                "{spoils}, before the window opens at {earliest}",
                basis=basis,
                spoils=_when(spoils),
                earliest=_when(earliest),
            )
            return _Judged(Limit(name, "breached", sentence))
    return _Judged(Limit(name, "met", basis))


def _judge(
    rule: ClockRule,
    events: Mapping[str, datetime],
    now: datetime,
    step: str,
    tocilizumab_on_hand: int | None,
) -> list[_Judged]:
    judged: list[_Judged] = []
    if rule.lymphodepletion_to_infusion_days is not None:
        judged.append(_window(rule, events, now, step))
    if rule.repeat_lymphodepletion_after_days is not None:
        days = timedelta(days=rule.repeat_lymphodepletion_after_days)
        judged.append(
            _deadline(
                "repeat_lymphodepletion",
                rule.anchor,
                events.get(rule.anchor),
                days,
                now,
                _repeat_basis(rule),
            )
        )
    if step != "infusion_start":
        return judged
    if rule.thaw_to_infusion_minutes is not None:
        minutes = timedelta(minutes=rule.thaw_to_infusion_minutes)
        judged.append(
            _deadline(
                "thaw_to_infusion", "thaw", events.get("thaw"), minutes, now, _thaw_basis(rule)
            )
        )
    if rule.priming_to_infusion_minutes is not None:
        minutes = timedelta(minutes=rule.priming_to_infusion_minutes)
        judged.append(
            _deadline(
                "priming_to_infusion",
                "priming",
                events.get("priming"),
                minutes,
                now,
                _priming_basis(rule),
            )
        )
    if rule.tocilizumab_doses_on_hand is not None:
        clock = _tocilizumab(rule, tocilizumab_on_hand)
        if clock.state == "unknown":
            judged.append(_unknown(clock.name, "tocilizumab_on_hand", clock.basis))
        else:
            state: LimitState = "met" if clock.state == "ok" else "breached"
            judged.append(_Judged(Limit(clock.name, state, clock.basis)))
    return judged


def may_proceed(
    rule: ClockRule,
    events: Mapping[str, datetime],
    now: datetime,
    step: str,
    tocilizumab_on_hand: int | None,
    physician_decision: Decision | None = None,
) -> Verdict:
    """Whether ``step`` may happen now as far as the clocks go (the order of events is
    :func:`cartnav.custody.events.check_next`'s job).

    ``infusion_start`` is refused past the thaw-to-infusion or priming-to-infusion limit,
    outside the lymphodepletion-to-infusion window (too early or too late), past the
    repeat-lymphodepletion limit, or with fewer tocilizumab doses on hand than the rule
    requires. ``thaw`` is refused when the window has closed or lymphodepletion must be
    repeated, or when a product thawed now would pass its thaw limit before the window opens.
    A breached limit is allowed with a physician's :class:`Decision` made after it was
    breached; a missing input is never (the verdict names it). Other steps have no clocks.
    """
    _check_inputs(events, now, tocilizumab_on_hand)
    decision = physician_decision
    if decision is not None and decision.at > now:
        raise ClockError(
            "decision.at",
            gettext_noop(
                "decision.at: the decision is dated {at}, after now ({now})",
                at=_when(decision.at),
                now=_when(now),
            ),
        )
    if step not in CLOCKED_STEPS:
        return Verdict(
            step,
            True,
            (),
            (),
            None,
            (gettext_noop("no clock applies to {step}", step=step),),
        )
    proposed = {key: moment for key, moment in events.items() if key != "infusion_start"}
    judged = _judge(rule, proposed, now, step, tocilizumab_on_hand)
    missing = tuple(dict.fromkeys(item.missing for item in judged if item.missing is not None))
    limits: list[Limit] = []
    reasons: list[Text] = []
    covered_names: list[str] = []
    refused = bool(missing)
    for item in judged:
        limit = item.limit
        if limit.state == "breached":
            since = item.breached_since
            if decision is not None and (since is None or decision.at > since):
                limit = Limit(limit.name, limit.state, limit.basis, covered=True)
                covered_names.append(limit.name)
            else:
                refused = True
                reasons.append(limit.basis)
                if decision is not None:
                    reasons.append(
                        gettext_noop(
                            "{name}: the decision of {physician} at {at} was made before this "
                            "limit passed, so it does not cover it; a new decision is needed",
                            name=limit.name,
                            physician=decision.physician,
                            at=_when(decision.at),
                        )
                    )
        elif limit.state == "unknown":
            reasons.append(limit.basis)
        limits.append(limit)
    if missing and decision is not None:
        reasons.append(
            gettext_noop(
                "a physician's decision does not replace a missing input: record {missing}",
                missing=", ".join(missing),
            )
        )
    used = decision if covered_names else None
    if not refused and used is not None:
        reasons.append(
            gettext_noop(
                "{step} may proceed past {limits} on the documented decision of {physician} "
                "at {at}: {reason}",
                step=step,
                limits=", ".join(covered_names),
                physician=used.physician,
                at=_when(used.at),
                reason=used.reason,
            )
        )
    elif not refused:
        reasons.append(
            gettext_noop("{step} may proceed: every limit is met", step=step)
            if limits
            else gettext_noop("no clock rule applies to {step} for this product", step=step)
        )
        if decision is not None:
            reasons.append(
                gettext_noop(
                    "no limit is breached, so the decision of {physician} was not needed",
                    physician=decision.physician,
                )
            )
    return Verdict(step, not refused, tuple(limits), missing, used, tuple(reasons))

"""The journey as one table: from each stage, the moves a case may make and what each needs.

A move in the table whose conditions hold is an ordinary move, made by anyone who may change a
case's stage. Anything else — a move the table does not list, a step backwards, or a listed move
whose conditions do not hold — is an *override*: it needs a reason (every move does) and a role
that may override (a physician or an administrator), and the history marks it as one.

The conditions are named here and checked in :mod:`cartnav.patients.services`, where the records
live. A treatment plan holds when the case's plan (``cartnav.plans``) has an infusion date. The
booked apheresis slot has no record to check yet (issue 13, the cell-product work): until it
arrives it is never met, so reaching "Apheresis" takes an override — which is what the journey
asks for: no cells are collected without a slot.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cartnav.accounts.roles import Role
from cartnav.patients.stages import Stage

#: Who may make a move the table does not allow (always with a reason).
OVERRIDE_ROLES = frozenset({Role.PHYSICIAN, Role.ADMIN})

#: The conditions a move may need, as the person reads them.
CONDITIONS = {
    "accepted_review": _("a specialist review that accepted the case"),
    "treatment_plan": _("a treatment plan"),
    "apheresis_booked": _("a booked apheresis date"),
    "product_released": _("a cell product released for infusion"),
    "bedside_checked": _("a completed two-person bedside check"),
}


@dataclass(frozen=True)
class Move:
    to: Stage
    needs: tuple[str, ...] = ()


_W = Move(Stage.WITHDRAWN)
_DIED = Move(Stage.DECEASED)

#: Every ordinary move. Stages not listed (the exits) are closed: reopening is an override.
MOVES: dict[Stage, tuple[Move, ...]] = {
    # records may arrive with the inquiry: straight to the specialists' review
    Stage.INQUIRY: (
        Move(Stage.SCREENING),
        Move(Stage.RECORDS_REVIEW),
        Move(Stage.DECLINED),
        _W,
    ),
    Stage.SCREENING: (Move(Stage.RECORDS_REVIEW), Move(Stage.DECLINED), _W),
    Stage.RECORDS_REVIEW: (
        Move(Stage.ACCEPTED, ("accepted_review",)),
        Move(Stage.DECLINED),
        _W,
    ),
    Stage.ACCEPTED: (Move(Stage.VISA_TRAVEL, ("accepted_review", "treatment_plan")), _W),
    Stage.VISA_TRAVEL: (Move(Stage.PRE_TREATMENT), _W),
    Stage.PRE_TREATMENT: (
        Move(Stage.APHERESIS, ("apheresis_booked",)),
        Move(Stage.NOT_FIT),
        _W,
    ),
    Stage.APHERESIS: (Move(Stage.MANUFACTURING), Move(Stage.NOT_FIT), _W),
    Stage.MANUFACTURING: (
        Move(Stage.LYMPHODEPLETION),
        Move(Stage.MANUFACTURING_FAILURE),
        _W,
    ),
    Stage.MANUFACTURING_FAILURE: (Move(Stage.APHERESIS, ("apheresis_booked",)), _W),
    Stage.LYMPHODEPLETION: (
        Move(Stage.INFUSION, ("product_released", "bedside_checked")),
        Move(Stage.NOT_FIT),
        _DIED,
    ),
    Stage.INFUSION: (Move(Stage.INPATIENT), _DIED),
    Stage.INPATIENT: (Move(Stage.OUTPATIENT), _DIED),
    Stage.OUTPATIENT: (Move(Stage.HOME), _DIED),
    Stage.HOME: (Move(Stage.FOLLOW_UP), _DIED),
    Stage.FOLLOW_UP: (_DIED,),
}


def moves_from(stage: str) -> tuple[Move, ...]:
    """The ordinary moves from ``stage`` (none from a closed case)."""
    return MOVES.get(Stage(stage), ()) if stage in Stage.values else ()


def find(from_stage: str, to_stage: str) -> Move | None:
    """The ordinary move from one stage to another, or None: that move is an override."""
    return next((m for m in moves_from(from_stage) if m.to == to_stage), None)

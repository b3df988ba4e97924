"""Deciding a grade from incomplete inputs, and checking the plain (non-quantity) inputs.

A grader is written once, for complete inputs. :func:`resolve` asks it about every completion of
the missing inputs over a small set of representative values (one per distinct behaviour), so:

- if every completion gives the same result, the present inputs already decide it (temperature
  37 °C and fever not masked is CRS grade 0 whatever the oxygen);
- otherwise the result is ``None`` and ``missing`` names exactly the inputs whose value can
  change it, never the ones that cannot.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from itertools import product
from typing import Any, TypeVar

from cartnav.clinical.text import gettext_noop
from cartnav.clinical.units import ClinicalInputError

T = TypeVar("T", bound=Hashable)


def resolve(
    evaluate: Callable[[dict[str, Any]], T],
    known: Mapping[str, Any],
    domains: Mapping[str, Sequence[Any]],
) -> tuple[T | None, list[str]]:
    """The result if the known inputs decide it, else ``None``; plus the inputs that matter.

    ``known`` maps every input to its value or ``None`` (missing); ``domains`` gives the
    representative values of each input that may be missing.
    """
    missing = [name for name in domains if known.get(name) is None]
    if not missing:
        return evaluate(dict(known)), []
    outcomes: dict[tuple[Any, ...], T] = {}
    for combo in product(*(domains[name] for name in missing)):
        outcomes[combo] = evaluate({**known, **dict(zip(missing, combo, strict=True))})
    if len(set(outcomes.values())) == 1:
        return next(iter(outcomes.values())), []
    return None, [name for i, name in enumerate(missing) if _varies(outcomes, i)]


def _varies(outcomes: Mapping[tuple[Any, ...], Hashable], axis: int) -> bool:
    """Whether changing only input ``axis`` can change the outcome."""
    seen: dict[tuple[Any, ...], set[Hashable]] = defaultdict(set)
    for combo, outcome in outcomes.items():
        seen[combo[:axis] + combo[axis + 1 :]].add(outcome)
    return any(len(values) > 1 for values in seen.values())


def choice(field: str, value: object, accepted: Sequence[str]) -> str | None:
    """An enumerated input: ``None`` stays missing, anything outside ``accepted`` is refused."""
    if value is None:
        return None
    if not isinstance(value, str) or value not in accepted:
        raise ClinicalInputError(
            field, f"{value!r} is not one of the accepted values: {', '.join(accepted)}."
        )
    return value


def flag(field: str, value: object) -> bool | None:
    """A yes/no input: JSON true or false, or absent."""
    if value is None or isinstance(value, bool):
        return value
    raise ClinicalInputError(field, f"{value!r} must be true or false (or left out if unknown).")


def whole(field: str, value: object, low: int, high: int, why: str) -> int | None:
    """A whole-number input between ``low`` and ``high`` inclusive, or absent."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ClinicalInputError(field, f"{value!r} must be a whole number from {low} to {high}.")
    if not low <= value <= high:
        raise ClinicalInputError(
            field,
            gettext_noop(
                "{value} is outside {low}–{high} ({why}).", value=value, low=low, high=high, why=why
            ),
        )
    return value


def number(field: str, value: object, low: float, high: float, why: str) -> float | None:
    """A plain number (no unit) between ``low`` and ``high`` inclusive, or absent."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ClinicalInputError(field, f"{value!r} must be a number from {low:g} to {high:g}.")
    if not low <= value <= high:
        raise ClinicalInputError(
            field,
            gettext_noop(
                "{value:g} is outside {low:g}–{high:g} ({why}).",
                value=value,
                low=low,
                high=high,
                why=why,
            ),
        )
    return float(value)

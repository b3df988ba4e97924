"""Merging imported facts into a screening profile, fact by fact, never overwriting silently.

A bundle's facts meet the facts a case already has. :func:`plan` sorts them:

* **added** — facts the case does not have yet: they are taken.
* **same** — facts the case already has with the same value: nothing changes.
* **conflicts** — facts the case has with another value. The case's value is kept unless the
  person importing chooses the bundle's for that fact (:func:`apply` with ``take``). Each lab is
  its own fact (``labs.anc``), so a newer platelet count can be taken without the creatinine.
* **lists** — lines of therapy, reports and current medications are histories, not one value:
  the bundle's entries that the case does not have are appended; none of the case's is dropped.
  A line of therapy is the same line when its regimen (folded for case) and start date agree.

A birth date arriving where the case has only an age is a conflict on ``age_years`` (the age
would be worked out from the birth date instead); keeping the case's age keeps both facts.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

#: Facts that are histories: merged by union, never replaced.
LIST_FACTS = ("lines", "reports", "current_medications")


@dataclass(frozen=True)
class Conflict:
    fact: str  # "sex", "labs.anc", "age_years" …
    case: Any
    bundle: Any

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "case": self.case, "bundle": self.bundle}


@dataclass
class Plan:
    added: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    new_entries: dict[str, list[Any]] = field(default_factory=dict)  # list fact → entries

    @property
    def appended(self) -> dict[str, int]:
        """How many entries each history gains."""
        return {fact: len(entries) for fact, entries in self.new_entries.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "same": self.same,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "appended": self.appended,
        }


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _entry_key(fact: str, entry: Any) -> str:
    if fact == "lines" and isinstance(entry, dict):
        return _key([str(entry.get("regimen", "")).casefold().strip(), entry.get("start")])
    if fact == "current_medications" and isinstance(entry, str):
        return entry.casefold().strip()
    return _key(entry)


def _new_entries(fact: str, ours: list[Any], theirs: list[Any]) -> list[Any]:
    seen = {_entry_key(fact, e) for e in ours}
    out = []
    for entry in theirs:
        key = _entry_key(fact, entry)
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def _scalars(profile: dict[str, Any]) -> dict[str, Any]:
    """Every non-list fact by name, each lab as its own fact (``labs.<name>``)."""
    out = {k: v for k, v in profile.items() if k not in (*LIST_FACTS, "labs") and v is not None}
    for name, lab in (profile.get("labs") or {}).items():
        out[f"labs.{name}"] = lab
    return out


def plan(existing: dict[str, Any], incoming: dict[str, Any]) -> Plan:
    result = Plan()
    ours, theirs = _scalars(existing), _scalars(incoming)
    for fact, value in theirs.items():
        if fact not in ours:
            result.added.append(fact)
        elif _key(ours[fact]) == _key(value):
            result.same.append(fact)
        else:
            result.conflicts.append(Conflict(fact, ours[fact], value))
    if "date_of_birth" in theirs and "date_of_birth" not in ours and "age_years" in ours:
        result.conflicts.append(
            Conflict("age_years", ours["age_years"], f"from birth date {theirs['date_of_birth']}")
        )
    for fact in LIST_FACTS:
        new = _new_entries(fact, existing.get(fact) or [], incoming.get(fact) or [])
        if new:
            result.new_entries[fact] = new
    return result


def apply(
    existing: dict[str, Any],
    incoming: dict[str, Any],
    take: set[str] | frozenset[str] = frozenset(),
    steps: Plan | None = None,
) -> dict[str, Any]:
    """The merged profile: the case's facts, the bundle's new ones, the bundle's value for each
    conflicting fact named in ``take``, and the lists' new entries appended. ``steps`` is
    :func:`plan` of the same two profiles, if the caller has it already."""
    merged = copy.deepcopy(existing)
    steps = steps or plan(existing, incoming)
    chosen = set(steps.added) | {c.fact for c in steps.conflicts if c.fact in take}
    for fact in chosen:
        if fact == "age_years":
            merged.pop("age_years", None)
        elif fact.startswith("labs."):
            merged.setdefault("labs", {})[fact[5:]] = copy.deepcopy(incoming["labs"][fact[5:]])
        else:
            merged[fact] = copy.deepcopy(incoming[fact])
    for fact, new in steps.new_entries.items():
        if new:
            combined = list(merged.get(fact) or []) + copy.deepcopy(new)
            if fact == "lines":
                combined.sort(key=lambda line: str(line.get("start") or ""))
            merged[fact] = combined
    return merged

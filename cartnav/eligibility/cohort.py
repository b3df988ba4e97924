"""Cohort screening: N patient profiles by M trials (and products) in NumPy, chunked over trials.

Each criterion kind has an array version of the rule in ``rules.status``; statuses combine by
maximum exactly as in the single-patient path, so verdicts are identical (a property test and the
benchmark check it). Facts are float arrays with NaN for unknown.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cartnav.eligibility import vocab
from cartnav.eligibility.criteria import Criterion
from cartnav.eligibility.profile import DRUG_CLASSES, PatientProfile
from cartnav.eligibility.rules import (
    _EXCLUDING_FACT,
    _LAB,
    _QUALIFIED_FACT,
    FAILED,
    MET,
    UNKNOWN,
    status,
)
from cartnav.eligibility.screen import VERDICT

#: Kinds the cohort path answers with the single-patient rule (see ``_kind_status``).
PER_PATIENT = frozenset(
    {
        "line_window",
        "antigen_negative",
        "subtype_excludes",
        "subtype_requires",
        "refractory_to",
    }
)

#: The group of criteria written for some diseases only (any kind): judged per patient.
SCOPED = "scoped"

F = npt.NDArray[np.float64]
I8 = npt.NDArray[np.int8]
_DISEASE_INDEX = {d.key: i for i, d in enumerate(vocab.DISEASES)}
# within[a, b]: disease a lies within disease b (b is in a's lineage)
_WITHIN = np.zeros((len(vocab.DISEASES), len(vocab.DISEASES)), dtype=bool)
for _d in vocab.DISEASES:
    for _k in vocab.lineage(_d.key):
        _WITHIN[_DISEASE_INDEX[_d.key], _DISEASE_INDEX[_k]] = True
# ambiguous[patient, key]: neither contains the other, yet trials often count one as the other
_AMBIGUOUS = np.zeros_like(_WITHIN)
for _patient, _key in vocab.AMBIGUOUS:
    _AMBIGUOUS[_DISEASE_INDEX[_patient], _DISEASE_INDEX[_key]] = True


def _opt(values: Sequence[float | None]) -> F:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


class Facts:
    """The profiles as columns."""

    def __init__(self, profiles: Sequence[PatientProfile], today: dt.date) -> None:
        ps = list(profiles)
        self.profiles, self.today = ps, today
        self.n = len(ps)
        self.age = _opt([p.age_years for p in ps])
        self.ecog = _opt([p.ecog for p in ps])
        self.kps = _opt([p.karnofsky for p in ps])
        self.lines = _opt([p.prior_lines for p in ps])
        self.life = _opt([p.life_expectancy_months for p in ps])
        self.labs = {lab: _opt([p.lab(lab) for p in ps]) for lab in set(_LAB.values())}
        self.flags = {
            f: _opt([None if getattr(p, f) is None else float(getattr(p, f)) for p in ps])
            for f in set(_EXCLUDING_FACT.values()) | set(_QUALIFIED_FACT.values())
        }
        self.pregnant = _opt(
            [
                0.0 if p.sex == "male" else None if p.pregnant is None else float(p.pregnant)
                for p in ps
            ]
        )
        self.sex = np.array([{"female": 0, "male": 1}.get(p.sex or "", -1) for p in ps])
        self.disease = np.array([_DISEASE_INDEX[p.disease] if p.disease else -1 for p in ps])
        self.antigens = {
            a: _opt([None if a not in p.antigens else float(p.antigens[a]) for p in ps])
            for a in vocab.ANTIGENS
        }
        known = np.array([p.drug_classes is not None for p in ps])
        self.classes_known = known
        self.classes = {
            c: np.array([bool(p.drug_classes and c in p.drug_classes) for p in ps])
            for c in DRUG_CLASSES
        }
        self.unresolved = np.array([p.unresolved_lines > 0 for p in ps])
        self.rr = _opt(
            [
                None if p.relapsed_or_refractory is None else float(p.relapsed_or_refractory)
                for p in ps
            ]
        )
        self.other_cancer = np.array(
            [{"none": 0, "past": 1, "active": 2}.get(p.other_malignancy or "", -1) for p in ps]
        )
        self.transplant = np.array(
            [{"none": 0, "autologous": 1, "allogeneic": 2}.get(p.transplant or "", -1) for p in ps]
        )
        self.transplant_months = _opt(
            [
                None if p.transplant_date is None else (today - p.transplant_date).days / 30.44
                for p in ps
            ]
        )


def _cmp(
    values: F, thresholds: F, at_least: bool, strict: npt.NDArray[np.bool_] | None = None
) -> I8:
    v = values[:, None]
    t = thresholds[None, :]
    ok = v >= t if at_least else v <= t
    if strict is not None and strict.any():  # only the strict columns are compared again
        cols = np.flatnonzero(strict)
        ok[:, cols] = v > t[:, cols] if at_least else v < t[:, cols]
    out = np.where(ok, MET, FAILED).astype(np.int8)
    out[np.isnan(values), :] = UNKNOWN
    return out


def _flag_excludes(values: F, k: int) -> I8:
    col = np.where(np.isnan(values), UNKNOWN, np.where(values > 0, FAILED, MET)).astype(np.int8)
    return np.repeat(col[:, None], k, axis=1)


def _disease(facts: Facts, targets: list[str]) -> I8:
    """Met when the patient's disease lies within a trial disease; unknown when the trial names a
    narrower kind of it (or nothing recognised); else failed. Computed once per distinct target."""
    out = np.full((facts.n, len(targets)), UNKNOWN, dtype=np.int8)
    known = facts.disease >= 0
    mine = facts.disease[known]
    inside = _WITHIN[mine]  # patient disease lies within key (patients by keys)
    narrower = _WITHIN[:, mine].T | _AMBIGUOUS[mine]  # key within patient disease, or ambiguous
    columns: dict[str, list[int]] = {}
    for j, target in enumerate(targets):
        columns.setdefault(target, []).append(j)
    for target, js in columns.items():
        keys = [_DISEASE_INDEX[k] for k in target.split("|") if k]
        if not keys:
            continue
        col = np.where(
            inside[:, keys].any(axis=1),
            MET,
            np.where(narrower[:, keys].any(axis=1), UNKNOWN, FAILED),
        )
        block = np.zeros((facts.n,), dtype=np.int8) + UNKNOWN
        block[known] = col
        out[:, js] = block[:, None]
    return out


def _kind_status(facts: Facts, kind: str, crits: list[Criterion]) -> I8:
    values = np.array([c.value if c.value is not None else 0.0 for c in crits], dtype=np.float64)
    strict = np.array([c.strict for c in crits], dtype=bool)
    k = len(crits)
    if kind in _LAB:
        return _cmp(facts.labs[_LAB[kind]], values, kind.endswith("_min"), strict)
    if kind in _EXCLUDING_FACT:
        return _flag_excludes(facts.flags[_EXCLUDING_FACT[kind]], k)
    if kind in _QUALIFIED_FACT:  # met without the condition; with it, a person judges
        met = np.where(facts.flags[_QUALIFIED_FACT[kind]] == 0, MET, UNKNOWN).astype(np.int8)
        return np.repeat(met[:, None], k, axis=1)
    simple = {
        "age_min": (facts.age, True),
        "age_max": (facts.age, False),
        "ecog_max": (facts.ecog, False),
        "karnofsky_min": (facts.kps, True),
        "lines_min": (facts.lines, True),
        "life_expectancy_min": (facts.life, True),
    }
    if kind in simple:
        col, at_least = simple[kind]
        return _cmp(col, values, at_least, strict)
    if kind == "pregnant":
        return _flag_excludes(facts.pregnant, k)
    if kind == "disease":
        return _disease(facts, [c.target for c in crits])
    if kind == "sex":
        want = np.array([{"female": 0, "male": 1}[c.target] for c in crits])
        out = np.where(facts.sex[:, None] == want[None, :], MET, FAILED).astype(np.int8)
        out[facts.sex < 0, :] = UNKNOWN
        return out
    if kind == "antigen_positive":
        cols = np.stack([facts.antigens[c.target] for c in crits], axis=1)
        return np.where(np.isnan(cols), UNKNOWN, np.where(cols > 0, MET, FAILED)).astype(np.int8)
    if kind == "drug_classes":
        cols = np.stack(
            [np.all([facts.classes[x] for x in c.target.split("|")], axis=0) for c in crits], axis=1
        )
        out = np.where(cols, MET, np.where(facts.unresolved[:, None], UNKNOWN, FAILED)).astype(
            np.int8
        )
        out[~facts.classes_known, :] = UNKNOWN
        return out
    if kind == "relapsed_or_refractory":
        col = np.where(np.isnan(facts.rr), UNKNOWN, np.where(facts.rr > 0, MET, FAILED)).astype(
            np.int8
        )
        return np.repeat(col[:, None], k, axis=1)
    if kind == "allo_transplant":
        return _transplant(facts, crits)
    if kind in ("allowance", "enrolment", "heading"):
        return np.full((facts.n, k), MET, dtype=np.int8)
    if kind == "text_diseases":
        return _disease(facts, [c.target for c in crits])
    if kind == "prior_car_t_received":  # which product, a person checks: only a "no" decides
        col = np.where(facts.flags["prior_car_t"] == 0, FAILED, UNKNOWN).astype(np.int8)
        return np.repeat(col[:, None], k, axis=1)
    if kind == "other_malignancy_history":  # none meets it, active fails it, past: a person
        col = np.select(
            [facts.other_cancer == 0, facts.other_cancer == 2], [MET, FAILED], UNKNOWN
        ).astype(np.int8)
        return np.repeat(col[:, None], k, axis=1)
    if kind == "cns_disease_any":  # met with neither CNS involvement nor a neurological disorder
        neither = (facts.flags["cns_involvement"] == 0) & (
            facts.flags["neurological_disorder"] == 0
        )
        return np.repeat(np.where(neither, MET, UNKNOWN).astype(np.int8)[:, None], k, axis=1)
    if kind == SCOPED:
        return _scoped(facts, crits)
    if kind in PER_PATIENT:
        # Label rules with dates and subtypes: a handful of criteria (products only), judged by
        # the single-patient rule itself so that the two paths cannot drift apart.
        return np.array(
            [[status(p, c, facts.today) for c in crits] for p in facts.profiles], dtype=np.int8
        ).reshape(facts.n, k)
    return np.full((facts.n, k), UNKNOWN, dtype=np.int8)  # "text"


def _scoped(facts: Facts, crits: list[Criterion]) -> I8:
    """Criteria written for some diseases only, as ``rules.status`` judges them: met where the
    patient's disease lies outside the scope, the criterion's own status where it lies within,
    and where the scope is narrower than what is known, met only when met anyway."""
    inner = np.empty((facts.n, len(crits)), dtype=np.int8)
    by_kind: dict[str, list[int]] = {}
    for j, c in enumerate(crits):
        by_kind.setdefault(c.kind, []).append(j)
    for kind, js in by_kind.items():
        inner[:, js] = _kind_status(facts, kind, [crits[j] for j in js])
    applies = _disease(facts, [c.scope for c in crits])
    undecided = np.where(inner == MET, MET, UNKNOWN)
    return np.where(applies == FAILED, MET, np.where(applies == MET, inner, undecided)).astype(
        np.int8
    )


def _transplant(facts: Facts, crits: list[Criterion]) -> I8:
    out = np.full((facts.n, len(crits)), UNKNOWN, dtype=np.int8)
    t = facts.transplant[:, None]
    out[np.broadcast_to((t == 0) | (t == 1), out.shape)] = MET
    allo = facts.transplant == 2
    for j, c in enumerate(crits):
        if c.value is None:
            out[allo, j] = FAILED
        else:
            months = facts.transplant_months
            known = allo & ~np.isnan(months)
            out[known, j] = np.where(months[known] < c.value, FAILED, MET)
    return out


#: Kinds met by everyone (an exception, a heading, a formality): nothing to compute.
ALWAYS_MET = frozenset({"allowance", "enrolment", "heading"})
#: Kinds whose status depends on the patient only, not on the criterion's value or target.
SAME_FOR_EVERY_CRITERION = frozenset(
    {
        *_EXCLUDING_FACT,
        *_QUALIFIED_FACT,
        "pregnant",
        "relapsed_or_refractory",
        "prior_car_t_received",
        "other_malignancy_history",
        "cns_disease_any",
    }
)


def _layers(idx: npt.NDArray[np.intp]) -> list[npt.NDArray[np.intp]]:
    """Positions of ``idx`` split so that no value repeats within a part: the first occurrence
    of each trial, then the second, … (a trial holds a kind a handful of times at most)."""
    order = np.argsort(idx, kind="stable")
    sorted_idx = idx[order]
    starts = np.r_[True, sorted_idx[1:] != sorted_idx[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(idx)), 0))
    rank = np.empty(len(idx), dtype=np.intp)
    rank[order] = np.arange(len(idx)) - group_start
    return [np.flatnonzero(rank == r) for r in range(int(rank.max()) + 1)] if len(idx) else []


def verdict_codes(
    facts: Facts, criteria_lists: Sequence[Sequence[Criterion]], chunk: int = 512
) -> I8:
    """The worst status per patient and option (N by M int8: 1 met, 2 unknown, 3 failed).

    Works trial-major (one row per option) so that combining a kind's statuses into the rows of
    the options it belongs to touches contiguous memory; the result is returned as a view.
    """
    m = len(criteria_lists)
    result = np.ones((m, facts.n), dtype=np.int8)
    for start in range(0, m, chunk):
        block = criteria_lists[start : start + chunk]
        rows = result[start : start + len(block)]
        by_kind: dict[str, tuple[list[int], list[Criterion]]] = {}
        for j, crits in enumerate(block):
            for c in crits:
                # a criterion written for some diseases only is judged by the single-patient rule
                cols, items = by_kind.setdefault(c.kind if not c.scope else SCOPED, ([], []))
                cols.append(j)
                items.append(c)
        for kind, (cols, items) in by_kind.items():
            if kind in ALWAYS_MET:
                continue  # met for everyone: it cannot make any row worse
            idx = np.array(cols)
            if kind == "text":  # always undecided: no status per criterion needed
                unique = np.unique(idx)
                rows[unique] = np.maximum(rows[unique], UNKNOWN)
                continue
            if kind in SAME_FOR_EVERY_CRITERION:
                # one column for all of them (the status does not depend on the criterion)
                column = _kind_status(facts, kind, items[:1])[:, 0]
                unique = np.unique(idx)
                rows[unique] = np.maximum(rows[unique], column[None, :])
                continue
            status = _kind_status(facts, kind, items).T
            for layer in _layers(idx):
                # each layer holds a trial at most once: a plain fancy-indexed maximum
                rows[idx[layer]] = np.maximum(rows[idx[layer]], status[layer])
    return result.T


def product_codes(facts: Facts, indication_lists: Sequence[Sequence[Sequence[Criterion]]]) -> I8:
    """Per product: the best (lowest) worst-status over its indications."""
    flat = [crits for inds in indication_lists for crits in inds]
    codes = verdict_codes(facts, flat)
    out = np.empty((facts.n, len(indication_lists)), dtype=np.int8)
    pos = 0
    for j, inds in enumerate(indication_lists):
        if not inds:
            out[:, j] = FAILED  # no known indication: never a treatment to offer
            continue
        out[:, j] = codes[:, pos : pos + len(inds)].min(axis=1)
        pos += len(inds)
    return out


def verdicts(codes: I8) -> npt.NDArray[np.str_]:
    names = np.array(["eligible", VERDICT[MET], VERDICT[UNKNOWN], VERDICT[FAILED]])
    return names[codes]


def read_referrals(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """A referral list: JSON (a list of profiles, each optionally with an "id") or CSV whose
    columns are profile fields (lists as "a|b", booleans true/false, blanks unknown)."""
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text())
        return [(str(item.pop("id", i + 1)), item) for i, item in enumerate(data)]
    rows = []
    with path.open(newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            profile: dict[str, Any] = {}
            for key, raw in row.items():
                if key == "id" or raw is None or raw.strip() == "":
                    continue
                profile["lines" if key == "prior_lines" else key] = _csv_value(key, raw.strip())
            rows.append((row.get("id") or str(i + 1), profile))
    return rows


def _csv_value(key: str, raw: str) -> Any:
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    if key in ("cities", "languages", "prior_car_t_targets"):
        return raw.split("|")
    if key == "prior_lines":
        return [{"regimen": f"line {i + 1}"} for i in range(int(raw))]
    try:
        return float(raw) if "." in raw else int(raw)
    except ValueError:
        return raw

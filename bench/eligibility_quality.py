"""Screening quality against hand-labelled verdicts (issue 11).

Workload: ``tests/eligibility/data/gold_pairs.json`` — patient profiles and (patient, trial)
pairs, each labelled eligible / not eligible / possible by reading the trial's own text — and
``gold_labels.json``, (patient, approved product) cases labelled from reference/products.md.
Every trial of the two shipped monitor tables (2,274 oncology, 200 with full criteria text, and
315 autoimmune) is screened as the product screens it (``ctgov.read_monitor_tables`` → ``TrialRecord.criteria`` → ``screen_trial``).

Prints, against the issue's targets:
* per verdict, precision and recall (cartnav's "unknown" is the gold set's "possible");
* the share of pairs a clinician can decide (eligible / not eligible) that cartnav leaves
  unknown (target ≤ 10%);
* per patient, the share of all trials that come back unknown;
* the label cases answered right (target 100%), and what cartnav answered where it was wrong.

Baseline named and run side by side: none for quality — the figures are absolute; the last
committed run is in docs/eligibility.md.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from cartnav.eligibility import products as product_data
from cartnav.eligibility.ctgov import read_monitor_tables
from cartnav.eligibility.profile import PatientProfile, ProfileError
from cartnav.eligibility.screen import TrialEntry, screen_product, screen_trial

ROOT = Path(__file__).resolve().parents[1]

DATA = ROOT / "tests" / "eligibility" / "data"
MONITOR = ROOT / "cartnav" / "catalog" / "data" / "ctgov_cart_onc_monitor"
RHEUM = ROOT / "cartnav" / "catalog" / "data" / "ctgov_cart_rheum_monitor"
TODAY = dt.date(2026, 12, 1)
#: The gold set names products as people do; the catalog by slug.
SLUGS = {
    "axi-cel": "axi-cel-cn",
    "cilta-cel": "cilta-cel-cn",
    "Hicara": "hicara",
    "pCAR-19B": "pcar-19b",
}
VERDICTS = ("eligible", "not_eligible", "possible")


def _gold(verdict: str) -> str:
    return verdict


def _ours(verdict: str) -> str:
    return "possible" if verdict == "unknown" else verdict


def profiles(raw: dict[str, dict[str, object]]) -> dict[str, PatientProfile]:
    out = {}
    for key, data in raw.items():
        try:
            out[key] = PatientProfile.from_dict({**data, "as_of": TODAY.isoformat()})
        except ProfileError as exc:
            raise SystemExit(f"gold profile {key}: {exc}") from exc
    return out


def trials() -> dict[str, TrialEntry]:
    """Both shipped tables: oncology (200 with full text) and autoimmune CAR-T trials."""
    records = read_monitor_tables(MONITOR, MONITOR / "eligibility_sample_200.json")
    records += read_monitor_tables(RHEUM)
    return {r.nct_id: TrialEntry(r.nct_id, r.title, r.status, tuple(r.criteria())) for r in records}


def pair_confusion(
    pairs: list[dict[str, str]], people: dict[str, PatientProfile], catalog: dict[str, TrialEntry]
) -> tuple[Counter[tuple[str, str]], list[str]]:
    """(gold verdict, cartnav's verdict) counts over the pairs, and a line per disagreement."""
    confusion: Counter[tuple[str, str]] = Counter()
    wrong: list[str] = []
    for pair in pairs:
        option = screen_trial(people[pair["profile"]], catalog[pair["nct_id"]], TODAY)
        want, got = _gold(pair["verdict"]), _ours(option.verdict)
        confusion[(want, got)] += 1
        if want != got:
            deciding = option.failed[0]["criterion"] if option.failed else ""
            wrong.append(
                f"  {pair['profile']:<16} {pair['nct_id']}  gold {want:<12} cartnav {got:<12}"
                f"{(' (' + deciding + ')') if deciding else ''}"
            )
    return confusion, wrong


def label_results(cases: list[dict[str, Any]]) -> tuple[int, list[str]]:
    """How many label cases cartnav answers as the gold set does, and a line per miss."""
    by_slug = {p.slug: p for p in product_data.load()}
    right = 0
    misses = []
    for case in cases:
        slug = str(case["product"])
        product = by_slug.get(SLUGS.get(slug, slug))
        person = PatientProfile.from_dict({**case["profile"], "as_of": TODAY.isoformat()})
        got = (
            "not_eligible"
            if product is None
            else _ours(screen_product(person, product, TODAY).verdict)
        )
        if got == case["verdict"]:
            right += 1
        else:
            misses.append(f"  {case['id']!s:<34} gold {case['verdict']!s:<12} cartnav {got}")
    return right, misses


def main() -> int:
    gold = json.loads((DATA / "gold_pairs.json").read_text())
    labels = json.loads((DATA / "gold_labels.json").read_text())
    people = profiles(gold["profiles"])
    catalog = trials()
    pairs = gold["pairs"]
    print(
        f"workload: {len(pairs)} hand-labelled (patient, trial) pairs over {len(people)} "
        f"profiles; {len(labels['cases'])} label cases; {len(catalog)} trials screened per "
        "patient"
    )
    confusion, wrong = pair_confusion(pairs, people, catalog)
    print("\nverdict        precision   recall   (gold n / cartnav n)")
    for v in VERDICTS:
        said = sum(n for (w, g), n in confusion.items() if g == v)
        truth = sum(n for (w, g), n in confusion.items() if w == v)
        hit = confusion[(v, v)]
        precision = hit / said if said else float("nan")
        recall = hit / truth if truth else float("nan")
        print(f"{v:<14} {precision:>8.1%}  {recall:>7.1%}   ({truth} / {said})")
    decidable = [(w, g) for (w, g), n in confusion.items() for _ in range(n) if w != "possible"]
    left = sum(1 for w, g in decidable if g == "possible")
    print(
        f"\ndecidable pairs left unknown: {left} of {len(decidable)} = "
        f"{left / len(decidable):.1%} (target ≤ 10%)"
    )
    print("targets: eligible precision 100%, not-eligible precision ≥ 97%")

    print("\nunknown share per patient over all trials:")
    for key, person in people.items():
        verdicts = Counter(_ours(screen_trial(person, t, TODAY).verdict) for t in catalog.values())
        total = sum(verdicts.values())
        print(
            f"  {key:<16} unknown {verdicts['possible'] / total:6.1%}   eligible "
            f"{verdicts['eligible']:>3}   not eligible {verdicts['not_eligible']:>5}"
        )

    right, misses = label_results(labels["cases"])
    print(
        f"\nlabel cases right: {right} of {len(labels['cases'])} = "
        f"{right / len(labels['cases']):.1%} (target 100%)"
    )
    if misses:
        print("label cases wrong:\n" + "\n".join(misses))
    if wrong:
        print(f"\npairs wrong ({len(wrong)}):\n" + "\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())

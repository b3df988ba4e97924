"""Criteria extraction on the 200 trials with full eligibility text (issue 4).

Coverage: the share of criterion sentences that became at least one structured criterion, and
the count per kind. Precision: against ``tests/eligibility/data/gold_50.json``, 50 extracted
criteria drawn at random (seed 50) and checked by hand — each entry holds the sentence, what the
extractor produced then, and what a reader says is right (kind and value; or ``null`` when the
sentence should not have produced that criterion). Precision = extracted criteria matching the
hand check / all checked.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

from cartnav.eligibility.criteria import extract
from cartnav.eligibility.criteria import sentences as split_sentences

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = (
    ROOT / "cartnav" / "catalog" / "data" / "ctgov_cart_onc_monitor" / "eligibility_sample_200.json"
)
GOLD = ROOT / "tests" / "eligibility" / "data" / "gold_50.json"


def coverage() -> tuple[int, int, Counter[str]]:
    trials = json.loads(SAMPLE.read_text())["trials"]
    sentences = parsed = 0
    kinds: Counter[str] = Counter()
    for t in trials:
        text = t.get("EligibilityCriteria") or ""
        # Sentences as the text is split; a criterion belongs to the sentence it was read from
        # (a limit read from an exclusion, or "no CNS disease" in an inclusion, keeps its text).
        by_sentence: dict[str, list[str]] = {s: [] for _, s, _ in split_sentences(text)}
        for c in extract(text):
            if c.sentence in by_sentence:  # not the union of diagnoses, made from them all
                by_sentence[c.sentence].append(c.kind)
        for found in by_sentence.values():
            sentences += 1
            structured = [k for k in found if k != "text"]
            parsed += bool(structured)
            kinds.update(structured)
    return sentences, parsed, kinds


def precision() -> tuple[int, int, list[str]]:
    gold = json.loads(GOLD.read_text())["items"]
    right, wrong = 0, []
    for item in gold:
        produced = [
            (c.kind, c.value)
            for c in extract(
                ("Inclusion" if item["inclusion"] else "Exclusion")
                + " Criteria:\n* "
                + item["sentence"]
            )
            if c.parsed
        ]
        claim = (item["kind"], item["value"])
        if claim not in produced:
            continue  # the extractor no longer makes this claim; it is not counted either way
        if item["correct"]:
            right += 1
        else:
            wrong.append(f"{item['kind']} {item['value']}: {item['sentence'][:90]}")
    return right, right + len(wrong), wrong


def sample(n: int = 50, seed: int = 50) -> list[dict[str, object]]:
    """Draw the criteria to check by hand (used once to build the gold file)."""
    trials = json.loads(SAMPLE.read_text())["trials"]
    items = [
        {
            "nct_id": t["NCTId"],
            "inclusion": c.inclusion,
            "sentence": c.sentence,
            "kind": c.kind,
            "value": c.value,
        }
        for t in trials
        for c in extract(t.get("EligibilityCriteria") or "")
        if c.parsed
    ]
    return random.Random(seed).sample(items, n)


def main() -> int:
    if "--sample" in sys.argv:
        print(json.dumps(sample(), ensure_ascii=False, indent=1))
        return 0
    sentences, parsed, kinds = coverage()
    print(f"workload: 200 trials with full eligibility text ({sentences} criterion sentences)")
    print(f"coverage: {parsed}/{sentences} sentences structured = {parsed / sentences:.1%}")
    print("per kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    if GOLD.exists():
        right, total, wrong = precision()
        print(f"precision on the hand-checked sample: {right}/{total} = {right / total:.1%}")
        for line in wrong:
            print(f"  wrong: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Screening judged by what a clinician would answer: the hand-labelled gold set (issue 11).

``bench/eligibility_quality.py`` prints the full figures; this test holds the ones reached, so
that a change that makes cartnav wrongly say "not eligible" (costing a family an option) or
"eligible" (sending them to a trial they cannot enter), or misread a label, fails.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "eligibility_quality.py"
spec = importlib.util.spec_from_file_location("eligibility_quality", SCRIPT)
assert spec and spec.loader
quality = importlib.util.module_from_spec(spec)
spec.loader.exec_module(quality)


def test_verdicts_on_the_hand_labelled_pairs() -> None:
    gold = json.loads((quality.DATA / "gold_pairs.json").read_text())
    assert len(gold["pairs"]) >= 150 and len(gold["profiles"]) >= 12
    people = quality.profiles(gold["profiles"])
    catalog = quality.trials()
    confusion, wrong = quality.pair_confusion(gold["pairs"], people, catalog)
    said_eligible = sum(n for (w, g), n in confusion.items() if g == "eligible")
    assert confusion[("eligible", "eligible")] == said_eligible, wrong  # precision 100 %
    said_no = sum(n for (w, g), n in confusion.items() if g == "not_eligible")
    right_no = confusion[("not_eligible", "not_eligible")]
    assert right_no / said_no >= 0.97, wrong
    assert right_no >= 85, "not-eligible recall fell (measured 88 of 121, 2026-12-01)"


def test_every_label_case_is_answered_as_the_label_says() -> None:
    cases = json.loads((quality.DATA / "gold_labels.json").read_text())["cases"]
    assert len(cases) >= 30
    right, misses = quality.label_results(cases)
    assert misses == [] and right == len(cases)

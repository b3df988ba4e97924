"""Screening benchmarks (issue 4).

(a) One patient against every product and the 2,274 real trials of the shipped monitor tables:
    the single-patient path with reasons (cartnav.eligibility.screen.screen), median of 30 runs.
    Target: <= 20 ms.
(b) 10,000 synthetic patients x 5,000 trials (the real ones, replicated with varied numeric
    thresholds): the vectorised cohort path (cartnav.eligibility.cohort), median of 3 runs,
    against the single-patient path looped over the same data in the same run. Looping all
    50 million pairs would take hours, so the loop runs on the first 40 patients and its time is
    extrapolated linearly to 10,000 (printed as such); verdicts are compared on those patients.
    Target: <= 3 s and >= 20x the loop.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cartnav.eligibility import cohort, products
from cartnav.eligibility.ctgov import read_monitor_tables
from cartnav.eligibility.profile import PatientProfile
from cartnav.eligibility.screen import Catalog, TrialEntry, screen, screen_trial

ROOT = Path(__file__).resolve().parents[1]

TODAY = dt.date(2026, 11, 25)
DATA = ROOT / "cartnav" / "catalog" / "data" / "ctgov_cart_onc_monitor"
DISEASES = [
    "DLBCL",
    "LBCL",
    "FL",
    "MCL",
    "MM",
    "B-ALL",
    "CLL",
    "AML",
    "GBM",
    "GASTRIC",
    "SLE",
    "HL",
]


def synthetic_profile(rng: random.Random) -> PatientProfile:
    def maybe(p_known: float = 0.7) -> bool | None:
        return rng.random() < 0.2 if rng.random() < p_known else None

    data: dict[str, object] = {
        "age_years": rng.uniform(3, 85),
        "sex": rng.choice(["female", "male"]),
        "disease": rng.choice(DISEASES),
        "ecog": rng.choice([0, 1, 1, 2, 3]),
        "refractory": maybe(),
        "relapsed": maybe(),
        "prior_car_t": maybe(),
        "cns_involvement": maybe(),
        "active_infection": maybe(),
        "hiv": maybe(0.9),
        "hbv": maybe(0.9),
        "hcv": maybe(0.9),
        "transplant": rng.choice(["none", "autologous", "allogeneic"]),
        "transplant_date": str(TODAY - dt.timedelta(days=rng.randint(30, 2000))),
        "lines": [
            {
                "regimen": f"L{i}",
                "drug_classes": rng.sample(["PI", "IMiD", "anti-CD38", "anti-CD20"], 2),
            }
            for i in range(rng.randint(0, 5))
        ],
        "antigens": {"CD19": rng.random() < 0.8, "BCMA": rng.random() < 0.5},
        "labs": {
            "anc": {"value": rng.uniform(0.2, 6), "unit": "10*9/L"},
            "platelets": {"value": rng.uniform(10, 400), "unit": "10*9/L"},
            "creatinine": {"value": rng.uniform(0.4, 3), "unit": "mg/dL"},
        },
    }
    if rng.random() < 0.3:
        data.pop("ecog")
    if data["transplant"] == "none":
        data.pop("transplant_date")  # a date with no transplant is refused
    return PatientProfile.from_dict(data)


def varied(trial: TrialEntry, rng: random.Random, n: int) -> TrialEntry:
    crits = tuple(
        dataclasses.replace(c, value=round(c.value * rng.uniform(0.8, 1.2), 3))
        if c.value and c.kind != "allo_transplant"
        else c
        for c in trial.criteria
    )
    return TrialEntry(f"{trial.nct_id}-{n}", trial.title, trial.status, crits)


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    rng = random.Random(20261125)
    records = read_monitor_tables(DATA, DATA / "eligibility_sample_200.json")
    real = tuple(TrialEntry(r.nct_id, r.title, r.status, tuple(r.criteria())) for r in records)
    prods = tuple(products.load())
    catalog = Catalog(prods, real)
    patient = synthetic_profile(rng)

    a = median_time(lambda: screen(patient, catalog, TODAY), 30)
    print(
        f"(a) one patient x {len(prods)} products + {len(real)} real trials, with reasons: median {a * 1000:.1f} ms (target <= 20 ms)"
    )

    trials = list(real)
    while len(trials) < 5000:
        trials.append(varied(real[len(trials) % len(real)], rng, len(trials)))
    patients = [synthetic_profile(rng) for _ in range(10_000)]
    lists = [t.criteria for t in trials]

    def vectorised() -> Any:
        return cohort.verdicts(cohort.verdict_codes(cohort.Facts(patients, TODAY), lists))

    v = median_time(vectorised, 3)
    names = vectorised()
    sample = 40
    start = time.perf_counter()
    looped = [[screen_trial(p, t, TODAY).verdict for t in trials] for p in patients[:sample]]
    loop_sample = time.perf_counter() - start
    loop_full = loop_sample * len(patients) / sample
    identical = all(list(names[i]) == looped[i] for i in range(sample))
    print(
        f"(b) {len(patients):,} patients x {len(trials):,} trials: vectorised median {v:.2f} s (target <= 3 s)"
    )
    print(
        f"    single-patient path looped: {loop_sample:.2f} s for {sample} patients, extrapolated {loop_full:.0f} s for {len(patients):,}"
    )
    print(
        f"    ratio loop/vectorised: {loop_full / v:.0f}x (target >= 20x); verdicts identical on the {sample} compared patients: {identical}"
    )
    print(
        f"summary: single {a * 1000:.1f} ms; cohort {v:.2f} s; ratio {loop_full / v:.0f}x; identical {identical}"
    )
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: daily worst CRS grade for a ward-sized history, columnar vs. a Python loop.

Workload: 1,000 inpatients x 14 days x vitals every 15 minutes = 1,344,000 rows of synthetic but
plausible observations (seeded): temperature, hypotension, vasopressors, vasopressin, oxygen
device and flow, fever masked after tocilizumab or steroids. The columnar path
(``cartnav.clinical.bulk.daily_worst_crs``) is timed over >= 5 runs, the scalar ``grade_crs``
looped over the same rows over >= 3 runs; the grades must be identical. Targets: bulk <= 1 s
and >= 20x the loop.

    .venv/bin/python bench/bench_crs_bulk.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from cartnav.clinical.bulk import daily_worst_crs
from cartnav.clinical.crs import grade_crs

PATIENTS, DAYS, PER_DAY = 1_000, 14, 96
BULK_RUNS, LOOP_RUNS = 5, 3
TARGET_BULK_S, TARGET_RATIO = 1.0, 20.0
DEVICES = np.array(
    [
        "room_air",
        "blow_by",
        "low_flow_nasal_cannula",
        "high_flow_nasal_cannula",
        "facemask",
        "nonrebreather_mask",
        "venturi_mask",
        "cpap",
        "bipap",
        "mechanical_ventilation",
    ]
)


def _episodes(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per patient: CRS onset (in samples), duration, and peak severity 0-4 (0 = no CRS)."""
    severity = rng.choice(5, size=PATIENTS, p=[0.25, 0.35, 0.22, 0.12, 0.06])
    onset = rng.integers(PER_DAY, 6 * PER_DAY, size=PATIENTS)
    duration = rng.integers(PER_DAY, 5 * PER_DAY, size=PATIENTS)
    return onset, duration, severity


def synthetic_ward(seed: int = 20240601) -> pl.DataFrame:
    """One row per patient per 15 minutes; CRS episodes with plausible vitals and support."""
    rng = np.random.default_rng(seed)
    n = PATIENTS * DAYS * PER_DAY
    patient = np.repeat(np.arange(PATIENTS), DAYS * PER_DAY)
    sample = np.tile(np.arange(DAYS * PER_DAY), PATIENTS)
    onset, duration, peak = _episodes(rng)
    in_crs = (sample >= onset[patient]) & (sample < onset[patient] + duration[patient])
    severity = np.where(in_crs, peak[patient], 0)
    # Tocilizumab or steroids a few hours into a grade >= 2 episode mask the fever afterwards.
    masked = in_crs & (peak[patient] >= 2) & (sample >= onset[patient] + 16)
    febrile = in_crs & (severity >= 1) & ~masked
    temperature = np.round(
        np.where(febrile, rng.normal(38.9, 0.5, n), rng.normal(36.9, 0.35, n)), 1
    ).clip(34.5, 42.0)
    flicker = rng.random(n) < 0.85  # support is not constant through an episode
    hypotension = (severity >= 2) & flicker & (rng.random(n) < 0.7)
    vasopressors = np.where(hypotension & (severity >= 3), np.where(severity == 4, 2, 1), 0)
    vasopressin = hypotension & (severity == 4) & (rng.random(n) < 0.3)
    oxygen_grade = np.where(flicker & (rng.random(n) < 0.6), severity, 0)
    device_index = np.select(
        [oxygen_grade <= 1, oxygen_grade == 2, oxygen_grade == 3],
        [0, rng.choice([1, 2], size=n, p=[0.2, 0.8]), rng.integers(2, 7, size=n)],
        default=rng.integers(7, 10, size=n),
    )
    flow = np.where(
        device_index == 2,
        np.where(oxygen_grade >= 3, rng.integers(7, 11, n), rng.integers(1, 7, n)),
        0,
    ).astype(float)
    return pl.DataFrame(
        {
            "patient_id": patient.astype(np.int32),
            "day": (sample // PER_DAY).astype(np.int16),
            "temperature": temperature,
            "fever_masked": masked,
            "hypotension": hypotension,
            "vasopressors": vasopressors.astype(np.int64),
            "vasopressin": vasopressin,
            "oxygen_device": DEVICES[device_index],
            "oxygen_flow": flow,
            "death_from_crs": np.zeros(n, dtype=bool),
        }
    )


def loop_daily_worst(frame: pl.DataFrame) -> pl.DataFrame:
    """The baseline: the scalar grader called once per row, the worst kept per patient-day."""
    cols = {name: frame[name].to_list() for name in frame.columns}
    worst: dict[tuple[int, int], int] = {}
    for i in range(frame.height):
        grade = grade_crs(
            temperature=cols["temperature"][i],
            fever_masked=cols["fever_masked"][i],
            hypotension=cols["hypotension"][i],
            vasopressors=cols["vasopressors"][i],
            vasopressin=cols["vasopressin"][i],
            oxygen_device=cols["oxygen_device"][i],
            oxygen_flow=cols["oxygen_flow"][i],
            death_from_crs=cols["death_from_crs"][i],
        ).grade
        assert grade is not None  # complete rows always decide a grade
        key = (cols["patient_id"][i], cols["day"][i])
        worst[key] = max(worst.get(key, 0), grade)
    keys = sorted(worst)
    return pl.DataFrame(
        {
            "patient_id": [k[0] for k in keys],
            "day": [k[1] for k in keys],
            "worst_grade": [worst[k] for k in keys],
        },
        schema={"patient_id": pl.Int32, "day": pl.Int16, "worst_grade": pl.Int8},
    )


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median wall time of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    frame = synthetic_ward()
    print(
        f"workload: {PATIENTS:,} patients x {DAYS} days x {PER_DAY} vitals/day = "
        f"{frame.height:,} rows -> daily worst CRS grade per patient"
    )
    bulk_s, bulk = timed(lambda: daily_worst_crs(frame), BULK_RUNS)
    print(f"bulk (Polars) median of {BULK_RUNS}: {bulk_s:.3f} s")
    loop_s, loop = timed(lambda: loop_daily_worst(frame), LOOP_RUNS)
    print(f"scalar loop median of {LOOP_RUNS}: {loop_s:.2f} s")
    ratio = loop_s / bulk_s
    print(f"ratio loop/bulk: {ratio:.1f}x")
    assert bulk.equals(loop), "bulk and scalar daily worst grades differ"
    counts = bulk["worst_grade"].value_counts().sort("worst_grade")
    print("patient-days by worst grade: " + ", ".join(f"{g}: {c}" for g, c in counts.iter_rows()))
    ok = bulk_s <= TARGET_BULK_S and ratio >= TARGET_RATIO
    print(
        f"SUMMARY crs-bulk: {frame.height:,} rows, bulk {bulk_s:.3f} s, loop {loop_s:.2f} s, "
        f"{ratio:.0f}x, grades identical, targets (<= {TARGET_BULK_S:g} s, >= "
        f"{TARGET_RATIO:g}x) {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

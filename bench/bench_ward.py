"""The ward at scale (issue 14): a whole ward graded per patient-day through the bulk path,
recording one observation and regrading that patient, and the ward board.

1. Bulk grading. Workload: 1,000 inpatients x 14 days x one observation every 15 minutes
   (1,344,000 rows, the codes of a flowsheet in turn: temperature, pressure, oxygen device and
   flow, vasopressors, vasopressin, ICE, consciousness, seizure, weakness, raised pressure …,
   generated from a seed), one tocilizumab dose in about a third of the patients. Graded for
   every patient-day by ``ward_bulk.daily_grades`` (Polars); median of 5 runs. Baseline, run
   side by side: the scalar path (``ward.daily``, the one the pages use) on 20 of the patients,
   scaled to the 1,000; the verdicts of those 20 must be identical. Target: <= 1 s.
2. Recording one observation and regrading. Workload: a fresh SQLite database with the demo
   data; one stay with 14 days of four-hourly observations (about 850 rows); the demo nurse
   posts one value through the API (``POST /api/v1/cases/{id}/ward/observations``, which
   records, regrades and evaluates the alert rules) RUNS times, in process, beside the smallest
   audited read of the same nurse (``GET /api/v1/cases/{id}``). Prints the median and p95
   wall time of each. Target: p95 <= 50 ms.
3. The ward board with 100 inpatients (each with a day of four-hourly observations), against
   the same read: median server CPU per request (process time). Target: within 2x.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from in_process import demo_database, staff_client

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "bench-ward"
RUNS = int(os.environ.get("BENCH_WARD_RUNS", "60"))
PATIENTS, DAYS, STEP_MINUTES = 1000, 14, 15
ZONE = "Asia/Shanghai"


def bulk() -> None:
    import numpy as np
    import polars as pl

    sys.path.insert(0, str(ROOT))
    from cartnav.clinical import ward, ward_bulk

    rng = np.random.default_rng(14)
    steps = DAYS * 24 * 60 // STEP_MINUTES
    cycle = [
        ("temperature", None),
        ("systolic", None),
        ("oxygen_device", "room_air"),
        ("vasopressors", None),
        ("vasopressin", "no"),
        ("heart_rate", None),
        ("spo2", None),
        ("ice_total", None),
        ("consciousness", "alert"),
        ("seizure", "none"),
        ("motor_weakness", "no"),
        ("raised_icp", "none"),
    ]
    n = PATIENTS * steps
    start = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)
    step_index = np.tile(np.arange(steps), PATIENTS)
    patient = np.repeat(np.arange(PATIENTS), steps)
    which = (step_index + patient) % len(cycle)
    codes = np.array([c for c, _ in cycle])[which]
    words = np.array([w or "" for _, w in cycle], dtype=object)[which]
    sick = rng.random(n) < 0.08
    number = np.full(n, np.nan)
    number[codes == "temperature"] = np.where(sick, 39.0, 37.0)[codes == "temperature"]
    number[codes == "systolic"] = np.where(sick, 84.0, 118.0)[codes == "systolic"]
    number[codes == "heart_rate"] = 90.0
    number[codes == "spo2"] = np.where(sick, 91.0, 97.0)[codes == "spo2"]
    number[codes == "vasopressors"] = 0.0
    number[codes == "ice_total"] = np.where(sick, 7.0, 10.0)[codes == "ice_total"]
    readings = (
        pl.DataFrame(
            {
                "patient_id": patient,
                "minute": step_index * STEP_MINUTES,
                "code": codes,
                "number": number,
                "word": words,
            }
        )
        .with_columns(
            (pl.lit(start) + pl.duration(minutes=pl.col("minute")))
            .dt.cast_time_unit("us")
            .alias("at"),
            pl.col("number").fill_nan(None),
            pl.when(pl.col("word") == "").then(None).otherwise(pl.col("word")).alias("word"),
        )
        .drop("minute")
    )
    dosed = np.arange(0, PATIENTS, 3)
    doses = pl.DataFrame(
        {
            "patient_id": dosed,
            "at": [start + dt.timedelta(days=2, hours=int(p % 24)) for p in dosed],
            "drug": ["tocilizumab"] * len(dosed),
        },
        schema={"patient_id": pl.Int64, "at": pl.Datetime("us", "UTC"), "drug": pl.String},
    )
    patients = pl.DataFrame(
        {
            "patient_id": np.arange(PATIENTS),
            "infusion": [dt.date(2027, 3, 1)] * PATIENTS,
            "age_years": [45.0] * PATIENTS,
        }
    )
    print(
        f"workload 1: {PATIENTS:,} inpatients x {DAYS} days x one observation every "
        f"{STEP_MINUTES} min = {readings.height:,} rows; {len(dosed)} tocilizumab doses"
    )
    times = []
    for _ in range(5):
        t = time.perf_counter()
        got = ward_bulk.daily_grades(readings, doses, patients, ZONE)
        times.append(time.perf_counter() - t)
    median = statistics.median(times)
    # the scalar path, side by side, on 20 patients: same verdicts, and its time scaled
    sample = list(range(20))
    rows = readings.filter(pl.col("patient_id").is_in(sample)).to_dicts()
    t = time.perf_counter()
    scalar = {}
    for p in sample:
        mine = [
            ward.Reading(i, r["at"], r["code"], _value(r, ward))
            for i, r in enumerate(rows)
            if r["patient_id"] == p
        ]
        given = [
            ward.Given(i, r["at"], r["drug"])
            for i, r in enumerate(doses.filter(pl.col("patient_id") == p).to_dicts())
        ]
        for d in ward.daily(
            mine, given, dt.date(2027, 3, 1), dt.date(2027, 3, 15), ZONE, age_years=45.0
        ):
            if d.observed:
                scalar[(p, d.date)] = (d.crs, d.icans)
    scalar_seconds = (time.perf_counter() - t) * PATIENTS / len(sample)
    mine_bulk = {
        (r["patient_id"], r["date"]): (r["crs"], r["icans"])
        for r in got.filter(pl.col("patient_id").is_in(sample)).iter_rows(named=True)
    }
    same = mine_bulk == scalar
    print(
        f"  bulk path: median {median:.3f} s for {got.height:,} patient-days; scalar path "
        f"(scaled from 20 patients) {scalar_seconds:.1f} s: {scalar_seconds / median:.0f}x; "
        f"verdicts of the 20 identical: {same}; target <= 1 s"
    )
    grades = got["crs"].value_counts().sort("crs").rows()
    print(f"  CRS grades over the patient-days: {grades}")
    if not same:
        raise SystemExit("bulk and scalar verdicts differ")


def _value(row: dict[str, object], ward: object) -> object:
    code = row["code"]
    if code in ("vasopressin", "motor_weakness", "hypotension"):
        return row["word"] == "yes"
    return row["number"] if row["number"] is not None else row["word"]


def pages() -> None:
    demo_database(VAR, 200)
    import json

    from django.utils import timezone

    from cartnav.accounts.models import User
    from cartnav.patients.models import Case
    from cartnav.ward import services
    from cartnav.ward.models import Observation, WardStay

    nurse = User.objects.get(username="nurse.shanghai")
    now = timezone.now().replace(second=0, microsecond=0)
    cases = list(
        Case.objects.filter(hospital__slug="zhongshan", ward__isnull=True).order_by("number")[:100]
    )
    stays = [WardStay(case=c, infused_at=now - dt.timedelta(days=14), weight_kg=70) for c in cases]
    WardStay.objects.bulk_create(stays)
    stays = list(WardStay.objects.filter(case__in=cases).order_by("pk"))
    rows = []
    for s in stays:
        hours = range(0, 24 * 14, 4) if s is stays[0] else range(24 * 13, 24 * 14, 4)
        for h in hours:
            at = s.infused_at + dt.timedelta(hours=h)
            for code, number, word in (
                ("temperature", 37.2, ""),
                ("systolic", 118.0, ""),
                ("heart_rate", 88.0, ""),
                ("spo2", 97.0, ""),
                ("oxygen_device", None, "room_air"),
                ("vasopressors", 0.0, ""),
                ("vasopressin", None, "no"),
                ("ice_total", 10.0, ""),
                ("consciousness", None, "alert"),
                ("seizure", None, "none"),
                ("motor_weakness", None, "no"),
                ("raised_icp", None, "none"),
            ):
                rows.append(
                    Observation(
                        stay=s,
                        code=code,
                        number=number,
                        word=word,
                        entered="bench",
                        taken_at=at,
                        recorded_by=nurse,
                    )
                )
    Observation.objects.bulk_create(rows, batch_size=2000)
    for s in stays:  # as a recording does: the current grades kept on the row
        obs = services.readings(s)
        services.keep_current(s, obs, services.current(s, obs=obs))
    big = stays[0]
    print(
        f"workload 2-3: {len(stays)} inpatients; one stay with "
        f"{Observation.objects.filter(stay=big).count():,} observations (14 days, four-hourly), "
        f"the others a day each; {RUNS} requests each, in process, as the demo nurse"
    )
    client = staff_client(nurse)
    read = f"/api/v1/cases/{big.case_id}"
    post = f"/api/v1/cases/{big.case_id}/ward/observations"

    def timed(fn: object, runs: int) -> tuple[list[float], list[float]]:
        walls, cpus = [], []
        for _ in range(runs):
            w, c = time.perf_counter(), time.process_time()
            fn()
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
        return walls, cpus

    def record() -> None:
        body = {
            "taken_at": timezone.now().isoformat(),
            "values": {"heart_rate": {"value": 90, "unit": "/min"}},
        }
        answer = client.post(post, json.dumps(body), content_type="application/json")
        assert answer.status_code == 201, answer.content

    for _ in range(3):
        assert client.get(read).status_code == 200
        assert client.get("/ward/").status_code == 200
    read_wall, read_cpu = timed(lambda: client.get(read), RUNS)
    rec_wall, _ = timed(record, RUNS)
    board_wall, board_cpu = timed(lambda: client.get("/ward/"), max(10, RUNS // 3))

    def p95(xs: list[float]) -> float:
        return sorted(xs)[int(0.95 * (len(xs) - 1))]

    print(f"{'request':52} {'median ms':>9} {'p95 ms':>8} {'cpu ms':>8} {'x read':>7}")
    base = statistics.median(read_cpu)
    print(
        f"{'smallest audited read  GET /api/v1/cases/{id}':52} {statistics.median(read_wall) * 1e3:9.2f} "
        f"{p95(read_wall) * 1e3:8.2f} {base * 1e3:8.2f} {1:7.2f}"
    )
    print(
        f"{'record one value and regrade (POST …/observations)':52} "
        f"{statistics.median(rec_wall) * 1e3:9.2f} {p95(rec_wall) * 1e3:8.2f} {'':>8} "
        f"{statistics.median(rec_wall) / statistics.median(read_wall):7.2f}"
    )
    print(
        f"{'ward board, 100 inpatients  /ward/':52} {statistics.median(board_wall) * 1e3:9.2f} "
        f"{p95(board_wall) * 1e3:8.2f} {statistics.median(board_cpu) * 1e3:8.2f} "
        f"{statistics.median(board_cpu) / base:7.2f}"
    )
    print(
        f"targets (issue 14): record and regrade p95 <= 50 ms: {p95(rec_wall) * 1e3:.1f} ms; "
        f"board within 2x the read: {statistics.median(board_cpu) / base:.2f}x"
    )


def main() -> int:
    bulk()
    pages()
    return 0


if __name__ == "__main__":
    sys.exit(main())

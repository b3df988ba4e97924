"""The ward's bulk path gives every patient-day the grades the scalar path gives."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl

from cartnav.clinical import ward, ward_bulk
from cartnav.clinical.crs import DEVICE_GRADE
from cartnav.clinical.icans import CONSCIOUSNESS, RAISED_ICP, SEIZURE

ZONE = "Asia/Shanghai"
START = dt.datetime(2027, 3, 1, 1, 0, tzinfo=dt.UTC)


def _record(rng: random.Random, patients: int, hours: int, step: int):
    readings: list[ward.Reading] = []
    given: dict[int, list[ward.Given]] = {}
    n = 0
    for p in range(patients):
        given[p] = []
        for h in range(0, hours, step):
            at = START + dt.timedelta(hours=h)
            for code in ward.CODES:
                if rng.random() < 0.45:
                    continue
                mild = rng.random() < 0.93  # most findings are normal, as on a ward
                if code in ward.CHOICES:
                    words = ward.CHOICES[code]
                    value: float | str | bool = words[0] if mild else rng.choice(words)
                elif code in ward.FLAGS:
                    value = not mild
                elif code == "temperature":
                    value = round(rng.uniform(36.5, 40.0), 1)
                elif code == "systolic":
                    value = 120.0 if mild else float(rng.choice([70, 85, 89, 90, 91]))
                elif code == "oxygen_flow":
                    value = float(rng.choice([1, 4, 6, 6.5, 10, 40]))
                elif code == "vasopressors":
                    value = 0.0 if mild else float(rng.choice([1, 2]))
                elif code == "ice_total":
                    value = 10.0 if mild else float(rng.randint(0, 9))
                elif code == "capd_total":
                    value = 0.0 if mild else float(rng.randint(1, 32))
                else:
                    value = rng.uniform(0.1, 100)
                n += 1
                readings.append(ward.Reading((p, n), at, code, value))
            if rng.random() < 0.03:
                given[p].append(
                    ward.Given(n, at, rng.choice(["tocilizumab", "dexamethasone", "g_csf"]))
                )
    return readings, given


def _frames(readings, given, ages):
    r = pl.DataFrame(
        {
            "patient_id": [x.id[0] for x in readings],
            "at": [x.at for x in readings],
            "code": [x.code for x in readings],
            "number": [float(x.value) if x.code in ward.NUMERIC else None for x in readings],
            "word": [
                ("yes" if x.value else "no")
                if x.code in ward.FLAGS
                else (x.value if x.code in ward.CHOICES else None)
                for x in readings
            ],
        },
        schema_overrides={"at": pl.Datetime("us", "UTC")},
    )
    d = pl.DataFrame(
        {
            "patient_id": [p for p, gs in given.items() for _ in gs],
            "at": [g.at for gs in given.values() for g in gs],
            "drug": [g.drug for gs in given.values() for g in gs],
        },
        schema={"patient_id": pl.Int64, "at": pl.Datetime("us", "UTC"), "drug": pl.String},
    )
    p = pl.DataFrame(
        {
            "patient_id": list(ages),
            "infusion": [dt.date(2027, 3, 1)] * len(ages),
            "age_years": list(ages.values()),
        }
    )
    return r, d, p


def test_every_patient_day_matches_the_scalar_grades() -> None:
    rng = random.Random(14)
    readings, given = _record(rng, patients=30, hours=24 * 5, step=8)
    ages = {p: rng.choice([8.0, 11.9, 12.0, 17.0, 45.0, 70.0]) for p in given}
    bulk = ward_bulk.daily_grades(*_frames(readings, given, ages), ZONE)
    assert bulk.height > 100
    # every grade occurs, and undecided days too: the comparison is not of nulls alone
    assert set(bulk["crs"].drop_nulls()) >= {0, 1, 2, 3}
    assert set(bulk["icans"].drop_nulls()) >= {0, 1, 2, 3}
    for p in given:
        mine = [r for r in readings if r.id[0] == p]
        scalar = {
            d.date: (d.crs, d.icans)
            for d in ward.daily(
                mine, given[p], dt.date(2027, 3, 1), dt.date(2027, 3, 7), ZONE, age_years=ages[p]
            )
            if d.observed
        }
        got = {
            row["date"]: (row["crs"], row["icans"])
            for row in bulk.filter(pl.col("patient_id") == p).iter_rows(named=True)
        }
        assert got == scalar, p


def test_the_words_used_are_the_graders_own() -> None:
    # the generator above draws from these tables: a renamed word would make both paths agree on
    # nothing being graded
    assert "room_air" in DEVICE_GRADE and "alert" in CONSCIOUSNESS
    assert "none" in SEIZURE and "none" in RAISED_ICP

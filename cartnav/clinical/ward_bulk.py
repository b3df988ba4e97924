"""A whole ward's record graded per patient-day at once (Polars): the same daily grades as
:func:`cartnav.clinical.ward.daily`, for registries and the ward's benchmark.

Input, long format as the ward stores it: ``readings`` with ``patient_id``, ``at`` (UTC),
``code``, ``number`` (canonical, null for words) and ``word`` (a grader's word or "yes"/"no");
``doses`` with ``patient_id``, ``at`` and ``drug``; ``patients`` with ``patient_id``,
``infusion`` (the local date of day 0) and ``age_years``. Each day's observations are reduced to
its most severe findings exactly as :func:`ward.crs_inputs` and :func:`ward.icans_inputs` reduce
them, then graded by :func:`bulk.grade_crs_frame` and :func:`bulk.grade_icans_frame`. A test
checks every patient-day against the scalar path.
"""

from __future__ import annotations

import polars as pl

from cartnav.clinical import bulk, ward
from cartnav.clinical.crs import CANNULAS, DEVICE_GRADE, LOW_FLOW_MAX_L_MIN
from cartnav.clinical.icans import CONSCIOUSNESS, RAISED_ICP, SEIZURE

_KEYS = ["patient_id", "date"]


def _by_rank(frame: pl.DataFrame, code: str, rank: dict[str, int]) -> pl.DataFrame:
    """The worst word of ``code`` per patient-day (highest rank, then the latest)."""
    return (
        frame.filter(pl.col("code") == code)
        .with_columns(pl.col("word").replace_strict(rank, default=0).alias("_rank"))
        .sort([*_KEYS, "_rank", "at"])
        .group_by(_KEYS)
        .agg(pl.col("word").last().alias(code))
    )


def daily_grades(
    readings: pl.DataFrame,
    doses: pl.DataFrame,
    patients: pl.DataFrame,
    zone: str,
    *,
    hypotension_systolic_below: float = ward.HYPOTENSION_SYSTOLIC_BELOW,
    masking_hours: float | None = ward.MASKING_HOURS,
) -> pl.DataFrame:
    """``patient_id, date, day, crs, icans`` for every patient-day with an observation."""
    obs = readings.with_columns(pl.col("at").dt.convert_time_zone(zone).dt.date().alias("date"))
    numbers = obs.group_by(_KEYS).agg(
        pl.col("number").filter(pl.col("code") == "temperature").max().alias("temperature"),
        pl.col("number").filter(pl.col("code") == "systolic").min().alias("_sys_min"),
        (pl.col("code") == "systolic").any().alias("_sys_any"),
        (pl.col("word").filter(pl.col("code") == "hypotension") == "yes").any().alias("_hyp_yes"),
        (pl.col("code") == "hypotension").any().alias("_hyp_any"),
        pl.col("number").filter(pl.col("code") == "vasopressors").max().alias("_pressors"),
        (pl.col("word").filter(pl.col("code") == "vasopressin") == "yes").any().alias("_vp_yes"),
        (pl.col("code") == "vasopressin").any().alias("_vp_any"),
        pl.col("number").filter(pl.col("code") == "ice_total").min().alias("ice_total"),
        pl.col("number").filter(pl.col("code") == "capd_total").max().alias("capd_total"),
        (pl.col("word").filter(pl.col("code") == "motor_weakness") == "yes").any().alias("_mw_yes"),
        (pl.col("code") == "motor_weakness").any().alias("_mw_any"),
    )
    devices = obs.filter(pl.col("code") == "oxygen_device").select(
        "patient_id", "at", "date", pl.col("word").alias("oxygen_device")
    )
    flows = obs.filter(pl.col("code") == "oxygen_flow").select(
        "patient_id", "at", pl.col("number").alias("oxygen_flow")
    )
    device_grade = pl.col("oxygen_device").replace_strict(DEVICE_GRADE, default=0)
    worst_device = (
        devices.join(flows, on=["patient_id", "at"], how="left")
        .with_columns(
            pl.when(
                pl.col("oxygen_device").is_in(list(CANNULAS)) & pl.col("oxygen_flow").is_not_null()
            )
            .then(pl.when(pl.col("oxygen_flow") <= LOW_FLOW_MAX_L_MIN).then(2).otherwise(3))
            .otherwise(device_grade)
            .alias("_grade"),
            pl.col("oxygen_flow").fill_null(0.0).alias("_flow_key"),
        )
        .sort([*_KEYS, "_grade", "_flow_key", "at"])
        .group_by(_KEYS)
        .agg(pl.col("oxygen_device").last(), pl.col("oxygen_flow").last())
    )
    days = numbers
    for extra in (
        worst_device,
        _by_rank(obs, "consciousness", CONSCIOUSNESS),
        _by_rank(obs, "seizure", SEIZURE),
        _by_rank(obs, "raised_icp", RAISED_ICP),
    ):
        days = days.join(extra, on=_KEYS, how="left")
    days = days.join(patients, on="patient_id", how="left").with_columns(
        (pl.col("date") + pl.duration(days=1))
        .cast(pl.Datetime("us"))
        .dt.replace_time_zone(zone)
        .dt.convert_time_zone("UTC")
        .alias("_day_end")
    )
    # a masking dose in [day end - masking_hours, day end) masks the day's fever (ward.py)
    masks = doses.filter(pl.col("drug").is_in(list(ward.MASKING))).select(
        "patient_id", pl.col("at").dt.convert_time_zone("UTC").alias("_mask_at")
    )
    near = masks.join(days.select(*_KEYS, "_day_end"), on="patient_id").filter(
        pl.col("_mask_at") < pl.col("_day_end")
    )
    if masking_hours is not None:
        near = near.filter(
            pl.col("_mask_at") >= pl.col("_day_end") - pl.duration(hours=masking_hours)
        )
    masked = near.select(*_KEYS).unique().with_columns(pl.lit(True).alias("_masked"))
    days = days.join(masked, on=_KEYS, how="left")
    adult = pl.col("age_years") >= ward.ADULT_YEARS
    low = adult & (pl.col("_sys_min") < hypotension_systolic_below)
    frame = days.select(
        *_KEYS,
        (pl.col("date") - pl.col("infusion")).dt.total_days().alias("day"),
        pl.col("temperature"),
        pl.col("_masked").fill_null(False).alias("fever_masked"),
        pl.when(pl.col("_hyp_yes") | low.fill_null(False))
        .then(True)
        .when(pl.col("_hyp_any") | (adult & pl.col("_sys_any")))
        .then(False)
        .otherwise(None)
        .alias("hypotension"),
        pl.col("_pressors").cast(pl.Int64).alias("vasopressors"),
        pl.when(pl.col("_vp_any")).then(pl.col("_vp_yes")).otherwise(None).alias("vasopressin"),
        "oxygen_device",
        "oxygen_flow",
        "age_years",
        pl.col("ice_total").cast(pl.Int64),
        pl.col("capd_total").cast(pl.Int64),
        "consciousness",
        "seizure",
        "raised_icp",
        pl.when(pl.col("_mw_any")).then(pl.col("_mw_yes")).otherwise(None).alias("motor_weakness"),
    )
    return frame.select(
        *_KEYS,
        "day",
        bulk.grade_crs_frame(frame).alias("crs"),
        bulk.grade_icans_frame(frame).alias("icans"),
    ).sort(_KEYS)

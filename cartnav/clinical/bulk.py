"""Whole tables at once (Polars): the same grades as the scalar functions, null where they are.

Columns use the grading-io names in canonical units (convert other units first with
:func:`cartnav.clinical.units.array_to_canonical`); a null cell is a missing input, a missing
column is a column of nulls. The scalar graders decide a grade with missing inputs by trying every
completion; the graders are monotone (worsening any input never lowers the grade), so here it is
enough to grade each row twice, with the missing inputs at their best and at their worst: equal
grades are decided, different ones are null. Tests check both paths agree row for row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

from cartnav.clinical import crs, easix, hematotox, icans
from cartnav.clinical.units import ANALYTES, ClinicalInputError

CRS_COLUMNS: dict[str, pl.DataType] = {
    "temperature": pl.Float64(),
    "fever_masked": pl.Boolean(),
    "hypotension": pl.Boolean(),
    "vasopressors": pl.Int64(),
    "vasopressin": pl.Boolean(),
    "oxygen_device": pl.String(),
    "oxygen_flow": pl.Float64(),
    "death_from_crs": pl.Boolean(),
}
_CRS_BEST: dict[str, Any] = {
    "temperature": 0.0,
    "fever_masked": False,
    "hypotension": False,
    "vasopressors": 0,
    "vasopressin": False,
    "device_grade": 0,
    "oxygen_flow": 0.0,
}
_CRS_WORST: dict[str, Any] = {
    "temperature": crs.FEVER_CELSIUS,
    "fever_masked": True,
    "hypotension": True,
    "vasopressors": 2,
    "vasopressin": True,
    "device_grade": 4,
    "oxygen_flow": 7.0,
}


def _with_columns(frame: pl.DataFrame, columns: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """Add absent input columns as nulls and cast present ones to their types."""
    return frame.with_columns(
        [
            pl.col(n).cast(t) if n in frame.columns else pl.lit(None, dtype=t).alias(n)
            for n, t in columns.items()
        ]
    )


def _refuse(frame: pl.DataFrame, field: str, bad: pl.Expr, accepted: str) -> None:
    """Raise the scalar graders' error for the first row where ``bad`` holds."""
    rows = frame.select(pl.arg_where(bad.fill_null(False)).head(1)).to_series()
    if len(rows):
        row = int(rows[0])
        raise ClinicalInputError(
            field,
            f"row {row}: {frame[field][row]!r} is refused (accepted {accepted}); check the unit.",
        )


def _check_range(frame: pl.DataFrame, field: str, kind: str) -> None:
    a = ANALYTES[kind]
    col = pl.col(field)
    _refuse(
        frame,
        field,
        (col < a.low) | (col > a.high) | col.is_nan(),
        f"{a.low:g}–{a.high:g} {a.canonical}: {a.why}",
    )


def _validate_crs(frame: pl.DataFrame) -> None:
    _check_range(frame, "temperature", "temperature")
    _check_range(frame, "oxygen_flow", "oxygen_flow")
    _refuse(
        frame, "vasopressors", (pl.col("vasopressors") < 0) | (pl.col("vasopressors") > 10), "0–10"
    )
    _refuse(
        frame,
        "oxygen_device",
        pl.col("oxygen_device").is_not_null() & ~pl.col("oxygen_device").is_in(crs.DEVICES),
        ", ".join(crs.DEVICES),
    )


def _crs_expr(fill: Mapping[str, Any]) -> pl.Expr:
    """The CRS grade with every null replaced by ``fill`` (the same rules as crs.crs_grade)."""

    def c(name: str) -> pl.Expr:
        return pl.col(name).fill_null(fill[name])

    vp, device = c("vasopressors"), c("device_grade")
    hypo = (
        pl.when(~c("hypotension"))
        .then(0)
        .when(vp >= 2)
        .then(4)
        .when((vp == 1) | c("vasopressin"))
        .then(3)
        .otherwise(2)
    )
    # A nasal cannula of either kind is graded by its flow (crs.hypoxia_grade).
    cannula = pl.col("oxygen_device").is_in(crs.CANNULAS).fill_null(False)
    by_flow = pl.when(c("oxygen_flow") > crs.LOW_FLOW_MAX_L_MIN).then(3).otherwise(2)
    oxy = pl.when(cannula).then(by_flow).otherwise(device)
    no_fever = (c("temperature") < crs.FEVER_CELSIUS) & ~c("fever_masked")
    return (
        pl.when(pl.col("death_from_crs").fill_null(False))
        .then(5)
        .when(no_fever)
        .then(0)
        .otherwise(pl.max_horizontal(pl.lit(1), hypo, oxy))
    ).cast(pl.Int8)


def _crs_bounds(frame: pl.DataFrame) -> pl.DataFrame:
    """Per row, the lowest and highest grade the missing inputs allow (``grade_lo/grade_hi``)."""
    frame = _with_columns(frame, CRS_COLUMNS)
    _validate_crs(frame)
    return frame.with_columns(
        pl.col("oxygen_device")
        .replace_strict(crs.DEVICE_GRADE, default=None, return_dtype=pl.Int8)
        .alias("device_grade"),
    ).with_columns(_crs_expr(_CRS_BEST).alias("grade_lo"), _crs_expr(_CRS_WORST).alias("grade_hi"))


def _decided(lo: str = "grade_lo", hi: str = "grade_hi") -> pl.Expr:
    return pl.when(pl.col(lo) == pl.col(hi)).then(pl.col(lo)).otherwise(None)


def grade_crs_frame(frame: pl.DataFrame) -> pl.Series:
    """The ASTCT CRS grade of every row (Int8, null where the inputs cannot decide it)."""
    return _crs_bounds(frame).select(_decided().alias("grade")).to_series()


def daily_worst_crs(frame: pl.DataFrame, by: Sequence[str] = ("patient_id", "day")) -> pl.DataFrame:
    """The worst CRS grade per patient and day (``by``), sorted by ``by``.

    The worst is decided when the highest grade any row could have equals the highest grade some
    row surely has; otherwise it is null (an undecided row might have been worse).
    """
    return _daily_worst(_crs_bounds(frame), list(by))


def _daily_worst(bounds: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    return (
        bounds.select([*keys, "grade_lo", "grade_hi"])
        .group_by(keys)
        .agg(pl.col("grade_lo").max(), pl.col("grade_hi").max())
        .select([*keys, _decided().alias("worst_grade")])
        .sort(keys)
    )


#: The cognitive scales' items, as the scalar grader takes them (icans.ICE_ITEMS, CAPD_ITEMS):
#: their columns are ``ice_<item>`` and ``capd_<item>``.
_SCALE_ITEMS: dict[str, dict[str, int]] = {"ice": icans.ICE_ITEMS, "capd": icans.CAPD_ITEMS}
ICANS_COLUMNS: dict[str, pl.DataType] = {
    "age_years": pl.Float64(),
    "ice_total": pl.Int64(),
    "capd_total": pl.Int64(),
    **{f"{scale}_{item}": pl.Int64() for scale, items in _SCALE_ITEMS.items() for item in items},
    "consciousness": pl.String(),
    "seizure": pl.String(),
    "motor_weakness": pl.Boolean(),
    "raised_icp": pl.String(),
    "death_from_icans": pl.Boolean(),
    "intracranial_hemorrhage": pl.Boolean(),
}
_ICANS_TABLES = {
    "consciousness": icans.CONSCIOUSNESS,
    "seizure": icans.SEIZURE,
    "raised_icp": icans.RAISED_ICP,
}


def _item_range(scale: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """The lowest and highest total a scale's item columns allow (a missing item at 0 and at its
    maximum), and whether any item is given at all."""
    items = _SCALE_ITEMS[scale]
    cols = [(pl.col(f"{scale}_{item}"), top) for item, top in items.items()]
    known = pl.sum_horizontal(*(c.fill_null(0) for c, _ in cols))
    unknown = pl.sum_horizontal(*(pl.when(c.is_null()).then(top).otherwise(0) for c, top in cols))
    return known, known + unknown, pl.any_horizontal(*(c.is_not_null() for c, _ in cols))


def _scale_range(scale: str) -> tuple[pl.Expr, pl.Expr]:
    """The lowest and highest total a scale can still have, as icans._scale reads it: the total
    where given, else what the items allow; null when neither the total nor any item is given
    (the scale was not used; the scalar grader's ``None``)."""
    low, high, some = _item_range(scale)
    total = pl.col(f"{scale}_total")
    return (
        pl.when(total.is_not_null()).then(total).when(some).then(low),
        pl.when(total.is_not_null()).then(total).when(some).then(high),
    )


def _refuse_disagreeing_total(frame: pl.DataFrame, scale: str) -> None:
    """A total outside what the row's item scores allow is refused, as the scalar grader does."""
    low, high, some = frame.select(
        [e.alias(n) for e, n in zip(_item_range(scale), ("lo", "hi", "some"), strict=True)]
    ).get_columns()
    total = frame[f"{scale}_total"]
    rows = (some & total.is_not_null() & ((total < low) | (total > high))).arg_true()
    if len(rows):
        row = int(rows[0])
        raise ClinicalInputError(
            f"{scale}_total",
            f"row {row}: {total[row]} does not agree with the item scores given "
            f"(they allow {low[row]}–{high[row]}).",
        )


def _validate_icans(frame: pl.DataFrame) -> None:
    _refuse(frame, "age_years", (pl.col("age_years") < 0) | (pl.col("age_years") > 130), "0–130")
    _refuse(frame, "ice_total", (pl.col("ice_total") < 0) | (pl.col("ice_total") > 10), "0–10")
    _refuse(frame, "capd_total", (pl.col("capd_total") < 0) | (pl.col("capd_total") > 32), "0–32")
    for scale, items in _SCALE_ITEMS.items():
        for item, top in items.items():
            name = f"{scale}_{item}"
            _refuse(frame, name, (pl.col(name) < 0) | (pl.col(name) > top), f"0–{top}")
        _refuse_disagreeing_total(frame, scale)
    for name, table in _ICANS_TABLES.items():
        _refuse(
            frame,
            name,
            pl.col(name).is_not_null() & ~pl.col(name).is_in(list(table)),
            ", ".join(table),
        )


#: Every total each scale can have, graded by the scalar module (Tables 5 and 7).
_ICE_GRADE = {t: icans.ice_grade(t) for t in range(sum(icans.ICE_ITEMS.values()) + 1)}
_CAPD_GRADE = {t: icans.capd_grade(t) for t in range(sum(icans.CAPD_ITEMS.values()) + 1)}


def _cognition_bounds() -> tuple[pl.Expr, pl.Expr]:
    """The lowest and highest cognitive-domain grade, as icans._cognition decides the scale:
    CAPD under 12 years; from 12 the ICE, unless only the CAPD is given; with age unknown the one
    scale given, or either of the two when both are. A scale not given allows grades 0–3; one
    given as items with some missing allows the grades of every total those items allow."""
    age = pl.col("age_years")
    (ice_lo, ice_hi), (capd_lo, capd_hi) = _scale_range("ice"), _scale_range("capd")

    def ice_g(total: pl.Expr) -> pl.Expr:  # the scalar cut-points, for every possible total
        return total.replace_strict(_ICE_GRADE, default=None, return_dtype=pl.Int8)

    def capd_g(total: pl.Expr) -> pl.Expr:
        return total.replace_strict(_CAPD_GRADE, default=None, return_dtype=pl.Int8)

    # A lower ICE total is a worse grade, a higher CAPD total too: the best and worst grade of
    # each scale come from opposite ends of its range.
    best = {"ice": ice_g(ice_hi), "capd": capd_g(capd_lo)}
    worst = {"ice": ice_g(ice_lo), "capd": capd_g(capd_hi)}
    ice_given, capd_given = ice_lo.is_not_null(), capd_lo.is_not_null()
    use_capd = (age < icans.ICE_AGE_YEARS) | (capd_given & ~ice_given)
    known_age = age.is_not_null()
    both = ice_given & capd_given

    def bound(grades: dict[str, pl.Expr], pick: Any, unknown: int) -> pl.Expr:
        scale = pl.when(use_capd).then(grades["capd"]).otherwise(grades["ice"])
        one = pl.coalesce(grades["ice"], grades["capd"])  # age unknown, at most one scale given
        return (
            pl.when(known_age)
            .then(scale.fill_null(unknown))
            .when(both)
            .then(pick(grades["ice"], grades["capd"]))
            .otherwise(one.fill_null(unknown))
        )

    return bound(best, pl.min_horizontal, 0), bound(worst, pl.max_horizontal, 3)


def _icans_bounds(frame: pl.DataFrame) -> pl.DataFrame:
    """Per row, the lowest and highest ICANS grade the missing inputs allow.

    The grade is the most severe domain, each domain monotone, so the bounds are the domains at
    their best (missing: 0) and at their worst (missing: 4; cognition: 3). Death from ICANS is 5;
    absent, it is read as false, and so is an intracranial haemorrhage (icans.grade_icans).
    """
    frame = _with_columns(frame, ICANS_COLUMNS)
    _validate_icans(frame)
    motor = pl.col("motor_weakness")
    # With an intracranial haemorrhage (absent: none) oedema does not count (icans.raised_icp_grade).
    haemorrhage = pl.col("intracranial_hemorrhage").fill_null(False)
    oedema = pl.col("raised_icp").is_in(icans.OEDEMA).fill_null(False)
    domains = [  # each domain's grade, null when not assessed
        *(
            pl.col(n).replace_strict(t, default=None, return_dtype=pl.Int8)
            for n, t in _ICANS_TABLES.items()
            if n != "raised_icp"
        ),
        pl.when(haemorrhage & oedema)
        .then(pl.lit(0, dtype=pl.Int8))
        .otherwise(
            pl.col("raised_icp").replace_strict(
                icans.RAISED_ICP, default=None, return_dtype=pl.Int8
            )
        ),
        pl.when(motor.is_null()).then(None).when(motor).then(4).otherwise(0),
    ]
    cog_lo, cog_hi = _cognition_bounds()
    dead = pl.col("death_from_icans").fill_null(False)
    lo = pl.max_horizontal(cog_lo, *(d.fill_null(0) for d in domains))
    hi = pl.max_horizontal(cog_hi, *(d.fill_null(4) for d in domains))
    return frame.with_columns(
        pl.when(dead).then(5).otherwise(lo).cast(pl.Int8).alias("grade_lo"),
        pl.when(dead).then(5).otherwise(hi).cast(pl.Int8).alias("grade_hi"),
    )


def grade_icans_frame(frame: pl.DataFrame) -> pl.Series:
    """The ASTCT ICANS grade of every row (Int8, null where the inputs cannot decide it).

    Source, as for ``icans.py`` (reference/clinical.md §2): Lee DW et al. Biol Blood Marrow
    Transplant 2019;25:625–638, Tables 4–7; the tables and cut-points are the scalar module's.

    Cognition comes as totals (``ice_total`` 0–10, ``capd_total`` 0–32), as item scores
    (``ice_orientation`` 0–4, ``ice_naming`` 0–3, ``ice_commands``, ``ice_writing``,
    ``ice_attention`` 0–1; ``capd_eye_contact`` … ``capd_slow_to_respond`` 0–4, the items of
    ``icans.ICE_ITEMS`` and ``CAPD_ITEMS``) with any of them missing, or both, as the scalar
    grader takes them; a total that the row's items cannot add up to is refused. A scale with
    neither its total nor any item is read as not given.
    """
    return _icans_bounds(frame).select(_decided().alias("grade")).to_series()


def daily_worst_icans(
    frame: pl.DataFrame, by: Sequence[str] = ("patient_id", "day")
) -> pl.DataFrame:
    """The worst ICANS grade per patient and day, decided as :func:`daily_worst_crs` decides."""
    return _daily_worst(_icans_bounds(frame), list(by))


def _points_expr(name: str) -> pl.Expr:
    """The CAR-HEMATOTOX points of one column (the same cut-points as hematotox.py: a value at a
    cut-point takes the point)."""
    col = pl.col(name)
    if name == "platelets":
        return pl.when(col > 175).then(0).when(col >= 75).then(1).otherwise(2)
    if name == "anc":
        return pl.when(col > 1.2).then(0).otherwise(1)
    if name == "hemoglobin":
        return pl.when(col > 9.0).then(0).otherwise(1)
    if name == "crp":
        return pl.when(col < 3.0).then(0).otherwise(1)
    return pl.when(col < 650).then(0).when(col <= 2000).then(1).otherwise(2)


def hematotox_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """CAR-HEMATOTOX ``score`` (null if any input is missing) and ``risk`` of every row."""
    frame = _with_columns(frame, {n: pl.Float64() for n in hematotox.FIELDS})
    for name in hematotox.FIELDS:
        _check_range(frame, name, name)
    points = [
        pl.when(pl.col(n).is_null()).then(0).otherwise(_points_expr(n)) for n in hematotox.FIELDS
    ]
    unknown = [
        pl.when(pl.col(n).is_null()).then(hematotox.MAX_POINTS[n]).otherwise(0)
        for n in hematotox.FIELDS
    ]
    low, high = pl.sum_horizontal(points), pl.sum_horizontal(points) + pl.sum_horizontal(unknown)
    high_risk = hematotox.HIGH_RISK_FROM
    return frame.select(
        pl.when(low == high).then(low).otherwise(None).cast(pl.Int8).alias("score"),
        pl.when(low >= high_risk)
        .then(pl.lit("high"))
        .when(high < high_risk)
        .then(pl.lit("low"))
        .otherwise(None)
        .alias("risk"),
    )


def easix_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """EASIX, its log2 and m-EASIX of every row (null where an input is missing)."""
    frame = _with_columns(frame, {n: pl.Float64() for n in easix.FIELDS})
    for name in easix.FIELDS:
        _check_range(frame, name, name)
    _refuse(frame, "platelets", pl.col("platelets") == 0, "a count above 0: EASIX divides by it")
    value = pl.col("ldh") * pl.col("creatinine") / pl.col("platelets")
    log2 = value.map_batches(lambda s: pl.Series(np.log2(s.to_numpy())), return_dtype=pl.Float64)
    return frame.select(
        value.alias("easix"),
        log2.fill_nan(None).alias("easix_log2"),
        (pl.col("ldh") * pl.col("crp") / pl.col("platelets")).alias("m_easix"),
    )

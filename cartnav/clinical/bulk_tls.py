"""Tumour lysis syndrome for whole tables (Polars): the scalar grader's results, row for row.

Source, as for ``tls.py`` (reference/clinical.md §3): Cairo MS, Bishop M. Br J Haematol
2004;127:3–11 (laboratory and clinical TLS, grading); option Howard SC et al. NEJM
2011;364:1844–54. Every threshold is the scalar module's constant, not a copy. The rows carry no
basis: a table's reasons are the scalar grader's, one row at a time (``tls.grade_tls``).

One row is one sample. Its columns are the grading-io inputs in canonical units:
- ``age_years``, ``day_relative_to_therapy``, ``creatinine_uln``, ``arrhythmia``, ``seizure``,
  ``death_from_tls``;
- ``current_<analyte>`` for uric_acid, potassium, phosphate, calcium and creatinine;
- ``baseline_<analyte>`` for the four electrolytes;
- for Howard 2011 also ``baseline_creatinine``, ``current_ionized_calcium`` (mmol/L),
  ``uric_acid_uln``, ``oliguria`` and ``symptomatic_hypocalcemia``.

A missing column is a column of nulls. The rule (Cairo-Bishop 2004 or Howard 2011) applies to the
whole table; under Howard the grade column is all null (Howard has no grade table), and
``howard_frame`` below follows ``tls._grade_howard`` as ``tls_frame`` follows ``grade_tls``.

It follows the scalar grader exactly (``tls.grade_tls``). Each laboratory criterion is met, not
met or unknown:
- met when the absolute threshold is reached (for phosphate under both the children's and the
  adults' threshold while the age is unknown), or when the 25% change from baseline is;
- unknown when the threshold depends on an unknown age, or the change on a missing baseline.

Laboratory TLS, clinical TLS and the grade only ever worsen as a criterion becomes met, the
sample falls inside the window, or a creatinine, arrhythmia or seizure grade rises. Each row is
therefore decided twice: with every unknown at its best and at its worst. Equal outcomes are
decided; different ones are null (``bulk.py`` decides CRS and ICANS the same way).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from cartnav.clinical import tls
from cartnav.clinical.bulk import _refuse, _with_columns
from cartnav.clinical.units import ANALYTES, DECIMALS

LABS = ("uric_acid", "potassium", "phosphate", "calcium")
TLS_COLUMNS: dict[str, pl.DataType] = {
    "age_years": pl.Float64(),
    "day_relative_to_therapy": pl.Int64(),
    "creatinine_uln": pl.Float64(),
    "arrhythmia": pl.String(),
    "seizure": pl.String(),
    "death_from_tls": pl.Boolean(),
    **{f"current_{a}": pl.Float64() for a in (*LABS, "creatinine", "ionized_calcium")},
    **{f"baseline_{a}": pl.Float64() for a in (*LABS, "creatinine")},
    "uric_acid_uln": pl.Float64(),
    "oliguria": pl.Boolean(),
    "symptomatic_hypocalcemia": pl.Boolean(),
}


def _round(expr: pl.Expr, decimals: int) -> pl.Expr:
    """numpy's rounding of a column, as the scalar path rounds; a null stays null (numpy would
    make it NaN, and Polars orders NaN above every number, so NaN > 1.5 would be true)."""
    return expr.map_batches(
        lambda s: pl.Series(np.round(s.to_numpy(), decimals)).fill_nan(None),
        return_dtype=pl.Float64,
    )


def _tidy(expr: pl.Expr) -> pl.Expr:
    """``units.tidy`` for a column: numpy's rounding, so ratios compare as the scalar path's."""
    return _round(expr, DECIMALS)


def _validate(frame: pl.DataFrame, rule: str) -> None:
    if rule not in tls.RULES:
        raise ValueError(f"rule {rule!r} is not one of {', '.join(tls.RULES)}")
    _refuse(frame, "age_years", (pl.col("age_years") < 0) | (pl.col("age_years") > 130), "0–130")
    day = pl.col("day_relative_to_therapy")
    _refuse(frame, "day_relative_to_therapy", (day < -3650) | (day > 3650), "−3650–3650")
    ranges = [(f"current_{a}", a) for a in (*LABS, "creatinine", "ionized_calcium")]
    ranges += [(f"baseline_{a}", a) for a in (*LABS, "creatinine")]
    ranges += [("creatinine_uln", "creatinine_uln"), ("uric_acid_uln", "uric_acid_uln")]
    for column, kind in ranges:
        a = ANALYTES[kind]
        col = pl.col(column)
        bad = (col < a.low) | (col > a.high) | col.is_nan()
        _refuse(frame, column, bad, f"{a.low:g}–{a.high:g} {a.canonical}: {a.why}")
    for column, table in (("arrhythmia", tls.ARRHYTHMIA), ("seizure", tls.SEIZURE)):
        col = pl.col(column)
        _refuse(frame, column, col.is_not_null() & ~col.is_in(list(table)), ", ".join(table))


def _absolute(analyte: str, child: bool) -> pl.Expr:
    """The absolute column (``tls.absolute_threshold_met``) for a known age group."""
    value = pl.col(f"current_{analyte}")
    if analyte == "uric_acid":
        return value >= tls.URIC_ACID_MG_DL
    if analyte == "potassium":
        return value >= tls.POTASSIUM_MMOL_L
    if analyte == "phosphate":
        return value >= (tls.PHOSPHATE_CHILD_MG_DL if child else tls.PHOSPHATE_ADULT_MG_DL)
    return value <= tls.CALCIUM_MG_DL


def _criterion(analyte: str) -> pl.Expr:
    """Met (true), not met (false) or unknown (null), as ``tls.criterion`` decides (Cairo-Bishop)."""
    current, baseline = pl.col(f"current_{analyte}"), pl.col(f"baseline_{analyte}")
    age = pl.col("age_years")
    child_rule = age < tls.CHILD_BELOW_YEARS
    if analyte == "phosphate":
        surely = (
            pl.when(age.is_null())
            .then(_absolute(analyte, True) & _absolute(analyte, False))
            .otherwise(
                pl.when(child_rule)
                .then(_absolute(analyte, True))
                .otherwise(_absolute(analyte, False))
            )
        )
        # With age unknown the value may meet one threshold and not the other.
        ambiguous = age.is_null() & (_absolute(analyte, True) != _absolute(analyte, False))
    else:
        surely = _absolute(analyte, False)
        ambiguous = pl.lit(False)
    ratio = _tidy(current / baseline)
    moved = ratio <= 1 - tls.CHANGE if analyte == "calcium" else ratio >= 1 + tls.CHANGE
    changed = (
        pl.when(baseline.is_null()).then(None).when(baseline <= 0).then(False).otherwise(moved)
    )
    return (
        pl.when(current.is_null())
        .then(None)
        .when(surely)
        .then(True)
        .when(changed.fill_null(False))
        .then(True)
        .when(ambiguous | changed.is_null())
        .then(None)
        .otherwise(False)
    )


def _creatinine_grade() -> pl.Expr:
    """``tls.creatinine_grade`` of the tidy ratio to the upper limit; null if either is missing."""
    ratio = _tidy(pl.col("current_creatinine") / pl.col("creatinine_uln"))
    return (
        pl.when(ratio < 1.5)
        .then(0)
        .when(ratio == 1.5)
        .then(1)
        .when(ratio <= 3.0)
        .then(2)
        .when(ratio <= 6.0)
        .then(3)
        .otherwise(4)
    )


def _outcome(
    criteria: list[pl.Expr], window: pl.Expr, grades: list[pl.Expr], worst: bool
) -> tuple[pl.Expr, pl.Expr]:
    """(laboratory TLS, grade) with every unknown at its best (``worst=False``) or its worst.

    A death due to TLS is grade 5 with laboratory TLS and, like every clinical finding, nothing
    without it; absent, it is read as false (``tls.tls_outcome``)."""
    met = pl.sum_horizontal([c.fill_null(worst).cast(pl.Int8) for c in criteria])
    ltls = window.fill_null(worst) & (met >= 2)
    top = pl.max_horizontal([g.fill_null(4 if worst else 0) for g in grades])
    dead = pl.col("death_from_tls").fill_null(False)
    return ltls, pl.when(~ltls).then(0).when(dead).then(5).otherwise(top)


def _howard_criterion(analyte: str) -> pl.Expr:
    """Abnormal (true), not (false) or unknown (null), as ``tls.howard_criterion`` decides."""
    current, age = pl.col(f"current_{analyte}"), pl.col("age_years")
    if analyte == "calcium":
        total, ionised = current, pl.col("current_ionized_calcium")
        low = (total < tls.HOWARD_CALCIUM_MG_DL).fill_null(False) | (
            ionised < tls.HOWARD_IONIZED_CALCIUM_MMOL_L
        ).fill_null(False)
        return (
            pl.when(total.is_null() & ionised.is_null()).then(None).otherwise(low)
        )  # either given and abnormal: abnormal; those given normal: normal
    if analyte == "potassium":
        return current > tls.HOWARD_POTASSIUM_MMOL_L
    if analyte == "phosphate":
        adult = current > tls.HOWARD_PHOSPHATE_ADULT_MG_DL
        child = current > tls.HOWARD_PHOSPHATE_CHILD_MG_DL
    else:
        adult = current > tls.HOWARD_URIC_ACID_MG_DL
        child = current > pl.col("uric_acid_uln")  # null while the limit is unknown
    return (
        pl.when(current.is_null())
        .then(None)
        .when(age.is_null())
        .then(pl.when(adult == child).then(adult).otherwise(None))
        .when(age < tls.CHILD_BELOW_YEARS)
        .then(child)
        .otherwise(adult)
    )


def _howard_creatinine() -> pl.Expr:
    """``tls.howard_creatinine``: a rise of ≥ 0.3 mg/dL from baseline, or with no baseline a
    value above 1.5 × ULN; null while neither can be worked out."""
    current, baseline = pl.col("current_creatinine"), pl.col("baseline_creatinine")
    rise = _round(current - baseline, tls.RISE_DECIMALS) >= tls.HOWARD_CREATININE_RISE_MG_DL
    above = _tidy(current / pl.col("creatinine_uln")) > tls.HOWARD_CREATININE_ULN_RATIO
    return (
        pl.when(current.is_null())
        .then(None)
        .when(baseline.is_not_null())
        .then(rise)
        .otherwise(above)
    )


def howard_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Howard 2011: ``laboratory_tls`` and ``clinical_tls`` of every row (null where undecided)
    and ``grade`` all null, as ``tls.grade_tls(rule="howard_2011")`` gives them."""
    frame = _with_columns(frame, TLS_COLUMNS)
    _validate(frame, "howard_2011")
    criteria = [_howard_criterion(a) for a in LABS]
    day = pl.col("day_relative_to_therapy")
    window = pl.when(day.is_null()).then(None).otherwise(day.is_between(*tls.WINDOW_DAYS))
    arrhythmia = pl.col("arrhythmia")
    clinical = [
        _howard_creatinine(),
        pl.col("oliguria"),
        pl.when(arrhythmia.is_null()).then(None).otherwise(arrhythmia != "none"),
        pl.col("symptomatic_hypocalcemia"),
        pl.col("death_from_tls").fill_null(False),
    ]

    def outcome(worst: bool) -> tuple[pl.Expr, pl.Expr]:
        met = pl.sum_horizontal([c.fill_null(worst).cast(pl.Int8) for c in criteria])
        ltls = window.fill_null(worst) & (met >= 2)
        return ltls, ltls & pl.any_horizontal([c.fill_null(worst) for c in clinical])

    (ltls_lo, ctls_lo), (ltls_hi, ctls_hi) = outcome(False), outcome(True)

    def decided(lo: pl.Expr, hi: pl.Expr) -> pl.Expr:
        return pl.when(lo == hi).then(lo).otherwise(None)

    return frame.select(
        decided(ltls_lo, ltls_hi).alias("laboratory_tls"),
        decided(ctls_lo, ctls_hi).alias("clinical_tls"),
        pl.lit(None, dtype=pl.Int8).alias("grade"),
    )


def tls_frame(frame: pl.DataFrame, rule: str = "cairo_bishop_2004") -> pl.DataFrame:
    """``laboratory_tls``, ``clinical_tls`` and ``grade`` of every row (null where undecided).

    ``rule="howard_2011"`` is :func:`howard_frame` (no grade)."""
    if rule == "howard_2011":
        return howard_frame(frame)
    frame = _with_columns(frame, TLS_COLUMNS)
    _validate(frame, rule)
    criteria = [_criterion(a) for a in LABS]
    day = pl.col("day_relative_to_therapy")
    window = pl.when(day.is_null()).then(None).otherwise(day.is_between(*tls.WINDOW_DAYS))
    grades = [
        pl.when(pl.col("current_creatinine").is_null() | pl.col("creatinine_uln").is_null())
        .then(None)
        .otherwise(_creatinine_grade()),
        pl.col("arrhythmia").replace_strict(tls.ARRHYTHMIA, default=None, return_dtype=pl.Int8),
        pl.col("seizure").replace_strict(tls.SEIZURE, default=None, return_dtype=pl.Int8),
    ]
    ltls_lo, grade_lo = _outcome(criteria, window, grades, worst=False)
    ltls_hi, grade_hi = _outcome(criteria, window, grades, worst=True)

    def decided(lo: pl.Expr, hi: pl.Expr) -> pl.Expr:
        return pl.when(lo == hi).then(lo).otherwise(None)

    return frame.select(
        decided(ltls_lo, ltls_hi).alias("laboratory_tls"),
        decided(grade_lo >= 1, grade_hi >= 1).alias("clinical_tls"),
        decided(grade_lo, grade_hi).cast(pl.Int8).alias("grade"),
    )

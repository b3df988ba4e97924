"""The columnar TLS path gives the scalar grader's results row for row, nulls included."""

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cartnav.clinical import ClinicalInputError, grade_tls
from cartnav.clinical.bulk_tls import TLS_COLUMNS, tls_frame
from tests.clinical.strategies import tls_inputs

FEW = settings(max_examples=60, deadline=None)
NORMAL_BASELINE = {"uric_acid": 5.0, "potassium": 4.0, "phosphate": 3.5, "calcium": 9.5}


def _row(values):
    """A scalar input as a table row: the laboratory dicts flattened into columns."""
    row = {k: v for k, v in values.items() if k not in ("baseline", "current")}
    row.update({f"baseline_{k}": v for k, v in values["baseline"].items()})
    row.update({f"current_{k}": v for k, v in values["current"].items()})
    return row


def _scalar(rows, rule):
    results = [grade_tls(**r, rule=rule) for r in rows]
    return {
        "laboratory_tls": [r.laboratory_tls for r in results],
        "clinical_tls": [r.clinical_tls for r in results],
        "grade": [r.grade for r in results],
    }


@FEW
@given(
    st.lists(tls_inputs(), min_size=1, max_size=60),
    st.sampled_from(["cairo_bishop_2004", "howard_2011"]),
)
def test_tls_rows_agree(rows, rule):
    frame = pl.DataFrame([_row(r) for r in rows], schema=TLS_COLUMNS)
    assert tls_frame(frame, rule).to_dict(as_series=False) == _scalar(rows, rule)


def test_a_death_due_to_tls_is_grade_5_only_with_laboratory_tls():
    frame = pl.DataFrame(
        {
            "age_years": [40.0] * 4,
            "day_relative_to_therapy": [1, 1, 1, 1],
            "current_uric_acid": [9.0, 9.0, 5.0, 9.0],
            "current_potassium": [6.5, 6.5, 4.0, None],
            "current_phosphate": [None, None, 3.5, None],
            "current_calcium": [None, None, 9.5, None],
            **{f"baseline_{a}": [None, None, v, None] for a, v in NORMAL_BASELINE.items()},
            "death_from_tls": [True, None, True, True],
        },
        schema_overrides={"death_from_tls": pl.Boolean},
    )
    out = tls_frame(frame).to_dict(as_series=False)
    # 1: laboratory TLS and death: 5.
    # 2: death not recorded, read as alive; creatinine, arrhythmia and seizure unknown: undecided.
    # 3: all four labs normal and unchanged, no laboratory TLS: 0 even with a death.
    # 4: laboratory TLS undecided (potassium missing): 0 or 5, undecided.
    assert out["grade"] == [5, None, 0, None]
    assert out["clinical_tls"] == [True, None, False, None]


def test_tls_worked_examples_in_a_table():
    frame = pl.DataFrame(
        {
            "age_years": [40.0, 40.0, None, 40.0],
            "day_relative_to_therapy": [1, 1, 1, 9],
            "current_uric_acid": [9.0, 9.0, 9.0, 9.0],
            "current_potassium": [6.5, 4.0, 4.0, 6.5],
            "current_phosphate": [None, None, 5.0, None],
            "baseline_potassium": [None, 3.0, 4.0, None],
            "current_creatinine": [2.0, None, None, 2.0],
            "creatinine_uln": [1.0, None, None, 1.0],
            "arrhythmia": ["none", None, None, None],
            "seizure": ["none", None, None, None],
        }
    )
    out = tls_frame(frame).to_dict(as_series=False)
    # 1: uric acid and potassium over the thresholds, creatinine twice the ULN, no arrhythmia and no
    #    seizure: grade 2.
    # 2: potassium rose 33% from 3.0: laboratory TLS, grade unknown without creatinine.
    # 3: phosphate 5.0 meets the adults' threshold, not the children's, age unknown: undecided.
    # 4: day +9 is outside the window: no laboratory TLS, grade 0.
    assert out["laboratory_tls"] == [True, True, None, False]
    assert out["grade"] == [2, None, None, 0]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("current_potassium", 20.0),
        ("age_years", -1.0),
        ("arrhythmia", "bad"),
        ("creatinine_uln", 9.0),
    ],
)
def test_impossible_or_unknown_values_are_refused_naming_the_column(column, value):
    with pytest.raises(ClinicalInputError, match=column):
        tls_frame(pl.DataFrame({column: [value]}))


def test_a_baseline_of_zero_has_no_change_and_a_fall_counts_for_calcium():
    rows = [
        {"current": {"uric_acid": 7.9}, "baseline": {"uric_acid": 0.0}},
        {"current": {"calcium": 7.5}, "baseline": {"calcium": 10.0}},
        {"current": {"calcium": 7.6}, "baseline": {"calcium": 10.0}},
    ]
    frame = pl.DataFrame(
        [_row({"baseline": {}, "current": {}, **r}) for r in rows], schema=TLS_COLUMNS
    )
    assert tls_frame(frame).to_dict(as_series=False) == _scalar(rows, "cairo_bishop_2004")


@pytest.mark.parametrize(
    "creatinine",
    # creatinine / ULN 1.0 at, just below and just above 1.5, 3.0 and 6.0
    [1.49, 1.5, 1.51, 2.99, 3.0, 3.01, 5.99, 6.0, 6.01],
)
def test_the_creatinine_cut_points_agree_at_and_around_each_boundary(creatinine):
    row = {
        "age_years": 40.0,
        "day_relative_to_therapy": 0,
        "current": {"uric_acid": 9.0, "potassium": 6.5, "creatinine": creatinine},
        "baseline": {},
        "creatinine_uln": 1.0,
        "arrhythmia": "none",
        "seizure": "none",
    }
    frame = pl.DataFrame([_row(row)], schema=TLS_COLUMNS)
    assert tls_frame(frame).to_dict(as_series=False) == _scalar([row], "cairo_bishop_2004")


@pytest.mark.parametrize("ratio", [1.24, 1.25, 1.26])
def test_the_25_percent_rise_agrees_at_and_around_the_boundary(ratio):
    row = {
        "age_years": 40.0,
        "day_relative_to_therapy": 0,
        "current": {"uric_acid": 4.0 * ratio, "potassium": 6.5},
        "baseline": {"uric_acid": 4.0},
    }
    frame = pl.DataFrame(
        [_row({"creatinine_uln": None, "arrhythmia": None, "seizure": None, **row})],
        schema=TLS_COLUMNS,
    )
    assert tls_frame(frame).to_dict(as_series=False) == _scalar([row], "cairo_bishop_2004")


def test_howard_worked_examples_in_a_table():
    frame = pl.DataFrame(
        {
            "age_years": [50.0, 50.0, 9.0, 50.0, 50.0],
            "day_relative_to_therapy": [1, 1, 1, 1, 1],
            "current_uric_acid": [8.0, 8.01, 9.0, 9.0, 9.0],
            "current_potassium": [6.0, 6.01, 6.5, 6.5, 6.5],
            "current_calcium": [7.0, 9.5, 9.5, 9.5, None],
            "current_ionized_calcium": [None, None, None, None, 1.11],
            "current_creatinine": [1.0, 1.1, 1.0, 4.0, 1.0],
            "baseline_creatinine": [None, 0.8, None, 3.9, None],
            "creatinine_uln": [1.2, 1.2, 1.2, 1.2, 1.2],
            "uric_acid_uln": [None, None, None, None, None],
            "oliguria": [False, False, False, False, None],
            "symptomatic_hypocalcemia": [False, False, False, False, None],
            "arrhythmia": ["none"] * 5,
        },
    )
    out = tls_frame(frame, "howard_2011").to_dict(as_series=False)
    # 1: every value exactly at a strict threshold: nothing abnormal.
    # 2: uric acid and potassium just above: laboratory TLS; creatinine up 0.3 from baseline.
    # 3: a child's uric acid without its upper limit for age: laboratory TLS undecided, but with
    #    every clinical criterion known and absent there is no clinical TLS either way.
    # 4: a baseline is known, so 4.0 (over 1.5 x ULN) counts only as a rise of 0.1: not clinical.
    # 5: three abnormal (ionised calcium 1.11); clinical criteria unknown but creatinine normal.
    assert out["laboratory_tls"] == [False, True, None, True, True]
    assert out["clinical_tls"] == [False, True, False, False, None]
    assert out["grade"] == [None] * 5
    rows = frame.to_dicts()
    expected = []
    for row in rows:
        scalar = {k: v for k, v in row.items() if not k.startswith(("current_", "baseline_"))}
        scalar["current"] = {k[8:]: v for k, v in row.items() if k.startswith("current_")}
        scalar["baseline"] = {k[9:]: v for k, v in row.items() if k.startswith("baseline_")}
        expected.append(grade_tls(**scalar, rule="howard_2011"))
    assert out["laboratory_tls"] == [r.laboratory_tls for r in expected]
    assert out["clinical_tls"] == [r.clinical_tls for r in expected]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("current_ionized_calcium", 3.5),
        ("baseline_creatinine", 0.01),
        ("uric_acid_uln", 16.0),
    ],
)
def test_the_howard_columns_are_checked_too(column, value):
    with pytest.raises(ClinicalInputError, match=column):
        tls_frame(pl.DataFrame({column: [value]}), "howard_2011")


def test_a_creatinine_without_baseline_or_upper_limit_stays_unknown_in_a_table():
    """numpy turns a null into NaN and Polars orders NaN above every number: the ratio to a
    missing upper limit must stay null, not pass "> 1.5 x ULN"."""
    row = {
        "age_years": None,
        "day_relative_to_therapy": -3,
        "baseline": {},
        "current": {"phosphate": 8.0, "creatinine": 0.8, "ionized_calcium": 0.9},
    }
    frame = pl.DataFrame([_row(row)], schema=TLS_COLUMNS)
    out = tls_frame(frame, "howard_2011").to_dict(as_series=False)
    assert out == {"laboratory_tls": [True], "clinical_tls": [None], "grade": [None]}
    assert out == _scalar([row], "howard_2011")

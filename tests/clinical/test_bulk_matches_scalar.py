"""The columnar path gives the scalar graders' results row for row, nulls included."""

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cartnav.clinical import (
    ClinicalInputError,
    daily_worst_crs,
    easix_frame,
    grade_crs,
    grade_crs_frame,
    grade_easix,
    grade_hematotox,
    hematotox_frame,
)
from cartnav.clinical.bulk import CRS_COLUMNS
from cartnav.clinical.units import array_to_canonical, to_canonical
from tests.clinical.strategies import CRS_FIELDS, inputs

FEW = settings(max_examples=40, deadline=None)


def frame_of(rows, schema):
    return pl.DataFrame(rows, schema=schema, orient="row")


@FEW
@given(st.lists(inputs(CRS_FIELDS), min_size=1, max_size=60))
def test_crs_rows_agree(rows):
    frame = pl.DataFrame(rows, schema=CRS_COLUMNS)
    assert grade_crs_frame(frame).to_list() == [grade_crs(**r).grade for r in rows]


def test_crs_worked_examples_in_a_table():
    frame = pl.DataFrame(
        {
            "temperature": [39.5, 37.0, 39.0, None, 38.0],
            "fever_masked": [False, False, None, True, False],
            "hypotension": [True, None, True, None, False],
            "vasopressors": [1, None, 2, None, None],
            "oxygen_device": ["low_flow_nasal_cannula", None, None, "bipap", "room_air"],
            "oxygen_flow": [2.0, None, None, None, None],
        }
    )
    assert grade_crs_frame(frame).to_list() == [3, 0, 4, 4, 1]


def worst_by_scalar(rows):
    """The reference: per day, the highest grade any row could reach (missing inputs at their
    worst) must equal the highest grade some row surely reaches."""
    worst = {}
    for r in rows:
        inputs_ = {k: r[k] for k in CRS_FIELDS}
        surely = grade_crs(**inputs_).grade
        filled = {
            **{
                "temperature": 38.0,
                "fever_masked": True,
                "hypotension": True,
                "vasopressors": 2,
                "vasopressin": True,
                "oxygen_device": "mechanical_ventilation",
                "oxygen_flow": 7.0,
            },
            **{k: v for k, v in inputs_.items() if v is not None},
        }
        could = grade_crs(**filled).grade
        key = (r["patient_id"], r["day"])
        low, high = worst.get(key, (-1, -1))
        worst[key] = (max(low, -1 if surely is None else surely), max(high, could))
    return {k: (lo if lo == hi else None) for k, (lo, hi) in sorted(worst.items())}


@FEW
@given(
    st.lists(
        st.tuples(st.integers(1, 3), st.integers(0, 2), inputs(CRS_FIELDS)), min_size=1, max_size=50
    )
)
def test_daily_worst_agrees_with_the_scalar_grades(cells):
    rows = [{"patient_id": p, "day": d, **r} for p, d, r in cells]
    frame = pl.DataFrame(rows, schema={"patient_id": pl.Int64, "day": pl.Int64, **CRS_COLUMNS})
    result = daily_worst_crs(frame)
    got = {(p, d): g for p, d, g in result.iter_rows()}
    assert got == worst_by_scalar(rows)
    assert list(got) == sorted(got)


def test_daily_worst_is_null_only_when_an_unknown_row_could_be_worse():
    frame = pl.DataFrame(
        {
            "patient_id": [1, 1, 1, 1],
            "day": [0, 0, 1, 1],
            "temperature": [39.0, None, 39.0, None],
            "fever_masked": [False] * 4,
            "hypotension": [True, None, False, None],
            "vasopressors": [2, None, 0, None],
            "oxygen_device": ["room_air", None, "room_air", None],
        }
    )
    assert daily_worst_crs(frame)["worst_grade"].to_list() == [4, None]


def test_a_unit_column_converts_before_bulk_grading():
    fahrenheit = np.array([100.3, 100.4, 104.0])
    celsius = array_to_canonical("temperature", fahrenheit, "[degF]")
    assert celsius.tolist() == [to_canonical("temperature", float(f), "[degF]") for f in fahrenheit]
    frame = pl.DataFrame(
        {
            "temperature": celsius,
            "fever_masked": [False] * 3,
            "hypotension": [False] * 3,
            "oxygen_device": ["room_air"] * 3,
        }
    )
    assert grade_crs_frame(frame).to_list() == [0, 1, 1]


@pytest.mark.parametrize(
    ("column", "values", "field"),
    [
        ("temperature", [38.0, 46.0], "temperature"),
        ("oxygen_flow", [1.0, -2.0], "oxygen_flow"),
        ("vasopressors", [0, 11], "vasopressors"),
        ("oxygen_device", ["room_air", "helmet"], "oxygen_device"),
    ],
)
def test_bulk_refuses_what_the_scalar_refuses(column, values, field):
    with pytest.raises(ClinicalInputError) as caught:
        grade_crs_frame(pl.DataFrame({column: values}))
    assert caught.value.field == field
    assert "row 1" in str(caught.value)


LABS = st.fixed_dictionaries(
    {
        "platelets": st.one_of(st.none(), st.sampled_from([50.0, 74.9, 75.0, 175.0, 175.1, 300.0])),
        "anc": st.one_of(st.none(), st.sampled_from([0.5, 1.19, 1.2, 3.0])),
        "hemoglobin": st.one_of(st.none(), st.sampled_from([7.0, 8.99, 9.0, 12.0])),
        "crp": st.one_of(st.none(), st.sampled_from([0.5, 3.0, 3.01, 10.0])),
        "ferritin": st.one_of(st.none(), st.sampled_from([100.0, 650.0, 2000.0, 2000.1])),
    }
)


@FEW
@given(st.lists(LABS, min_size=1, max_size=40))
def test_hematotox_rows_agree(rows):
    got = hematotox_frame(pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.Float64)))
    expected = [grade_hematotox(**r) for r in rows]
    assert got["score"].to_list() == [r.score for r in expected]
    assert got["risk"].to_list() == [r.risk for r in expected]


EASIX = st.fixed_dictionaries(
    {
        "ldh": st.one_of(st.none(), st.floats(50, 5000)),
        "creatinine": st.one_of(st.none(), st.floats(0.3, 8)),
        "platelets": st.one_of(st.none(), st.floats(1, 600)),
        "crp": st.one_of(st.none(), st.floats(0, 40)),
    }
)


@FEW
@given(st.lists(EASIX, min_size=1, max_size=40))
def test_easix_rows_agree(rows):
    got = easix_frame(pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.Float64)))
    expected = [grade_easix(**r) for r in rows]
    for name in ("easix", "easix_log2", "m_easix"):
        assert got[name].to_list() == [getattr(r, name) for r in expected]


def test_easix_refuses_a_zero_platelet_count():
    with pytest.raises(ClinicalInputError) as caught:
        easix_frame(pl.DataFrame({"ldh": [300.0], "creatinine": [1.0], "platelets": [0.0]}))
    assert caught.value.field == "platelets"


def test_easix_log2_of_a_known_value():
    got = easix_frame(pl.DataFrame({"ldh": [400.0], "creatinine": [1.0], "platelets": [50.0]}))
    assert got["easix_log2"].to_list() == [math.log2(8.0)]


def test_hematotox_cut_points_take_the_point_in_a_table_too():
    frame = pl.DataFrame(
        {
            "platelets": [200.0, 200.0],
            "anc": [1.2, 1.21],
            "hemoglobin": [9.0, 9.01],
            "crp": [3.0, 2.99],
            "ferritin": [300.0, 300.0],
        }
    )
    got = hematotox_frame(frame)
    assert got["score"].to_list() == [3, 0]
    assert got["risk"].to_list() == ["high", "low"]


def test_a_high_flow_cannula_is_graded_by_its_flow_in_a_table_too():
    frame = pl.DataFrame(
        {
            "temperature": [39.0] * 4,
            "fever_masked": [False] * 4,
            "hypotension": [False] * 4,
            "oxygen_device": ["high_flow_nasal_cannula"] * 3 + ["low_flow_nasal_cannula"],
            "oxygen_flow": [6.0, 6.1, None, None],
        }
    )
    assert grade_crs_frame(frame).to_list() == [2, 3, None, None]

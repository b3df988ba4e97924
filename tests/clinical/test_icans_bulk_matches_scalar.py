"""The columnar ICANS path gives the scalar grader's grade row for row, nulls included."""

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cartnav.clinical import ClinicalInputError, daily_worst_icans, grade_icans, grade_icans_frame
from cartnav.clinical.bulk import ICANS_COLUMNS
from cartnav.clinical.icans import CAPD_ITEMS, ICE_ITEMS
from tests.clinical.strategies import ICANS_CALM, ICANS_FIELDS, inputs, maybe

FEW = settings(max_examples=60, deadline=None)


def _row(values):
    """A scalar input as a table row: the scales as totals."""
    row = {k: v for k, v in values.items() if k not in ("ice", "capd")}
    row["ice_total"] = values["ice"]["total"] if values["ice"] else None
    row["capd_total"] = values["capd"]["total"] if values["capd"] else None
    return row


def _items(items):
    """A scale as item scores, any of them missing, sometimes with its total too."""
    scores = st.fixed_dictionaries(
        {k: maybe(st.integers(min_value=0, max_value=top)) for k, top in items.items()}
    ).map(lambda d: {k: v for k, v in d.items() if v is not None})
    return scores.flatmap(
        lambda d: (
            st.one_of(st.just(d), st.just({**d, "total": sum(d.values())}))
            if len(d) == len(items)
            else st.just(d)
        )
    )


def _item_row(values):
    """A scalar input as a table row: the scales as item columns (and a total where given).
    A scale with no item and no total is not given, as the scalar grader's ``None``."""
    row = {k: v for k, v in values.items() if k not in ("ice", "capd")}
    for scale in ("ice", "capd"):
        for item, score in (values[scale] or {}).items():
            row[f"{scale}_{item}"] = score
    return row


def _scalar(values):
    return {
        **values,
        "ice": values["ice"] or None,
        "capd": values["capd"] or None,
    }


ITEM_FIELDS = {**ICANS_FIELDS, "ice": _items(ICE_ITEMS), "capd": _items(CAPD_ITEMS)}


@FEW
@given(st.lists(inputs(ITEM_FIELDS), min_size=1, max_size=60))
def test_icans_rows_given_as_item_scores_agree(rows):
    frame = pl.DataFrame([_item_row(r) for r in rows], schema=ICANS_COLUMNS)
    expected = [grade_icans(**_scalar(r)).grade for r in rows]
    assert grade_icans_frame(frame).to_list() == expected


@FEW
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "age_years": maybe(ICANS_FIELDS["age_years"]),
                "ice": maybe(_items(ICE_ITEMS)),
                "capd": maybe(_items(CAPD_ITEMS)),
            }
        ),
        min_size=1,
        max_size=60,
    )
)
def test_cognition_alone_from_item_scores_agrees(rows):
    """The other domains calm, so the cognitive scale alone decides (or not) the grade."""
    rows = [{**r, **ICANS_CALM} for r in rows]
    frame = pl.DataFrame([_item_row(r) for r in rows], schema=ICANS_COLUMNS)
    expected = [grade_icans(**_scalar(r)).grade for r in rows]
    assert grade_icans_frame(frame).to_list() == expected


def test_missing_items_decide_the_grade_when_every_completion_agrees():
    frame = pl.DataFrame(
        [
            # ICE 4+3+1+1 with attention missing: 9 or 10, grade 1 or 0 -> undecided
            {"ice_orientation": 4, "ice_naming": 3, "ice_commands": 1, "ice_writing": 1},
            # ICE 2+1 with three 0-1 items missing: 3-6, grade 2 whatever they are
            {"ice_orientation": 2, "ice_naming": 1},
            # CAPD 9 from two items, six missing: at least 9, grade 3
            {"capd_eye_contact": 4, "capd_restless": 4, "capd_underactive": 1},
        ],
        schema=ICANS_COLUMNS,
    ).with_columns(
        age_years=pl.lit(40.0),
        consciousness=pl.lit("alert"),
        seizure=pl.lit("none"),
        motor_weakness=pl.lit(False),
        raised_icp=pl.lit("none"),
    )
    assert grade_icans_frame(frame).to_list() == [None, 2, 3]


def test_a_total_the_items_cannot_add_up_to_is_refused():
    frame = pl.DataFrame(
        [{"ice_total": 10}, {"ice_total": 10, "ice_orientation": 1, "ice_naming": 3}],
        schema=ICANS_COLUMNS,
    )
    # row 1: orientation 1 + naming 3 + at most 3 more is 7 at most
    with pytest.raises(ClinicalInputError, match="ice_total") as refused:
        grade_icans_frame(frame)
    assert "row 1: 10 does not agree with the item scores given (they allow 4–7)" in str(
        refused.value
    )
    with pytest.raises(ClinicalInputError, match="they allow 4–7"):
        grade_icans(ice={"total": 10, "orientation": 1, "naming": 3})


@FEW
@given(st.lists(inputs(ICANS_FIELDS), min_size=1, max_size=60))
def test_icans_rows_agree(rows):
    frame = pl.DataFrame([_row(r) for r in rows], schema=ICANS_COLUMNS)
    assert grade_icans_frame(frame).to_list() == [grade_icans(**r).grade for r in rows]


def test_icans_worked_examples_in_a_table():
    frame = pl.DataFrame(
        {
            "age_years": [54.0, 54.0, 6.0, None, None, 30.0],
            "ice_total": [10, 5, None, 8, 8, None],
            "capd_total": [None, None, 12, None, 0, None],
            "consciousness": ["alert", "alert", "alert", "alert", "alert", None],
            "seizure": ["none", "none", "none", "none", "none", "life_threatening_prolonged"],
            "motor_weakness": [False, False, False, False, False, None],
            "raised_icp": ["none", "none", "none", "none", "none", None],
        }
    )
    # 10/10 grade 0; ICE 5 grade 2; child CAPD 12 grade 3; age unknown with ICE 8 only: 1;
    # age unknown with ICE 8 (1) and CAPD 0 (0): undecided; a grade-4 seizure decides the rest.
    assert grade_icans_frame(frame).to_list() == [0, 2, 3, 1, None, 4]


def test_death_from_icans_is_grade_5_and_absent_is_read_as_alive():
    frame = pl.DataFrame(
        {
            "death_from_icans": [True, None],
            "ice_total": [10, 10],
            "age_years": [40.0, 40.0],
            "consciousness": ["alert"] * 2,
            "seizure": ["none"] * 2,
            "motor_weakness": [False] * 2,
            "raised_icp": ["none"] * 2,
        }
    )
    assert grade_icans_frame(frame).to_list() == [5, 0]


def test_the_worst_grade_per_patient_day():
    frame = pl.DataFrame(
        {
            "patient_id": [1, 1, 2, 2],
            "day": [0, 0, 0, 0],
            "age_years": [40.0] * 4,
            "ice_total": [10, 6, 10, None],
            "consciousness": ["alert"] * 4,
            "seizure": ["none"] * 4,
            "motor_weakness": [False] * 4,
            "raised_icp": ["none"] * 4,
        }
    )
    worst = daily_worst_icans(frame)
    # Patient 1: ICE 6 is grade 2. Patient 2: a row without ICE could be as bad as 3.
    assert worst["worst_grade"].to_list() == [2, None]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("ice_total", 11),
        ("capd_total", -1),
        ("age_years", 200.0),
        ("seizure", "fit"),
        ("ice_orientation", 5),
        ("ice_naming", -1),
        ("capd_slow_to_respond", 5),
    ],
)
def test_impossible_or_unknown_values_are_refused_naming_the_column(column, value):
    frame = pl.DataFrame({column: [value]})
    with pytest.raises(ClinicalInputError, match=column):
        grade_icans_frame(frame)


@pytest.mark.parametrize(
    ("age", "ice", "capd"),
    # ICE cut-points 10/9, 7/6, 3/2 and CAPD 0/1, 8/9, at the age boundary 12 and either side
    [(a, i, None) for a in (11.9, 12.0, 12.1) for i in (10, 9, 7, 6, 3, 2)]
    + [(a, None, c) for a in (11.9, 12.0, 12.1) for c in (0, 1, 8, 9)],
)
def test_the_cognition_cut_points_agree_at_and_around_each_boundary(age, ice, capd):
    values = {
        "age_years": age,
        "ice": None if ice is None else {"total": ice},
        "capd": None if capd is None else {"total": capd},
        "consciousness": "alert",
        "seizure": "none",
        "motor_weakness": False,
        "raised_icp": "none",
        "death_from_icans": False,
    }
    frame = pl.DataFrame([_row(values)], schema=ICANS_COLUMNS)
    assert grade_icans_frame(frame).to_list() == [grade_icans(**values).grade]


@pytest.mark.parametrize(
    ("scale", "items"), [("ice", ICE_ITEMS), ("capd", CAPD_ITEMS)], ids=["ice", "capd"]
)
def test_each_item_is_accepted_at_0_and_its_maximum_and_refused_just_outside(scale, items):
    for item, top in items.items():
        column = f"{scale}_{item}"
        accepted = pl.DataFrame({column: [0, top]}, schema={column: pl.Int64})
        assert len(grade_icans_frame(accepted)) == 2
        for bad in (-1, top + 1):
            with pytest.raises(ClinicalInputError, match=column):
                grade_icans_frame(pl.DataFrame({column: [bad]}))


def test_an_intracranial_haemorrhage_takes_oedema_out_in_a_table_too():
    frame = pl.DataFrame(
        {
            "age_years": [40.0] * 4,
            "ice_total": [10] * 4,
            "consciousness": ["alert"] * 4,
            "seizure": ["none"] * 4,
            "motor_weakness": [False] * 4,
            "raised_icp": [
                "focal_edema_on_imaging",
                "diffuse_edema_on_imaging",
                "papilledema",
                "focal_edema_on_imaging",
            ],
            "intracranial_hemorrhage": [True, True, True, None],
        }
    )
    # oedema does not count with a haemorrhage; papilloedema still does; absent is read as none
    assert grade_icans_frame(frame).to_list() == [0, 0, 4, 3]

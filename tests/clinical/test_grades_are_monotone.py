"""Property: worsening any one input never lowers a decided grade (CRS, ICANS, TLS,
CAR-HEMATOTOX score)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cartnav.clinical import crs, grade_crs, grade_hematotox, grade_icans, grade_tls, icans, tls
from tests.clinical.strategies import CRS_FIELDS, ICANS_FIELDS, inputs, tls_inputs

FEW = settings(max_examples=150, deadline=None)
DEVICE_ORDER = [
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


def worse_crs(field, value):
    """Every value of ``field`` at least as bad as ``value``."""
    if field == "temperature":
        return [value + 0.1, 38.0 if value < 38.0 else value, 41.0]
    if field == "vasopressors":
        return list(range(value, 4))
    if field == "oxygen_flow":
        return [value, value + 0.1, 60.0]
    if field == "oxygen_device":
        return DEVICE_ORDER[DEVICE_ORDER.index(value) :]
    return [True]


def both_decided_not_lower(before, after):
    if before is not None and after is not None:
        assert after >= before


@FEW
@given(inputs(CRS_FIELDS), st.sampled_from(sorted(CRS_FIELDS)))
def test_crs_worsening_never_lowers(values, field):
    if values[field] is None:
        return
    before = grade_crs(**values).grade
    for worse in worse_crs(field, values[field]):
        both_decided_not_lower(before, grade_crs(**{**values, field: worse}).grade)


def test_crs_device_order_follows_the_table():
    grades = [crs.hypoxia_grade(d, 0.0) for d in DEVICE_ORDER]
    assert grades == sorted(grades)


def ordered(table, value):
    return [k for k, v in table.items() if v >= table[value]]


def worse_icans(field, value):
    if field == "ice":
        return [{"total": t} for t in range(0, value["total"] + 1)]
    if field == "capd":
        return [{"total": t} for t in range(value["total"], 33)]
    tables = {
        "consciousness": icans.CONSCIOUSNESS,
        "seizure": icans.SEIZURE,
        "raised_icp": icans.RAISED_ICP,
    }
    if field in tables:
        return ordered(tables[field], value)
    return [True]


@FEW
@given(
    inputs(ICANS_FIELDS),
    # an intracranial haemorrhage is not a worse ICANS finding: it takes oedema out of the grade
    st.sampled_from(sorted(set(ICANS_FIELDS) - {"age_years", "intracranial_hemorrhage"})),
)
def test_icans_worsening_never_lowers(values, field):
    if values[field] is None:
        return
    before = grade_icans(**values).grade
    for worse in worse_icans(field, values[field]):
        both_decided_not_lower(before, grade_icans(**{**values, field: worse}).grade)


def worse_lab(analyte, value, current):
    """Current values get worse upward (calcium downward); baselines the other way."""
    down = (analyte == "calcium") == current
    step = [value * 0.9, value * 0.5] if down else [value * 1.1, value * 1.5]
    low, high = (1.0, 25.0) if analyte == "calcium" else (0.5, 15.0)
    return [min(max(v, low), high) for v in step]


@FEW
@given(
    tls_inputs(),
    st.sampled_from(["baseline", "current"]),
    st.sampled_from(["uric_acid", "potassium", "phosphate", "calcium"]),
)
def test_tls_worse_labs_never_lower(values, where, analyte):
    value = values[where][analyte]
    if value is None:
        return
    before = grade_tls(**values)
    for worse in worse_lab(analyte, value, where == "current"):
        after = grade_tls(**{**values, where: {**values[where], analyte: worse}})
        both_decided_not_lower(before.grade, after.grade)
        if before.laboratory_tls is not None and after.laboratory_tls is not None:
            assert after.laboratory_tls >= before.laboratory_tls


@FEW
@given(tls_inputs(), st.sampled_from(["arrhythmia", "seizure", "creatinine"]))
def test_tls_worse_clinical_findings_never_lower(values, field):
    before = grade_tls(**values).grade
    if field == "creatinine":
        value = values["current"]["creatinine"]
        if value is None:
            return
        options = [
            {**values, "current": {**values["current"], "creatinine": value * k}}
            for k in (1.2, 3.0)
        ]
    else:
        if values[field] is None:
            return
        table = tls.ARRHYTHMIA if field == "arrhythmia" else tls.SEIZURE
        options = [{**values, field: w} for w in ordered(table, values[field])]
    for option in options:
        both_decided_not_lower(before, grade_tls(**option).grade)


@FEW
@given(
    st.fixed_dictionaries(
        {
            "platelets": st.floats(10, 400),
            "anc": st.floats(0.1, 5),
            "hemoglobin": st.floats(6, 16),
            "crp": st.floats(0, 20),
            "ferritin": st.floats(10, 5000),
        }
    ),
    st.sampled_from(["platelets", "anc", "hemoglobin", "crp", "ferritin"]),
)
def test_hematotox_worse_labs_never_lower_the_score(values, field):
    before = grade_hematotox(**values).score
    factor = 0.8 if field in ("platelets", "anc", "hemoglobin") else 1.25
    after = grade_hematotox(**{**values, field: values[field] * factor}).score
    assert after >= before

"""Howard 2011 (NEJM 2011;364:1844-54, Table 1) as its own TLS rule: strict thresholds, two or
more abnormalities in the same 24 hours (one sample), no change from baseline, its own clinical
criteria, and no grade. Thresholds are written here as literals, not read from the code."""

import pytest

from cartnav.clinical import ClinicalInputError, grade, grade_tls
from cartnav.clinical.units import to_canonical

#: Normal values, well inside every Howard threshold.
NORMAL = {"uric_acid": 5.0, "potassium": 4.0, "phosphate": 3.5, "calcium": 9.5}
#: Every clinical criterion known and absent.
CALM = {
    "arrhythmia": "none",
    "oliguria": False,
    "symptomatic_hypocalcemia": False,
    "creatinine_uln": 1.2,
}
TWO_ABNORMAL = {"potassium": 6.5, "uric_acid": 9.0}


def howard(current=None, **kw):
    args = {"age_years": 50, "day_relative_to_therapy": 1, **CALM, **kw}
    cur = {**NORMAL, "creatinine": 0.9, **(current or {})}
    return grade_tls(rule="howard_2011", current=cur, **args)


def with_potassium(analyte, value, **kw):
    """Potassium abnormal (6.5 mmol/L) and one more analyte under test: laboratory TLS exactly
    when that analyte is abnormal."""
    return howard({"potassium": 6.5, analyte: value}, **kw)


def mg(analyte, value, unit):
    return to_canonical(analyte, value, unit)


@pytest.mark.parametrize(
    ("value", "abnormal"),
    [
        (8.0, False),
        (8.01, True),
        (mg("uric_acid", 475.8, "umol/L"), False),
        (mg("uric_acid", 476, "umol/L"), True),
    ],
)
def test_uric_acid_in_adults_is_strictly_above_8(value, abnormal):
    assert with_potassium("uric_acid", value).laboratory_tls is abnormal


@pytest.mark.parametrize(("value", "abnormal"), [(5.5, False), (5.51, True), (9.0, True)])
def test_uric_acid_in_children_is_above_the_upper_limit_for_age(value, abnormal):
    result = with_potassium("uric_acid", value, age_years=9, uric_acid_uln=5.5)
    assert result.laboratory_tls is abnormal


def test_a_childs_uric_acid_without_its_upper_limit_is_undecided():
    result = with_potassium("uric_acid", 9.0, age_years=9)
    assert result.laboratory_tls is None
    assert result.missing == ("uric_acid_uln",)
    adult = with_potassium("uric_acid", 9.0, age_years=18)
    assert adult.laboratory_tls is True


def test_with_age_unknown_uric_acid_needs_the_age_or_the_upper_limit():
    both = with_potassium("uric_acid", 9.0, age_years=None)
    assert both.laboratory_tls is None
    assert both.missing == ("age_years", "uric_acid_uln")
    agree = with_potassium("uric_acid", 9.0, age_years=None, uric_acid_uln=6.0)
    assert agree.laboratory_tls is True
    disagree = with_potassium("uric_acid", 7.0, age_years=None, uric_acid_uln=6.0)
    assert (disagree.laboratory_tls, disagree.missing) == (None, ("age_years",))


@pytest.mark.parametrize(
    ("value", "age", "abnormal"),
    [
        (4.5, 50, False),
        (4.51, 50, True),
        (mg("phosphate", 1.5, "mmol/L"), 50, True),  # 4.645 mg/dL
        (6.5, 17.9, False),
        (6.51, 17.9, True),
        (mg("phosphate", 2.1, "mmol/L"), 17.9, True),  # 6.5036 mg/dL
        (5.0, 17.9, False),
        (5.0, 18, True),
    ],
)
def test_phosphorus_adults_above_4_5_children_above_6_5(value, age, abnormal):
    # a child's uric acid (5.0) is judged against its upper limit for age: given, and normal
    result = with_potassium("phosphate", value, age_years=age, uric_acid_uln=6.0)
    assert result.laboratory_tls is abnormal


@pytest.mark.parametrize(
    ("value", "unit", "abnormal"),
    [(6.0, "mmol/L", False), (6.01, "mmol/L", True), (6.0, "meq/L", False), (6.1, "meq/L", True)],
)
def test_potassium_is_strictly_above_6(value, unit, abnormal):
    result = howard({"uric_acid": 9.0, "potassium": mg("potassium", value, unit)})
    assert result.laboratory_tls is abnormal


@pytest.mark.parametrize(
    ("value", "abnormal"),
    [
        (7.0, False),
        (6.99, True),
        (mg("calcium", 1.75, "mmol/L"), False),
        (mg("calcium", 1.74, "mmol/L"), True),
    ],
)
def test_corrected_calcium_is_strictly_below_7(value, abnormal):
    result = with_potassium("calcium", value)
    assert result.laboratory_tls is abnormal
    assert any(b.criterion.startswith(f"corrected calcium {value:g} mg/dL") for b in result.basis)


@pytest.mark.parametrize(
    ("value", "unit", "abnormal"),
    [(1.12, "mmol/L", False), (1.11, "mmol/L", True), (4.4, "mg/dL", True)],
)
def test_ionised_calcium_is_strictly_below_1_12_and_the_misprint_is_named(value, unit, abnormal):
    result = with_potassium("ionized_calcium", mg("ionized_calcium", value, unit))
    assert result.laboratory_tls is abnormal  # total calcium 9.5 is normal: the ionised decides
    line = next(b for b in result.basis if b.criterion.startswith("ionised calcium"))
    assert '"<1.12 (0.3 mmol/liter)", a misprint' in line.criterion
    assert "cartnav reads 1.12 mmol/L, the lower limit of normal" in line.criterion


def test_a_normal_calcium_is_not_held_open_for_an_unmeasured_ionised_calcium():
    result = with_potassium("calcium", 9.0)
    assert result.laboratory_tls is False
    assert result.missing == ()
    neither = howard({"potassium": 6.5, "uric_acid": 9.0, "calcium": None})
    assert neither.laboratory_tls is True  # two others are abnormal: calcium cannot matter
    open_ = howard({"potassium": 6.5, "calcium": None})
    assert open_.laboratory_tls is None
    assert open_.missing == ("current.calcium", "current.ionized_calcium")


def test_one_abnormality_is_not_laboratory_tls_and_there_is_no_change_rule():
    result = howard({"potassium": 6.5}, baseline={"uric_acid": 2.0})
    assert (result.laboratory_tls, result.clinical_tls, result.grade) == (False, False, None)
    assert any(
        b.criterion == "1 of 4 laboratory criteria met: no laboratory TLS" for b in result.basis
    )


@pytest.mark.parametrize(
    ("baseline", "current", "met"),
    [
        (0.8, 1.09, False),
        (0.8, 1.1, True),
        (0.8, 2.5, True),
        (mg("creatinine", 70.7, "umol/L"), mg("creatinine", 97.2, "umol/L"), True),  # +26.5
        (mg("creatinine", 70.7, "umol/L"), mg("creatinine", 97.1, "umol/L"), False),  # +26.4
        (1.5, 1.0, False),
    ],
)
def test_a_creatinine_rise_of_0_3_from_baseline_is_clinical(baseline, current, met):
    result = howard({**TWO_ABNORMAL, "creatinine": current}, baseline={"creatinine": baseline})
    assert result.laboratory_tls is True
    assert result.clinical_tls is met


@pytest.mark.parametrize(("creatinine", "met"), [(1.8, False), (1.81, True), (4.0, True)])
def test_without_a_baseline_a_creatinine_above_1_5_uln_is_clinical(creatinine, met):
    result = howard({**TWO_ABNORMAL, "creatinine": creatinine})  # ULN 1.2: 1.5 times is 1.8
    assert result.clinical_tls is met
    assert any("no baseline known" in b.criterion for b in result.basis)


def test_with_a_baseline_the_upper_limit_is_not_used():
    result = howard({**TWO_ABNORMAL, "creatinine": 4.0}, baseline={"creatinine": 3.9})
    assert result.clinical_tls is False


def test_creatinine_without_baseline_or_upper_limit_is_named():
    result = howard({**TWO_ABNORMAL, "creatinine": 2.0}, creatinine_uln=None)
    assert result.clinical_tls is None
    assert result.missing == ("baseline.creatinine", "creatinine_uln")


@pytest.mark.parametrize(
    "finding",
    [
        {"oliguria": True},
        {"symptomatic_hypocalcemia": True},
        {"arrhythmia": "intervention_not_indicated"},
        {"death_from_tls": True},
    ],
)
def test_each_clinical_criterion_makes_clinical_tls_with_laboratory_tls(finding):
    assert howard(TWO_ABNORMAL, **finding).clinical_tls is True
    without = howard({"potassium": 6.5}, **finding)
    assert (without.laboratory_tls, without.clinical_tls) == (False, False)


def test_clinical_tls_names_the_attribution_to_confirm():
    result = howard(TWO_ABNORMAL, oliguria=True)
    assert result.warnings == (
        "attribution is the clinician's to confirm: Howard 2011 counts a dysrhythmia, sudden "
        "death or symptoms only when probably or definitely caused by hyperkalaemia or "
        "hypocalcaemia",
    )
    assert howard(TWO_ABNORMAL).warnings == ()


def test_a_seizure_alone_is_not_a_howard_criterion_and_is_warned_about():
    result = howard(TWO_ABNORMAL, seizure="altered_consciousness_or_poorly_controlled")
    assert result.clinical_tls is False
    assert result.warnings == (
        "Howard 2011 counts a seizure only when caused by hypocalcaemia: record it as "
        "symptomatic hypocalcaemia; the seizure field is not used under this rule",
    )
    assert howard(TWO_ABNORMAL, seizure="none").warnings == ()


def test_unknown_clinical_criteria_are_named_only_with_laboratory_tls():
    result = grade_tls(
        rule="howard_2011", age_years=50, day_relative_to_therapy=0, current=TWO_ABNORMAL
    )
    assert (result.laboratory_tls, result.clinical_tls) == (True, None)
    assert result.missing == (
        "current.creatinine",
        "oliguria",
        "arrhythmia",
        "symptomatic_hypocalcemia",
    )
    calm = grade_tls(rule="howard_2011", age_years=50, day_relative_to_therapy=0, current=NORMAL)
    assert (calm.laboratory_tls, calm.clinical_tls, calm.missing) == (False, False, ())


def test_one_clinical_criterion_decides_whatever_else_is_missing():
    result = grade_tls(
        rule="howard_2011",
        age_years=50,
        day_relative_to_therapy=0,
        current=TWO_ABNORMAL,
        oliguria=True,
    )
    assert (result.laboratory_tls, result.clinical_tls, result.missing) == (True, True, ())


def test_the_window_still_applies():
    result = howard(TWO_ABNORMAL, day_relative_to_therapy=8)
    assert result.laboratory_tls is False
    assert result.basis[1].source == "cartnav's choice (docs/grading.md)"


def test_the_result_says_there_is_no_grade_and_the_contract_carries_the_inputs():
    payload = {
        "rule": "howard_2011",
        "age_years": 8,
        "day_relative_to_therapy": 1,
        "current": {
            "uric_acid": {"value": 400, "unit": "umol/L"},
            "potassium": {"value": 6.2, "unit": "mmol/L"},
            "ionized_calcium": {"value": 1.0, "unit": "mmol/L"},
            "creatinine": {"value": 0.9, "unit": "mg/dL"},
        },
        "baseline": {"creatinine": {"value": 53.04, "unit": "umol/L"}},
        "uric_acid_uln": {"value": 5.5, "unit": "mg/dL"},
        "oliguria": False,
        "symptomatic_hypocalcemia": False,
        "arrhythmia": "none",
    }
    result = grade("tls", payload)
    assert (result.laboratory_tls, result.clinical_tls, result.grade) == (True, True, None)
    assert result.input["baseline"] == {"creatinine": {"value": 0.6, "unit": "mg/dL"}}
    assert result.input["uric_acid_uln"] == {"value": 5.5, "unit": "mg/dL"}
    assert result.input["current"]["ionized_calcium"] == {"value": 1.0, "unit": "mmol/L"}
    assert result.to_dict()["grade"] is None
    assert result.headline() == (
        "Tumour lysis syndrome (Howard 2011): laboratory TLS yes, clinical TLS yes "
        "(Howard has no grade)"
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"oliguria": "yes"}, "oliguria"),
        ({"symptomatic_hypocalcemia": 1}, "symptomatic_hypocalcemia"),
        ({"uric_acid_uln": {"value": 20, "unit": "mg/dL"}}, "uric_acid_uln"),
        ({"uric_acid_uln": {"value": 0.5, "unit": "mg/dL"}}, "uric_acid_uln"),
        (
            {"current": {"ionized_calcium": {"value": 3.1, "unit": "mmol/L"}}},
            "current.ionized_calcium",
        ),
        (
            {"current": {"ionized_calcium": {"value": 0.19, "unit": "mmol/L"}}},
            "current.ionized_calcium",
        ),
        (
            {"current": {"ionized_calcium": {"value": 1.1, "unit": "mEq/L"}}},
            "current.ionized_calcium",
        ),
        ({"baseline": {"creatinine": {"value": 41, "unit": "mg/dL"}}}, "baseline.creatinine"),
    ],
)
def test_impossible_howard_inputs_are_refused_naming_the_field(payload, field):
    with pytest.raises(ClinicalInputError) as caught:
        grade("tls", {"rule": "howard_2011", **payload})
    assert caught.value.field == field

"""Cairo-Bishop 2004 laboratory and clinical TLS: thresholds in both unit systems, the 25% rules,
the window, children's phosphate, the creatinine column and the Howard 2011 option."""

import pytest

from cartnav.clinical import grade, grade_tls
from cartnav.clinical.units import to_canonical

NORMAL_BASELINE = {"uric_acid": 5.0, "potassium": 4.0, "phosphate": 3.5, "calcium": 9.5}
NORMAL = {**NORMAL_BASELINE, "creatinine": 0.9}
CALM = {"arrhythmia": "none", "seizure": "none"}


def tls(current=None, baseline=None, **kw):
    args = {"age_years": 50, "day_relative_to_therapy": 1, "creatinine_uln": 1.2, **CALM, **kw}
    return grade_tls(
        current={**NORMAL, **(current or {})},
        baseline={**NORMAL_BASELINE, **(baseline or {})},
        **args,
    )


def with_potassium(**current):
    """One lab abnormality (potassium 6.5) plus the analyte under test, whose baseline equals
    its current value so that only the absolute threshold can be met."""
    return tls(current={"potassium": 6.5, **current}, baseline=current)


def canon(analyte, value, unit):
    return to_canonical(analyte, value, unit)


ATTRIBUTION = (
    "attribution is the clinician's to confirm: a laboratory change or a clinical finding "
    "directly or probably caused by a therapeutic agent (e.g. a creatinine rise after "
    "amphotericin) does not count"
)


def test_contract_example():
    payload = {
        "age_years": 61,
        "day_relative_to_therapy": 2,
        "baseline": {
            "uric_acid": {"value": 6.0, "unit": "mg/dL"},
            "potassium": {"value": 4.1, "unit": "mmol/L"},
            "phosphate": {"value": 3.5, "unit": "mg/dL"},
            "calcium": {"value": 9.1, "unit": "mg/dL"},
        },
        "current": {
            "uric_acid": {"value": 8.2, "unit": "mg/dL"},
            "potassium": {"value": 6.1, "unit": "mmol/L"},
            "phosphate": {"value": 4.0, "unit": "mg/dL"},
            "calcium": {"value": 8.9, "unit": "mg/dL"},
            "creatinine": {"value": 1.1, "unit": "mg/dL"},
        },
        "creatinine_uln": {"value": 1.2, "unit": "mg/dL"},
        "arrhythmia": "none",
        "seizure": "none",
    }
    result = grade("tls", payload)
    assert (result.laboratory_tls, result.clinical_tls, result.grade) == (True, False, 0)
    assert result.missing == ()


@pytest.mark.parametrize(
    ("value", "unit", "met"),
    [
        (7.9, "mg/dL", False),
        (8.0, "mg/dL", True),
        (8.1, "mg/dL", True),
        (475, "umol/L", False),
        (476, "umol/L", True),
        (477, "umol/L", True),
        (475.84, "umol/L", True),
    ],
)
def test_uric_acid_threshold(value, unit, met):
    result = with_potassium(uric_acid=canon("uric_acid", value, unit))
    assert result.laboratory_tls is met


@pytest.mark.parametrize(
    ("value", "unit", "met"),
    [
        (5.9, "mmol/L", False),
        (6.0, "mmol/L", True),
        (6.1, "mmol/L", True),
        (5.9, "meq/L", False),
        (6.0, "meq/L", True),
        (6.1, "meq/L", True),
    ],
)
def test_potassium_threshold(value, unit, met):
    potassium = canon("potassium", value, unit)
    result = tls(
        current={"uric_acid": 9.0, "potassium": potassium}, baseline={"potassium": potassium}
    )
    assert result.laboratory_tls is met


@pytest.mark.parametrize(
    ("value", "unit", "met"),
    [
        (4.4, "mg/dL", False),
        (4.5, "mg/dL", True),
        (4.6, "mg/dL", True),
        (1.44, "mmol/L", False),
        (1.45, "mmol/L", True),
        (1.46, "mmol/L", True),
    ],
)
def test_adult_phosphate_threshold(value, unit, met):
    assert with_potassium(phosphate=canon("phosphate", value, unit)).laboratory_tls is met


@pytest.mark.parametrize(
    ("value", "unit", "met"),
    [
        (6.4, "mg/dL", False),
        (6.5, "mg/dL", True),
        (6.6, "mg/dL", True),
        (2.09, "mmol/L", False),
        (2.1, "mmol/L", True),
        (2.11, "mmol/L", True),
    ],
)
def test_child_phosphate_threshold(value, unit, met):
    result = tls(
        current={"potassium": 6.5, "phosphate": canon("phosphate", value, unit)},
        baseline={"phosphate": 6.0},
        age_years=17.9,
    )
    assert result.laboratory_tls is met


def test_eighteen_is_an_adult_for_phosphate():
    result = tls(
        current={"potassium": 6.5, "phosphate": 5.0}, baseline={"phosphate": 4.8}, age_years=18
    )
    assert result.laboratory_tls is True


@pytest.mark.parametrize(
    ("value", "unit", "met"),
    [
        (7.1, "mg/dL", False),
        (7.0, "mg/dL", True),
        (6.9, "mg/dL", True),
        (1.76, "mmol/L", False),
        (1.75, "mmol/L", True),
        (1.74, "mmol/L", True),
    ],
)
def test_calcium_threshold(value, unit, met):
    result = with_potassium(calcium=canon("calcium", value, unit))
    assert result.laboratory_tls is met


def test_the_more_inclusive_threshold_is_named_as_a_choice():
    result = with_potassium(uric_acid=canon("uric_acid", 476, "umol/L"))
    assert any("uric acid" in b.criterion and "cartnav's choice" in b.source for b in result.basis)


@pytest.mark.parametrize(
    ("analyte", "baseline", "current", "met"),
    [
        ("uric_acid", 4.0, 4.9, False),
        ("uric_acid", 4.0, 5.0, True),
        ("uric_acid", 4.0, 5.1, True),
        ("potassium", 4.0, 4.9, False),
        ("potassium", 4.0, 5.0, True),
        ("phosphate", 3.2, 3.9, False),
        ("phosphate", 3.2, 4.0, True),
        ("calcium", 9.2, 7.0, True),
        ("calcium", 9.2, 6.9, True),
        ("calcium", 9.6, 7.3, False),
        ("calcium", 9.6, 7.2, True),
    ],
)
def test_twenty_five_percent_change_from_baseline(analyte, baseline, current, met):
    other = "uric_acid" if analyte != "uric_acid" else "potassium"
    abnormal = {"uric_acid": 9.0, "potassium": 6.5}[other]
    result = tls(current={other: abnormal, analyte: current}, baseline={analyte: baseline})
    assert result.laboratory_tls is met


def test_a_zero_baseline_has_no_proportional_change():
    result = tls(current={"potassium": 6.5, "uric_acid": 1.0}, baseline={"uric_acid": 0.0})
    assert result.laboratory_tls is False


def test_one_abnormality_is_not_laboratory_tls():
    result = with_potassium()
    assert result.laboratory_tls is False
    assert result.grade == 0
    assert any("1 of 4 laboratory criteria met" in b.criterion for b in result.basis)


@pytest.mark.parametrize(("day", "inside"), [(-4, False), (-3, True), (7, True), (8, False)])
def test_window_three_days_before_to_seven_after(day, inside):
    result = tls(current={"potassium": 6.5, "uric_acid": 9.0}, day_relative_to_therapy=day)
    assert result.laboratory_tls is inside
    assert any("outside the Cairo-Bishop window" in w for w in result.warnings) is not inside


@pytest.mark.parametrize(
    ("creatinine", "expected"),
    [
        (1.79, 0),
        (1.8, 1),
        (1.81, 2),
        (3.6, 2),
        (3.61, 3),
        (7.2, 3),
        (7.21, 4),
    ],
)
def test_creatinine_column(creatinine, expected):
    result = tls(current={"potassium": 6.5, "uric_acid": 9.0, "creatinine": creatinine})
    assert result.grade == expected
    assert result.clinical_tls is (expected >= 1)


def test_exactly_one_and_a_half_uln_is_grade_one_by_choice():
    result = tls(current={"potassium": 6.5, "uric_acid": 9.0, "creatinine": 1.8})
    assert any(
        b.source.startswith("cartnav's choice") and "exactly 1.5" in b.criterion
        for b in result.basis
    )


def test_creatinine_in_umol_per_litre():
    payload = {
        "age_years": 50,
        "day_relative_to_therapy": 0,
        "current": {
            "potassium": {"value": 6.5, "unit": "mmol/L"},
            "uric_acid": {"value": 600, "unit": "umol/L"},
            # 1.8 mg/dL at 88.4 µmol/L per mg/dL: exactly 1.5 times the ULN of 1.2 mg/dL
            "creatinine": {"value": 159.12, "unit": "umol/L"},
        },
        "creatinine_uln": {"value": 1.2, "unit": "mg/dL"},
        "arrhythmia": "none",
        "seizure": "none",
    }
    assert grade("tls", payload).grade == 1


@pytest.mark.parametrize(
    ("arrhythmia", "expected"),
    [
        ("none", 0),
        ("intervention_not_indicated", 1),
        ("nonurgent_intervention_indicated", 2),
        ("symptomatic_incompletely_controlled_or_device", 3),
        ("life_threatening", 4),
    ],
)
def test_arrhythmia_column(arrhythmia, expected):
    result = tls(current={"potassium": 6.5, "uric_acid": 9.0}, arrhythmia=arrhythmia)
    assert result.grade == expected


@pytest.mark.parametrize(
    ("seizure", "expected"),
    [
        ("none", 0),
        ("single_brief_generalized_or_well_controlled", 2),
        ("altered_consciousness_or_poorly_controlled", 3),
        ("prolonged_repetitive_or_refractory", 4),
    ],
)
def test_seizure_column(seizure, expected):
    result = tls(current={"potassium": 6.5, "uric_acid": 9.0}, seizure=seizure)
    assert result.grade == expected


def test_without_laboratory_tls_the_grade_is_zero_whatever_the_creatinine():
    result = tls(current={"creatinine": 8.0}, arrhythmia="life_threatening")
    assert (result.laboratory_tls, result.clinical_tls, result.grade) == (False, False, 0)


def test_howard_drops_the_change_rule():
    changed = {
        "current": {"potassium": 5.5, "uric_acid": 7.0},
        "baseline": {"potassium": 4.0, "uric_acid": 5.0},
    }
    assert tls(**changed).laboratory_tls is True
    howard = tls(**changed, rule="howard_2011")
    assert howard.laboratory_tls is False
    assert any(b.source == "Howard et al., NEJM 2011, Table 1" for b in howard.basis)
    assert (
        "Howard 2011 does not use the change from baseline: the baseline uric acid, potassium, "
        "phosphate and calcium are ignored"
    ) in howard.warnings


def test_howard_needs_no_baseline_and_gives_no_grade():
    result = grade_tls(
        age_years=50,
        day_relative_to_therapy=2,
        rule="howard_2011",
        current={**NORMAL, "potassium": 6.5, "uric_acid": 9.0},
        creatinine_uln=1.2,
        oliguria=False,
        symptomatic_hypocalcemia=False,
        **CALM,
    )
    assert (result.laboratory_tls, result.clinical_tls, result.grade) == (True, False, None)
    assert result.missing == ()
    assert result.basis[-1].criterion == (
        "Howard 2011 has no grade table: the grade is not given; laboratory TLS and clinical "
        "TLS are the answer"
    )


def test_missing_baseline_matters_only_when_the_absolute_threshold_is_not_met():
    result = grade_tls(
        age_years=50,
        day_relative_to_therapy=2,
        current={**NORMAL, "potassium": 6.5, "uric_acid": 9.0},
        creatinine_uln=1.2,
        **CALM,
    )
    assert result.laboratory_tls is True
    result = grade_tls(
        age_years=50,
        day_relative_to_therapy=2,
        current={**NORMAL, "potassium": 6.5},
        creatinine_uln=1.2,
        **CALM,
    )
    assert result.laboratory_tls is None
    assert result.missing == ("baseline.uric_acid", "baseline.phosphate", "baseline.calcium")


def test_unknown_age_matters_only_between_the_phosphate_thresholds():
    between = tls(
        current={"potassium": 6.5, "phosphate": 5.0}, baseline={"phosphate": 4.5}, age_years=None
    )
    assert between.laboratory_tls is None
    assert between.missing == ("age_years",)
    above = tls(current={"potassium": 6.5, "phosphate": 7.0}, age_years=None)
    assert above.laboratory_tls is True


def test_unknown_age_and_baseline_are_both_named():
    result = grade_tls(
        day_relative_to_therapy=1, current={"potassium": 6.5, "phosphate": 5.0}, creatinine_uln=1.2
    )
    assert result.laboratory_tls is None
    assert "age_years" in result.missing
    assert "baseline.phosphate" in result.missing


def test_unknown_day_matters_only_with_laboratory_criteria():
    result = tls(current={"potassium": 6.5, "uric_acid": 9.0}, day_relative_to_therapy=None)
    assert result.laboratory_tls is None
    assert result.missing == ("day_relative_to_therapy",)
    calm = tls(day_relative_to_therapy=None)
    assert calm.laboratory_tls is False
    assert calm.grade == 0


def test_laboratory_tls_decided_but_the_grade_needs_creatinine():
    result = grade_tls(
        age_years=50,
        day_relative_to_therapy=1,
        creatinine_uln=1.2,
        current={"potassium": 6.5, "uric_acid": 9.0},
        **CALM,
    )
    assert result.laboratory_tls is True
    assert result.clinical_tls is None
    assert result.grade is None
    assert result.missing == ("current.creatinine",)


def test_a_life_threatening_arrhythmia_decides_grade_four_without_creatinine():
    result = grade_tls(
        age_years=50,
        day_relative_to_therapy=1,
        current={"potassium": 6.5, "uric_acid": 9.0},
        arrhythmia="life_threatening",
    )
    assert result.grade == 4
    assert result.clinical_tls is True


def test_without_a_recorded_death_the_worst_grade_is_four():
    result = tls(
        current={"potassium": 6.5, "uric_acid": 9.0, "creatinine": 20.0},
        arrhythmia="life_threatening",
        seizure="prolonged_repetitive_or_refractory",
    )
    assert result.grade == 4
    choice = [b for b in result.basis if "not recorded" in b.criterion]
    assert choice and choice[0].criterion == (
        "death due to TLS not recorded: graded as a living patient"
    )


def test_a_death_due_to_tls_with_laboratory_tls_is_grade_five():
    result = tls(current={"potassium": 6.5, "uric_acid": 9.0}, death_from_tls=True)
    assert (result.laboratory_tls, result.clinical_tls, result.grade) == (True, True, 5)
    assert result.basis[-1].criterion == "death due to clinical TLS: grade 5"
    assert result.basis[-1].source == "Cairo-Bishop 2004, clinical TLS grading table"
    assert result.input["death_from_tls"] is True
    assert result.missing == ()
    assert result.warnings == (ATTRIBUTION,)


def test_a_death_decides_grade_five_whatever_creatinine_arrhythmia_and_seizure_are():
    result = grade_tls(
        age_years=50,
        day_relative_to_therapy=1,
        current={"potassium": 6.5, "uric_acid": 9.0},
        death_from_tls=True,
    )
    assert result.grade == 5 and result.missing == ()


def test_a_death_without_laboratory_tls_is_grade_zero_with_a_warning():
    result = tls(current={"potassium": 6.5}, death_from_tls=True)
    assert (result.laboratory_tls, result.clinical_tls, result.grade) == (False, False, 0)
    assert result.warnings == (
        "a death recorded as due to TLS without laboratory TLS: Cairo-Bishop grade clinical TLS "
        "only with laboratory TLS, so the grade is 0; check the labs and their day",
    )


def test_a_death_with_laboratory_tls_undecided_names_what_would_decide_it():
    result = grade_tls(
        age_years=50,
        day_relative_to_therapy=1,
        current={"uric_acid": 9.0},
        death_from_tls=True,
    )
    assert result.grade is None
    assert "current.potassium" in result.missing


def test_death_from_tls_must_be_true_or_false():
    from cartnav.clinical import ClinicalInputError

    with pytest.raises(ClinicalInputError, match="death_from_tls"):
        tls(death_from_tls="yes")


def test_the_contract_carries_death_from_tls():
    result = grade(
        "tls",
        {
            "age_years": 50,
            "day_relative_to_therapy": 1,
            "current": {
                "potassium": {"value": 6.5, "unit": "mmol/L"},
                "uric_acid": {"value": 9.0, "unit": "mg/dL"},
            },
            "death_from_tls": True,
        },
    )
    assert result.grade == 5


def test_the_python_api_refuses_an_unknown_laboratory_value():
    from cartnav.clinical import ClinicalInputError

    with pytest.raises(ClinicalInputError) as caught:
        grade_tls(current={"sodium": 140.0})
    assert caught.value.field == "current.sodium"
    with pytest.raises(ClinicalInputError) as caught:
        grade_tls(baseline={"potassium": 20.0})
    assert caught.value.field == "baseline.potassium"


def test_laboratory_tls_carries_the_attribution_caveat():
    found = tls(current={"potassium": 6.5, "uric_acid": 9.0})
    assert found.laboratory_tls is True
    assert found.warnings == (ATTRIBUTION,)
    assert tls(current={"potassium": 6.5}).warnings == ()  # no laboratory TLS: no caveat
    undecided = grade_tls(current={"potassium": 6.5, "uric_acid": 9.0})  # day unknown
    assert undecided.laboratory_tls is None
    assert ATTRIBUTION not in undecided.warnings


def test_the_howard_inputs_are_ignored_under_cairo_bishop_with_a_warning():
    result = tls(
        current={"potassium": 6.5, "ionized_calcium": 0.9},
        baseline={"creatinine": 0.5},
        uric_acid_uln=5.0,
        oliguria=True,
        symptomatic_hypocalcemia=True,
    )
    assert result.laboratory_tls is False  # the low ionised calcium does not count here
    assert result.warnings == (
        "baseline.creatinine, current.ionized_calcium, uric_acid_uln, oliguria, "
        "symptomatic_hypocalcemia: used only by the Howard 2011 rule, ignored under "
        "Cairo-Bishop 2004",
    )
    assert tls(current={"potassium": 6.5}, oliguria=False).warnings == (
        "oliguria: used only by the Howard 2011 rule, ignored under Cairo-Bishop 2004",
    )


def test_the_grade_rests_on_the_clinical_table():
    result = tls(current={"potassium": 6.5, "uric_acid": 9.0, "creatinine": 2.5})
    assert result.grade == 2
    assert result.basis[-2].criterion == (
        "grade 2: the most severe of creatinine, arrhythmia and seizure"
    )
    assert result.basis[-2].source == "Cairo-Bishop 2004, clinical TLS grading table"
    none = tls(current={"potassium": 6.5})
    assert none.basis[-1].criterion == "grade 0: without laboratory TLS the grade is 0"

"""Issue 11, the second reading pass: limits written as exclusions, ages in the text, criteria
written for one disease or as alternatives, formalities confirmed at enrolment, the diagnoses
the criteria text names, and follow-up studies of people already treated.

Each test states what a patient gets: the verdict, and the criterion that decides it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cartnav.eligibility.criteria import extract
from cartnav.eligibility.profile import PatientProfile
from cartnav.eligibility.screen import TrialEntry, screen_trial

TODAY = dt.date(2026, 12, 1)


def _kinds(text: str) -> list[tuple[str, float | None, str]]:
    return [(c.kind, c.value, c.unit or c.target or c.scope) for c in extract(text) if c.parsed]


def _verdict(text: str, **facts: object) -> tuple[str, list[str]]:
    trial = TrialEntry("NCT00000000", "a trial", "RECRUITING", tuple(extract(text)))
    option = screen_trial(PatientProfile.from_dict(dict(facts)), trial, TODAY)
    return option.verdict, [f["criterion"] for f in option.failed]


# --- limits written as exclusions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Serum creatinine >2.5 mg/dL", ("creatinine_max", 2.5, "mg/dL")),
        ("Creatinine > 221 µmol/L", ("creatinine_max", round(221 / 88.42, 4), "mg/dL")),
        ("Total bilirubin >2 mg/dL", ("bilirubin_max", 2.0, "mg/dL")),
        ("ALT/AST >5× upper limit of normal (ULN)", ("alt_max", 5.0, "xULN")),
        (
            "Left ventricular ejection fraction (LVEF) < 45% by echocardiogram",
            ("lvef_min", 45.0, "%"),
        ),
        ("Oxygen saturation < 92% on room air", ("spo2_min", 92.0, "%")),
        ("Creatinine clearance < 30 mL/min", ("crcl_min", 30.0, "mL/min")),
        ("Life expectancy <12 weeks", ("life_expectancy_min", round(12 / 4.345, 3), "months")),
        ("ECOG performance status ≥ 3", ("ecog_max", 2.0, "")),
        ("ECOG > 2", ("ecog_max", 2.0, "")),
    ],
)
def test_a_strict_exclusion_limit_is_read_as_the_limit_it_leaves(
    sentence: str, expected: tuple[str, float, str]
) -> None:
    assert expected in _kinds("Exclusion Criteria:\n* " + sentence)


@pytest.mark.parametrize(
    ("sentence", "kind", "value"),
    [
        ("Serum creatinine ≥ 2.5 mg/dL", "creatinine_max", 2.5),
        ("LVEF ≤ 45%", "lvef_min", 45.0),
        ("Creatinine greater than or equal to 2 mg/dL", "creatinine_max", 2.0),
    ],
)
def test_an_inclusive_exclusion_limit_leaves_a_strict_one(
    sentence: str, kind: str, value: float
) -> None:
    """Excluding "≥ 2.5" allows only below 2.5: the limit left is strict."""
    found = [c for c in extract("Exclusion Criteria:\n* " + sentence) if c.parsed]
    assert [(c.kind, c.value, c.strict) for c in found] == [(kind, value, True)]


def test_a_strict_limit_decides_at_its_boundary() -> None:
    text = "Exclusion Criteria:\n* Serum creatinine ≥ 2.5 mg/dL"
    at = {"creatinine": {"value": 2.5, "unit": "mg/dL"}}
    below = {"creatinine": {"value": 2.4, "unit": "mg/dL"}}
    assert _verdict(text, labs=at) == ("not_eligible", ["serum creatinine below 2.5 mg/dL"])
    assert _verdict(text, labs=below) == ("eligible", [])
    inclusion = "Inclusion Criteria:\n* LVEF > 45%"
    assert _verdict(inclusion, labs={"lvef": {"value": 45, "unit": "%"}})[0] == "not_eligible"
    assert _verdict(inclusion, labs={"lvef": {"value": 46, "unit": "%"}})[0] == "eligible"


def test_the_exclusion_limit_decides_at_its_boundary() -> None:
    text = "Exclusion Criteria:\n* Serum creatinine >2.5 mg/dL"
    at = {"creatinine": {"value": 2.5, "unit": "mg/dL"}}
    above = {"creatinine": {"value": 2.6, "unit": "mg/dL"}}
    assert _verdict(text, labs=at) == ("eligible", [])
    assert _verdict(text, labs=above) == ("not_eligible", ["serum creatinine at most 2.5 mg/dL"])
    assert _verdict(text)[0] == "unknown"


# --- ages in the text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Male or female aged 3-70 years;",
            [("age_min", 3.0, "years"), ("age_max", 70.0, "years")],
        ),
        ("18-75 years old;", [("age_min", 18.0, "years"), ("age_max", 75.0, "years")]),
        (
            "Age 18-80 years, no gender restrictions",
            [("age_min", 18.0, "years"), ("age_max", 80.0, "years")],
        ),
        (
            "Subject is ≥ 18 years of age at the time of signing the informed consent form",
            [("age_min", 18.0, "years")],
        ),
        # a strict upper bound: below 75 (a 74.9-year-old is in, a 75-year-old is not)
        (
            "Male or female, aged ≥18 years and <75 years",
            [("age_min", 18.0, "years"), ("age_max", 75.0, "years")],
        ),
        # the age that picks a performance scale is no age limit
        ("Karnofsky (age ≥10 years) or Lansky (age <10 years) score ≥50%", []),
    ],
)
def test_ages_in_the_text(sentence: str, expected: list[tuple[str, float, str]]) -> None:
    assert [
        k for k in _kinds("Inclusion Criteria:\n* " + sentence) if k[0].startswith("age")
    ] == expected


# --- scope: one disease's criteria, cohorts and alternatives ---------------------------------

#: NCT04226989's own layout (abridged): criteria for B-ALL, for B-NHL, then common ones.
TWO_DISEASES = """Inclusion Criteria:

* Inclusion criteria only for B-ALL:

  1. Male or female aged 3-70 years;
  2. Philadelphia-chromosome-negative (Ph-) patients
* Inclusion criteria only for B-NHL:

  1. Male or female aged 18-70 years;
  2. At least one assessable tumor lesion per Lugano 2014 criteria;
* Common inclusion criteria for B-ALL and B-NHL:

  1. Echocardiogram shows left ventricular ejection fraction (LVEF) ≥ 50%;
"""


def test_criteria_written_for_one_disease_apply_to_that_disease_only() -> None:
    ages = [(c.kind, c.value, c.scope) for c in extract(TWO_DISEASES) if c.kind.startswith("age")]
    assert ages == [
        ("age_min", 3.0, "B-ALL"),
        ("age_max", 70.0, "B-ALL"),
        ("age_min", 18.0, "B-NHL"),
        ("age_max", 70.0, "B-NHL"),
    ]
    child = {"age_years": 9, "disease": "B-ALL", "labs": {"lvef": {"value": 64, "unit": "%"}}}
    verdict, failed = _verdict(TWO_DISEASES, **child)
    # the B-NHL age does not apply to a child with B-ALL; the B-ALL sentences are undecided
    assert failed == [] and verdict == "unknown"
    lymphoma_child = {**child, "disease": "DLBCL"}
    assert _verdict(TWO_DISEASES, **lymphoma_child) == (
        "not_eligible",
        ["age at least 18 (only for B-NHL)"],
    )


def test_the_common_criteria_apply_to_everyone() -> None:
    common = [c for c in extract(TWO_DISEASES) if c.kind == "lvef_min"]
    assert [(c.value, c.scope) for c in common] == [(50.0, "")]


def test_alternatives_under_a_lead_are_not_requirements() -> None:
    text = """Inclusion Criteria:

1. Relapsed or refractory B-ALL (meeting one of the following conditions):

   1. Age 1-24 years with any on-treatment relapse;
   2. ECOG 0-1 and second relapse;
2. ECOG 0-2
"""
    kinds = _kinds(text)
    assert ("ecog_max", 2.0, "") in kinds
    assert ("ecog_max", 1.0, "") not in kinds and not any(k[0] == "age_min" for k in kinds)


def test_items_ending_in_or_are_alternatives() -> None:
    text = "Inclusion Criteria:\n* HR first relapse; OR,\n* Age 16-24 years with an on-treatment relapse"
    assert not any(k[0].startswith("age") for k in _kinds(text))


def test_any_of_the_following_in_the_exclusions_is_each_an_exclusion() -> None:
    text = """Exclusion Criteria:

* Subjects who meet any of the following criteria are excluded from the study:

  1. Left ventricular ejection fraction < 45%;
"""
    assert ("lvef_min", 45.0, "%") in _kinds(text)


def test_a_flat_list_is_not_scoped_by_an_item_ending_in_or() -> None:
    """Registry text without indentation: one "…, or" item must not scope the whole list."""
    text = (
        "Inclusion Criteria:\n1. The long axis of the lesion should be ≥15mm, or\n"
        "2. Extranodal lesions ≥10mm\n3. ECOG 0-1\n4. LVEF ≥ 50%"
    )
    kinds = _kinds(text)
    assert ("ecog_max", 1.0, "") in kinds and ("lvef_min", 50.0, "%") in kinds


# --- formalities confirmed at enrolment --------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Signed informed consent",
        "Willing to follow and able to complete all study procedures",
        "Must be willing to practice birth control",
        "Other unsuitable situations for enrollment judged by investigators",
        "Concurrent systemic conditions that may interfere with study participation, in the opinion of the investigator",
    ],
)
def test_a_formality_is_confirmed_at_enrolment(sentence: str) -> None:
    assert [c.kind for c in extract("Inclusion Criteria:\n* " + sentence)] == ["enrolment"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Uncontrolled infection in the opinion of the investigator",
        "Adequate bone marrow function as assessed by the investigator",
        "Participated in another interventional clinical study within 3 months before signing consent",
        "Major surgery within 4 weeks before signing the informed consent form",
    ],
)
def test_a_clinical_fact_is_never_a_formality(sentence: str) -> None:
    assert "enrolment" not in [c.kind for c in extract("Exclusion Criteria:\n* " + sentence)]


def test_formalities_do_not_hold_back_an_eligible_verdict_and_are_listed_apart() -> None:
    text = "Inclusion Criteria:\n* ECOG 0-1\n* Signed informed consent"
    trial = TrialEntry("NCT00000001", "t", "RECRUITING", tuple(extract(text)))
    option = screen_trial(PatientProfile.from_dict({"ecog": 1}), trial, TODAY)
    assert option.verdict == "eligible"
    assert [r["sentence"] for r in option.at_enrolment] == ["Signed informed consent"]
    assert [r["sentence"] for r in option.met] == ["ECOG 0-1"]
    assert option.to_dict()["at_enrolment"][0]["kind"] == "enrolment"


# --- the diagnoses the text names ---------------------------------------------------------------


def test_the_text_s_diagnoses_fail_a_patient_whose_disease_it_never_names() -> None:
    text = "Inclusion Criteria:\n* Confirmed diagnosis of DLBCL, FL, or MCL"
    # read whole (the sentence says nothing else) and in the union of the text's diagnoses
    assert _verdict(text, disease="CLL") == (
        "not_eligible",
        [
            "diagnosis DLBCL or MCL or FL",
            "diagnosis among those the criteria text names DLBCL or MCL or FL",
        ],
    )
    assert _verdict(text, disease="DLBCL")[0] == "eligible"
    assert _verdict(text)[0] == "unknown"


def test_the_union_is_permissive_broad_names_and_every_sentence_count() -> None:
    text = (
        "Inclusion Criteria:\n* Participants with CD19 positive B-cell malignancies, including "
        "acute lymphocytic leukemia (ALL), chronic lymphocytic leukemia (CLL) and non-Hodgkin "
        "lymphoma (NHL)\n* Cohort B: relapsed multiple myeloma"
    )
    assert _verdict(text, disease="DLBCL")[1] == []
    assert _verdict(text, disease="MM")[1] == []
    assert _verdict(text, disease="SLE")[0] == "not_eligible"


def test_a_lone_allowance_is_not_a_list_of_diagnoses() -> None:
    text = "Inclusion Criteria:\n* Patients with secondary CNS lymphoma are eligible"
    assert "text_diseases" not in [c.kind for c in extract(text)]


# --- follow-up studies of people already treated ----------------------------------------------


def test_a_follow_up_study_needs_a_prior_car_t() -> None:
    text = "Inclusion Criteria:\n* Patients must have received an AUTO CAR T cell therapy on a clinical treatment study"
    assert _verdict(text, prior_car_t=False)[1][0].startswith("a CAR-T or gene-modified")
    # which product they had is for a person to check
    assert _verdict(text, prior_car_t=True)[0] == "unknown"


def test_a_prior_car_t_that_is_allowed_is_not_required() -> None:
    text = "Inclusion Criteria:\n* Allow patients who have previously received CAR-T cell therapy and have relapsed"
    assert "prior_car_t_received" not in [c.kind for c in extract(text)]


def test_either_antigen_is_not_both() -> None:
    text = "Inclusion Criteria:\n* Documentation of CD19 and/or CD22 expression on leukaemic blasts"
    assert not [c for c in extract(text) if c.kind == "antigen_positive"]


# --- sentences that only state the diagnosis ---------------------------------------------------


def test_a_sentence_that_only_states_the_diagnosis_is_read_whole() -> None:
    text = "Inclusion Criteria:\n* Refractory or relapsed B cell-acute lymphoblastic leukemia"
    assert [c.kind for c in extract(text) if c.kind not in ("text_diseases",)] == [
        "disease",
        "relapsed_or_refractory",
    ]
    assert _verdict(text, disease="DLBCL")[1][0] == "diagnosis B-ALL"
    assert _verdict(text, disease="B-ALL", relapsed=True)[0] == "eligible"


def test_diagnoses_listed_one_per_line_are_alternatives() -> None:
    text = (
        "Inclusion Criteria:\n* Histologically confirmed:\n  * Diffuse large B-cell lymphoma (DLBCL)\n"
        "  * Primary mediastinal large B-cell lymphoma (PMBCL)\n  * High-grade B-cell lymphoma"
    )
    assert _verdict(text, disease="DLBCL") == ("eligible", [])
    assert _verdict(text, disease="PMBCL") == ("eligible", [])
    assert _verdict(text, disease="FL")[0] == "not_eligible"


def test_a_diagnosis_sentence_with_anything_else_in_it_is_not_read_whole() -> None:
    for sentence in (
        "Advanced or metastatic clear-cell renal cell carcinoma",  # the stage is a requirement
        "CD19 and/or CD22 positive B-cell lymphoma",
        "DLBCL after at least two lines of therapy",
    ):
        assert "disease" not in [c.kind for c in extract("Inclusion Criteria:\n* " + sentence)]


def test_a_heading_that_names_a_disease_scopes_what_follows_and_is_no_requirement() -> None:
    text = "Inclusion Criteria:\n* CLL:\n  * ECOG 0-1\n* ECOG 0-2"
    criteria = extract(text)
    assert [(c.kind, c.value, c.scope) for c in criteria if c.kind == "ecog_max"] == [
        ("ecog_max", 1.0, "CLL"),
        ("ecog_max", 2.0, ""),
    ]
    assert "disease" not in [c.kind for c in criteria]
    assert _verdict(text, disease="DLBCL", ecog=2) == ("eligible", [])
    assert _verdict(text, disease="CLL", ecog=2)[0] == "not_eligible"


def test_a_line_that_begins_with_a_disease_is_for_that_disease() -> None:
    text = "Inclusion Criteria:\n1. Mantle cell lymphoma (MCL): ECOG 0-1\n2. LVEF ≥ 50%"
    scopes = {c.kind: c.scope for c in extract(text) if c.kind in ("ecog_max", "lvef_min")}
    assert scopes == {"ecog_max": "MCL", "lvef_min": ""}


def test_a_colon_is_needed_for_a_disease_prefix() -> None:
    """ "HIV/HBV/HCV Infection" names HIV but is an exclusion for everyone, not a scope."""
    criteria = extract("Exclusion Criteria:\n8. HIV/HBV/HCV Infection.")
    assert {c.kind for c in criteria} >= {"hiv", "hcv"} and all(not c.scope for c in criteria)


def test_a_flat_list_under_a_scoping_lead_runs_to_the_next_lead() -> None:
    text = (
        "Inclusion Criteria:\n1. For patients in Part A:\n2. ECOG 0-1\n3. LVEF ≥ 50%\n"
        "4. Adequate organ function:\n5. Creatinine clearance ≥ 60 mL/min"
    )
    kinds = _kinds(text)
    assert not any(k[0] in ("ecog_max", "lvef_min") for k in kinds)  # Part A only, maybe
    assert ("crcl_min", 60.0, "mL/min") in kinds


def test_participants_and_the_oncology_group_are_no_scoping_leads() -> None:
    text = (
        "Inclusion Criteria:\n* Eastern Cooperative Oncology Group (ECOG) score 0-1; participants "
        "should meet the following test results:\n  * LVEF ≥ 50%"
    )
    assert ("lvef_min", 50.0, "%") in _kinds(text)


def test_a_heading_asks_nothing_of_its_own() -> None:
    for sentence in (
        "Histologically confirmed:",
        "Adequate organ function, defined as follows:",
        "CLL:",
    ):
        assert [c.kind for c in extract("Inclusion Criteria:\n* " + sentence)] == ["heading"]
    # a lead with a requirement in it is no heading
    lead = "Relapsed or refractory B-ALL (meeting one of the following conditions):"
    assert "heading" not in [c.kind for c in extract("Inclusion Criteria:\n* " + lead)]


def test_a_plain_allowance_asks_nothing_and_a_conditional_one_stays_for_a_person() -> None:
    plain = "Recent or current use of inhaled steroids is not exclusionary"
    conditional = "Prior CD19 therapy is allowed if CD19 positive"
    assert [c.kind for c in extract("Exclusion Criteria:\n* " + plain)] == ["allowance"]
    assert [c.kind for c in extract("Exclusion Criteria:\n* " + conditional)] == ["text"]


def test_markup_left_in_the_registry_text_is_no_criterion() -> None:
    criteria = extract("Inclusion Criteria:\n* Age:18-80\n\n<!-- -->\n\n* ECOG 0-1")
    assert [c.sentence for c in criteria] == ["Age:18-80", "Age:18-80", "ECOG 0-1"]
    assert [c.kind for c in criteria] == ["age_min", "age_max", "ecog_max"]


# --- medical history the trials exclude by name -------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Acute or chronic graft-versus-host disease (GVHD)", "gvhd"),
        ("Active acute or chronic GVHD requiring systemic therapy", "gvhd_qualified"),
        ("Active treatment for another cancer", "other_malignancy_active"),
        (
            "History of another malignancy that has not been in remission for at least 2 years",
            "other_malignancy_history",
        ),
        ("New York Heart Association (NYHA) Class III or IV heart failure", "heart_disease"),
        ("History of seizure disorder", "neurological_disorder"),
        ("Autoimmune disease requiring systemic immunosuppressive treatment", "autoimmune"),
        ("History or clinical evidence of CNS disease", "cns_disease_any"),
    ],
)
def test_medical_history_is_read(sentence: str, kind: str) -> None:
    assert [c.kind for c in extract("Exclusion Criteria:\n* " + sentence)] == [kind]


def test_cns_metastases_are_not_another_cancer() -> None:
    kinds = [
        c.kind
        for c in extract(
            "Exclusion Criteria:\n* Untreated or symptomatic CNS metastases of the tumour"
        )
    ]
    assert "other_malignancy_history" not in kinds and "other_malignancy_active" not in kinds


@pytest.mark.parametrize(
    ("sentence", "facts", "verdict"),
    [
        ("Acute or chronic GVHD", {"gvhd_active": True}, "not_eligible"),
        ("Acute or chronic GVHD", {"gvhd_active": False}, "eligible"),
        # a qualifier cartnav does not hold: with the condition, a person judges
        ("Active GVHD requiring systemic therapy", {"gvhd_active": True}, "unknown"),
        ("Active GVHD requiring systemic therapy", {"gvhd_active": False}, "eligible"),
        ("Any concurrent active malignancies", {"other_malignancy": "active"}, "not_eligible"),
        ("Any concurrent active malignancies", {"other_malignancy": "past"}, "eligible"),
        ("Other malignancy within the past 3 years", {"other_malignancy": "past"}, "unknown"),
        ("Other malignancy within the past 3 years", {"other_malignancy": "none"}, "eligible"),
        (
            "Other malignancy within the past 3 years",
            {"other_malignancy": "active"},
            "not_eligible",
        ),
        ("NYHA class III or IV heart failure", {"heart_disease": True}, "unknown"),
        ("NYHA class III or IV heart failure", {"heart_disease": False}, "eligible"),
        ("NYHA class III or IV heart failure", {}, "unknown"),
        (
            "History or clinical evidence of CNS disease",
            {"cns_involvement": True, "neurological_disorder": False},
            "unknown",
        ),
        (
            "History or clinical evidence of CNS disease",
            {"cns_involvement": False, "neurological_disorder": False},
            "eligible",
        ),
    ],
)
def test_history_decides_only_what_the_fact_can(
    sentence: str, facts: dict[str, object], verdict: str
) -> None:
    assert _verdict("Exclusion Criteria:\n* " + sentence, **facts)[0] == verdict


def test_words_that_only_qualify_do_not_leave_a_sentence_half_read() -> None:
    text = (
        "Exclusion Criteria:\n* Active, uncontrolled systemic fungal, bacterial or viral infection"
    )
    assert [c.kind for c in extract(text)] == ["infection_uncontrolled"]
    # a real second requirement still leaves the sentence for a person
    mixed = "Inclusion Criteria:\n* ECOG 0-1, measurable disease"
    assert [c.kind for c in extract(mixed)] == ["ecog_max", "text"]


def test_the_history_facts_are_validated_where_they_enter() -> None:
    from cartnav.eligibility.profile import ProfileError

    with pytest.raises(ProfileError, match="other_malignancy"):
        PatientProfile.from_dict({"other_malignancy": "yes"})
    with pytest.raises(ProfileError, match="heart_disease"):
        PatientProfile.from_dict({"heart_disease": "no"})


def test_an_uncontrolled_infection_is_not_any_active_infection() -> None:
    """A controlled infection under treatment may enter a trial that excludes uncontrolled ones."""
    text = "Exclusion Criteria:\n* Uncontrolled infection"
    assert _verdict(text, active_infection=True)[0] == "unknown"
    assert _verdict(text, active_infection=False)[0] == "eligible"
    assert (
        _verdict("Exclusion Criteria:\n* Active infection", active_infection=True)[0]
        == "not_eligible"
    )


def test_the_age_limit_below_is_strict() -> None:
    text = "Inclusion Criteria:\n* Male or female, aged ≥18 years and <75 years"
    assert _verdict(text, age_years=75)[1] == ["age below 75"]
    assert _verdict(text, age_years=74.9)[0] == "eligible"


@pytest.mark.parametrize(
    "sentence",
    [
        "Total bilirubin <2.0 mg/dL, except in study participants with Gilbert's syndrome",
        "AST and ALT of patients with liver metastasis ≤ 5 × ULN",
        "Serum creatinine ≤1.5 times ULN or creatinine clearance ≥30 mL/min",
        "Physiologic replacement of steroids (prednisone ≤ 7.5 mg /day or equivalent) is allowed",
    ],
)
def test_a_limit_for_some_patients_or_one_of_two_is_left_for_a_person(sentence: str) -> None:
    for section in ("Inclusion", "Exclusion"):
        read = extract(f"{section} Criteria:\n* {sentence}")
        assert [c.kind for c in read if c.kind != "text_diseases"] == ["text"]


def test_a_second_part_beginning_with_or_makes_the_line_alternatives() -> None:
    text = "Inclusion Criteria:\n* Serum creatinine ≤ 1.5 mg/dL; or Creatinine clearance rate (Ccr) ≥ 60 mL/min"
    assert [c.kind for c in extract(text)] == ["text", "text"]


def test_a_named_condition_in_a_catch_all_is_no_formality() -> None:
    sentence = "Other cardiac disease that, in the opinion of the investigator, may jeopardize the participant"
    assert "enrolment" not in [c.kind for c in extract("Exclusion Criteria:\n* " + sentence)]


def test_a_transformed_follicular_lymphoma_is_never_failed_by_a_dlbcl_trial() -> None:
    """Many protocols count "DLBCL transformed from FL" as DLBCL, others exclude it: undecided."""
    text = "Inclusion Criteria:\n* Confirmed diagnosis of DLBCL, FL, or MCL"
    assert _verdict(text, disease="tFL")[0] == "unknown"
    assert _verdict(text, disease="CLL")[0] == "not_eligible"


def test_the_hand_checked_claims_of_the_second_pass() -> None:
    """95 claims of extractor version 6, checked by hand against the trials' text
    (data/gold_extraction_review.json; 60 right then, 71 counting strictness alone). Every claim
    judged wrong is now either no longer made, made strict where the text is strict, or made with
    a corrected list of diagnoses — except those listed here, each with why it remains."""
    import json
    from pathlib import Path

    data = Path(__file__).with_name("data")
    review = json.loads((data / "gold_extraction_review.json").read_text())["items"]
    trials = json.loads(
        (
            Path(__file__).resolve().parents[2]
            / "cartnav/catalog/data/ctgov_cart_onc_monitor/eligibility_sample_200.json"
        ).read_text()
    )["trials"]
    texts = {t["NCTId"]: t.get("EligibilityCriteria") or "" for t in trials}
    remaining = {
        # the relaxation for hepatic metastases sits in the next sentence, out of reach
        23: "alt_max",
        24: "ast_max",
        # the marginal-zone heading of a flat list: where its items end cannot be told
        75: "lines_min",
    }
    still_wrong, right_now_missing = {}, []
    for i, item in enumerate(review):
        made = [
            c
            for c in extract(texts[item["nct_id"]])
            if c.sentence == item["sentence"]
            and c.kind == item["kind"]
            and c.value == item["value"]
        ]
        if item["right"]:
            if not made:
                right_now_missing.append(i)
            continue
        if not made:
            continue
        claim = made[0]
        if item.get("why", "").startswith("Boundary") and claim.strict:
            continue
        if i == 40:
            # "too narrow: a transformed FL is neither DLBCL nor FL" — now undecided, not failed
            from cartnav.eligibility.rules import UNKNOWN, disease_status

            assert disease_status("tFL", claim.target) == UNKNOWN
            continue
        if item["kind"] == "disease" and claim.target != item["target"]:
            # the union no longer takes diagnoses from sentences that do not state one
            assert "CANCER" not in claim.target.split("|") or claim.target == "CANCER"
            continue
        still_wrong[i] = item["kind"]
    assert still_wrong == remaining
    # right claims may be given up only by a safer reading (a stricter kind), never silently
    assert right_now_missing == [], right_now_missing

"""Extraction of each criterion kind from real sentences of the shared eligibility sample."""

from __future__ import annotations

import pytest

from cartnav.eligibility.criteria import Criterion, extract


def _one(text: str) -> list[tuple[str, bool, float | None, str]]:
    """The criteria read from the sentences (the union of diagnoses they name is tested on its
    own in test_criteria_scope_and_formalities.py)."""
    return [
        (c.kind, c.inclusion, c.value, c.unit or c.target)
        for c in extract(text)
        if c.parsed and c.kind != "text_diseases"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Inclusion Criteria:\n* Eastern Cooperative Oncology Group (ECOG) performance status score 0 or 1.",
            [("ecog_max", True, 1.0, "")],
        ),
        ("Inclusion Criteria:\n* ECOG 0-2", [("ecog_max", True, 2.0, "")]),
        (
            "Inclusion Criteria:\n6. Patients must have a Karnofsky performance status of ≥60%.",
            [("karnofsky_min", True, 60.0, "")],
        ),
        (
            "Inclusion Criteria:\n* Relapsed after at least two lines of therapy",
            [("lines_min", True, 2.0, "")],
        ),
        (
            "Inclusion Criteria:\n* Life expectancy \\> 12 weeks",
            [("life_expectancy_min", True, round(12 / 4.345, 3), "months")],
        ),
        (
            "Inclusion Criteria:\n* CD19 positive B-cell lymphoma confirmed by flow cytometry",
            [("antigen_positive", True, None, "CD19")],
        ),
        (
            "Inclusion Criteria:\n* Absolute neutrophil count ≥ 1.0 × 10^9/L",
            [("anc_min", True, 1.0, "10*9/L")],
        ),
        (
            "Inclusion Criteria:\n* Platelets ≥ 50,000/mm3",
            [],
        ),  # thousands separator: left for review
        ("Inclusion Criteria:\n* Platelets ≥ 75000/uL", [("platelets_min", True, 75.0, "10*9/L")]),
        ("Inclusion Criteria:\n* Hemoglobin ≥ 80 g/L", [("hemoglobin_min", True, 8.0, "g/dL")]),
        (
            "Inclusion Criteria:\n* Creatinine clearance ≥ 60 mL/min",
            [("crcl_min", True, 60.0, "mL/min")],
        ),
        (
            "Inclusion Criteria:\n* Serum creatinine ≤ 1.5 mg/dL",
            [("creatinine_max", True, 1.5, "mg/dL")],
        ),
        (
            "Inclusion Criteria:\n* Total bilirubin ≤ 34.2 μmol/L",
            [("bilirubin_max", True, 2.0, "mg/dL")],
        ),
        (
            "Inclusion Criteria:\n* ALT and AST ≤ 3 × ULN",
            [("alt_max", True, 3.0, "xULN"), ("ast_max", True, 3.0, "xULN")],
        ),
        ("Inclusion Criteria:\n* LVEF ≥ 50% by echocardiogram", [("lvef_min", True, 50.0, "%")]),
        ("Inclusion Criteria:\n* SpO2 \\> 92% on room air", [("spo2_min", True, 92.0, "%")]),
        ("Exclusion Criteria:\n* Prior CAR-T cell therapy", [("prior_car_t", False, None, "")]),
        (
            "Exclusion Criteria:\n* Allogeneic stem cell transplant within 6 months",
            [("allo_transplant", False, 6.0, "months")],
        ),
        (
            "Exclusion Criteria:\n* Active central nervous system lymphoma",
            [("cns", False, None, "")],
        ),
        (
            "Exclusion Criteria:\n* Uncontrolled active infection",
            [("infection_uncontrolled", False, None, "")],
        ),
        (
            "Exclusion Criteria:\n* HIV, hepatitis B or hepatitis C infection",
            # "hepatitis B infection" does not say whether a suppressed carrier is excluded
            [
                ("hiv", False, None, ""),
                ("hbv_infection", False, None, ""),
                ("hcv", False, None, ""),
            ],
        ),
        (
            "Exclusion Criteria:\n* Pregnant or breast-feeding women",
            [("pregnant", False, None, "")],
        ),
    ],
)
def test_each_kind_is_extracted_with_its_value(
    text: str, expected: list[tuple[str, bool, float | None, str]]
) -> None:
    assert _one(text) == expected


def test_every_criterion_keeps_its_sentence_and_nothing_is_dropped() -> None:
    text = "Inclusion Criteria:\n* ECOG 0-1\n* Able to give informed consent\n\nExclusion Criteria:\n* Prior CAR-T therapy"
    criteria = extract(text)
    assert [c.sentence for c in criteria] == [
        "ECOG 0-1",
        "Able to give informed consent",
        "Prior CAR-T therapy",
    ]
    # consent is a formality confirmed at enrolment, kept with its sentence like the rest
    assert criteria[1] == Criterion(
        "enrolment", True, sentence="Able to give informed consent", source="trial text"
    )


def test_a_conditional_threshold_is_left_for_review() -> None:
    criteria = extract(
        "Inclusion Criteria:\n* For patients with MCL: at least one prior line of therapy"
    )
    assert [c.kind for c in criteria] == ["text"]

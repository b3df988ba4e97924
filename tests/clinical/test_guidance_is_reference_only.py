"""Management guidance (clinical.md §6): tocilizumab dosing and the ASCO 2021 steroid lines, each
naming its source and labelled as reference, never as an order."""

import pytest

from cartnav.clinical import (
    ClinicalInputError,
    crs_guidance,
    grade_crs,
    grade_hematotox,
    guidance_for,
    icans_guidance,
    tocilizumab_dose,
)
from cartnav.clinical.guidance import REFERENCE_LABEL


@pytest.mark.parametrize(
    ("weight", "per_kg", "dose", "capped"),
    [
        (10.0, 12.0, 120.0, False),
        (29.9, 12.0, 358.8, False),
        (30.0, 8.0, 240.0, False),
        (70.0, 8.0, 560.0, False),
        (100.0, 8.0, 800.0, False),
        (100.1, 8.0, 800.0, True),
        (140.0, 8.0, 800.0, True),
    ],
)
def test_tocilizumab_dose(weight, per_kg, dose, capped):
    result = tocilizumab_dose(weight)
    assert (result.mg_per_kg, result.capped) == (per_kg, capped)
    assert result.dose_mg == pytest.approx(dose)


def test_an_impossible_weight_is_refused():
    with pytest.raises(ClinicalInputError) as caught:
        tocilizumab_dose(0.0)
    assert caught.value.field == "weight_kg"


def test_the_dosing_line_states_repeat_and_maximum_doses():
    line = crs_guidance(2, weight_kg=120)[1]
    assert "may repeat every 8 h if no improvement" in line.text
    assert "at most 3 doses in 24 h and 4 in total" in line.text
    assert "For 120 kg: 800 mg (capped at 800 mg)." in line.text


ASCO = "Santomasso et al., ASCO guideline, J Clin Oncol 2021"
LABEL = "Tocilizumab product label (CRS)"


@pytest.mark.parametrize(
    ("grade", "first"),
    [
        (
            1,
            "Supportive care; tocilizumab may be considered for persistent fever (> 3 days) or "
            "high-risk patients.",
        ),
        (2, "Tocilizumab; dexamethasone 10 mg IV every 12 h if refractory to 1–2 doses."),
        (3, "Tocilizumab plus dexamethasone 10 mg IV every 6 h."),
        (
            4,
            "Tocilizumab plus methylprednisolone 500 mg IV every 12 h for 3 days, then a fast "
            "taper (250 mg every 12 h for 2 days, 125 mg every 12 h for 2 days, 60 mg every "
            "12 h for 2 days); escalate to 1,000 mg IV twice a day if no improvement.",
        ),
    ],
)
def test_crs_guidance_by_grade(grade, first):
    lines = crs_guidance(grade)
    assert lines[0].text == first
    assert [g.source for g in lines] == [ASCO, LABEL]
    assert all(g.label == REFERENCE_LABEL for g in lines)


PROPHYLAXIS = (
    "Seizure prophylaxis (levetiracetam) is considered by product and patient risk, at any "
    "grade, not by ICANS grade."
)


@pytest.mark.parametrize(
    ("grade", "first"),
    [
        (1, "Supportive care."),
        (
            2,
            "Supportive care; consider dexamethasone 10 mg IV for high-risk products or "
            "patients, repeated every 6–12 h if no improvement.",
        ),
        (3, "Dexamethasone 10 mg IV every 6–12 h, or methylprednisolone 1 mg/kg IV every 12 h."),
        (4, "Methylprednisolone 1,000 mg/day IV for 3 days, then taper."),
    ],
)
def test_icans_guidance_by_grade(grade, first):
    lines = icans_guidance(grade)
    assert [g.text for g in lines] == [first, PROPHYLAXIS, "Tocilizumab only for concurrent CRS."]
    assert [g.source for g in lines] == [ASCO, ASCO, ASCO]
    assert lines[0].to_dict()["label"] == "reference, not an order"


@pytest.mark.parametrize("grade", [None, 0, 5])
def test_no_guidance_without_a_gradeable_episode(grade):
    assert crs_guidance(grade) == []
    assert icans_guidance(grade) == []


def test_guidance_for_a_result():
    result = grade_crs(temperature=39.0, hypotension=True, vasopressors=2)
    assert guidance_for(result, weight_kg=25)[1].text.endswith("For 25 kg: 300 mg.")
    assert guidance_for(grade_hematotox()) == []


def test_guidance_for_an_icans_result():
    from cartnav.clinical import grade_icans

    result = grade_icans(
        age_years=40,
        ice={"total": 5},
        consciousness="alert",
        seizure="none",
        motor_weakness=False,
        raised_icp="none",
    )
    assert [g.text for g in guidance_for(result)] == [
        "Supportive care; consider dexamethasone 10 mg IV for high-risk products or patients, "
        "repeated every 6–12 h if no improvement.",
        PROPHYLAXIS,
        "Tocilizumab only for concurrent CRS.",
    ]

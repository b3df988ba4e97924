"""A result prints itself: headline, basis with sources, missing, warnings, and the reminder that
it is reference only."""

from cartnav.clinical import (
    grade_crs,
    grade_easix,
    grade_hematotox,
    grade_icans,
    grade_tls,
)


def test_a_crs_explanation():
    text = grade_crs(temperature=37.0, fever_masked=True, oxygen_device="cpap").explain()
    assert text.splitlines()[0] == "Cytokine release syndrome (ASTCT 2019): grade 4"
    assert (
        "  - hypoxia requiring positive pressure (CPAP): grade 4 [ASTCT 2019 (Lee et al.), "
        "Table 3]" in text
    )
    assert "Warnings:\n  - fever masked by tocilizumab/steroids: fever not required" in text
    assert text.endswith("Reference for trained clinicians; it is not an order.")


def test_an_undecided_explanation_says_what_is_missing():
    text = str(
        grade_crs(temperature=39.0, hypotension=False, oxygen_device="low_flow_nasal_cannula")
    )
    assert "grade cannot be decided from these inputs" in text
    assert "Missing (could change the result): oxygen_flow" in text


def test_scores_are_shown():
    assert "ice total: 7" in grade_icans(age_years=40, ice={"total": 7}).explain()
    assert "laboratory tls: None" in grade_tls().explain()
    assert (
        grade_hematotox(platelets=50, anc=0.5, hemoglobin=8, crp=4, ferritin=100).headline()
        == "CAR-HEMATOTOX (Rejeski 2021): score 5/7, risk high"
    )
    assert grade_hematotox().headline() == (
        "CAR-HEMATOTOX (Rejeski 2021): score unknown, risk unknown"
    )
    assert grade_easix(ldh=300, creatinine=1.0, platelets=100).headline() == (
        "EASIX (Luft 2017) and m-EASIX (Pennisi 2021): EASIX 3, m-EASIX not computed"
    )
    assert grade_easix(ldh=300, crp=1.0, platelets=100).headline() == (
        "EASIX (Luft 2017) and m-EASIX (Pennisi 2021): EASIX unknown, m-EASIX 3"
    )


def test_an_empty_basis_says_none():
    assert "Basis:\n  - none" in grade_hematotox().explain()

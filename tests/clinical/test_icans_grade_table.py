"""ASTCT 2019 ICANS grading (Lee et al., Tables 4 to 7): ICE bands, every domain, CAPD for
children, and deciding with missing domains."""

import pytest

from cartnav.clinical import ClinicalInputError, grade, grade_icans
from tests.clinical.strategies import ICANS_CALM

FULL_ICE = {"orientation": 4, "naming": 3, "commands": 1, "writing": 1, "attention": 1}


def adult(ice_total, **changes):
    return grade_icans(age_years=54, ice={"total": ice_total}, **{**ICANS_CALM, **changes})


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (10, 0),
        (9, 1),
        (8, 1),
        (7, 1),
        (6, 2),
        (5, 2),
        (3, 2),
        (2, 3),
        (1, 3),
        (0, 3),
    ],
)
def test_ice_bands(total, expected):
    assert adult(total).grade == expected


def test_ice_zero_awake_with_global_aphasia_is_grade_three():
    result = adult(0)
    assert result.grade == 3
    assert result.ice_total == 0


def test_ice_zero_unarousable_is_grade_four_through_consciousness():
    result = adult(0, consciousness="unarousable_or_requires_vigorous_stimuli")
    assert result.grade == 4
    assert any(
        "level of consciousness" in b.criterion and "grade 4" in b.criterion for b in result.basis
    )


@pytest.mark.parametrize(
    ("consciousness", "expected"),
    [
        ("alert", 0),
        ("awakens_spontaneously", 1),
        ("awakens_to_voice", 2),
        ("awakens_to_tactile_stimulus", 3),
        ("unarousable_or_requires_vigorous_stimuli", 4),
        ("stupor_or_coma", 4),
    ],
)
def test_consciousness_domain(consciousness, expected):
    assert adult(10, consciousness=consciousness).grade == expected


@pytest.mark.parametrize(
    ("seizure", "expected"),
    [
        ("none", 0),
        ("focal_or_generalized_resolving_rapidly", 3),
        ("nonconvulsive_on_eeg_resolving_with_intervention", 3),
        ("life_threatening_prolonged", 4),
        ("repetitive_without_return_to_baseline", 4),
    ],
)
def test_seizure_domain(seizure, expected):
    assert adult(10, seizure=seizure).grade == expected


@pytest.mark.parametrize(
    ("icp", "expected"),
    [
        ("none", 0),
        ("focal_edema_on_imaging", 3),
        ("diffuse_edema_on_imaging", 4),
        ("decerebrate_or_decorticate_posturing", 4),
        ("cranial_nerve_vi_palsy", 4),
        ("papilledema", 4),
        ("cushings_triad", 4),
    ],
)
def test_raised_icp_domain(icp, expected):
    assert adult(10, raised_icp=icp).grade == expected


def test_motor_weakness_is_grade_four():
    assert adult(10, motor_weakness=True).grade == 4


def test_the_most_severe_domain_wins():
    assert adult(3, seizure="focal_or_generalized_resolving_rapidly").grade == 3
    assert adult(8, consciousness="awakens_to_voice").grade == 2


def test_death_from_icans_is_grade_five():
    assert adult(10, death_from_icans=True).grade == 5


def test_ice_items_add_up():
    result = grade_icans(age_years=30, ice={**FULL_ICE, "naming": 1}, **ICANS_CALM)
    assert result.ice_total == 8
    assert result.grade == 1


def test_contract_example_is_grade_zero():
    payload = {"age_years": 54, "ice": FULL_ICE, "capd": None, **ICANS_CALM}
    result = grade("icans", payload)
    assert result.grade == 0
    assert result.to_dict()["ice_total"] == 10
    assert result.to_dict()["capd_total"] is None


@pytest.mark.parametrize(("total", "expected"), [(0, 0), (1, 1), (8, 1), (9, 3), (32, 3)])
def test_capd_bands_for_children(total, expected):
    result = grade_icans(age_years=6, capd={"total": total}, **ICANS_CALM)
    assert result.grade == expected
    assert result.capd_total == total


def test_capd_one_to_eight_is_grade_one_by_choice_and_consciousness_raises_it():
    alone = grade_icans(age_years=6, capd={"total": 4}, **ICANS_CALM)
    assert any(b.source.startswith("cartnav's choice") for b in alone.basis)
    raised = grade_icans(
        age_years=6, capd={"total": 4}, **{**ICANS_CALM, "consciousness": "awakens_to_voice"}
    )
    assert raised.grade == 2


def test_capd_items_add_up():
    items = {
        "eye_contact": 1,
        "purposeful_actions": 1,
        "aware_of_surroundings": 1,
        "communicates_needs": 1,
        "restless": 1,
        "inconsolable": 1,
        "underactive": 1,
        "slow_to_respond": 2,
    }
    result = grade_icans(age_years=3, capd=items, **ICANS_CALM)
    assert result.capd_total == 9
    assert result.grade == 3


def test_age_eleven_uses_capd_and_twelve_uses_ice():
    both = {"ice": {"total": 10}, "capd": {"total": 12}}
    eleven = grade_icans(age_years=11.9, **both, **ICANS_CALM)
    assert eleven.grade == 3
    assert "ICE is not used under 12 years: the CAPD grades cognition" in eleven.warnings
    twelve = grade_icans(age_years=12, **both, **ICANS_CALM)
    assert twelve.grade == 0
    assert "both ICE and CAPD given at 12 or over: the ICE is used" in twelve.warnings


def test_a_child_with_only_ice_needs_the_capd():
    result = grade_icans(age_years=8, ice={"total": 10}, **ICANS_CALM)
    assert result.grade is None
    assert result.missing == ("capd",)


def test_capd_at_twelve_or_over_is_used_for_developmental_delay():
    result = grade_icans(age_years=15, capd={"total": 10}, **ICANS_CALM)
    assert result.grade == 3
    assert any("developmental delay" in b.criterion for b in result.basis)


def test_without_age_the_one_scale_given_is_used():
    assert grade_icans(ice={"total": 5}, **ICANS_CALM).grade == 2
    assert grade_icans(capd={"total": 5}, **ICANS_CALM).grade == 1


def test_without_age_two_disagreeing_scales_need_the_age():
    result = grade_icans(ice={"total": 10}, capd={"total": 10}, **ICANS_CALM)
    assert result.grade is None
    assert result.missing == ("age_years",)


def test_without_age_or_scale_both_scales_are_named():
    result = grade_icans(**ICANS_CALM)
    assert result.grade is None
    assert result.missing == ("ice", "capd")


def test_partial_ice_names_the_missing_items_only_when_they_matter():
    result = grade_icans(age_years=40, ice={"orientation": 4, "naming": 3}, **ICANS_CALM)
    assert result.grade is None
    assert result.missing == ("ice.commands", "ice.writing", "ice.attention")
    severe = grade_icans(age_years=40, ice={"orientation": 0, "naming": 0}, **ICANS_CALM)
    assert severe.grade is None  # total 0 to 3: grade 3 or 2
    decided = grade_icans(
        age_years=40,
        ice={"orientation": 0, "naming": 0},
        **{**ICANS_CALM, "seizure": "focal_or_generalized_resolving_rapidly"},
    )
    assert decided.grade == 3
    assert decided.ice_total is None


def test_a_grade_four_domain_decides_whatever_is_missing():
    result = grade_icans(motor_weakness=True)
    assert result.grade == 4
    assert result.missing == ()


def test_missing_domains_are_named():
    result = grade_icans(age_years=40, ice={"total": 8}, consciousness="alert")
    assert result.grade is None
    assert result.missing == ("seizure", "motor_weakness", "raised_icp")


@pytest.mark.parametrize(
    ("ice", "field"),
    [
        ({"orientation": 5}, "ice.orientation"),
        ({"naming": -1}, "ice.naming"),
        ({"total": 11}, "ice.total"),
        ({"spelling": 1}, "ice.spelling"),
        ({"orientation": 4, "total": 2}, "ice.total"),
        ([1, 2], "ice"),
    ],
)
def test_it_refuses_impossible_ice(ice, field):
    with pytest.raises(ClinicalInputError) as caught:
        grade_icans(age_years=40, ice=ice)
    assert caught.value.field == field


def test_consistent_items_and_total_are_accepted():
    result = grade_icans(age_years=40, ice={"orientation": 4, "total": 9}, **ICANS_CALM)
    assert result.ice_total == 9
    assert result.grade == 1

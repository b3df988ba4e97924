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


def test_a_focal_seizure_decides_grade_three_with_the_ice_missing():
    result = grade_icans(
        age_years=40, **{**ICANS_CALM, "seizure": "focal_or_generalized_resolving_rapidly"}
    )
    assert result.grade == 3
    assert result.missing == ()


def test_with_age_unknown_ice_ten_and_capd_zero_agree_on_grade_zero():
    result = grade_icans(ice={"total": 10}, capd={"total": 0}, **ICANS_CALM)
    assert result.grade == 0
    assert result.missing == ()


def test_an_empty_ice_names_the_ice_as_missing():
    result = grade_icans(age_years=40, ice={}, **ICANS_CALM)
    assert result.grade is None
    assert result.missing == ("ice",)
    assert result.ice_total is None


@pytest.mark.parametrize(
    ("capd", "field"),
    [
        ({"eye_contact": 5}, "capd.eye_contact"),
        ({"slow_to_respond": 5}, "capd.slow_to_respond"),
        ({"restless": -1}, "capd.restless"),
        ({"total": 33}, "capd.total"),
        ({"total": -1}, "capd.total"),
    ],
)
def test_it_refuses_impossible_capd(capd, field):
    with pytest.raises(ClinicalInputError) as caught:
        grade_icans(age_years=6, capd=capd)
    assert caught.value.field == field


@pytest.mark.parametrize(("capd", "total"), [({"eye_contact": 4}, None), ({"total": 32}, 32)])
def test_capd_accepts_its_limits(capd, total):
    assert grade_icans(age_years=6, capd=capd).capd_total == total


def test_death_due_to_icans_is_grade_five_and_says_so():
    result = adult(10, death_from_icans=True)
    assert result.grade == 5
    assert [(b.criterion, b.source) for b in result.basis] == [
        (
            "death due to ICANS, no other principal factor: grade 5",
            "ASTCT 2019 (Lee et al.), Table 5",
        )
    ]


HAEMORRHAGE = (
    "intracranial haemorrhage recorded: it is not ICANS, and oedema on imaging does not count "
    "toward the grade (ASTCT footnote); other signs of raised ICP count only if not caused by "
    "the haemorrhage"
)


@pytest.mark.parametrize(
    ("icp", "without", "with_haemorrhage"),
    [
        ("focal_edema_on_imaging", 3, 0),
        ("diffuse_edema_on_imaging", 4, 0),
        ("papilledema", 4, 4),
        ("cushings_triad", 4, 4),
        ("none", 0, 0),
    ],
)
def test_an_intracranial_haemorrhage_takes_oedema_out_of_the_grade(icp, without, with_haemorrhage):
    plain = adult(10, raised_icp=icp, intracranial_hemorrhage=False)
    assert plain.grade == without
    assert plain.warnings == ()
    bleed = adult(10, raised_icp=icp, intracranial_hemorrhage=True)
    assert bleed.grade == with_haemorrhage
    assert bleed.warnings == (HAEMORRHAGE,)
    assert bleed.input["intracranial_hemorrhage"] is True


def test_oedema_not_counted_is_explained_with_the_footnote():
    result = adult(8, raised_icp="diffuse_edema_on_imaging", intracranial_hemorrhage=True)
    assert result.grade == 1
    line = next(b for b in result.basis if b.criterion.startswith("raised ICP/oedema"))
    assert line.criterion == (
        "raised ICP/oedema: diffuse edema on imaging: not counted (intracranial haemorrhage, "
        "with or without oedema, is excluded from ICANS grading)"
    )
    assert line.source == "ASTCT 2019 (Lee et al.), Tables 5 and 7 footnotes"


def test_an_absent_haemorrhage_is_read_as_none():
    result = adult(10, raised_icp="focal_edema_on_imaging")
    assert result.grade == 3
    assert result.warnings == ()
    assert "intracranial_hemorrhage" not in result.input


def test_the_contract_carries_the_haemorrhage_and_refuses_a_non_flag():
    payload = {"age_years": 40, "ice": {"total": 10}, **ICANS_CALM}
    payload.update(raised_icp="focal_edema_on_imaging", intracranial_hemorrhage=True)
    assert grade("icans", payload).grade == 0
    with pytest.raises(ClinicalInputError) as caught:
        grade("icans", {**payload, "intracranial_hemorrhage": "yes"})
    assert caught.value.field == "intracranial_hemorrhage"


def test_no_warning_when_the_scale_suits_the_age():
    assert adult(9).warnings == ()
    assert grade_icans(age_years=6, capd={"total": 3}, **ICANS_CALM).warnings == ()


TABLE_5 = "ASTCT 2019 (Lee et al.), Table 5"


@pytest.mark.parametrize(
    ("field", "value", "line"),
    [
        ("consciousness", "alert", "level of consciousness: alert: grade 0"),
        (
            "consciousness",
            "awakens_spontaneously",
            "level of consciousness: awakens spontaneously: grade 1",
        ),
        ("consciousness", "awakens_to_voice", "level of consciousness: awakens to voice: grade 2"),
        (
            "consciousness",
            "awakens_to_tactile_stimulus",
            "level of consciousness: awakens to tactile stimulus: grade 3",
        ),
        (
            "consciousness",
            "unarousable_or_requires_vigorous_stimuli",
            "level of consciousness: unarousable or requires vigorous stimuli: grade 4",
        ),
        ("consciousness", "stupor_or_coma", "level of consciousness: stupor or coma: grade 4"),
        ("seizure", "none", "seizure: none: grade 0"),
        (
            "seizure",
            "focal_or_generalized_resolving_rapidly",
            "seizure: focal or generalized resolving rapidly: grade 3",
        ),
        (
            "seizure",
            "nonconvulsive_on_eeg_resolving_with_intervention",
            "seizure: nonconvulsive on eeg resolving with intervention: grade 3",
        ),
        ("seizure", "life_threatening_prolonged", "seizure: life threatening prolonged: grade 4"),
        (
            "seizure",
            "repetitive_without_return_to_baseline",
            "seizure: repetitive without return to baseline: grade 4",
        ),
        ("raised_icp", "none", "raised ICP/oedema: none: grade 0"),
        (
            "raised_icp",
            "focal_edema_on_imaging",
            "raised ICP/oedema: focal edema on imaging: grade 3",
        ),
        (
            "raised_icp",
            "diffuse_edema_on_imaging",
            "raised ICP/oedema: diffuse edema on imaging: grade 4",
        ),
        (
            "raised_icp",
            "decerebrate_or_decorticate_posturing",
            "raised ICP/oedema: decerebrate or decorticate posturing: grade 4",
        ),
        (
            "raised_icp",
            "cranial_nerve_vi_palsy",
            "raised ICP/oedema: cranial nerve vi palsy: grade 4",
        ),
        ("raised_icp", "papilledema", "raised ICP/oedema: papilledema: grade 4"),
        ("raised_icp", "cushings_triad", "raised ICP/oedema: cushings triad: grade 4"),
        ("motor_weakness", True, "deep focal motor weakness: grade 4"),
        ("motor_weakness", False, "no deep focal motor weakness"),
    ],
)
def test_each_finding_is_named_in_the_basis_with_its_grade(field, value, line):
    result = adult(10, **{field: value})
    assert (line, TABLE_5) in [(b.criterion, b.source) for b in result.basis]


def test_the_whole_basis_of_an_adult_and_of_a_child():
    result = adult(8)
    assert [(b.criterion, b.source) for b in result.basis] == [
        ("ICE score 8/10: grade 1", "ASTCT 2019 (Lee et al.), Table 4"),
        ("level of consciousness: alert: grade 0", TABLE_5),
        ("seizure: none: grade 0", TABLE_5),
        ("raised ICP/oedema: none: grade 0", TABLE_5),
        ("no deep focal motor weakness", TABLE_5),
        ("grade 1: the most severe domain", TABLE_5),
    ]
    child = grade_icans(age_years=6, capd={"total": 12}, **ICANS_CALM)
    table_7 = "ASTCT 2019 (Lee et al.), Table 7"
    assert [(b.criterion, b.source) for b in child.basis] == [
        ("CAPD 12/32: grade 3", "ASTCT 2019 (Lee et al.), Tables 6 and 7"),
        ("level of consciousness: alert: grade 0", table_7),
        ("seizure: none: grade 0", table_7),
        ("raised ICP/oedema: none: grade 0", table_7),
        ("no deep focal motor weakness", table_7),
        ("grade 3: the most severe domain", table_7),
    ]


def test_an_undecided_grade_has_no_conclusion_and_names_the_living_patient_choice():
    result = grade_icans(age_years=40, ice={"total": 8})
    assert result.grade is None
    assert [(b.criterion, b.source) for b in result.basis] == [
        ("ICE score 8/10: grade 1", "ASTCT 2019 (Lee et al.), Table 4"),
        (
            "death due to ICANS not recorded: graded as a living patient",
            "cartnav's choice (docs/grading.md)",
        ),
    ]


@pytest.mark.parametrize(
    ("ice", "message"),
    [
        ([1, 2], 'must be an object of item scores or {"total": n}.'),
        (
            {"spelling": 1},
            "is not an item of this scale; items: orientation, naming, commands, writing, "
            "attention (or total).",
        ),
        ({"orientation": 5}, "5 is outside 0–4 (the item's range)."),
        ({"total": 11}, "11 is outside 0–10 (the scale's range)."),
        (
            {"orientation": 4, "total": 2},
            "2 does not agree with the item scores given (they allow 4–10).",
        ),
    ],
)
def test_each_refusal_says_what_is_wrong(ice, message):
    with pytest.raises(ClinicalInputError) as caught:
        grade_icans(age_years=40, ice=ice)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("ice", "total"),
    [({"orientation": 4, "total": 4}, 4), ({"orientation": 0, "total": 6}, 6)],
)
def test_a_total_at_either_end_of_what_the_items_allow_is_accepted(ice, total):
    assert grade_icans(age_years=40, ice=ice, **ICANS_CALM).ice_total == total


def test_an_undecided_scale_adds_no_scale_line():
    result = grade_icans(age_years=40, ice={"orientation": 4, "naming": 3}, **ICANS_CALM)
    assert result.grade is None
    assert not any(b.criterion.startswith("ICE") for b in result.basis)


def test_a_decided_range_of_items_is_shown_as_a_range():
    result = grade_icans(age_years=40, ice={"orientation": 2, "naming": 1}, **ICANS_CALM)
    assert result.grade == 2
    assert result.basis[0].criterion == "ICE score 3–6/10: grade 2"


CAPD_1_OR_2 = (
    "CAPD {shown}/32: grade 1 (the table says 1 or 2, the level of consciousness deciding; "
    "alone it is 1)"
)
DEVELOPMENTAL = " (CAPD used at 12 or over, as for developmental delay)"


@pytest.mark.parametrize(
    ("age", "total", "line", "source"),
    [
        (6, 4, CAPD_1_OR_2.format(shown=4), "cartnav's choice (docs/grading.md)"),
        (15, 4, CAPD_1_OR_2.format(shown=4) + DEVELOPMENTAL, "cartnav's choice (docs/grading.md)"),
        (6, 0, "CAPD 0/32: grade 0", "ASTCT 2019 (Lee et al.), Tables 6 and 7"),
        (15, 10, "CAPD 10/32: grade 3" + DEVELOPMENTAL, "ASTCT 2019 (Lee et al.), Tables 6 and 7"),
        (None, 9, "CAPD 9/32: grade 3", "ASTCT 2019 (Lee et al.), Tables 6 and 7"),
    ],
)
def test_each_capd_line(age, total, line, source):
    result = grade_icans(age_years=age, capd={"total": total}, **ICANS_CALM)
    assert (result.basis[0].criterion, result.basis[0].source) == (line, source)


def test_capd_items_with_some_missing_show_their_range():
    # 4 + 4 + 1 given, five items of 0-4 missing: 9 to 29, grade 3 either way
    result = grade_icans(age_years=6, capd={"eye_contact": 4, "restless": 4, "underactive": 1})
    assert result.basis[0].criterion == "CAPD 9–29/32: grade 3"


def test_the_ice_warning_starts_below_12():
    assert grade_icans(age_years=12, ice={"total": 10}, **ICANS_CALM).warnings == ()
    assert grade_icans(age_years=11.9, ice={"total": 10}, capd={"total": 0}).warnings == (
        "ICE is not used under 12 years: the CAPD grades cognition",
    )


def test_the_echo_is_a_copy_of_the_scales_given():
    ice = {"orientation": 4, "naming": 3, "commands": 1, "writing": 1, "attention": 1}
    result = grade_icans(age_years=40, ice=ice, **ICANS_CALM)
    ice["orientation"] = 0
    assert result.input["ice"]["orientation"] == 4
    assert result.input == {"age_years": 40.0, **ICANS_CALM, "ice": {**ice, "orientation": 4}}


def test_capd_at_exactly_12_is_read_as_for_developmental_delay():
    result = grade_icans(age_years=12, capd={"total": 4}, **ICANS_CALM)
    assert result.basis[0].criterion == CAPD_1_OR_2.format(shown=4) + DEVELOPMENTAL


@pytest.mark.parametrize("age", [0, 0.5, 130])
def test_every_human_age_is_accepted(age):
    result = grade_icans(age_years=age, **{**ICANS_CALM, "motor_weakness": True})
    assert (result.grade, result.input["age_years"]) == (4, age)


@pytest.mark.parametrize(
    ("age", "message"),
    [
        (131, "131 is outside 0–130 (a human age in years)."),
        (-0.1, "-0.1 is outside 0–130 (a human age in years)."),
    ],
)
def test_an_impossible_age_is_refused(age, message):
    with pytest.raises(ClinicalInputError) as caught:
        grade_icans(age_years=age)
    assert (caught.value.field, caught.value.message) == ("age_years", message)

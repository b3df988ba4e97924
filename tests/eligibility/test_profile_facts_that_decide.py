"""The facts that decide CAR-T candidacy (issue 11): regimens resolve to drugs and classes, a line
of unknown drugs leaves a class requirement open, relapsed/refractory is read from the history,
hepatitis B and CNS disease are facts of their own — and trial sentences are read to match."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cartnav.eligibility.criteria import Criterion, extract
from cartnav.eligibility.profile import PatientProfile, ProfileError
from cartnav.eligibility.rules import FAILED, MET, UNKNOWN, status

TODAY = dt.date(2026, 12, 1)


def _p(**facts: Any) -> PatientProfile:
    return PatientProfile.from_dict({"as_of": TODAY.isoformat(), **facts})


def _kind(kind: str, target: str = "") -> Criterion:
    return Criterion(
        kind, kind not in {"hbv", "hbsag", "hbv_infection", "cns", "cns_primary"}, target=target
    )


def test_regimen_names_resolve_to_their_drug_classes() -> None:
    myeloma = _p(lines=[{"regimen": "VRd"}, {"regimen": "KRd"}, {"regimen": "DVd"}])
    assert {"PI", "IMiD", "anti-CD38"} <= (myeloma.drug_classes or set())
    assert status(myeloma, _kind("drug_classes", "PI|IMiD"), TODAY) == MET
    lymphoma = _p(lines=[{"regimen": "R-CHOP"}, {"regimen": "R-ICE"}])
    assert status(lymphoma, _kind("drug_classes", "anthracycline|anti-CD20"), TODAY) == MET


def test_a_line_of_unknown_drugs_leaves_a_class_requirement_open_not_failed() -> None:
    unknown = _p(lines=[{"regimen": "VRd"}, {"regimen": "a regimen from the referral letter"}])
    assert status(unknown, _kind("drug_classes", "PI|IMiD|anti-CD38"), TODAY) == UNKNOWN
    known = _p(lines=[{"regimen": "VRd"}, {"regimen": "KRd"}])
    assert status(known, _kind("drug_classes", "PI|IMiD|anti-CD38"), TODAY) == FAILED


def test_relapsed_or_refractory_is_read_from_the_history() -> None:
    rr = _kind("relapsed_or_refractory")
    refractory = _p(lines=[{"regimen": "R-CHOP", "best_response": "PD"}])
    assert status(refractory, rr, TODAY) == MET
    relapsed = _p(
        lines=[{"regimen": "R-CHOP", "end": "2025-06-01", "best_response": "CR"}],
        last_progression_date="2026-03-01",
    )
    assert status(relapsed, rr, TODAY) == MET
    in_remission = _p(lines=[{"regimen": "R-CHOP", "end": "2025-06-01", "best_response": "CR"}])
    assert status(in_remission, rr, TODAY) == UNKNOWN  # asked, never assumed
    assert status(_p(relapsed=False, refractory=False), rr, TODAY) == FAILED


@pytest.mark.parametrize(
    ("facts", "active", "surface", "infection"),
    [
        # an HBsAg-positive carrier, DNA undetectable on entecavir: common in China
        (
            {"hbsag": True, "anti_hbc": True, "hbv_dna_detectable": False, "hbv_antiviral": True},
            MET,
            FAILED,
            UNKNOWN,
        ),
        ({"hbsag": True, "hbv_dna": {"value": 5000, "unit": "IU/mL"}}, FAILED, FAILED, FAILED),
        ({"hbsag": False, "anti_hbc": False}, MET, MET, MET),
        ({}, UNKNOWN, UNKNOWN, UNKNOWN),
    ],
)
def test_hepatitis_b_exclusions_by_what_they_exclude(
    facts: dict[str, Any], active: int, surface: int, infection: int
) -> None:
    p = _p(**facts)
    assert status(p, _kind("hbv"), TODAY) == active
    assert status(p, _kind("hbsag"), TODAY) == surface
    assert status(p, _kind("hbv_infection"), TODAY) == infection


def test_secondary_cns_disease_is_not_primary_cns_lymphoma() -> None:
    secondary = _p(disease="DLBCL", cns_disease="secondary")
    assert secondary.cns_involvement is True
    assert status(secondary, _kind("cns"), TODAY) == FAILED
    assert status(secondary, _kind("cns_primary"), TODAY) == MET
    primary = _p(disease="DLBCL", cns_disease="primary")
    assert status(primary, _kind("cns_primary"), TODAY) == FAILED
    assert status(_p(disease="DLBCL"), _kind("cns_primary"), TODAY) == MET


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"transplant": "none", "transplant_date": "2025-01-01"}, "transplant_date"),
        ({"cns_involvement": False, "cns_disease": "secondary"}, "cns_disease"),
        ({"hbv_dna": {"value": 100, "unit": "copies/mL"}}, "hbv_dna.unit"),
        ({"hbv_dna": {"value": 100, "unit": "IU/mL"}, "hbv_dna_detectable": False}, "hbv_dna"),
        (
            {"lines": [{"regimen": "R-CHOP", "drugs": ["rituximab", "xyzumab"]}]},
            "lines[0].drugs[1]",
        ),
        ({"lines": [{"regimen": "x", "drug_classes": ["magic"]}]}, "lines[0].drug_classes[0]"),
        ({"refractory_to": ["not-a-drug"]}, "refractory_to[0]"),
        ({"relapse_count": 1.5}, "relapse_count"),
        ({"cns_status": "CNS-4"}, "cns_status"),
    ],
)
def test_contradictory_or_unknown_facts_are_refused_naming_the_field(
    facts: dict[str, Any], field: str
) -> None:
    with pytest.raises(ProfileError) as caught:
        _p(**facts)
    assert caught.value.field == field


def test_class_names_people_write_are_understood() -> None:
    p = _p(
        lines=[{"regimen": "x", "drug_classes": ["proteasome inhibitor", "BTK inhibitor"]}],
        refractory_to=["lenalidomide", "anti-CD38"],
    )
    assert p.drug_classes == {"PI", "BTKi"}
    assert p.refractory_to == ("lenalidomide", "anti-CD38")


def _kinds(text: str) -> list[tuple[str, bool]]:
    return [(c.kind, c.inclusion) for c in extract(text) if c.kind != "text"]


def test_a_sentence_on_the_header_line_is_read() -> None:
    found = extract("Inclusion Criteria: Patients previously treated with CD7 CAR-T cells\n")
    assert [(c.inclusion, c.sentence) for c in found] == [
        (True, "Patients previously treated with CD7 CAR-T cells")
    ]


def test_the_registrys_escapes_keep_ranges() -> None:
    found = [c for c in extract("Inclusion Criteria:\n* ECOG 0\\~2\n") if c.kind == "ecog_max"]
    assert [c.value for c in found] == [2.0]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Hepatitis B surface antigen (HBsAg) positive", "hbsag"),
        ("Active hepatitis B (HBV DNA above the lower limit of detection)", "hbv"),
        ("HBsAg or HBV DNA positive", "hbv_infection"),
        ("Hepatitis B infection", "hbv_infection"),
        (
            "HBsAg-positive subjects may be enrolled if HBV DNA is undetectable on antiviral therapy",
            "hbv",
        ),
        ("Subjects with secondary CNS lymphoma are admitted", "allowance"),
        ("Primary central nervous system lymphoma", "cns_primary"),
        ("Active CNS involvement by lymphoma", "cns"),
    ],
)
def test_exclusions_say_what_they_exclude(sentence: str, kind: str) -> None:
    assert _kinds("Exclusion Criteria:\n* " + sentence + "\n") == [(kind, False)]


def test_a_partly_read_sentence_is_never_met_on_its_read_part() -> None:
    found = extract("Inclusion Criteria:\n* ECOG 0-1, measurable disease per Lugano 2014\n")
    assert [c.kind for c in found] == ["ecog_max", "text"]
    fit = _p(ecog=0)
    assert [status(fit, c, TODAY) for c in found] == [MET, UNKNOWN]
    whole = extract(
        "Inclusion Criteria:\n* Adequate organ function, ANC ≥ 1.0 × 10^9/L, platelets ≥ 75 × 10^9/L\n"
    )
    assert [c.kind for c in whole] == ["anc_min", "platelets_min"]


def test_an_empty_profile_warns_that_nothing_is_known() -> None:
    assert _p().warnings() and "no medical facts" in _p().warnings()[0]
    assert _p(languages=["en"]).warnings()
    assert _p(age_years=40).warnings() == []


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Exclusion Criteria:\n* Presence of active CNS-3\n", [("cns", False)]),
        (
            "Exclusion Criteria:\n* Extranodal lesions in the brain (tumor cells in CSF)\n",
            [("cns", False)],
        ),
        (
            "Exclusion Criteria:\n* Lymphomas involving only the central nervous system (CNS)\n",
            [("cns_primary", False)],
        ),
        ("Inclusion Criteria:\n* No CNS involvement\n", [("cns", False)]),
        (
            "Exclusion Criteria:\n* Active viral infection with HIV or hepatitis type B or C\n",
            [("active_infection", False), ("hiv", False), ("hbv", False), ("hcv", False)],
        ),
        (
            "Exclusion Criteria:\n* If HBsAg positive at screening, HBV DNA copy number > 1000\n",
            [("hbv", False)],
        ),
        (
            "Inclusion Criteria:\n* Patients with hepatitis B can be included if they are on "
            "suppressive therapy and with no detectable viral load\n",
            [("hbv", True)],
        ),
        (
            "Exclusion Criteria:\n* Has received any CAR cell line therapies\n",
            [("prior_car_t", False)],
        ),
        ("Inclusion Criteria:\n* HER2 should be positive\n", [("antigen_positive", True)]),
        ("Inclusion Criteria:\n* Failure of at least 2-line treatment\n", [("lines_min", True)]),
        # the lines are one way in, not a requirement; a judgement is for a person
        (
            "Inclusion Criteria:\n* Relapse after at least two lines of therapy or after "
            "autologous HCT\n",
            [],
        ),
        (
            "Exclusion Criteria:\n* CNS involvement judged by the researchers to be at risk\n",
            [],
        ),
        ("Exclusion Criteria:\n* CNS3 disease that is progressive on therapy\n", []),
    ],
)
def test_more_of_the_registrys_wording_is_read_and_no_more(
    text: str, kinds: list[tuple[str, bool]]
) -> None:
    assert _kinds(text) == kinds


@pytest.mark.parametrize(
    ("days_after_end", "expected"),
    # 12 months = 12 x 30.44 days = 365.28 days: day 365 is the last one within, 366 the first after
    [(364, MET), (365, MET), (366, FAILED)],
    ids=["a-day-before-the-last", "the-last-day-within", "the-first-day-after"],
)
def test_relapse_within_12_months_of_the_first_line_at_the_boundary(
    days_after_end: int, expected: int
) -> None:
    """axi-cel's second-line indication (products.md: "relapsing within 12 months of it")."""
    end = dt.date(2025, 1, 1)
    progression = end + dt.timedelta(days=days_after_end)
    p = _p(
        lines=[
            {
                "regimen": "R-CHOP",
                "start": "2024-07-01",
                "end": end.isoformat(),
                "best_response": "CR",
            }
        ],
        last_progression_date=progression.isoformat(),
    )
    window = Criterion("line_window", True, 12.0, "months", "first")
    assert status(p, window, TODAY) == expected


def test_refractory_to_the_first_line_meets_the_window_whatever_the_dates() -> None:
    p = _p(lines=[{"regimen": "R-CHOP", "best_response": "SD"}])
    assert status(p, Criterion("line_window", True, 12.0, "months", "first"), TODAY) == MET
    unknown = _p(lines=[{"regimen": "R-CHOP", "best_response": "CR", "end": "2025-01-01"}])
    assert (
        status(unknown, Criterion("line_window", True, 12.0, "months", "first"), TODAY) == UNKNOWN
    )

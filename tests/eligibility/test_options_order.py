"""Options in the order a family can use them (issue 11): eligible first; then "possible" —
the fewest facts to check first, recruiting before not yet recruiting, the patient's preferred
cities before other sites in China; not eligible last."""

from __future__ import annotations

import datetime as dt

from cartnav.eligibility.criteria import Criterion
from cartnav.eligibility.profile import PatientProfile
from cartnav.eligibility.screen import Catalog, HospitalEntry, TrialEntry, screen

TODAY = dt.date(2026, 12, 1)
DISEASE = Criterion("disease", True, target="DLBCL")


def _trial(nct: str, status: str, *extra: Criterion, sites: tuple[str, ...] = ()) -> TrialEntry:
    return TrialEntry(nct, nct, status, (DISEASE, *extra), sites)


def test_possible_options_are_ordered_by_what_a_family_can_act_on() -> None:
    ecog = Criterion("ecog_max", True, 1.0)  # unknown for this patient: one fact to check
    anc = Criterion("anc_min", True, 1.0)
    catalog = Catalog(
        products=(),
        trials=(
            _trial("NCT1-not-yet", "NOT_YET_RECRUITING", ecog),
            _trial("NCT2-two-checks", "RECRUITING", ecog, anc),
            _trial("NCT3-beijing", "RECRUITING", ecog, sites=("pumch",)),
            _trial("NCT4-shanghai", "RECRUITING", ecog, sites=("ruijin",)),
            _trial("NCT5-eligible", "COMPLETED"),
            _trial("NCT6-wrong-disease", "RECRUITING", Criterion("disease", True, target="MM")),
        ),
        hospitals=(
            HospitalEntry("pumch", "PUMCH", "Beijing"),
            HospitalEntry("ruijin", "Ruijin", "Shanghai"),
        ),
    )
    profile = PatientProfile.from_dict({"disease": "DLBCL", "cities": ["Shanghai"]})
    order = [o.id for o in screen(profile, catalog, TODAY).options]
    assert order == [
        "NCT5-eligible",
        "NCT4-shanghai",
        "NCT3-beijing",
        "NCT1-not-yet",
        "NCT2-two-checks",
        "NCT6-wrong-disease",
    ]


def test_a_hospital_is_credited_for_the_approved_products_the_patient_is_eligible_for_there() -> (
    None
):
    from cartnav.eligibility import products

    axi = next(p for p in products.load() if p.slug == "axi-cel-cn")
    catalog = Catalog(
        products=(axi,),
        trials=(),
        hospitals=(
            HospitalEntry("ruijin", "Ruijin", "Shanghai", products=("axi-cel-cn",)),
            HospitalEntry(
                "pumch",
                "PUMCH",
                "Beijing",
                products=("axi-cel-cn",),
                unconfirmed_products=("axi-cel-cn",),
            ),
            HospitalEntry("other", "Other", "Chengdu"),
        ),
    )
    profile = PatientProfile.from_dict(
        {
            "age_years": 58,
            "disease": "DLBCL",
            "lines": [
                {"regimen": "R-CHOP", "best_response": "PD"},
                {"regimen": "R-ICE", "best_response": "PD"},
            ],
            "cns_disease": "none",
            "cities": ["Shanghai"],
        }
    )
    result = screen(profile, catalog, TODAY)
    assert result.options[0].verdict == "eligible"
    ranked = {h["slug"]: h for h in result.hospitals}
    assert list(ranked) == ["ruijin", "pumch"]  # no credit, no row: "other" offers nothing
    assert any("eligible for: axi-cel-cn" in r for r in ranked["ruijin"]["reasons"])
    assert any("not yet confirmed" in r for r in ranked["pumch"]["reasons"])

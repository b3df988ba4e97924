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

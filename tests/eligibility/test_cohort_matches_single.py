"""The vectorised cohort path gives exactly the single-patient verdicts."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cartnav.eligibility import cohort, products
from cartnav.eligibility.ctgov import read_monitor_tables
from cartnav.eligibility.profile import PatientProfile
from cartnav.eligibility.screen import TrialEntry, screen_product, screen_trial

TODAY = dt.date(2026, 11, 25)
DATA = (
    Path(__file__).resolve().parents[2] / "cartnav" / "catalog" / "data" / "ctgov_cart_onc_monitor"
)


@cache
def trials() -> tuple[TrialEntry, ...]:
    records = [
        r
        for r in read_monitor_tables(DATA, DATA / "eligibility_sample_200.json")
        if r.eligibility_text
    ]
    return tuple(TrialEntry(r.nct_id, r.title, r.status, tuple(r.criteria())) for r in records)


maybe = st.one_of(st.none(), st.booleans())
profiles = st.fixed_dictionaries(
    {},
    optional={
        "age_years": st.floats(0, 100),
        "sex": st.sampled_from(["female", "male"]),
        "disease": st.sampled_from(
            ["DLBCL", "LBCL", "MM", "B-ALL", "FL", "MCL", "GBM", "SLE", "B-NHL", "tFL", "CLL"]
        ),
        "ecog": st.integers(0, 4),
        "karnofsky": st.integers(30, 100),
        "lines": st.lists(
            st.fixed_dictionaries(
                {
                    # "x" resolves to nothing: a line of unknown drugs, unless classes are given
                    "regimen": st.sampled_from(["x", "VRd", "R-CHOP", "KRd"]),
                    # valid profiles only (a list holds at most 50 items; the limit is tested
                    # in test_profile_bad_input): the property is about the two paths agreeing
                    "drug_classes": st.lists(
                        st.sampled_from(["PI", "IMiD", "anti-CD38"]), max_size=6
                    ),
                    "best_response": st.sampled_from(["CR", "PR", "SD", "PD"]),
                }
            ),
            max_size=5,
        ),
        "refractory": maybe,
        "relapsed": maybe,
        "prior_car_t": maybe,
        "cns_involvement": maybe,
        "hiv": maybe,
        "hbv": maybe,
        "hbsag": maybe,
        "anti_hbc": maybe,
        "hbv_dna_detectable": maybe,
        "relapse_count": st.integers(0, 3),
        "last_progression_date": st.dates(dt.date(2015, 1, 1), TODAY).map(str),
        "hcv": maybe,
        "active_infection": maybe,
        "pregnant": maybe,
        "other_malignancy": st.sampled_from(["none", "past", "active"]),
        "gvhd_active": maybe,
        "heart_disease": maybe,
        "neurological_disorder": maybe,
        "autoimmune_active": maybe,
        "transplant": st.sampled_from(["none", "autologous", "allogeneic"]),
        "transplant_date": st.dates(dt.date(2015, 1, 1), TODAY).map(str),
        "antigens": st.dictionaries(st.sampled_from(["CD19", "BCMA", "CD22"]), st.booleans()),
        "life_expectancy_months": st.floats(0, 60),
        "labs": st.fixed_dictionaries(
            {},
            optional={
                "anc": st.fixed_dictionaries(
                    {"value": st.floats(0, 10), "unit": st.just("10*9/L")}
                ),
                "platelets": st.fixed_dictionaries(
                    {"value": st.floats(0, 400), "unit": st.just("10*9/L")}
                ),
                "creatinine": st.fixed_dictionaries(
                    {"value": st.floats(0.2, 5), "unit": st.just("mg/dL")}
                ),
            },
        ),
    },
)


def _consistent(profile: dict[str, object]) -> dict[str, object]:
    """A transplant date only for a transplant (the profile refuses "none" with a date)."""
    if profile.get("transplant") == "none":
        profile = {k: v for k, v in profile.items() if k != "transplant_date"}
    return profile


profiles = profiles.map(_consistent)


@settings(max_examples=25, deadline=None)
@given(st.lists(profiles, min_size=1, max_size=6))
def test_cohort_verdicts_equal_the_single_path(batch: list[dict[str, object]]) -> None:
    ps = [PatientProfile.from_dict(p) for p in batch]
    facts = cohort.Facts(ps, TODAY)
    ts = trials()
    names = cohort.verdicts(cohort.verdict_codes(facts, [t.criteria for t in ts], chunk=64))
    prods = products.load()
    pnames = cohort.verdicts(
        cohort.product_codes(facts, [[i.criteria for i in p.indications] for p in prods])
    )
    for i, profile in enumerate(ps):
        assert [screen_trial(profile, t, TODAY).verdict for t in ts] == list(names[i])
        assert [screen_product(profile, p, TODAY).verdict for p in prods] == list(pnames[i])

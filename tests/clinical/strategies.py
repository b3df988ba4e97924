"""Hypothesis strategies for grader inputs in canonical units, with any input possibly missing."""

from hypothesis import strategies as st

from cartnav.clinical import crs, icans, tls

CRS_FIELDS = {
    "temperature": st.floats(min_value=35.0, max_value=41.0).map(lambda t: round(t, 1)),
    "fever_masked": st.booleans(),
    "hypotension": st.booleans(),
    "vasopressors": st.integers(min_value=0, max_value=3),
    "vasopressin": st.booleans(),
    "oxygen_device": st.sampled_from(crs.DEVICES),
    "oxygen_flow": st.sampled_from([0.0, 2.0, 5.9, 6.0, 6.1, 10.0, 40.0]),
    "death_from_crs": st.booleans(),
}
ICANS_FIELDS = {
    "age_years": st.sampled_from([5.0, 11.9, 12.0, 40.0]),
    "ice": st.integers(min_value=0, max_value=10).map(lambda n: {"total": n}),
    "capd": st.integers(min_value=0, max_value=32).map(lambda n: {"total": n}),
    "consciousness": st.sampled_from(tuple(icans.CONSCIOUSNESS)),
    "seizure": st.sampled_from(tuple(icans.SEIZURE)),
    "motor_weakness": st.booleans(),
    "raised_icp": st.sampled_from(tuple(icans.RAISED_ICP)),
    "death_from_icans": st.booleans(),
    "intracranial_hemorrhage": st.booleans(),
}
#: The ICANS domains other than cognition, at their calmest: the cognitive scale alone decides.
ICANS_CALM = {
    "consciousness": "alert",
    "seizure": "none",
    "motor_weakness": False,
    "raised_icp": "none",
    "death_from_icans": False,
}
LABS = {
    "uric_acid": st.sampled_from([3.0, 7.9, 8.0, 9.0, 12.0]),
    "potassium": st.sampled_from([3.5, 4.8, 5.9, 6.0, 7.0]),
    "phosphate": st.sampled_from([2.5, 4.4, 4.5, 6.5, 8.0]),
    "calcium": st.sampled_from([6.5, 7.0, 7.1, 8.0, 9.5]),
}
TLS_FIELDS = {
    "age_years": st.sampled_from([8.0, 40.0]),
    "day_relative_to_therapy": st.sampled_from([-4, -3, 0, 7, 8]),
    "creatinine_uln": st.sampled_from([0.8, 1.2]),
    "arrhythmia": st.sampled_from(tuple(tls.ARRHYTHMIA)),
    "seizure": st.sampled_from(tuple(tls.SEIZURE)),
    "death_from_tls": st.booleans(),
    # read by Howard 2011 only
    "uric_acid_uln": st.sampled_from([4.0, 6.0, 9.0]),
    "oliguria": st.booleans(),
    "symptomatic_hypocalcemia": st.booleans(),
}


def maybe(strategy):
    return st.one_of(st.none(), strategy)


def inputs(fields, present=0.7):
    """A dict of the fields, each present or None."""
    return st.fixed_dictionaries({k: maybe(v) for k, v in fields.items()})


def tls_inputs():
    labs = st.fixed_dictionaries(
        {
            **{k: maybe(v) for k, v in LABS.items()},
            "creatinine": maybe(st.sampled_from([0.6, 0.9, 1.5, 3.8])),
        }
    )
    current = st.fixed_dictionaries(
        {
            **{k: maybe(v) for k, v in LABS.items()},
            "creatinine": maybe(st.sampled_from([0.8, 1.2, 1.8, 2.5, 4.0, 8.0])),
            "ionized_calcium": maybe(st.sampled_from([0.9, 1.11, 1.12, 1.3])),
        }
    )
    return st.fixed_dictionaries(
        {**{k: maybe(v) for k, v in TLS_FIELDS.items()}, "baseline": labs, "current": current}
    )

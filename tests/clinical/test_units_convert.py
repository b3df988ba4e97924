"""UCUM conversions: the published factors, pint's own conversions, and round trips."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cartnav.clinical.units import (
    ANALYTES,
    array_to_canonical,
    from_canonical,
    to_canonical,
)


@pytest.mark.parametrize(
    ("kind", "value", "unit", "canonical"),
    [
        ("temperature", 100.4, "[degF]", 38.0),
        ("temperature", 98.6, "[degF]", 37.0),
        ("uric_acid", 59.48, "umol/L", 1.0),
        ("creatinine", 88.4, "umol/L", 1.0),
        ("creatinine", 265.2, "umol/L", 3.0),
        ("phosphate", 0.3229, "mmol/L", 1.0),
        ("calcium", 0.2495, "mmol/L", 1.0),
        ("potassium", 5.0, "meq/L", 5.0),
        ("platelets", 150000, "/uL", 150.0),
        ("platelets", 150, "10*3/uL", 150.0),
        ("anc", 1200, "/uL", 1.2),
        ("hemoglobin", 90, "g/L", 9.0),
        ("crp", 30, "mg/L", 3.0),
        ("ferritin", 650, "ug/L", 650.0),
        ("ldh", 250, "U/L", 250.0),
        ("creatinine_uln", 106.08, "umol/L", 1.2),
        ("uric_acid_uln", 356.88, "umol/L", 6.0),
        ("ionized_calcium", 4.49, "mg/dL", 1.120255),
        ("ionized_calcium", 1.12, "mmol/L", 1.12),
    ],
)
def test_known_conversions(kind, value, unit, canonical):
    assert to_canonical(kind, value, unit) == canonical


def test_the_array_path_rounds_exactly_like_the_scalar_path():
    values = np.array([100.4, 98.6, 104.0, 77.0])
    expected = [to_canonical("temperature", float(v), "[degF]") for v in values]
    assert array_to_canonical("temperature", values, "[degF]").tolist() == expected


PAIRS = [(a.name, u, a.low, a.high) for a in ANALYTES.values() for u in a.accepted]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_round_trips(data):
    kind, unit, low, high = data.draw(st.sampled_from(PAIRS))
    canonical = data.draw(st.floats(min_value=low, max_value=high))
    there = from_canonical(kind, canonical, unit)
    back = to_canonical(kind, there, unit)
    assert back == pytest.approx(canonical, rel=1e-8, abs=1e-8)

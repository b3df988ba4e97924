"""Each threshold exactly at, just below and just above its boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from cartnav.eligibility.criteria import Criterion
from cartnav.eligibility.profile import PatientProfile
from cartnav.eligibility.rules import FAILED, MET, UNKNOWN, status

TODAY = dt.date(2026, 11, 25)


def _lab(name: str, value: float, unit: str) -> PatientProfile:
    return PatientProfile.from_dict({"labs": {name: {"value": value, "unit": unit}}})


@pytest.mark.parametrize(
    ("kind", "lab", "threshold", "unit", "below", "at", "above"),
    [
        ("anc_min", "anc", 1.0, "10*9/L", FAILED, MET, MET),
        ("platelets_min", "platelets", 75.0, "10*9/L", FAILED, MET, MET),
        ("hemoglobin_min", "hemoglobin", 8.0, "g/dL", FAILED, MET, MET),
        ("creatinine_max", "creatinine", 1.5, "mg/dL", MET, MET, FAILED),
        ("crcl_min", "creatinine_clearance", 60.0, "mL/min", FAILED, MET, MET),
        ("bilirubin_max", "bilirubin", 2.0, "mg/dL", MET, MET, FAILED),
        ("lvef_min", "lvef", 50.0, "%", FAILED, MET, MET),
        ("spo2_min", "spo2", 92.0, "%", FAILED, MET, MET),
    ],
)
def test_lab_thresholds(
    kind: str, lab: str, threshold: float, unit: str, below: int, at: int, above: int
) -> None:
    c = Criterion(kind, True, threshold, unit)
    step = 0.01
    assert status(_lab(lab, threshold - step, unit), c, TODAY) == below
    assert status(_lab(lab, threshold, unit), c, TODAY) == at
    assert status(_lab(lab, threshold + step, unit), c, TODAY) == above
    assert status(PatientProfile(), c, TODAY) == UNKNOWN


def test_si_units_are_converted_before_comparing() -> None:
    c = Criterion("creatinine_max", True, 1.5, "mg/dL")
    assert status(_lab("creatinine", 132.63, "umol/L"), c, TODAY) == MET  # 1.5 mg/dL exactly
    assert status(_lab("creatinine", 133.5, "umol/L"), c, TODAY) == FAILED
    anc = Criterion("anc_min", True, 1.0, "10*9/L")
    assert status(_lab("anc", 999, "/uL"), anc, TODAY) == FAILED
    assert status(_lab("anc", 1000, "/uL"), anc, TODAY) == MET


@pytest.mark.parametrize(("ecog", "expected"), [(0, MET), (1, MET), (2, FAILED)])
def test_ecog_at_most(ecog: int, expected: int) -> None:
    assert status(PatientProfile(ecog=ecog), Criterion("ecog_max", True, 1.0), TODAY) == expected


@pytest.mark.parametrize(("age", "expected"), [(17.99, FAILED), (18.0, MET), (18.01, MET)])
def test_minimum_age(age: float, expected: int) -> None:
    assert (
        status(PatientProfile(age_years=age), Criterion("age_min", True, 18.0, "years"), TODAY)
        == expected
    )


@pytest.mark.parametrize(("lines", "expected"), [(1, FAILED), (2, MET), (3, MET)])
def test_prior_lines(lines: int, expected: int) -> None:
    profile = PatientProfile.from_dict({"lines": [{"regimen": f"L{i}"} for i in range(lines)]})
    assert status(profile, Criterion("lines_min", True, 2.0), TODAY) == expected


@pytest.mark.parametrize(("months_ago", "expected"), [(5.9, FAILED), (6.1, MET)])
def test_allogeneic_transplant_window(months_ago: float, expected: int) -> None:
    date = TODAY - dt.timedelta(days=round(months_ago * 30.44))
    profile = PatientProfile(transplant="allogeneic", transplant_date=date)
    assert status(profile, Criterion("allo_transplant", False, 6.0, "months"), TODAY) == expected
    assert (
        status(
            PatientProfile(transplant="allogeneic"), Criterion("allo_transplant", False, 6.0), TODAY
        )
        == UNKNOWN
    )
    assert (
        status(
            PatientProfile(transplant="autologous"),
            Criterion("allo_transplant", False, None),
            TODAY,
        )
        == MET
    )


def test_disease_matching_follows_the_lineage() -> None:
    c = Criterion("disease", True, target="B-NHL")
    assert status(PatientProfile(disease="DLBCL"), c, TODAY) == MET
    assert status(PatientProfile(disease="MM"), c, TODAY) == FAILED
    narrower = Criterion("disease", True, target="DLBCL")
    assert status(PatientProfile(disease="LBCL"), narrower, TODAY) == UNKNOWN  # the subtype decides
    assert status(PatientProfile(), c, TODAY) == UNKNOWN
    assert (
        status(PatientProfile(disease="DLBCL"), Criterion("disease", True, target=""), TODAY)
        == UNKNOWN
    )


def test_pregnancy_exclusion_is_met_for_men_and_unknown_when_not_asked() -> None:
    c = Criterion("pregnant", False)
    assert status(PatientProfile(sex="male"), c, TODAY) == MET
    assert status(PatientProfile(sex="female"), c, TODAY) == UNKNOWN
    assert status(PatientProfile(sex="female", pregnant=True), c, TODAY) == FAILED

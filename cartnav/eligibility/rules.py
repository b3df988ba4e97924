"""How one criterion is answered for one patient: met, failed, or unknown.

Status codes are ordered by severity so that a verdict is simply the worst status of its
criteria: ``FAILED`` (any criterion failed → not eligible) beats ``UNKNOWN`` (otherwise, any
undecided → unknown) beats ``MET`` (all met → eligible). ``cohort.py`` implements the very same
rules on arrays; a property test holds the two together.
"""

from __future__ import annotations

import datetime as dt

from cartnav.eligibility import vocab
from cartnav.eligibility.criteria import Criterion
from cartnav.eligibility.profile import PatientProfile

MET, UNKNOWN, FAILED = 1, 2, 3

_LAB = {
    "creatinine_max": "creatinine",
    "crcl_min": "creatinine_clearance",
    "bilirubin_max": "bilirubin",
    "alt_max": "alt",
    "ast_max": "ast",
    "lvef_min": "lvef",
    "spo2_min": "spo2",
    "anc_min": "anc",
    "platelets_min": "platelets",
    "hemoglobin_min": "hemoglobin",
}
_EXCLUDING_FACT = {
    "cns": "cns_involvement",
    "active_infection": "active_infection",
    "hiv": "hiv",
    "hbv": "hbv",
    "hcv": "hcv",
    "prior_car_t": "prior_car_t",
}


def _at_least(value: float | None, threshold: float) -> int:
    return UNKNOWN if value is None else MET if value >= threshold else FAILED


def _at_most(value: float | None, threshold: float) -> int:
    return UNKNOWN if value is None else MET if value <= threshold else FAILED


def disease_status(patient: str | None, wanted: str) -> int:
    """Met when the patient's disease is one the trial names or lies within one (DLBCL within
    B-NHL); unknown when the trial names a narrower kind of the patient's disease (LBCL patient,
    DLBCL trial: the subtype decides) or names nothing cartnav recognises."""
    keys = [k for k in wanted.split("|") if k]
    if not keys or patient is None:
        return UNKNOWN
    mine = vocab.lineage(patient)
    if any(k in mine for k in keys):
        return MET
    if any(patient in vocab.lineage(k) for k in keys):
        return UNKNOWN
    return FAILED


def months_between(earlier: dt.date, later: dt.date) -> float:
    return (later - earlier).days / 30.44


def status(p: PatientProfile, c: Criterion, today: dt.date) -> int:
    k = c.kind
    if k == "text":  # most criteria (sentences cartnav does not parse): a person reviews them
        return UNKNOWN
    v = c.value if c.value is not None else 0.0
    if k in _LAB:
        lab = p.lab(_LAB[k])
        return _at_least(lab, v) if k.endswith("_min") else _at_most(lab, v)
    if k in _EXCLUDING_FACT:
        fact = getattr(p, _EXCLUDING_FACT[k])
        return UNKNOWN if fact is None else FAILED if fact else MET
    if k == "age_min":
        return _at_least(p.age_years, v)
    if k == "age_max":
        return _at_most(p.age_years, v)
    if k == "ecog_max":
        return _at_most(None if p.ecog is None else float(p.ecog), v)
    if k == "karnofsky_min":
        return _at_least(None if p.karnofsky is None else float(p.karnofsky), v)
    if k == "lines_min":
        return _at_least(None if p.prior_lines is None else float(p.prior_lines), v)
    if k == "life_expectancy_min":
        return _at_least(p.life_expectancy_months, v)
    if k == "disease":
        return disease_status(p.disease, c.target)
    if k == "sex":
        return UNKNOWN if p.sex is None else MET if p.sex == c.target else FAILED
    if k == "antigen_positive":
        known = p.antigens.get(c.target)
        return UNKNOWN if known is None else MET if known else FAILED
    if k == "pregnant":
        if p.sex == "male":
            return MET
        return UNKNOWN if p.pregnant is None else FAILED if p.pregnant else MET
    if k == "allo_transplant":
        return _transplant(p, c.value, today)
    if k == "drug_classes":
        classes = p.drug_classes
        if classes is None:
            return UNKNOWN
        return MET if set(c.target.split("|")) <= classes else FAILED
    if k == "relapsed_or_refractory":
        if p.refractory or p.relapsed:
            return MET
        return FAILED if p.refractory is False and p.relapsed is False else UNKNOWN
    return UNKNOWN  # a kind this version does not judge


def _transplant(p: PatientProfile, window_months: float | None, today: dt.date) -> int:
    if p.transplant is None:
        return UNKNOWN
    if p.transplant != "allogeneic":
        return MET
    if window_months is None:
        return FAILED
    if p.transplant_date is None:
        return UNKNOWN
    return FAILED if months_between(p.transplant_date, today) < window_months else MET

"""How one criterion is answered for one patient: met, failed, or unknown.

Status codes are ordered by severity so that a verdict is simply the worst status of its
criteria: ``FAILED`` (any criterion failed → not eligible) beats ``UNKNOWN`` (otherwise, any
undecided → unknown) beats ``MET`` (all met → eligible). ``cohort.py`` implements the very same
rules on arrays; a property test holds the two together.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

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
#: Exclusions decided by one yes/no fact of the profile (a property where the fact is derived:
#: see :class:`~cartnav.eligibility.profile.PatientProfile`).
_EXCLUDING_FACT = {
    "cns": "cns_involvement",
    "cns_primary": "primary_cns_lymphoma",
    "active_infection": "active_infection",
    "hiv": "hiv",
    "hbv": "hbv_active",
    "hbsag": "hbsag",
    "hbv_infection": "hbv_infection",
    "hcv": "hcv_active",
    "prior_car_t": "prior_car_t",
    "gvhd": "gvhd_active",
    "other_malignancy_active": "other_malignancy_active",
}
#: Exclusions with a qualifier cartnav does not hold ("GVHD requiring systemic therapy",
#: "myocardial infarction within 6 months"): a patient without the condition meets them; one
#: with it is for a person to judge against the qualifier.
_QUALIFIED_FACT = {
    "gvhd_qualified": "gvhd_active",
    "heart_disease": "heart_disease",
    "neurological_disorder": "neurological_disorder",
    "autoimmune": "autoimmune_active",
    "infection_uncontrolled": "active_infection",
}


def _at_least(value: float | None, threshold: float, strict: bool = False) -> int:
    if value is None:
        return UNKNOWN
    return MET if (value > threshold if strict else value >= threshold) else FAILED


def _at_most(value: float | None, threshold: float, strict: bool = False) -> int:
    if value is None:
        return UNKNOWN
    return MET if (value < threshold if strict else value <= threshold) else FAILED


@lru_cache(maxsize=65536)
def disease_status(patient: str | None, wanted: str) -> int:
    """Met when the patient's disease is one the trial names or lies within one (DLBCL within
    B-NHL); unknown when the trial names a narrower kind of the patient's disease (LBCL patient,
    DLBCL trial: the subtype decides) or names nothing cartnav recognises. Remembered: one
    patient's screen asks it about 2,500 times, of a few hundred distinct (disease, list) pairs,
    and the vocabulary is fixed."""
    keys = [k for k in wanted.split("|") if k]
    if not keys or patient is None:
        return UNKNOWN
    mine = vocab.lineage(patient)
    if any(k in mine for k in keys):
        return MET
    if any(patient in vocab.lineage(k) or (patient, k) in vocab.AMBIGUOUS for k in keys):
        return UNKNOWN
    return FAILED


def months_between(earlier: dt.date, later: dt.date) -> float:
    return (later - earlier).days / 30.44


def status(p: PatientProfile, c: Criterion, today: dt.date) -> int:
    if c.scope:
        # Written for some diseases only ("Inclusion criteria only for B-ALL:"): it does not
        # apply to a patient whose disease lies outside them; it does when the disease lies
        # within; when the scope is narrower than what is known of the disease, only a
        # criterion met anyway is decided.
        applies = disease_status(p.disease, c.scope)
        if applies == FAILED:
            return MET
        inner = _status(p, c, today)
        return inner if applies == MET else min(inner, UNKNOWN) if inner == MET else UNKNOWN
    return _status(p, c, today)


def _status(p: PatientProfile, c: Criterion, today: dt.date) -> int:
    k = c.kind
    if k == "text":  # most criteria (sentences cartnav does not parse): a person reviews them
        return UNKNOWN
    if k == "allowance":  # an exception the trial makes ("secondary CNS lymphoma is admitted")
        return MET
    if k == "heading":  # "Histologically confirmed:": the items under it decide
        return MET
    if k == "enrolment":
        # A formality (consent, contraception, the investigator's open judgement): confirmed at
        # enrolment, listed apart by the screen, never a fact that holds a verdict back.
        return MET
    v = c.value if c.value is not None else 0.0
    if k in _LAB:
        lab = p.lab(_LAB[k])
        return (_at_least if k.endswith("_min") else _at_most)(lab, v, c.strict)
    if k in _EXCLUDING_FACT:
        fact = getattr(p, _EXCLUDING_FACT[k])
        return UNKNOWN if fact is None else FAILED if fact else MET
    if k in _QUALIFIED_FACT:
        fact = getattr(p, _QUALIFIED_FACT[k])
        return MET if fact is False else UNKNOWN
    if k == "other_malignancy_history":
        # "another malignancy within 3 years / not in remission for 2 years": none ever meets it,
        # an active one fails it, a past one depends on when — a person reads the window
        return {"none": MET, "active": FAILED}.get(p.other_malignancy or "", UNKNOWN)
    if k == "cns_disease_any":
        # "clinical evidence of CNS disease": whether a trial means the lymphoma's own CNS
        # involvement, another disorder or both is for a person; a patient with neither meets it
        return MET if p.cns_involvement is False and p.neurological_disorder is False else UNKNOWN
    if k == "age_min":
        return _at_least(p.age_years, v, c.strict)
    if k == "age_max":
        return _at_most(p.age_years, v, c.strict)
    if k == "ecog_max":
        return _at_most(None if p.ecog is None else float(p.ecog), v)
    if k == "karnofsky_min":
        return _at_least(None if p.karnofsky is None else float(p.karnofsky), v)
    if k == "lines_min":
        return _at_least(None if p.prior_lines is None else float(p.prior_lines), v)
    if k == "life_expectancy_min":
        return _at_least(p.life_expectancy_months, v, c.strict)
    if k == "disease":
        return disease_status(p.disease, c.target)
    if k == "text_diseases":
        # the diagnoses the criteria text names anywhere (the sentences are judged on their own:
        # this says only whether the patient's disease is among them)
        return disease_status(p.disease, c.target)
    if k == "prior_car_t_received":
        # a follow-up study of those already treated: which product they had, a person checks
        return UNKNOWN if p.prior_car_t is not False else FAILED
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
    if k == "line_window":
        return line_window(p, c.target, c.value or 0.0)
    if k == "refractory_to":
        return refractory_to(p, c.target)
    if k == "antigen_negative":
        known = p.antigens.get(c.target)
        return UNKNOWN if known is None else FAILED if known else MET
    if k == "subtype_excludes":
        return subtype_excludes(p.subtype, c.target)
    if k == "subtype_requires":
        found = subtype_excludes(p.subtype, c.target)
        return UNKNOWN if found == UNKNOWN else MET if found == FAILED else FAILED
    if k == "drug_classes":
        # A line whose drugs cartnav cannot tell may have held the class: undecided, not failed.
        classes = p.drug_classes
        if classes is None:
            return UNKNOWN
        if set(c.target.split("|")) <= classes:
            return MET
        return UNKNOWN if p.unresolved_lines else FAILED
    if k == "relapsed_or_refractory":
        rr = p.relapsed_or_refractory
        return UNKNOWN if rr is None else MET if rr else FAILED
    return UNKNOWN  # a kind this version does not judge


def line_window(p: PatientProfile, which: str, months: float) -> int:
    """ "Refractory to, or relapsing within ``months`` of the end of, the ``which`` line"
    (``first``: axi-cel's second-line indication; ``last``: relma-cel's FL indication, "within
    24 months of second-line or later therapy").

    Refractory: that line's best response was stable or progressive disease. Relapse: the
    recorded progression date is after the line began and no later than ``months`` after it
    ended. Failed when the line responded (CR/PR …) and progression came later than the window;
    undecided when a date or the response is missing.
    """
    if not p.lines:
        return UNKNOWN if p.lines is None else FAILED
    line = p.lines[0] if which == "first" else p.lines[-1]
    if line.best_response in ("SD", "PD"):
        return MET
    progression = p.last_progression_date
    if progression is None or line.end is None or line.best_response is None:
        return UNKNOWN
    if which == "first" and len(p.lines) > 1:
        nxt = p.lines[1].start
        # the relapse after the first line is the one before the second line began
        if nxt is None or nxt < progression:
            return UNKNOWN
    within = months_between(line.end, progression) <= months
    return MET if progression >= (line.start or line.end) and within else FAILED


def refractory_to(p: PatientProfile, wanted: str) -> int:
    """Refractory to a drug (or a class): recorded in ``refractory_to``, or a line that held it
    ended with stable or progressive disease. Failed only when every line is known and none
    held it; otherwise a person asks."""
    if wanted in p.refractory_to:
        return MET
    for line in p.lines or ():
        held = wanted in (line.known_drugs or ()) or wanted in (line.classes or set())
        if held and line.best_response in ("SD", "PD"):
            return MET
    drugs = p.prior_drugs
    if p.lines is not None and not p.unresolved_lines and drugs is not None:
        classes = p.drug_classes or set()
        if wanted not in drugs and wanted not in classes:
            return FAILED
    return UNKNOWN


def subtype_excludes(subtype: str | None, excluded: str) -> int:
    """Failed when the patient's subtype or grade names one the indication leaves out (e.g.
    FL grade 3b for relma-cel's FL indication); met when the subtype is known and is not."""
    if subtype is None or not subtype.strip():
        return UNKNOWN
    words = subtype.lower()
    for term in excluded.split("|"):
        if term and re.search(r"(?<![a-z0-9])" + re.escape(term.lower()) + r"(?![a-z0-9])", words):
            return FAILED
    return MET


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

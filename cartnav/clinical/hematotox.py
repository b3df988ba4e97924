"""CAR-HEMATOTOX: baseline risk of CAR T-cell haematotoxicity (reference/clinical.md §4).

Source: Rejeski K et al. CAR-HEMATOTOX: a model for CAR T-cell–related hematologic toxicity in
relapsed/refractory large B-cell lymphoma. Blood 2021;138(24):2499–2513 — the CAR-HEMATOTOX
score table. Measured before lymphodepletion (about day −5).
"""

from __future__ import annotations

from typing import Any

from cartnav.clinical.result import Basis, GradeResult
from cartnav.clinical.text import Text, gettext_noop
from cartnav.clinical.units import ClinicalInputError, canonical_quantity, check_range

SOURCE = "Rejeski et al., Blood 2021, CAR-HEMATOTOX score"
#: The 0-point column of the paper's Figure 3A and the authors' group's scoring code
#: (``calculate_hematotox``, Dynamic-Hematotox repository) settle every cut-point.
CUT_POINT_SOURCE = "Rejeski et al., Blood 2021, Figure 3A; calculate_hematotox (authors' code)"
HIGH_RISK_FROM = 2
FIELDS = ("platelets", "anc", "hemoglobin", "crp", "ferritin")
MAX_POINTS = {"platelets": 2, "anc": 1, "hemoglobin": 1, "crp": 1, "ferritin": 2}
_UNIT = {
    "platelets": "× 10⁹/L",
    "anc": "× 10⁹/L",
    "hemoglobin": "g/dL",
    "crp": "mg/dL",
    "ferritin": "ng/mL",
}
#: The cut-points of each variable; a value exactly on one takes the point (clinical.md §4).
CUT_POINTS = {
    "platelets": (75.0, 175.0),
    "anc": (1.2,),
    "hemoglobin": (9.0,),
    "crp": (3.0,),
    "ferritin": (650.0, 2000.0),
}


def platelet_points(platelets: float) -> int:
    """> 175 × 10⁹/L 0; 75–175 1 (both cut-points included); < 75 2."""
    if platelets > 175:
        return 0
    return 1 if platelets >= 75 else 2


def anc_points(anc: float) -> int:
    """> 1.2 × 10⁹/L 0; ≤ 1.2 1 (exactly 1.2 takes the point)."""
    return 0 if anc > 1.2 else 1


def hemoglobin_points(hemoglobin: float) -> int:
    """> 9.0 g/dL 0; ≤ 9.0 1 (exactly 9.0 takes the point)."""
    return 0 if hemoglobin > 9.0 else 1


def crp_points(crp: float) -> int:
    """< 3.0 mg/dL 0; ≥ 3.0 1 (exactly 3.0 takes the point)."""
    return 0 if crp < 3.0 else 1


def ferritin_points(ferritin: float) -> int:
    """< 650 ng/mL 0; 650–2000 1 (both cut-points included); > 2000 2."""
    if ferritin < 650:
        return 0
    return 1 if ferritin <= 2000 else 2


POINTS = {
    "platelets": platelet_points,
    "anc": anc_points,
    "hemoglobin": hemoglobin_points,
    "crp": crp_points,
    "ferritin": ferritin_points,
}


def risk_of(score: int) -> str:
    """0–1 low risk, ≥ 2 high risk."""
    return "high" if score >= HIGH_RISK_FROM else "low"


_LABEL: dict[str, Text] = {
    "platelets": gettext_noop("platelets"),
    "anc": gettext_noop("ANC"),
    "hemoglobin": gettext_noop("haemoglobin"),
    "crp": gettext_noop("CRP"),
    "ferritin": gettext_noop("ferritin"),
}


def _item_basis(name: str, value: float, points: int) -> Basis:
    label, unit = _LABEL[name], _UNIT[name]
    if value in CUT_POINTS[name]:
        text = gettext_noop(
            "{label} {value:g} {unit}: {points} point (a value at the cut-point takes the point)",
            label=label,
            value=value,
            unit=unit,
            points=points,
        )
        return Basis(text, CUT_POINT_SOURCE)
    if points == 1:
        text = gettext_noop(
            "{label} {value:g} {unit}: {points} point",
            label=label,
            value=value,
            unit=unit,
            points=points,
        )
    else:
        text = gettext_noop(
            "{label} {value:g} {unit}: {points} points",
            label=label,
            value=value,
            unit=unit,
            points=points,
        )
    return Basis(text, SOURCE)


def is_lbcl(disease: object) -> bool | None:
    """Whether a screening-vocabulary disease key is large B-cell lymphoma (``None`` if absent).

    The key is the one the screening vocabulary (``cartnav.eligibility.vocab``, pure like this
    core) gives the case: LBCL and everything within it (DLBCL, HGBL, PMBCL, tFL …). PCNSL is
    not within LBCL there, and the CAR-HEMATOTOX cohorts excluded it. A broader key (B-NHL,
    lymphoma) is not known to be LBCL, so it is warned about too. An unknown key is refused.
    """
    if disease is None:
        return None
    # the one disease vocabulary (no Django; its data is read once, at import)
    from cartnav.eligibility import vocab

    if not isinstance(disease, str) or disease not in vocab.BY_KEY or vocab.is_other(disease):
        raise ClinicalInputError(
            "disease",
            f"{disease!r} is not a disease key of the screening vocabulary "
            "(for example DLBCL, LBCL, MM, B-ALL, FL, MCL, CLL).",
        )
    return "LBCL" in vocab.lineage(disease)


def _risk_text(score: int | None, low: int, high: int, risk: str) -> Text:
    if score is not None and risk == "high":
        return gettext_noop("score {score}: high risk (0–1 low, ≥ 2 high)", score=score)
    if score is not None:
        return gettext_noop("score {score}: low risk (0–1 low, ≥ 2 high)", score=score)
    if risk == "high":
        return gettext_noop(
            "score at least {low}, at most {high}: high risk (0–1 low, ≥ 2 high)",
            low=low,
            high=high,
        )
    return gettext_noop(
        "score at least {low}, at most {high}: low risk (0–1 low, ≥ 2 high)", low=low, high=high
    )


def grade_hematotox(
    *,
    platelets: float | None = None,
    anc: float | None = None,
    hemoglobin: float | None = None,
    crp: float | None = None,
    ferritin: float | None = None,
    disease: str | None = None,
) -> GradeResult:
    """The CAR-HEMATOTOX score (0–7) and risk group (Rejeski 2021); ``grade`` is always None.

    Units: platelets and ANC × 10⁹/L, haemoglobin g/dL, CRP mg/dL, ferritin ng/mL. A value
    exactly at a cut-point takes the point, as the paper's Figure 3A and the authors' scoring
    code do: ANC 1.2, haemoglobin 9.0, CRP 3.0, platelets 75 or 175 and ferritin 650 or 2000
    each score 1 (a tie goes to the risk side of a rule-out tool). With inputs missing the score
    is None, but the risk group is given when the missing points cannot move it across 2.

    ``disease`` (optional) is the case's screening-vocabulary key (``DLBCL``, ``MM`` …): outside
    large B-cell lymphoma, where the score was derived and validated, the result warns. It never
    changes the score.
    """
    given: dict[str, float | None] = {
        "platelets": platelets,
        "anc": anc,
        "hemoglobin": hemoglobin,
        "crp": crp,
        "ferritin": ferritin,
    }
    for name, value in given.items():
        if value is not None:
            check_range(name, name, value)
    lbcl = is_lbcl(disease)
    points = {n: POINTS[n](v) for n, v in given.items() if v is not None}
    missing = [n for n in FIELDS if given[n] is None]
    low = sum(points.values())
    high = low + sum(MAX_POINTS[n] for n in missing)
    score = low if not missing else None
    risk = risk_of(low) if risk_of(low) == risk_of(high) else None
    basis = [_item_basis(n, v, points[n]) for n, v in given.items() if v is not None]
    if risk is not None:
        basis.append(Basis(_risk_text(score, low, high, risk), SOURCE))
    echo: dict[str, Any] = {n: canonical_quantity(n, v) for n, v in given.items() if v is not None}
    warnings: list[str] = []
    if lbcl is not None:
        echo["disease"] = disease
    if lbcl is False:
        warnings.append(
            gettext_noop(
                "CAR-HEMATOTOX was derived and validated in relapsed/refractory large B-cell "
                "lymphoma; {disease} is not large B-cell lymphoma, so the score rests there on "
                "later series",
                disease=disease,
            )
        )
    return GradeResult(
        kind="hematotox",
        grade=None,
        score=score,
        risk=risk,
        basis=tuple(basis),
        missing=tuple(missing),
        warnings=tuple(warnings),
        input=echo,
    )

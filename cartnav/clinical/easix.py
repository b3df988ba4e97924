"""EASIX and modified EASIX (reference/clinical.md §5).

Sources: Luft T et al. Lancet Haematol 2017 (EASIX = LDH × creatinine / platelets); Pennisi M et
al. Blood Adv 2021 (m-EASIX = LDH × CRP / platelets). No universal cut-off exists, so no risk
group is given; ``grade`` and ``score`` are always None.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cartnav.clinical.result import Basis, GradeResult
from cartnav.clinical.text import gettext_noop
from cartnav.clinical.units import ClinicalInputError, canonical_quantity, check_range

EASIX_SOURCE = "Luft et al., Lancet Haematol 2017"
M_EASIX_SOURCE = "Pennisi et al., Blood Adv 2021"
FIELDS = ("ldh", "creatinine", "platelets", "crp")


def easix(ldh: float, creatinine: float, platelets: float) -> float:
    """LDH (U/L) × creatinine (mg/dL) / platelets (10⁹/L)."""
    return ldh * creatinine / platelets


def m_easix(ldh: float, crp: float, platelets: float) -> float:
    """LDH (U/L) × CRP (mg/dL) / platelets (10⁹/L)."""
    return ldh * crp / platelets


def grade_easix(
    *,
    ldh: float | None = None,
    creatinine: float | None = None,
    platelets: float | None = None,
    crp: float | None = None,
) -> GradeResult:
    """EASIX, its log2, and m-EASIX where CRP is given (no risk group: no agreed cut-off).

    Units: LDH U/L, creatinine mg/dL, platelets × 10⁹/L, CRP mg/dL. A platelet count of 0 is
    refused: both indices divide by it.
    """
    given: dict[str, float | None] = {
        "ldh": ldh,
        "creatinine": creatinine,
        "platelets": platelets,
        "crp": crp,
    }
    for name, value in given.items():
        if value is not None:
            check_range(name, name, value)
    if platelets == 0:
        raise ClinicalInputError(
            "platelets",
            "0 × 10⁹/L cannot be used: EASIX divides by the "
            "platelet count; enter the lowest count the laboratory reports.",
        )
    value = log2 = modified = None
    basis = []
    if ldh is not None and creatinine is not None and platelets is not None:
        value = easix(ldh, creatinine, platelets)
        log2 = float(np.log2(value))
        basis.append(
            Basis(
                gettext_noop(
                    "EASIX = LDH {ldh:g} U/L × creatinine {creatinine:g} mg/dL / platelets "
                    "{platelets:g} × 10⁹/L = {value:.4g} (log2 {log2:.3f})",
                    ldh=ldh,
                    creatinine=creatinine,
                    platelets=platelets,
                    value=value,
                    log2=log2,
                ),
                EASIX_SOURCE,
            )
        )
    if ldh is not None and crp is not None and platelets is not None:
        modified = m_easix(ldh, crp, platelets)
        basis.append(
            Basis(
                gettext_noop(
                    "m-EASIX = LDH {ldh:g} U/L × CRP {crp:g} mg/dL / platelets {platelets:g} "
                    "× 10⁹/L = {value:.4g}",
                    ldh=ldh,
                    crp=crp,
                    platelets=platelets,
                    value=modified,
                ),
                M_EASIX_SOURCE,
            )
        )
    missing = [n for n in FIELDS if given[n] is None]
    echo: dict[str, Any] = {n: canonical_quantity(n, v) for n, v in given.items() if v is not None}
    return GradeResult(
        kind="easix",
        grade=None,
        easix=value,
        easix_log2=log2,
        m_easix=modified,
        basis=tuple(basis),
        missing=tuple(missing),
        input=echo,
        warnings=("no universal cut-off exists: no risk group is given",),
    )

"""One result type for every grader, printable and explainable (the lifelines habit).

``GradeResult.to_dict()`` is the "Every result" shape of reference/grading-io.md: the common keys
``kind grade score basis missing warnings input`` plus only the extras of that kind
(:data:`EXTRAS`). ``explain()`` is the same content as sentences for a clinician.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

EXTRAS: dict[str, tuple[str, ...]] = {
    "crs": (),
    "icans": ("ice_total", "capd_total"),
    "tls": ("laboratory_tls", "clinical_tls"),
    "hematotox": ("risk",),
    "easix": ("easix", "easix_log2", "m_easix"),
    "icaht": ("early_grade", "late_grade", "d500", "d100", "at_least", "episode_rule"),
}

TITLES: dict[str, str] = {
    "crs": "Cytokine release syndrome (ASTCT 2019)",
    "icans": "ICANS (ASTCT 2019)",
    "tls": "Tumour lysis syndrome (Cairo-Bishop 2004)",
    "hematotox": "CAR-HEMATOTOX (Rejeski 2021)",
    "easix": "EASIX (Luft 2017) and m-EASIX (Pennisi 2021)",
    "icaht": "ICAHT (EHA/EBMT 2023)",
}

REFERENCE_NOTE = "Reference for trained clinicians; it is not an order."


@dataclass(frozen=True)
class Basis:
    """One criterion that the result rests on, and the table it comes from."""

    criterion: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"criterion": self.criterion, "source": self.source}


@dataclass(frozen=True)
class GradeResult:
    """What a grader concluded, why (``basis``), and what it could not know (``missing``).

    ``grade`` is ``None`` when the inputs cannot decide it, never a guessed 0; ``missing`` then
    names only the inputs that could change the result.
    """

    kind: str
    grade: int | None
    score: int | None = None
    basis: tuple[Basis, ...] = ()
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    input: Mapping[str, Any] = field(default_factory=dict)
    ice_total: int | None = None
    capd_total: int | None = None
    risk: str | None = None
    easix: float | None = None
    easix_log2: float | None = None
    m_easix: float | None = None
    laboratory_tls: bool | None = None
    clinical_tls: bool | None = None
    early_grade: int | None = None
    late_grade: int | None = None
    d500: int | None = None
    d100: int | None = None
    at_least: bool | None = None
    episode_rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The grading-io JSON shape: common keys, then this kind's extras only."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "grade": self.grade,
            "score": self.score,
            "basis": [b.to_dict() for b in self.basis],
            "missing": list(self.missing),
            "warnings": list(self.warnings),
            "input": dict(self.input),
        }
        for key in EXTRAS[self.kind]:
            out[key] = getattr(self, key)
        return out

    def headline(self) -> str:
        """The one line a clinician reads first."""
        title = TITLES[self.kind]
        if self.kind == "hematotox":
            score = "unknown" if self.score is None else f"{self.score}/7"
            return f"{title}: score {score}, risk {self.risk or 'unknown'}"
        if self.kind == "tls" and self.input.get("rule") == "howard_2011":
            shown = {True: "yes", False: "no", None: "undecided"}
            return (
                f"Tumour lysis syndrome (Howard 2011): laboratory TLS "
                f"{shown[self.laboratory_tls]}, clinical TLS {shown[self.clinical_tls]} "
                "(Howard has no grade)"
            )
        if self.kind == "easix":
            easix = "unknown" if self.easix is None else f"{self.easix:.3g}"
            m_easix = "not computed" if self.m_easix is None else f"{self.m_easix:.3g}"
            return f"{title}: EASIX {easix}, m-EASIX {m_easix}"
        if self.kind == "icaht":
            early = "cannot be decided from these inputs"
            if self.early_grade is not None:
                early = f"at least {self.early_grade}" if self.at_least else str(self.early_grade)
            late = "not graded" if self.late_grade is None else str(self.late_grade)
            return f"{title}: early grade {early}, late grade {late}"
        grade = "cannot be decided from these inputs" if self.grade is None else str(self.grade)
        return f"{title}: grade {grade}"

    def explain(self) -> str:
        """A multi-line, human-readable account: headline, basis, missing, warnings."""
        lines = [self.headline()]
        lines += [
            f"  {key.replace('_', ' ')}: {getattr(self, key)}"
            for key in EXTRAS[self.kind]
            if key not in ("risk", "easix", "m_easix")
        ]
        lines.append("Basis:")
        lines += [f"  - {b.criterion} [{b.source}]" for b in self.basis] or ["  - none"]
        if self.missing:
            lines.append("Missing (could change the result): " + ", ".join(self.missing))
        if self.warnings:
            lines.append("Warnings:")
            lines += [f"  - {w}" for w in self.warnings]
        lines.append(REFERENCE_NOTE)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain()

"""Diseases and target antigens cartnav screens for: names, synonyms and codes.

Disease keys are short and stable (``LBCL``, ``MM``, ``B-ALL`` …); each carries ICD-10 code
prefixes and ICD-O-3 morphology codes so that a coded diagnosis (from FHIR or a form) maps onto
the same key as a trial's free-text condition. A key's ``parents`` lets a DLBCL patient match a
trial for LBCL or for B-cell NHL, but not the reverse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Disease:
    key: str
    name: str
    synonyms: tuple[str, ...]
    icd10: tuple[str, ...] = ()
    icdo3: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()


DISEASES: tuple[Disease, ...] = (
    Disease(
        "B-NHL",
        "B-cell non-Hodgkin lymphoma",
        (
            "b-cell non-hodgkin",
            "b-nhl",
            "b cell lymphoma",
            "b-cell lymphoma",
            "non-hodgkin lymphoma",
            "non-hodgkin's lymphoma",
            "nhl",
        ),
        ("C85", "C82", "C83", "C88"),
        (),
        ("LYMPHOMA",),
    ),
    Disease(
        "LBCL",
        "Large B-cell lymphoma",
        ("large b-cell lymphoma", "large b cell lymphoma", "lbcl"),
        ("C83.3", "C85.2"),
        ("9680/3",),
        ("B-NHL",),
    ),
    Disease(
        "DLBCL",
        "Diffuse large B-cell lymphoma",
        ("diffuse large b-cell", "diffuse large b cell", "dlbcl"),
        ("C83.3",),
        ("9680/3", "9684/3"),
        ("LBCL", "B-NHL"),
    ),
    Disease(
        "PMBCL",
        "Primary mediastinal large B-cell lymphoma",
        ("primary mediastinal", "pmbcl"),
        ("C85.2",),
        ("9679/3",),
        ("LBCL", "B-NHL"),
    ),
    Disease(
        "HGBL",
        "High-grade B-cell lymphoma",
        ("high-grade b-cell", "high grade b-cell", "hgbl", "double-hit", "triple-hit"),
        ("C83.8",),
        ("9680/3",),
        ("LBCL", "B-NHL"),
    ),
    Disease(
        "tFL",
        "Transformed follicular lymphoma",
        ("transformed follicular", "tfl"),
        (),
        (),
        ("LBCL", "B-NHL"),
    ),
    Disease(
        "FL",
        "Follicular lymphoma",
        ("follicular lymphoma",),
        ("C82",),
        ("9690/3", "9691/3", "9695/3", "9698/3"),
        ("B-NHL",),
    ),
    Disease(
        "MCL", "Mantle cell lymphoma", ("mantle cell", "mcl"), ("C83.1",), ("9673/3",), ("B-NHL",)
    ),
    Disease(
        "CLL",
        "Chronic lymphocytic leukaemia / small lymphocytic lymphoma",
        ("chronic lymphocytic", "small lymphocytic", "cll", "sll"),
        ("C91.1",),
        ("9823/3", "9670/3"),
        ("B-NHL",),
    ),
    Disease(
        "MZL",
        "Marginal zone lymphoma",
        ("marginal zone",),
        ("C88.4", "C83.0"),
        ("9699/3",),
        ("B-NHL",),
    ),
    Disease(
        "B-ALL",
        "B-cell acute lymphoblastic leukaemia",
        (
            "b-cell acute lymphoblastic",
            "b cell acute lymphoblastic",
            "b-all",
            "b-lymphoblastic",
            "acute lymphoblastic leukemia",
            "acute lymphoblastic leukaemia",
        ),
        ("C91.0",),
        ("9811/3", "9812/3", "9835/3", "9836/3"),
        ("LEUKEMIA",),
    ),
    Disease(
        "T-ALL",
        "T-cell acute lymphoblastic leukaemia",
        ("t-cell acute lymphoblastic", "t-all", "t-lymphoblastic"),
        ("C91.0",),
        ("9837/3",),
        ("LEUKEMIA",),
    ),
    Disease(
        "AML",
        "Acute myeloid leukaemia",
        ("acute myeloid", "acute myelogenous", "aml"),
        ("C92.0",),
        ("9861/3",),
        ("LEUKEMIA",),
    ),
    Disease(
        "MM",
        "Multiple myeloma",
        ("multiple myeloma", "myeloma", "plasma cell"),
        ("C90.0",),
        ("9732/3",),
        (),
    ),
    Disease(
        "HL",
        "Hodgkin lymphoma",
        ("hodgkin lymphoma", "hodgkin's lymphoma", "hodgkin disease"),
        ("C81",),
        ("9650/3",),
        ("LYMPHOMA",),
    ),
    Disease(
        "TCL",
        "T-cell lymphoma",
        ("t-cell lymphoma", "t cell lymphoma", "ptcl", "peripheral t"),
        ("C84",),
        ("9702/3",),
        ("LYMPHOMA",),
    ),
    Disease(
        "LYMPHOMA", "Lymphoma (any)", ("lymphoma",), ("C81", "C82", "C83", "C84", "C85"), (), ()
    ),
    Disease(
        "LEUKEMIA",
        "Leukaemia (any)",
        ("leukemia", "leukaemia"),
        ("C91", "C92", "C93", "C95"),
        (),
        (),
    ),
    Disease(
        "GBM", "Glioblastoma", ("glioblastoma", "gbm", "glioma"), ("C71",), ("9440/3",), ("SOLID",)
    ),
    Disease(
        "GASTRIC",
        "Gastric cancer",
        ("gastric", "stomach", "gastroesophageal"),
        ("C16",),
        (),
        ("SOLID",),
    ),
    Disease("NB", "Neuroblastoma", ("neuroblastoma",), ("C74.9",), ("9500/3",), ("SOLID",)),
    Disease("SARCOMA", "Sarcoma", ("sarcoma",), ("C49",), (), ("SOLID",)),
    Disease(
        "HCC",
        "Hepatocellular carcinoma",
        ("hepatocellular", "liver cancer", "hcc"),
        ("C22.0",),
        ("8170/3",),
        ("SOLID",),
    ),
    Disease("PANCREATIC", "Pancreatic cancer", ("pancrea",), ("C25",), (), ("SOLID",)),
    Disease("OVARIAN", "Ovarian cancer", ("ovarian",), ("C56",), (), ("SOLID",)),
    Disease(
        "LUNG",
        "Lung cancer",
        ("lung cancer", "nsclc", "non-small cell lung", "small cell lung"),
        ("C34",),
        (),
        ("SOLID",),
    ),
    Disease("BREAST", "Breast cancer", ("breast",), ("C50",), (), ("SOLID",)),
    Disease(
        "COLORECTAL",
        "Colorectal cancer",
        ("colorectal", "colon cancer", "rectal cancer"),
        ("C18", "C19", "C20"),
        (),
        ("SOLID",),
    ),
    Disease(
        "SOLID", "Solid tumour (any)", ("solid tumor", "solid tumour", "advanced solid"), (), (), ()
    ),
    Disease("SLE", "Systemic lupus erythematosus", ("lupus", "sle"), ("M32",), (), ("AUTOIMMUNE",)),
    Disease("MS", "Multiple sclerosis", ("multiple sclerosis",), ("G35",), (), ("AUTOIMMUNE",)),
    Disease("MG", "Myasthenia gravis", ("myasthenia",), ("G70.0",), (), ("AUTOIMMUNE",)),
    Disease(
        "SSC",
        "Systemic sclerosis",
        ("systemic sclerosis", "scleroderma"),
        ("M34",),
        (),
        ("AUTOIMMUNE",),
    ),
    Disease("AUTOIMMUNE", "Autoimmune disease (any)", ("autoimmune",), (), (), ()),
)
BY_KEY = {d.key: d for d in DISEASES}

ANTIGENS: tuple[str, ...] = (
    "CD19",
    "CD20",
    "CD22",
    "BCMA",
    "GPRC5D",
    "CD7",
    "CD5",
    "CD30",
    "CD33",
    "CD123",
    "CLL1",
    "CLDN18.2",
    "GPC3",
    "GD2",
    "CD70",
    "B7-H3",
    "EGFR",
    "HER2",
    "MSLN",
    "MUC1",
    "CEA",
    "PSMA",
    "NKG2D",
)
_ANTIGEN_ALIASES = {
    "claudin 18.2": "CLDN18.2",
    "claudin18.2": "CLDN18.2",
    "mesothelin": "MSLN",
    "b7h3": "B7-H3",
}


def _pattern(synonym: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + re.escape(synonym) + r"(?![a-z0-9])")


_SYNONYMS = sorted(
    ((_pattern(s), d.key) for d in DISEASES for s in d.synonyms), key=lambda p: -len(p[0].pattern)
)


class UnknownCode(ValueError):
    pass


def diseases_in(text: str) -> list[str]:
    """Disease keys named in a free-text condition, most specific first, without duplicates."""
    low = text.lower()
    found: list[str] = []
    for pattern, key in _SYNONYMS:
        if pattern.search(low) and key not in found:
            found.append(key)
    if re.search(r"(?<![A-Za-z-])ALL(?![A-Za-z])", text) and "B-ALL" not in found:
        found.append("B-ALL")  # the upper-case abbreviation only: "all patients" is not a disease
    # Keep the most specific: "diffuse large B-cell lymphoma" also says "lymphoma", but a
    # Hodgkin patient must not match a DLBCL trial through the broader word.
    return [k for k in found if not any(k != other and k in lineage(other) for other in found)]


@cache
def lineage(key: str) -> frozenset[str]:
    """The key and every broader key it belongs to (remembered: the vocabulary is fixed, and
    screening one patient asks this about 4,000 times)."""
    seen = {key}
    stack = [key]
    while stack:
        for parent in BY_KEY[stack.pop()].parents:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return frozenset(seen)


def disease_from_code(icd10: str | None = None, icdo3: str | None = None) -> str:
    """The most specific disease key for an ICD-10 or ICD-O-3 code; UnknownCode if none."""
    if icdo3:
        for d in DISEASES:
            if icdo3 in d.icdo3:
                return d.key
    if icd10:
        code = icd10.upper()
        best: tuple[int, str] | None = None
        for d in DISEASES:
            for prefix in d.icd10:
                if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), d.key)
        if best:
            return best[1]
    raise UnknownCode(f"no disease is known for ICD-10 {icd10!r} / ICD-O-3 {icdo3!r}")


def antigens_in(text: str) -> list[str]:
    low = text.lower()
    found = [alias for name, alias in _ANTIGEN_ALIASES.items() if name in low]
    for antigen in ANTIGENS:
        if re.search(r"(?<![A-Za-z0-9])" + re.escape(antigen) + r"(?![A-Za-z0-9])", text, re.I):
            found.append(antigen)
    return list(dict.fromkeys(found))

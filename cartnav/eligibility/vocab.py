"""Diseases and target antigens cartnav screens for: names, synonyms and codes.

Disease keys are short and stable (``LBCL``, ``MM``, ``B-ALL`` …); each carries ICD-10 code
prefixes and, for neoplasms, ICD-O-3 morphology codes so that a coded diagnosis (from FHIR or a
form) maps onto the same key as a trial's free-text condition. A key's ``parents`` lets a DLBCL
patient match a trial for LBCL or for B-cell NHL, but not the reverse. A key may have several
parents (PCNSL lies within B-NHL and within CNS lymphoma; LN within SLE and within immune
glomerular disease).

Reading a trial's condition (:func:`diseases_in`): the text is normalised (HTML entities,
accents, punctuation, British spellings, plurals), then the longest synonym at the leftmost
place wins, so "non-Hodgkin lymphoma" is never read as "Hodgkin lymphoma" and "T-cell acute
lymphoblastic leukaemia" never as plain ALL. A B- or T-lineage word left over ("Acute
Lymphoblastic Leukemia, Adult B-Cell") narrows a generic key to its lineage. Strings that no
synonym can place are listed in ``data/condition_overrides.json``. Conditions that name no
disease cartnav screens for ("Healthy Volunteers", "Cytokine Release Syndrome", "Relapsed/
Refractory" alone, "CAR-T Cell Therapy") map to a child of ``OTHER``; these are kept only when
the condition names no disease.

ICD codes: for a code that several keys list, the key listed first in :data:`DISEASES` wins
(ICD-10 names a site, not a histology: C71 is the brain, so it resolves to ``CNS`` and the
ICD-O-3 morphology names glioblastoma). A code that resolves to an ``OTHER`` key (Z09 follow-up,
D89.83 cytokine release syndrome) is not a diagnosis cartnav screens for: ``UnknownCode``.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Disease:
    key: str
    name: str
    synonyms: tuple[str, ...]
    icd10: tuple[str, ...] = ()
    icdo3: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()


OTHER = "OTHER"

# Order matters for codes only: a code listed by several keys resolves to the first of them.
# Synonyms are written as read (case, hyphens and plurals do not matter; they are normalised
# exactly as the condition text is).
DISEASES: tuple[Disease, ...] = (
    # ---------------------------------------------------------------- B-cell lymphomas
    Disease(
        "B-NHL",
        "B-cell non-Hodgkin lymphoma",
        (
            "b-cell non-hodgkin",
            "b cell nhl",
            "b-nhl",
            "b non-hodgkin",
            "non-hodgkin b-cell",
            "b cell lymphoma",
            "lymphoma b cell",
            "mature b-cell lymphoma",
            "mature b-cell neoplasm",
            "gray zone lymphoma",  # mediastinal grey-zone lymphoma: a B-cell lymphoma
            "grey zone lymphoma",
            "primary cutaneous follicle centre lymphoma",  # not FL: FL trials exclude it
            "primary cutaneous follicle center lymphoma",
            # secondary CNS lymphoma is a systemic B-cell lymphoma (mostly LBCL) that has
            # reached the CNS: the patient's key is the histology; cns_disease says "secondary"
            "secondary central nervous system lymphoma",
            "secondary cns lymphoma",
            # "CNS lymphoma" without "primary" admits secondary CNS involvement too (see
            # CNS-LYMPHOMA, which lists the same phrases)
            "central nervous system lymphoma",
            "cns lymphoma",
            "lymphoma cns",
            "central nervous system leukemia lymphoma",
            "b cell leukemia and lymphoma",  # also B-LEUK
        ),
        ("C85", "C82", "C83", "C88", "C85.1"),
        (),  # "B-cell lymphoma, NOS" has no code of its own: 9591/3 is NHL NOS (see NHL)
        ("NHL", "B-CELL"),
    ),
    Disease(
        "PMBCL",
        "Primary mediastinal large B-cell lymphoma",
        (
            "primary mediastinal",
            "mediastinal large b-cell",
            "mediastinal b-cell",
            "mediastinal b-cell diffuse large cell lymphoma",
            "pmbcl",
            "pmbl",
        ),
        ("C85.2",),
        ("9679/3",),
        ("LBCL", "B-NHL"),
    ),
    Disease(
        "LBCL",
        "Large B-cell lymphoma",
        (
            "large b-cell lymphoma",
            "large b cell lymphoma",
            "large b-cell",
            "lbcl",
            "large cell lymphoma",  # B-cell CAR-T trials' word for LBCL (anaplastic: ALCL)
            "t-cell/histiocyte-rich",  # T-cell/histiocyte-rich large B-cell lymphoma
            "t cell histiocyte rich",
            "intravascular large b-cell",
            "plasmablastic lymphoma",  # a large B-cell lymphoma in WHO-HAEM5
        ),
        # C83.3 is "diffuse large B-cell lymphoma" but also codes HGBL, tFL, Richter and PCNSL
        # in practice: the code cannot tell them apart, so it resolves to LBCL.
        ("C83.3",),
        ("9680/3",),
        ("B-NHL", "AGGRESSIVE-BNHL"),
    ),
    Disease(
        "DLBCL",
        "Diffuse large B-cell lymphoma",
        (
            "diffuse large b-cell",
            "diffuse large b cell",
            "diffuse-large b-cell",
            "diffuse, large b-cell",
            "large b cell diffuse",
            "lymphoma, large b-cell, diffuse",
            "diffuse large cell lymphoma",  # NCI's older name
            "immunoblastic large cell lymphoma",
            "dlbcl",
            "dlbcl-ci",
            "primary cutaneous diffuse large b-cell",
        ),
        ("C83.3",),
        ("9680/3", "9684/3"),
        ("LBCL", "B-NHL"),
    ),
    Disease(
        "HGBL",
        "High-grade B-cell lymphoma",
        (
            "high-grade b-cell",
            "high grade b-cell",
            "high-grade b cell lymphoma",
            "hgbl",
            "hgbcl",
            "double-hit",
            "triple-hit",
        ),
        ("C83.8",),
        ("9680/3",),
        ("LBCL", "B-NHL"),
    ),
    Disease(
        "tFL",
        "Transformed follicular lymphoma",
        (
            "transformed follicular",
            "transformed follic",
            "tfl",
            "dlbcl arising from follicular lymphoma",
            "diffuse large b-cell lymphoma transformed from follicular lymphoma",
            "follicular lymphoma transformed",
        ),
        ("C83.3",),  # coded as DLBCL (resolves to LBCL)
        ("9680/3",),
        ("TRANSFORMED", "LBCL", "B-NHL"),
    ),
    Disease(
        "TRANSFORMED",
        "Large B-cell lymphoma transformed from an indolent lymphoma (not Richter)",
        (
            "transformed lymphoma",
            "transformed non-hodgkin",
            "transformed b-cell non-hodgkin",
            "transformed indolent",
            "transformed marg zone",
            "transformed marginal zone",
            "inert b-cell lymphoma transformed",
            "indolent b-cell lymphoma transformed",
        ),
        ("C83.3",),  # coded as DLBCL (resolves to LBCL)
        ("9680/3",),
        ("LBCL",),
    ),
    Disease(
        "RICHTER",
        "Richter transformation (CLL/SLL transformed to large B-cell lymphoma)",
        (
            "richter",
            "transformed chronic lymphocytic",
            "transformed chronic lymphocytic leukemia",
            "transformed cll",
        ),
        # A child of LBCL, as the brief for this vocabulary asks; note that most LBCL product
        # labels and trials exclude Richter transformation in their criteria text.
        ("C83.3",),  # coded as DLBCL (resolves to LBCL)
        ("9680/3",),
        ("LBCL",),
    ),
    Disease(
        "PCNSL",
        "Primary central nervous system lymphoma",
        (
            "primary cns lymphoma",
            "primary central nervous system lymphoma",
            "primary cns dlbcl",
            "pcnsl",
        ),
        # PCNSL is a B-NHL and a CNS lymphoma but deliberately NOT a child of LBCL/DLBCL:
        # CAR-T LBCL labels (axi-cel, tisa-cel, liso-cel) and most LBCL trials exclude primary
        # CNS lymphoma, so a PCNSL patient must not be "met" by an LBCL trial through lineage.
        # Codes: ICD-10 has no PCNSL code (C83.3 with the site C71/C72 recorded apart); ICD-O-3
        # 9680/3 (DLBCL) with topography C70-C72. Both resolve to LBCL, listed first.
        ("C83.3",),
        ("9680/3",),
        ("B-NHL", "CNS-LYMPHOMA"),
    ),
    Disease(
        "FL",
        "Follicular lymphoma",
        (
            "follicular lymphoma",
            "lymphoma, follicular",
            "follicular grade 3 lymphoma",
            "follicular b-cell",
        ),
        ("C82",),
        ("9690/3", "9691/3", "9695/3", "9698/3"),
        ("B-NHL", "INDOLENT-BNHL"),
    ),
    Disease(
        "MCL",
        "Mantle cell lymphoma",
        ("mantle cell", "mantle-cell", "mcl"),
        ("C83.1",),
        ("9673/3",),
        ("B-NHL", "AGGRESSIVE-BNHL"),
    ),
    Disease(
        "CLL",
        "Chronic lymphocytic leukaemia / small lymphocytic lymphoma",
        (
            "chronic lymphocytic",
            "chronic lymphoblastic leukemia",  # a misnomer for CLL
            "chronic lymphatic leukemia",
            "chronic lymphoid leukemia",
            "leukemia, lymphocytic, chronic",
            "b-lymphocytic leukemia, chronic",
            "small lymphocytic",
            "lymphocytic leukemia (cll)",
            "cll",
            "sll",
        ),
        ("C91.1",),
        ("9823/3", "9670/3"),
        ("B-NHL", "B-LEUK"),
    ),
    Disease(
        "MZL",
        "Marginal zone lymphoma",
        (
            "marginal zone",
            "malt lymphoma",
            "mucosa-associated lymphoid tissue",
            "mzl",
        ),
        ("C88.4", "C83.0"),
        ("9699/3", "9689/3"),
        ("B-NHL", "INDOLENT-BNHL"),
    ),
    Disease(
        "BURKITT",
        "Burkitt lymphoma",
        ("burkitt",),
        ("C83.7",),
        ("9687/3",),
        ("B-NHL", "AGGRESSIVE-BNHL"),
    ),
    Disease(
        "WM",
        "Waldenström macroglobulinaemia / lymphoplasmacytic lymphoma",
        (
            "waldenstrom",
            "lymphoplasmacytic",
            "lymphoplasmacytoid",
            "lymphoma lymphoplasmacytic",
        ),
        ("C88.0",),
        ("9761/3", "9671/3"),
        ("B-NHL", "INDOLENT-BNHL"),
    ),
    Disease(
        "HCL",
        "Hairy cell leukaemia",
        ("hairy cell",),
        ("C91.4",),
        ("9940/3",),
        ("B-LEUK",),
    ),
    Disease(
        "AGGRESSIVE-BNHL",
        "Aggressive B-cell lymphoma (large B-cell, Burkitt, mantle cell)",
        (
            "aggressive b-cell",
            "aggressive b cell non-hodgkin",
            "aggressive lymphoma",
            "aggressive non-hodgkin",
            "aggressive r/r b-nhl",
            "high grade b-cell non-hodgkin",  # the older (pre-WHO) meaning of "high grade"
            "intermediate grade b-cell non-hodgkin",
        ),
        ("C83.3", "C83.7", "C83.1"),  # resolve to LBCL, BURKITT, MCL
        (),
        ("B-NHL",),
    ),
    Disease(
        "INDOLENT-BNHL",
        "Indolent B-cell lymphoma (follicular, marginal zone, lymphoplasmacytic)",
        (
            "indolent b-cell",
            "indolent lymphoma",
            "indolent non-hodgkin",
            "indolent adult non-hodgkin",
            "low grade b-cell",
        ),
        ("C82", "C83.0", "C88.0", "C88.4"),  # resolve to FL, MZL, WM, MZL
        (),
        ("B-NHL",),
    ),
    Disease(
        "B-LEUK",
        "B-cell leukaemia (B-ALL, CLL, hairy cell, prolymphocytic)",
        (
            "b-cell leukemia",
            "b cell leukemia",
            "leukemia, b-cell",
            "b lymphocytic leukemia",
            "leukemia, lymphocytic, b cell",
            "prolymphocytic leukemia",
            "b-cell prolymphocytic",
            "b cell leukemia and lymphoma",  # also B-NHL
        ),
        ("C91.3", "C91.1", "C91.4"),  # B-PLL; CLL and HCL resolve to their own keys
        ("9833/3",),
        ("B-CELL", "LYMPH-LEUK"),
    ),
    # ---------------------------------------------------------------- acute lymphoblastic leukaemia / lymphoma
    Disease(
        "ALL",
        "Acute lymphoblastic leukaemia / lymphoblastic lymphoma, lineage not stated",
        (
            "acute lymphoblastic leukemia",
            "acute lymphoblastic leukaemia",
            "acute lymphoblastic",
            "acute lymphobkastic",
            "acute lymphocytic leukemia",
            "acute lymphatic leukemia",
            "acute lymphoid leukemia",
            "leukemia, acute lymphoblastic",
            "leukemia, lymphoblastic",
            "leukemia, lymphocytic, acute",
            "leukemia lymphocytic acute",
            "lymphoblastic leukemia",
            "lymphoblastic lymphoma",
            "lymphoma, lymphoblastic",
            "precursor cell lymphoblastic",
            "precursor acute lymphoblastic",
            "ph- acute lymphoblastic",
            "philadelphia chromosome negative all",
            "philadelphia-negative all",
            "ph-negative all",
            "acute myeloid and lymphoid leukemia",  # also AML
        ),
        # WHO counts lymphoblastic leukaemia and lymphoblastic lymphoma of one lineage as one
        # disease (ICD-O-3 9811/3 B, 9837/3 T), so "lymphoblastic lymphoma" maps here too.
        ("C91.0", "C83.5"),
        ("9835/3",),
        ("ACUTE-LEUK", "LYMPH-LEUK"),
    ),
    Disease(
        "B-ALL",
        "B-cell acute lymphoblastic leukaemia",
        (
            "b-cell acute lymphoblastic",
            "b cell acute lymphoblastic",
            "b-cell acute lymphocytic",
            "b acute lymphoblastic",
            "acute b lymphoblastic",
            "acute b-lymphoblastic",
            "b-cell adult acute lymphoblastic",
            "b-all",
            "b cell all",
            "b-lymphoblastic",
            "b lymphoblastic",
            "b lineage lymphoblastic",
            "lymphoblastic b-cell",
            "b-precursor",
            "precursor b",
            "ph-like",  # Ph-like ALL is B-ALL by definition
            "ph positive all",
            "philadelphia positive acute lymphoblastic",
            "philadelphia chromosome-positive acute lymphoblastic",
            "philadelphia-positive all",
            "cd19-all",
            "cd19-positive all",
            "cd19+ all",
            "kmt2a b-all",
        ),
        # C91.0 does not state the lineage: it resolves to ALL; the ICD-O-3 code decides.
        ("C91.0",),
        (
            "9811/3",
            "9812/3",
            "9813/3",
            "9814/3",
            "9815/3",
            "9816/3",
            "9817/3",
            "9818/3",
            "9836/3",
            "9728/3",
        ),
        ("ALL", "B-LEUK"),
    ),
    Disease(
        "T-ALL",
        "T-cell acute lymphoblastic leukaemia / lymphoblastic lymphoma",
        (
            "t-cell acute lymphoblastic",
            "t cell acute lymphoblastic",
            "t-cell acute lymphocytic",
            "t-cell acute lymphoid",
            "t acute lymphoblastic",
            "acute t-lymphoblastic",
            "acute t cell leukemia",
            "t-all",
            "t-lymphoblastic",
            "t lymphoblastic",
            "t-cell lymphoblastic",
            "lymphoblastic t-cell",
            "precursor t",
            "t-lbl",
        ),
        ("C91.0",),  # resolves to ALL
        ("9837/3", "9729/3"),
        ("ALL", "T-LEUK"),
    ),
    # ---------------------------------------------------------------- Hodgkin, T- and NK-cell, NHL and lymphoma (any)
    Disease(
        "HL",
        "Hodgkin lymphoma",
        (
            "hodgkin lymphoma",
            "hodgkin's lymphoma",
            "hodgkin disease",
            "classic hodgkin",
            "classical hodgkin",
            "hodgkin",
            "lymphoma, hodgkin",
            "chl",
        ),
        ("C81",),
        ("9650/3", "9651/3", "9652/3", "9653/3", "9659/3", "9663/3"),
        ("LYMPHOMA",),
    ),
    Disease(
        "PTCL",
        "Peripheral T-cell lymphoma (incl. NOS, angioimmunoblastic, anaplastic large cell)",
        (
            "peripheral t",
            "lymphoma, t-cell, peripheral",
            "ptcl",
        ),
        ("C84.4",),
        ("9702/3",),
        ("TCL",),
    ),
    Disease(
        "ALCL",
        "Anaplastic large cell lymphoma",
        (
            "anaplastic large cell",
            "anaplastic large-cell",
            "lymphoma, large-cell, anaplastic",
            "anaplastic lymphoma",
            "alcl",
        ),
        ("C84.6", "C84.7"),
        ("9714/3", "9715/3"),
        ("PTCL",),
    ),
    Disease(
        "AITL",
        "Angioimmunoblastic T-cell lymphoma",
        ("angioimmunoblastic", "aitl"),
        ("C86.5",),
        ("9705/3",),
        ("PTCL",),
    ),
    Disease(
        "CTCL",
        "Cutaneous T-cell lymphoma (mycosis fungoides, Sézary syndrome …)",
        (
            "cutaneous t-cell",
            "cutaneous t cell",
            "lymphoma, t-cell, cutaneous",
            "mycosis fungoides",
            "sezary",
            "ctcl",
            "cutaneous anaplastic large cell",  # primary cutaneous ALCL (C86.6)
            "lymphomatoid papulosis",
            "primary cutaneous gamma-delta t-cell",
            "cutaneous lymphoma",  # three in four cutaneous lymphomas are T-cell
        ),
        ("C84.0", "C84.1", "C84.8", "C86.6"),
        ("9700/3", "9701/3", "9709/3", "9718/3"),
        ("TCL",),
    ),
    Disease(
        "NKTCL",
        "Extranodal NK/T-cell lymphoma",
        (
            "nk/t-cell lymphoma",
            "nk/t cell lymphoma",
            "nk t-cell lymphoma",
            "nk-t-cell",
            "nk/t",
            "extranodal nk",
            "extranodal natural killer",
            "nk cell lymphoma",
        ),
        ("C86.0",),
        ("9719/3",),
        ("TCL",),
    ),
    Disease(
        "ATLL",
        "Adult T-cell leukaemia/lymphoma (HTLV-1)",
        (
            "adult t-cell leukemia",
            "adult t cell leukemia",
            "adult t-cell lymphoma",
            "adult t cell lymphoma",
            "t-cell leukemia/lymphoma, adult",
            "atll",
        ),
        ("C91.5",),
        ("9827/3",),
        ("TCL", "T-LEUK"),
    ),
    Disease(
        "T-PLL",
        "T-cell prolymphocytic leukaemia",
        (
            "t-cell prolymphocytic",
            "t cell prolymphocytic",
            "t-cell chronic lymphocytic",  # the old name of T-PLL
            "t-pll",
        ),
        ("C91.6",),
        ("9834/3",),
        ("T-LEUK",),
    ),
    Disease(
        "TCL",
        "T-cell lymphoma",
        (
            "t-cell lymphoma",
            "t cell lymphoma",
            "t-lymphocyte lymphoma",
            "t-cell non-hodgkin",
            "t non-hodgkin",
            "t-nhl",
            "hepatosplenic t",
            "enteropathy associated t",
            "enteropathy-associated t",
            "enteropathy-type intestinal t",
            "monomorphic epitheliotropic",
            "monomorphic epithelialtropic",
            "panniculitis-like t",
            "t-cell leukemia/lymphoma",
        ),
        ("C84", "C86"),
        ("9702/3",),  # resolves to PTCL
        ("NHL", "T-CELL"),
    ),
    Disease(
        "T-LEUK",
        "T- or NK-cell leukaemia (T-ALL, T-PLL, T-LGL, ATLL, NK-cell)",
        (
            "t-cell leukemia",
            "t cell leukemia",
            "leukemia, t-cell",
            "t-cell lymphocytic leukemia",
            "t-cell large granular",
            "large granular lymphocytic",
            "nk-cell leukemia",
            "t-cell leukemia/lymphoma",
        ),
        ("C91.6", "C91.5", "C91.7"),  # T-PLL, ATLL resolve to their own keys
        ("9831/3", "9948/3"),
        ("T-CELL", "LYMPH-LEUK"),
    ),
    Disease(
        "NHL",
        "Non-Hodgkin lymphoma, B- or T-cell not stated",
        (
            # "Non-Hodgkin lymphoma" says nothing of the lineage: it maps here, a parent of both
            # B-NHL and TCL, so a DLBCL or a PTCL patient matches it and an NHL patient is
            # "unknown" for a B-NHL trial.
            "non-hodgkin",
            "non hodgkin",
            "nonhodgkin",
            "nhl",
            "lnh",  # French/Italian/Spanish abbreviation
            "childhood non-hodgkin",
        ),
        ("C85.9",),
        ("9591/3",),
        ("LYMPHOMA",),
    ),
    Disease(
        "CNS-LYMPHOMA",
        "Lymphoma of the central nervous system (primary or secondary)",
        (
            "central nervous system lymphoma",
            "cns lymphoma",
            "lymphoma cns",
            "central nervous system leukemia lymphoma",
        ),
        ("C85.9",),  # no site-specific code (resolves to NHL)
        (),
        ("LYMPHOMA",),
    ),
    Disease(
        "LYMPHOMA",
        "Lymphoma (any)",
        (
            "lymphoma",
            "lymphomas",
            "lymphoma, malignant",
            "malignant lymphoma",
        ),
        ("C81", "C82", "C83", "C84", "C85", "C86", "C88"),
        ("9590/3",),
        ("LYMPHOID",),
    ),
    # ---------------------------------------------------------------- myeloid
    Disease(
        "AML",
        "Acute myeloid leukaemia",
        (
            "acute myeloid",
            "acute myelogenous",
            "acute myeloblastic",
            "acute myelocytic",
            "leukemia, myeloid, acute",
            "leukemia, acute myelogenous",
            "acute non-lymphocytic",
            "anll",
            "aml",
            "aml m4",
            "aml m5",
            "secondary acute myeloid",
            "cd33 positive acute myelogenous",
            "acute myeloid and lymphoid leukemia",  # also ALL
        ),
        ("C92.0", "C92.3", "C92.4", "C92.5", "C92.6", "C92.8", "C93.0", "C94.0", "C94.2"),
        (
            "9861/3",
            "9840/3",
            "9865/3",
            "9866/3",
            "9867/3",
            "9869/3",
            "9871/3",
            "9872/3",
            "9873/3",
            "9874/3",
            "9891/3",
            "9895/3",
            "9896/3",
            "9897/3",
            "9910/3",
            "9920/3",
        ),
        ("ACUTE-LEUK", "MYELOID"),
    ),
    Disease(
        "MDS",
        "Myelodysplastic syndrome / neoplasm",
        (
            "myelodysplastic",
            "mds",
        ),
        ("D46",),
        ("9980/3", "9982/3", "9983/3", "9985/3", "9986/3", "9989/3", "9991/3", "9992/3"),
        ("MYELOID",),
    ),
    Disease(
        "CML",
        "Chronic myeloid leukaemia (incl. blast phase)",
        (
            "chronic myeloid",
            "chronic myelogenous",
            "cml",
        ),
        ("C92.1",),
        ("9875/3", "9863/3"),
        ("MYELOID", "LEUKEMIA"),
    ),
    Disease(
        "CMML",
        "Chronic myelomonocytic leukaemia",
        ("chronic myelomonocytic", "cmml"),
        ("C93.1",),
        ("9945/3",),
        ("MYELOID", "LEUKEMIA"),
    ),
    Disease(
        "MPN",
        "Myeloproliferative neoplasm",
        (
            "myeloproliferative",
            "mpn",
            "polycythemia vera",
            "essential thrombocythemia",
            "myelofibrosis",
        ),
        ("D47.1", "D45", "D47.3", "D47.4"),
        ("9975/3", "9950/3", "9961/3", "9962/3", "9960/3"),
        ("MYELOID",),
    ),
    Disease(
        "BPDCN",
        "Blastic plasmacytoid dendritic cell neoplasm",
        ("blastic plasmacytoid", "bpdcn"),
        ("C86.4",),  # ICD-10 "blastic NK-cell lymphoma", BPDCN's former name
        ("9727/3",),  # 9727/3 since ICD-O-3.1 (it was precursor lymphoblastic lymphoma NOS)
        ("MYELOID",),
    ),
    # ---------------------------------------------------------------- plasma cell
    Disease(
        "PCN",
        "Plasma cell neoplasm (any)",
        (
            "plasma cell",
            "plasma-cell",
            "neoplasms, plasma cell",
            "neoplasm, plasma cell",
            "plasma cell dyscrasia",
            "paraproteinemia",
            "paraproteinemias",
        ),
        ("C90", "D47.2"),
        (),
        ("HEME",),
    ),
    Disease(
        "MM",
        "Multiple myeloma",
        (
            "multiple myeloma",
            "myeloma multiple",
            "myeloma-multiple",
            "myeloma",
            "myeloma, plasma-cell",
            "plasma cell myeloma",
            "multiple myleoma",
            "multiple myloma",
            "extramedullary myeloma",
            "rrmm",
            "ndmm",
            "uhr-mm",
            "ultra high risk mm",
            "r2-iss",  # a myeloma staging system
        ),
        ("C90.0",),
        ("9732/3",),
        ("PCN",),
    ),
    Disease(
        "SMM",
        "Smouldering multiple myeloma",
        ("smoldering multiple myeloma", "smouldering multiple myeloma", "smoldering myeloma"),
        ("C90.0",),  # coded as myeloma (resolves to MM)
        ("9732/3",),
        ("PCN",),
    ),
    Disease(
        "PCL",
        "Plasma cell leukaemia",
        ("plasma cell leukemia", "leukemia, plasma cell", "pcl"),
        ("C90.1",),
        ("9733/3",),
        ("PCN",),
    ),
    Disease(
        "PLASMACYTOMA",
        "Plasmacytoma (solitary or extramedullary)",
        ("plasmacytoma",),
        ("C90.2", "C90.3"),
        ("9731/3", "9734/3"),
        ("PCN",),
    ),
    Disease(
        "AL",
        "AL (light-chain) amyloidosis",
        (
            "al amyloidosis",
            "light chain amyloidosis",
            "light chain (al) amyloidosis",
            "amyloidosis",  # in a CAR-T trial, amyloidosis is AL (BCMA on the plasma cells)
        ),
        ("E85.81", "E85.8"),  # ICD-10-CM E85.81; WHO ICD-10 "other amyloidosis" E85.8
        ("9769/1",),  # immunoglobulin deposition disease (not /3: not malignant)
        ("PCN",),
    ),
    Disease(
        "POEMS",
        "POEMS syndrome",
        ("poems",),
        ("D47.2",),  # no code of its own; coded as monoclonal gammopathy (resolves to PCN)
        (),
        ("PCN",),
    ),
    # ---------------------------------------------------------------- acute leukaemia of unstated lineage; haematological groups
    Disease(
        "ACUTE-LEUK",
        "Acute leukaemia, lineage not stated",
        (
            "acute leukemia",
            "acute-leukemia",
            "therapy related leukemia",
        ),
        ("C95.0",),
        ("9801/3",),
        ("LEUKEMIA",),
    ),
    Disease(
        "MPAL",
        "Mixed-phenotype acute leukaemia / acute leukaemia of ambiguous lineage",
        (
            "mixed phenotype acute",
            "mixed-phenotype acute",
            "biphenotypic",
            "ambiguous lineage",
        ),
        ("C95.0",),  # acute leukaemia of unspecified cell type (resolves to ACUTE-LEUK)
        ("9805/3", "9806/3", "9807/3", "9808/3", "9809/3"),
        ("ACUTE-LEUK",),
    ),
    Disease(
        "LYMPH-LEUK",
        "Lymphoid leukaemia (any)",
        (
            "lymphoid leukemia",
            "lymphocytic leukemia",
            "leukemia, lymphocytic",
            "lympholeukemia",
        ),
        ("C91",),
        ("9820/3",),
        ("LEUKEMIA", "LYMPHOID"),
    ),
    Disease(
        "LEUKEMIA",
        "Leukaemia (any)",
        ("leukemia", "leukaemia"),
        ("C91", "C92", "C93", "C94", "C95"),
        ("9800/3",),
        ("HEME",),
    ),
    Disease(
        "MYELOID",
        "Myeloid neoplasm (any)",
        (
            "myeloid leukemia",
            "leukemia, myeloid",
            "myeloid malignancy",
            "myeloid neoplasm",
            "myeloid malignancies",
        ),
        ("C92", "C93", "C94"),
        ("9860/3",),
        ("HEME",),
    ),
    Disease(
        "B-CELL",
        "B-cell malignancy (lymphoma or leukaemia, any)",
        (
            "b-cell malignancy",
            "b cell malignancy",
            "b-cell malignancies",
            "b-cell neoplasm",
            "b-cell neoplasms",
            "b-cell tumor",
            "b-lymphoid malignancies",
            "b-cell hematologic malignancies",
            "b cell hematologic tumor",
            "lymphomas/leukemias with plasmacytic differentiation",
        ),
        ("C85.1",),  # resolves to B-NHL
        (),
        ("LYMPHOID",),
    ),
    Disease(
        "T-CELL",
        "T- or NK-cell malignancy (lymphoma or leukaemia, any)",
        (
            "t-cell malignancy",
            "t-cell malignancies",
            "t cell malignancy",
            "mature t cell malignancy",
            "t lymphocyte tumor",
        ),
        ("C84", "C86"),  # resolve to TCL
        (),
        ("LYMPHOID",),
    ),
    Disease(
        "LYMPHOID",
        "Lymphoid neoplasm (any)",
        (
            "lymphoid malignancies",
            "lymphoid malignancy",
            "lymphoid hematological malignancies",
            "lymphoid hematologic malignancies",
            "lymphoid neoplasm",
            "lymphoid neoplasms",
            "lymphoproliferative",
            "immunoproliferative",
            "lymphatic diseases",
            "ebv associated lymphoid",
        ),
        ("C81", "C82", "C83", "C84", "C85", "C86", "C88", "C91"),
        (),
        ("HEME",),
    ),
    Disease(
        "HEME",
        "Haematological malignancy (any)",
        (
            "hematologic malignancy",
            "hematologic malignancies",
            "hematological malignancy",
            "hematological malignancies",
            "hematologic neoplasm",
            "hematologic neoplasms",
            "hematological neoplasm",
            "hematologic cancer",
            "hematologic tumor",
            "hematological tumors",
            "hematologic tumors",
            "heme malignancy",
            "hematolymphoid malignancies",
            "blood cancer",
            "hematopoietic and lymphoid",
            "hematopoietic and lymphatic",
            "hematopoietic/lymphoid",
            "hematopoietic malignancies",
            "hematopoietic malignancy",
            "hematological tumor",
            "hematologic disease",
            "hematologic diseases",
            "hematologic disease and disorders",
        ),
        ("C96",),
        (),
        ("CANCER",),
    ),
    # ---------------------------------------------------------------- CNS tumours
    Disease(
        "CNS",
        "Tumour of the brain or spinal cord (any)",
        (
            "brain tumor",
            "brain tumors",
            "brain cancer",
            "brain neoplasm",
            "malignant brain neoplasm",
            "brain (nervous system) cancers",
            "brain and nervous system",
            "brain and central nervous system tumors",
            "cns tumor",
            "central nervous system tumor",
            "central nervous system neoplasms",
            "central nervous system neoplasm",
            "primary malignant central nervous system neoplasm",
            "choroid plexus",
        ),
        # ICD-10 codes the site: C71 (brain) is any brain tumour, so it resolves here, not to
        # GBM; the ICD-O-3 morphology (9440/3 …) names the tumour.
        ("C71", "C70", "C72"),
        (),
        ("SOLID",),
    ),
    Disease(
        "GBM",
        "Glioblastoma",
        ("glioblastoma", "gbm", "gliosarcoma"),
        ("C71",),  # resolves to CNS
        ("9440/3", "9441/3", "9442/3"),
        ("GLIOMA",),
    ),
    Disease(
        "DMG",
        "Diffuse midline glioma, H3 K27-altered (incl. DIPG)",
        (
            "diffuse midline glioma",
            "diffuse intrinsic pontine glioma",
            "dipg",
            "dmg",
            "brainstem glioma",
            "glioma of brainstem",
        ),
        ("C71",),  # resolves to CNS (brain stem: C71.7)
        ("9385/3",),
        ("GLIOMA",),
    ),
    Disease(
        "GLIOMA",
        "Glioma (astrocytoma, oligodendroglioma, ependymoma, glioblastoma …)",
        (
            "glioma",
            "gliomas",
            "astrocytoma",
            "oligodendroglioma",
            "ependymoma",
            "ependymal tumor",
        ),
        ("C71",),  # resolves to CNS
        ("9380/3", "9400/3", "9391/3", "9450/3"),
        ("CNS",),
    ),
    Disease(
        "MEDULLO",
        "Medulloblastoma",
        ("medulloblastoma",),
        ("C71",),  # resolves to CNS (cerebellum: C71.6)
        ("9470/3",),
        ("CNS-EMBRYONAL",),
    ),
    Disease(
        "ATRT",
        "Atypical teratoid/rhabdoid tumour",
        ("atypical teratoid", "atrt", "central nervous system rhabdoid"),
        ("C71",),  # resolves to CNS
        ("9508/3",),
        ("CNS-EMBRYONAL", "RHABDOID"),
    ),
    Disease(
        "CNS-EMBRYONAL",
        "CNS embryonal tumour (medulloblastoma, ATRT, ETMR, pineoblastoma …)",
        (
            "embryonal tumor",
            "central nervous system embryonal",
            "etmr",
            "pineoblastoma",
            "primitive neuroectodermal",
            "cns neuroblastoma",
            "foxr2",
        ),
        ("C71",),  # resolves to CNS
        ("9473/3", "9478/3", "9362/3"),
        ("CNS",),
    ),
    # ---------------------------------------------------------------- paediatric solid tumours, germ cell
    Disease(
        "NB",
        "Neuroblastoma",
        ("neuroblastoma", "ganglioneuroblastoma"),
        ("C74.9",),
        ("9500/3", "9490/3"),
        ("SOLID",),
    ),
    Disease(
        "RB",
        "Retinoblastoma",
        ("retinoblastoma",),
        ("C69.2",),
        ("9510/3",),
        ("SOLID",),
    ),
    Disease(
        "HEPATOBLASTOMA",
        "Hepatoblastoma",
        ("hepatoblastoma",),
        ("C22.2",),
        ("8970/3",),
        ("SOLID",),
    ),
    Disease(
        "GERM",
        "Germ cell tumour",
        ("germ cell", "yolk sac", "testis cancer", "testicular cancer", "germinoma"),
        ("C62",),
        ("9064/3", "9065/3", "9070/3", "9071/3", "9080/3", "9085/3"),
        ("SOLID",),
    ),
    # ---------------------------------------------------------------- sarcomas
    Disease(
        "SARCOMA",
        "Sarcoma (bone or soft tissue, any)",
        (
            "sarcoma",
            "sarcomas",
            "desmoplastic small round cell",
            "dsrct",
            "malignant peripheral nerve sheath",
            "mpnst",
            "alveolar soft part",
        ),
        ("C49", "C40", "C41", "C46", "C48.0"),
        ("8800/3",),
        ("SOLID",),
    ),
    Disease(
        "OSTEOSARCOMA",
        "Osteosarcoma",
        ("osteosarcoma", "osteoid sarcoma"),
        ("C40", "C41"),  # bone: resolves to SARCOMA
        ("9180/3", "9181/3", "9182/3", "9183/3", "9186/3", "9187/3"),
        ("SARCOMA",),
    ),
    Disease(
        "EWING",
        "Ewing sarcoma",
        ("ewing", "sarcoma, ewing"),
        ("C40", "C41"),  # resolves to SARCOMA
        ("9260/3", "9364/3"),
        ("SARCOMA",),
    ),
    Disease(
        "RMS",
        "Rhabdomyosarcoma",
        ("rhabdomyosarcoma",),  # not "RMS": that is also relapsing multiple sclerosis
        ("C49",),  # resolves to SARCOMA
        ("8900/3", "8910/3", "8920/3"),
        ("SARCOMA",),
    ),
    Disease(
        "SYNOVIAL",
        "Synovial sarcoma",
        ("synovial sarcoma", "sarcoma, synovial"),
        ("C49",),  # resolves to SARCOMA
        ("9040/3",),
        ("SARCOMA",),
    ),
    Disease(
        "LIPOSARCOMA",
        "Liposarcoma",
        ("liposarcoma",),
        ("C49",),  # resolves to SARCOMA
        ("8850/3", "8852/3"),
        ("SARCOMA",),
    ),
    Disease(
        "RHABDOID",
        "Malignant rhabdoid tumour",
        ("rhabdoid",),
        ("C49",),  # resolves to SARCOMA
        ("8963/3",),
        ("SOLID",),
    ),
    # ---------------------------------------------------------------- digestive
    Disease(
        "GASTRIC",
        "Gastric or gastro-oesophageal junction cancer",
        (
            "gastric",
            "stomach",
            "gastroesophageal",
            "gastro-esophageal",
            "esophagogastric",
            "gej",
        ),
        ("C16",),
        (),
        ("GI",),
    ),
    Disease(
        "ESOPHAGEAL",
        "Oesophageal cancer",
        ("esophageal", "esophagus", "oesophageal"),
        ("C15",),
        (),
        ("GI",),
    ),
    Disease(
        "COLORECTAL",
        "Colorectal cancer",
        (
            "colorectal",
            "colon cancer",
            "rectal cancer",
            "colon or rectal",
            "adenocarcinoma of colon",
            "colonic neoplasms",
            "colonic neoplasm",
            "crc",
        ),
        ("C18", "C19", "C20"),
        (),
        ("GI",),
    ),
    Disease(
        "PANCREATIC",
        "Pancreatic cancer",
        (
            "pancreatic",
            "pancreas",
            "pancreatic ductal",
            "pdac",
            "pda",
        ),
        ("C25",),
        (),
        ("GI",),
    ),
    Disease(
        "HCC",
        "Hepatocellular carcinoma",
        (
            "hepatocellular",
            "liver cancer",
            "liver carcinoma",
            "liver cell carcinoma",
            "hepatic carcinoma",
            "hepatic cell carcinoma",
            "carcinoma, hepatocellular",
            "hepatoma",
            "liver neoplasms",
            "liver neoplasm",
            "hcc",
        ),
        ("C22.0",),
        ("8170/3",),
        ("GI",),
    ),
    Disease(
        "CHOLANGIO",
        "Cholangiocarcinoma",
        ("cholangiocarcinoma", "bile duct cancer", "bile duct carcinoma"),
        ("C22.1", "C24.0"),
        ("8160/3",),
        ("BILIARY",),
    ),
    Disease(
        "BILIARY",
        "Biliary tract cancer (bile ducts, gallbladder)",
        ("biliary", "gallbladder", "gall bladder"),
        ("C23", "C24"),
        (),
        ("GI",),
    ),
    Disease(
        "GI",
        "Digestive-system cancer (any)",
        (
            "digestive system",
            "digestive tumor",
            "digestive organs",
            "gastrointestinal tumor",
            "gastrointestinal cancer",
        ),
        ("C17", "C26"),
        (),
        ("SOLID",),
    ),
    # ---------------------------------------------------------------- thoracic
    Disease(
        "LUNG",
        "Lung cancer",
        (
            "lung cancer",
            "lung carcinoma",
            "lung neoplasm",
            "lung neoplasms",
            "lung large cell neuroendocrine",
            "large cell neuroendocrine carcinoma of the lung",
        ),
        ("C34",),
        (),
        ("SOLID",),
    ),
    Disease(
        "NSCLC",
        "Non-small cell lung cancer",
        (
            "non-small cell lung",
            "non small cell lung",
            "non-small-cell lung",
            "lung non-small cell",
            "lung cancer, non-small-cell",
            "lung cancer, nonsmall cell",
            "non-small cell carcinoma of lung",
            "non-small cell squamous lung",
            "nsclc",
            "lung adenocarcinoma",
            "squamous cell lung",
            "squamous cell carcinoma of the lung",
            "lung squamous cell",
        ),
        ("C34",),  # resolves to LUNG
        ("8046/3",),
        ("LUNG",),
    ),
    Disease(
        "SCLC",
        "Small cell lung cancer",
        (
            "small cell lung",
            "lung small cell",
            "lung cancer, small cell",
            "small cell carcinoma",
            "carcinoma, small cell",
            "sclc",
            "es-sclc",
        ),
        ("C34",),  # resolves to LUNG
        ("8041/3",),
        ("LUNG",),
    ),
    Disease(
        "MESO",
        "Mesothelioma",
        ("mesothelioma", "mesotheliomas", "mpm", "mesom"),
        ("C45",),
        ("9050/3", "9051/3", "9052/3", "9053/3"),
        ("SOLID",),
    ),
    Disease(
        "THYMIC",
        "Thymic epithelial tumour (thymoma, thymic carcinoma)",
        ("thymoma", "thymic carcinoma", "thymus neoplasm", "thymus neoplasms"),
        ("C37",),
        ("8580/3", "8586/3"),
        ("SOLID",),
    ),
    # ---------------------------------------------------------------- breast, gynaecological
    Disease(
        "BREAST",
        "Breast cancer",
        ("breast", "mammary"),
        ("C50",),
        (),
        ("SOLID",),
    ),
    Disease(
        "TNBC",
        "Triple-negative breast cancer",
        (
            "triple negative breast",
            "triple-negative breast",
            "triple-negative invasive breast",
            "tnbc",
        ),
        ("C50",),  # resolves to BREAST
        (),
        ("BREAST",),
    ),
    Disease(
        "OVARIAN",
        "Ovarian, fallopian-tube or primary peritoneal cancer",
        (
            "ovarian",
            "ovary",
            "fallopian tube",
            "primary peritoneal carcinoma",
            "primary peritoneal cancer",
            "primary peritoneal cavity cancer",
            "peritoneal carcinoma",
            "high grade serous",
        ),
        ("C56", "C57.0", "C48.2"),
        (),
        ("GYN",),
    ),
    Disease(
        "CERVICAL",
        "Cervical cancer",
        ("cervical cancer", "cervical carcinoma", "cervix cancer", "cervix"),
        ("C53",),
        (),
        ("GYN",),
    ),
    Disease(
        "ENDOMETRIAL",
        "Endometrial cancer",
        ("endometrial", "endometrioid"),
        ("C54.1",),
        (),
        ("GYN",),
    ),
    Disease(
        "GYN",
        "Gynaecological cancer (any)",
        ("gynecologic cancer", "gynecological solid tumor", "gynecologic", "gynecological"),
        ("C51", "C52", "C54", "C55", "C57", "C58"),
        (),
        ("SOLID",),
    ),
    # ---------------------------------------------------------------- genito-urinary
    Disease(
        "PROSTATE",
        "Prostate cancer",
        ("prostate", "prostatic", "crpc", "mcrpc", "nepc"),
        ("C61",),
        (),
        ("GU",),
    ),
    Disease(
        "RENAL",
        "Renal cell carcinoma / kidney cancer",
        (
            "renal cell",
            "renal cancer",
            "renal carcinoma",
            "renal clear cell",
            "kidney cancer",
            "rcc",
            "clear cell renal",
        ),
        ("C64",),
        ("8312/3", "8310/3"),
        ("GU",),
    ),
    Disease(
        "WILMS",
        "Wilms tumour (nephroblastoma)",
        ("wilms", "nephroblastoma"),
        ("C64",),  # the kidney: resolves to RENAL
        ("8960/3",),
        ("SOLID",),
    ),
    Disease(
        "UROTHELIAL",
        "Urothelial (bladder, upper-tract) cancer",
        (
            "urothelial",
            "bladder cancer",
            "bladder carcinoma",
            "transitional cell",
            "carcinoma, transitional cell",
        ),
        ("C67", "C65", "C66", "C68"),
        ("8120/3",),
        ("GU",),
    ),
    Disease(
        "GU",
        "Genito-urinary cancer (any)",
        ("urogenital neoplasms", "urologic neoplasms", "genital neoplasms, male"),
        ("C60", "C63"),
        (),
        ("SOLID",),
    ),
    # ---------------------------------------------------------------- head and neck, endocrine, neuroendocrine
    Disease(
        "NPC",
        "Nasopharyngeal carcinoma",
        ("nasopharyngeal", "nasopharynx"),
        ("C11",),
        (),
        ("HEADNECK",),
    ),
    Disease(
        "SALIVARY",
        "Salivary gland cancer",
        (
            "salivary",
            "adenoid cystic",
            "mucoepidermoid",
            "acinic cell",
        ),
        ("C07", "C08"),
        ("8200/3", "8430/3", "8550/3"),
        ("HEADNECK",),
    ),
    Disease(
        "HEADNECK",
        "Head and neck cancer (any)",
        ("head and neck", "hnscc"),
        ("C0", "C10", "C12", "C13", "C14", "C30", "C31", "C32"),
        (),
        ("SOLID",),
    ),
    Disease(
        "THYROID",
        "Thyroid cancer",
        ("thyroid",),
        ("C73",),
        (),
        ("SOLID",),
    ),
    Disease(
        "ADRENAL",
        "Adrenocortical carcinoma",
        ("adrenocortical",),
        ("C74.0",),
        ("8370/3",),
        ("SOLID",),
    ),
    Disease(
        "PPGL",
        "Phaeochromocytoma / paraganglioma",
        ("pheochromocytoma", "phaeochromocytoma", "paraganglioma"),
        ("C74.1", "C75.5"),
        ("8700/3", "8680/3"),
        ("NET",),
    ),
    Disease(
        "NET",
        "Neuroendocrine neoplasm (tumour or carcinoma, any site)",
        (
            "neuroendocrine tumor",
            "neuroendocrine tumors",
            "neuroendocrine carcinoma",
            "neuroendocrine neoplasm",
            "gep nec",
            "pancreatic neuroendocrine",
            "ep-nec",
        ),
        ("C7A",),  # ICD-10-CM
        ("8240/3", "8246/3", "8249/3"),
        ("SOLID",),
    ),
    # ---------------------------------------------------------------- skin
    Disease(
        "MELANOMA",
        "Melanoma",
        ("melanoma",),
        ("C43",),
        ("8720/3",),
        ("SOLID",),
    ),
    Disease(
        "UVEAL",
        "Uveal melanoma",
        ("uveal melanoma",),
        ("C69.3", "C69.4"),
        ("8720/3",),  # resolves to MELANOMA
        ("MELANOMA",),
    ),
    Disease(
        "SKIN",
        "Non-melanoma skin cancer",
        ("non-melanoma skin",),
        ("C44",),
        (),
        ("SOLID",),
    ),
    Disease(
        "MERKEL",
        "Merkel cell carcinoma",
        ("merkel",),
        ("C4A", "C44"),  # C4A is ICD-10-CM; WHO ICD-10 C44 resolves to SKIN
        ("8247/3",),
        ("SKIN", "NET"),
    ),
    # ---------------------------------------------------------------- generic cancer
    Disease(
        "SOLID",
        "Solid tumour (any)",
        (
            "solid tumor",
            "solid tumour",
            "solid tumors",
            "advanced solid",
            "solid cancer",
            "solid malignancies",
            "solid malignant",
            "solid neoplasm",
            "malignant solid",
            "tumor, solid",
            "carcinoma",
            "adenocarcinoma",
            "carcinomatosis",
            "epithelial cancer",
            "epithelial tumors, malignant",
            "epithelial solid tumor",
            # metastases to an organ or cavity: the patient's key is the primary tumour, so a
            # trial for "brain metastases" or "malignant ascites" admits any solid tumour
            "metastases",
            "metastatic disease",
            "metastatic tumor",
            "metastatic cancer",
            "metastatic malignant",
            "brain metastases",
            "liver metastases",
            "liver metastasis",
            "leptomeningeal",
            "peritoneal metastases",
            "peritoneal tumor",
            "peritoneal cancer",
            "pleural metastases",
            "pleural effusion",
            "malignant pleural",
            "pleura carcinoma",
            "malignant ascites",
            "malignant peritoneal effusion",
            "serous cavity",
            "neoplasm seeding",
        ),
        ("C76", "C77", "C78", "C79", "C80"),
        ("8010/3",),
        ("CANCER",),
    ),
    Disease(
        "CANCER",
        "Cancer (any malignancy)",
        (
            "cancer",
            "malignancy",
            "malignancies",
            "malignant disease",
            "malignant neoplasm",
            "malignant tumor",
            "malignant tumors",
            "neoplasm",
            "neoplasms",
            "tumor",
            "oncologic",
            "neoplasms by histologic type",
            "neoplasms by site",
        ),
        ("C",),
        ("8000/3",),
        (),
    ),
    # ---------------------------------------------------------------- autoimmune: rheumatic
    Disease(
        "LN",
        "Lupus nephritis",
        (
            "lupus nephritis",
            "sle nephritis",
            "systemic lupus nephritis",
            "lupus glomerulonephritis",
        ),
        # ICD-10-CM M32.14 (glomerular disease in SLE); WHO ICD-10 N08.5* (glomerular disorder
        # in systemic connective tissue disorders, the dagger code being M32.1).
        ("M32.14", "N08.5"),
        (),
        ("SLE", "GN"),
    ),
    Disease(
        "SLE",
        "Systemic lupus erythematosus",
        ("lupus", "sle", "systemic lupus", "lupus erythematosus"),
        ("M32",),
        (),
        ("RHEUM",),
    ),
    Disease(
        "SSC",
        "Systemic sclerosis",
        ("systemic sclerosis", "scleroderma", "system sclerosis", "ssc"),
        ("M34",),
        (),
        ("RHEUM",),
    ),
    Disease(
        "DM",
        "Dermatomyositis (incl. juvenile)",
        ("dermatomyositis", "jdm"),
        ("M33.0", "M33.1"),
        (),
        ("MYOSITIS",),
    ),
    Disease(
        "PM",
        "Polymyositis",
        ("polymyositis",),
        ("M33.2",),
        (),
        ("MYOSITIS",),
    ),
    Disease(
        "MYOSITIS",
        "Idiopathic inflammatory myopathy (myositis, any: incl. IMNM, antisynthetase)",
        (
            "myositis",
            "inflammatory myopathy",
            "inflammatory myopathies",
            "myopathy, idiopathic",
            "idiopathic inflammatory",
            "iim",
            "jiim",
            "necrotizing myopathy",
            "imnm",
            "antisynthetase",
            "anti-synthetase",
        ),
        # antisynthetase syndrome has no code of its own (M35.8); IMNM is G72.4x
        ("M33", "G72.4"),
        (),
        ("RHEUM",),
    ),
    Disease(
        "SJOGREN",
        "Sjögren syndrome",
        ("sjogren", "sjogren syndrome", "sjd"),
        ("M35.0",),
        (),
        ("RHEUM",),
    ),
    Disease(
        "RA",
        "Rheumatoid arthritis",
        ("rheumatoid arthritis",),
        ("M05", "M06"),
        (),
        ("RHEUM",),
    ),
    Disease(
        "JIA",
        "Juvenile idiopathic arthritis",
        ("juvenile idiopathic arthritis", "juvenile arthritis"),
        ("M08",),
        (),
        ("RHEUM",),
    ),
    Disease(
        "STILL",
        "Still disease (systemic JIA / adult-onset Still)",
        ("still disease", "adult onset still"),
        ("M06.1", "M08.2"),
        (),
        ("RHEUM",),
    ),
    Disease(
        "APS",
        "Antiphospholipid syndrome",
        ("antiphospholipid",),
        ("D68.61", "D68.6"),  # ICD-10-CM D68.61; WHO ICD-10 D68.6
        (),
        ("RHEUM",),
    ),
    Disease(
        "AAV",
        "ANCA-associated vasculitis (GPA, MPA, EGPA; incl. ANCA glomerulonephritis)",
        (
            "anca",
            "anca-associated glomerulonephritis",
            "anti-neutrophil cytoplasmic",
            "antineutrophil cytoplasmic",
            "antineutrophilic cytoplasmic",
            "aav",
            "granulomatous polyangiitis",
            "granulomatosis with polyangiitis",
            "microscopic polyangiitis",
            "eosinophilic granulomatosis",
        ),
        ("M31.3", "M31.7", "M30.1"),
        (),
        ("VASCULITIS",),
    ),
    Disease(
        "BEHCET",
        "Behçet disease",
        ("behcet",),
        ("M35.2",),
        (),
        ("VASCULITIS",),
    ),
    Disease(
        "VASCULITIS",
        "Vasculitis (any)",
        ("vasculitis", "kawasaki", "takayasu", "giant cell arteritis", "polyarteritis"),
        ("M30", "M31"),
        (),
        ("RHEUM",),
    ),
    Disease(
        "RHEUM",
        "Systemic autoimmune rheumatic disease (any; incl. connective tissue disease)",
        (
            "rheumatic disease",
            "rheumatic diseases",
            "rheumatologic",
            "rheumatological",
            "connective tissue disease",
            "connective tissue diseases",
        ),
        ("M35.1", "M35.9"),
        (),
        ("AUTOIMMUNE",),
    ),
    # ---------------------------------------------------------------- autoimmune: neurological
    Disease(
        "MS",
        "Multiple sclerosis",
        ("multiple sclerosis", "relapsing multiple sclerosis", "rms", "pms"),
        ("G35",),
        (),
        ("NEURO-AI",),
    ),
    Disease(
        "NMOSD",
        "Neuromyelitis optica spectrum disorder",
        ("neuromyelitis optica", "nmo spectrum", "nmosd", "aqp4"),
        ("G36.0",),
        (),
        ("NEURO-AI",),
    ),
    Disease(
        "MOGAD",
        "MOG antibody-associated disease",
        ("mogad", "myelin oligodendrocyte glycoprotein", "anti-myelin oligodendrocyte"),
        ("G37.81",),  # ICD-10-CM since October 2023
        (),
        ("NEURO-AI",),
    ),
    Disease(
        "MG",
        "Myasthenia gravis",
        ("myasthenia", "myasthaenia", "gmg"),
        ("G70.0",),
        (),
        ("NEURO-AI",),
    ),
    Disease(
        "CIDP",
        "Chronic inflammatory demyelinating polyneuropathy",
        (
            "chronic inflammatory demyelinating",
            "cidp",
        ),
        ("G61.81", "G61.8"),  # ICD-10-CM G61.81; WHO ICD-10 G61.8
        (),
        ("NEURO-AI",),
    ),
    Disease(
        "AE",
        "Autoimmune encephalitis",
        ("autoimmune encephalitis",),
        ("G04.81", "G04.8"),
        (),
        ("NEURO-AI",),
    ),
    Disease(
        "SPS",
        "Stiff person syndrome",
        ("stiff person", "stiff-person"),
        ("G25.82",),  # ICD-10-CM
        (),
        ("NEURO-AI",),
    ),
    Disease(
        "NEURO-AI",
        "Autoimmune neurological disease (any)",
        (
            "autoimmune diseases of the nervous system",
            "neurological autoimmune",
            "autoimmune neurological",
            "neuroimmune",
        ),
        ("G35", "G36", "G37", "G70", "G61.8", "G04.8"),
        (),
        ("AUTOIMMUNE",),
    ),
    # ---------------------------------------------------------------- autoimmune: kidney
    Disease(
        "MN",
        "Membranous nephropathy",
        ("membranous nephropathy", "membranous glomerulonephritis"),
        ("N04.2", "N05.2", "N06.2", "N00.2", "N01.2", "N02.2", "N03.2", "N07.2"),
        (),
        ("GN",),
    ),
    Disease(
        "IGAN",
        "IgA nephropathy",
        ("iga nephropathy", "igan"),
        ("N02.8", "N02.B"),  # WHO ICD-10 indexes it to N02.8; ICD-10-CM N02.B since 2022
        (),
        ("GN",),
    ),
    Disease(
        "GN",
        "Immune-mediated glomerular disease (any; nephrotic syndrome, podocytopathy …)",
        (
            "glomerulonephritis",
            "glomerular disease",
            "nephrotic syndrome",
            "podocytopathy",
            "immune nephritis",
            "anti-gbm",
            "goodpasture",
            "monoclonal immunoglobulin deposits",
            "focal segmental glomerulosclerosis",
            "minimal change disease",
        ),
        ("N0", "M31.0"),
        (),
        ("AUTOIMMUNE",),
    ),
    # ---------------------------------------------------------------- autoimmune: blood
    Disease(
        "ITP",
        "Immune thrombocytopenia",
        (
            "immune thrombocytopenia",
            "immune thrombocytopenic",
            "autoimmune thrombocytopenia",
            "itp",
            "connective tissue disease-associated thrombocytopenia",
            # the one trial naming it (NCT06337474) treats primary ITP: also ALLOIMMUNE
            "thrombocytopenia alloimmune",
        ),
        ("D69.3",),
        (),
        ("AI-HEME",),
    ),
    Disease(
        "AIHA",
        "Autoimmune haemolytic anaemia (warm or cold)",
        (
            "autoimmune hemolytic",
            "aiha",
            "waiha",
            "cold agglutinin",
        ),
        ("D59.1",),
        (),
        ("AI-HEME",),
    ),
    Disease(
        "EVANS",
        "Evans syndrome",
        ("evans syndrome",),
        ("D69.41",),  # ICD-10-CM
        (),
        ("AI-HEME",),
    ),
    Disease(
        "TTP",
        "Acquired (immune) thrombotic thrombocytopenic purpura",
        ("thrombotic thrombocytopenic purpura", "ittp"),
        ("M31.1",),
        (),
        ("AI-HEME",),
    ),
    Disease(
        "AA",
        "Aplastic anaemia (immune-mediated)",
        ("aplastic anemia", "aplastic anaemia"),
        ("D61.3", "D61.9"),
        (),
        ("AI-HEME",),
    ),
    Disease(
        "AI-HEME",
        "Autoimmune haematological disease (cytopenias …, any)",
        (
            "autoimmune cytopenia",
            "autoimmune cytopenias",
            "immune cytopenia",
            "acquired hemophilia",
        ),
        ("D59.1", "D69.3", "D61.3", "M31.1"),
        (),
        ("AUTOIMMUNE",),
    ),
    # ---------------------------------------------------------------- autoimmune: other
    Disease(
        "IGG4",
        "IgG4-related disease",
        ("igg4", "igg4-rd"),
        ("D89.84",),  # ICD-10-CM since October 2022
        (),
        ("AUTOIMMUNE",),
    ),
    Disease(
        "PEMPHIGUS",
        "Pemphigus (and autoimmune blistering disease)",
        ("pemphigus", "pemphigoid"),
        ("L10", "L12"),
        (),
        ("AUTOIMMUNE",),
    ),
    Disease(
        "T1D",
        "Type 1 diabetes",
        ("type 1 diabetes", "t1dm", "t1d"),
        ("E10",),
        (),
        ("AUTOIMMUNE",),
    ),
    Disease(
        "IBD",
        "Inflammatory bowel disease (Crohn disease, ulcerative colitis)",
        ("crohn", "ulcerative colitis", "inflammatory bowel"),
        ("K50", "K51"),
        (),
        ("AUTOIMMUNE",),
    ),
    Disease(
        "GRAVES",
        "Graves disease",
        ("graves",),
        ("E05.0",),
        (),
        ("AUTOIMMUNE",),
    ),
    Disease(
        "PBC",
        "Primary biliary cholangitis",
        ("primary biliary cholangitis", "primary biliary cirrhosis"),
        ("K74.3",),
        (),
        ("AUTOIMMUNE",),
    ),
    Disease(
        "HS",
        "Hidradenitis suppurativa",
        ("hidradenitis",),
        ("L73.2",),
        (),
        ("AUTOIMMUNE",),
    ),
    Disease(
        "ILD",
        "Interstitial lung disease (immune-mediated, e.g. with connective tissue disease)",
        ("interstitial lung", "connective tissue disease-associated interstitial lung"),
        ("J84",),
        (),
        ("AUTOIMMUNE",),
    ),
    Disease(
        "AUTOIMMUNE",
        "Autoimmune or immune-mediated disease (any)",
        (
            "autoimmune",
            "autoimmune disease",
            "autoimmune diseases",
            "autoimmune disorders",
            "b-cell mediated autoimmune",
            "b cell-mediated autoimmune",
            "b cell-related autoimmune",
            "antibody-mediated disease",
        ),
        ("D89.89", "D89.9"),
        (),
        (),
    ),
    # ---------------------------------------------------------------- other non-cancer
    Disease(
        "HIV",
        "HIV infection",
        ("hiv", "aids", "human immunodeficiency virus"),
        ("B20", "B21", "B22", "B23", "B24", "Z21"),
        (),
        (),
    ),
    Disease(
        "GVHD",
        "Graft-versus-host disease",
        ("graft versus host", "graft-versus-host", "gvhd"),
        ("D89.81", "T86.0"),  # ICD-10-CM D89.81x; WHO ICD-10 T86.0 (incl. GVHD)
        (),
        ("ALLOIMMUNE",),
    ),
    Disease(
        "ALLOIMMUNE",
        "Alloimmune condition (graft rejection, GVHD, alloimmunisation)",
        (
            "transplant rejection",
            "graft rejection",
            "alloimmune",
            "platelet transfusion refractoriness",
            "thrombocytopenia alloimmune",
            "desensitization",
        ),
        ("T86",),
        (),
        (),
    ),
    # ---------------------------------------------------------------- not a disease
    # Kept only when the condition names no disease. Their codes never make a diagnosis:
    # disease_from_code raises UnknownCode for a code that resolves to any of them.
    Disease(
        "OTHER-HEALTHY",
        "Healthy volunteers or donors",
        ("healthy", "healthy volunteer", "healthy donor"),
        ("Z00.0", "Z52"),
        (),
        (OTHER,),
    ),
    Disease(
        "OTHER-FOLLOWUP",
        "Long-term follow-up of treated patients (condition not a disease)",
        (
            "long-term follow-up",
            "long term follow up",
            "ltfu",
            "followed for up to",
            "treated with senza5",
            "biodistribution",
            "car-t cell monitoring",
            "car-t monitoring",
        ),
        ("Z08", "Z09"),
        (),
        (OTHER,),
    ),
    Disease(
        "OTHER-TOXICITY",
        "Complication of cell therapy or its supportive care (CRS, ICANS, infection …)",
        (
            "cytokine release",
            "crs",
            "icans",
            "neurotoxicity",
            "neurotoxicity syndromes",
            "encephalopathy syndrome",
            "car t-cell-related encephalopathy",
            "cardiotoxicity",
            "cardiovascular complication",
            "risk factor, cardiovascular",
            "complication of chimeric antigen receptor",
            "stem cell transplant complications",
            "temperature change, body",
            "febrile neutropenia",
            "endothelial dysfunction",
            "infection",
            "infections",
            "bloodstream infections",
            "infectious diseases",
            "septic shock",
            "sepsis",
            "influenza",
            "covid-19",
            "rsv",
            "antibiotic prophylaxis",
            "immunocompromised",
            "secondary immune deficiency",
            "immunoglobulin therapy",
            "immunogenicity",
        ),
        ("D89.83", "G92.0", "T80.8"),  # CRS, ICANS (ICD-10-CM); infusion complication
        (),
        (OTHER,),
    ),
    Disease(
        "OTHER-TREATMENT",
        "A treatment, product or procedure named as the condition",
        (
            "car-t",
            "car t",
            "car-t cell",
            "car t cell",
            "car t-cell",
            "car-t cells",
            "cart",
            "cart19",
            "car nk",
            "car-nk",
            "car",
            "chimeric antigen receptor",
            "chimera antigen receptor",
            "cell therapy",
            "cellular therapy",
            "cellular immunotherapy",
            "immunotherapy",
            "effects of immunotherapy",
            "gene therapy",
            "bispecific",
            "dual-target car-t",
            "universal allogeneic car t",
            "allogeneic, car-t",
            "protein sequestration",
            "car-t retreatment",
            "dasatinib",
            "decitabine",
            "pd-1 antibody",
            "autoleucel",
            "stem cell transplantation",
            "stem cell transplant",
            "hematopoietic cell transplantation",
            "bone marrow transplant",
            "allogeneic hematopoietic",
            "haploidentical",
            "radiopharmaceutical",
            "pet imaging",
            "growth factor",
            "rsv immunization",
            "nk cell",
        ),
        ("Z94.8", "Z51.1"),
        (),
        (OTHER,),
    ),
    Disease(
        "OTHER-UNSPECIFIED",
        "Condition names no disease: a status, stage, biomarker, outcome or broad heading",
        (
            "relapsed",
            "refractory",
            "relapse",
            "recurrent",
            "recurrence",
            "relapsed/refractory",
            "recurrent or refractory",
            "relapsed and refractory",
            "progressive disease",
            "early progression",
            "primary refractory",
            "newly diagnosed",
            "advanced",
            "metastatic",
            "unresectable",
            "locally advanced",
            "advanced stage",
            "minimal residual disease",
            "minimal disease, residual",
            "mrd-positive",
            "mrd",
            "blasts 5 percent",
            "cytogenetics ultra high risk",
            "failure of three or more lines",
            "recurrent or refractory disease after standard therapies",
            "phase 1",
            "safety",
            "efficacy",
            "effective",
            "dose escalation",
            "objective response rate",
            "orr",
            "quality of life",
            "child, only",
            "positive",
            "cd19",
            "cd19 positive",
            "cd19-positive",
            "cd20 positive",
            "cd22 positive",
            "cd7 positive",
            "cd147 positive",
            "her2-positive",
            "her-2",
            "egfr gene mutation",
            "egfr overexpression",
            "egfrviii",
            "epha2 overexpression",
            "gpc3 gene inactivation",
            "il13ra",
            "kras",
            "tp53",
            "nr3c1",
            "bcma",
            "mesothelin",
            "mesothelin positive",
            "carcinoembryonic antigen",
            "kita-kyushu lung cancer antigen",
            "interleukin-3 receptor",
            "philadelphia chromosome positive",
            "aids-related",  # a qualifier: the lymphoma named after it is the disease
            "hiv associated",
            "immune system disease",
            "immune system diseases",
            "immune system disorder",
            "immunology",
            "hematology",
            "hematologic and lymphocytic disorder",
            "neurologic disorder",
            "muscular diseases",
            "muscle weakness",
            "neuromuscular manifestations",
            "hemostatic disorders",
            "hemorrhagic disorders",
            "vascular diseases",
            "vascular disorder",
            "cardiovascular diseases",
            "blood protein disorders",
            "diabetes mellitus",
            "gut microbiota",
            "prostatic disease",
        ),
        ("R69",),
        (),
        (OTHER,),
    ),
    Disease(
        OTHER,
        "Not a disease cartnav screens for",
        (),
        (),  # a grouping only: its children carry the codes
        (),
        (),
    ),
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


class UnknownCode(ValueError):
    pass


_LYMPHOBLASTIC = frozenset({"ALL", "B-ALL", "T-ALL"})


# ------------------------------------------------------------------------------------------
# Reading a condition


#: Spellings folded word by word before matching (British spellings, plurals, typos seen).
_WORD_FOLD: dict[str, str] = {
    "nonhodgkin": "non hodgkin",
    "nonhodgkins": "non hodgkin",
    "hodgkins": "hodgkin",
    "hodgekin": "hodgkin",
    "hodgekins": "hodgkin",
    "leukaemia": "leukemia",
    "leukaemias": "leukemia",
    "leukemias": "leukemia",
    "leukmeia": "leukemia",
    "tumour": "tumor",
    "tumours": "tumor",
    "malignancies": "malignancy",
    "myopathies": "myopathy",
    "nephropathies": "nephropathy",
    "metastatises": "metastases",
    "hematological": "hematologic",
    "anaemia": "anemia",
    "myelogenous": "myeloid",
    "myeloblastic": "myeloid",
    "myelocytic": "myeloid",
    "lymphobkastic": "lymphoblastic",
    "throid": "thyroid",
    "agressive": "aggressive",
    "refactory": "refractory",
    "reccurent": "recurrent",
    "diffused": "diffuse",
    "disaese": "disease",
    "patientswith": "patients with",
} | {
    word + "s": word
    for word in [
        "neoplasm",
        "cancer",
        "carcinoma",
        "adenocarcinoma",
        "sarcoma",
        "glioma",
        "lymphoma",
        "myeloma",
        "tumor",
        "mesothelioma",
        "disease",
        "disorder",
        "syndrome",
        "cell",
        "infection",
        "volunteer",
        "donor",
    ]
}
#: British spellings inside words: haematological, oesophageal, paediatric.
_PREFIX_FOLD = (("haem", "hem"), ("oesoph", "esoph"), ("paed", "ped"))
_NOT_A_WORD = re.compile(r"[^A-Za-z0-9]+")
_POSSESSIVE = re.compile(r"['’`]s\b")


def _prepare(text: str) -> str:
    """The condition as words: entities decoded, accents and punctuation dropped, spellings
    folded. Case is kept (abbreviations such as ALL or MS are read case-sensitively)."""
    s = text
    while "&" in s:
        decoded = html.unescape(re.sub(r"&amp;", "&", s, flags=re.I))
        if decoded == s:
            break
        s = decoded
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _POSSESSIVE.sub("", s)
    words: list[str] = []
    for word in _NOT_A_WORD.split(s):
        if not word:
            continue
        low = word.lower()
        for british, american in _PREFIX_FOLD:
            if low.startswith(british):
                low = word = american + low[len(british) :]
        if low in _WORD_FOLD:
            word = _WORD_FOLD[low]
        elif low.startswith(("erythe", "erthe")) and words and words[-1].lower() == "lupus":
            continue  # "lupus erythematosus" and its misspellings: "lupus" says it
        words.append(word)
    return " ".join(words)


def _synonym_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for d in DISEASES:
        for synonym in d.synonyms:
            words = _prepare(synonym).lower()
            variants = [words]
            if d.key in _LYMPHOBLASTIC and not words.endswith("lymphoma"):
                # "T-lymphoblastic leukemia/lymphoma", "B-ALL/lymphoma": one disease (WHO),
                # not a lymphoblastic leukaemia plus "lymphoma (any)"
                variants += [words + " lymphoma", words + " leukemia lymphoma"]
            for variant in variants:
                keys = table.setdefault(variant, [])
                if d.key not in keys:
                    keys.append(d.key)
    return {words: tuple(keys) for words, keys in table.items()}


_SYNONYMS = _synonym_table()
#: Abbreviations that are ordinary words or units in lower case: read only in capitals.
_CASED = {"ALL": "ALL", "MM": "MM", "MS": "MS", "MG": "MG", "SS": "SJOGREN", "RA": "RA"}
_CASED |= {"SPS": "SPS", "FL": "FL", "WM": "WM", "LN": "LN", "MN": "MN"}
for _cased in _CASED:
    _SYNONYMS.pop(_cased.lower(), None)  # never in lower case ("all patients", "5 mm")
#: Every leading run of words of a synonym ("acute", "acute lymphoblastic" …): the scan
#: extends a phrase only while it can still become a synonym.
_PREFIXES = frozenset(
    " ".join(words[:n]) for words in map(str.split, _SYNONYMS) for n in range(1, len(words) + 1)
)

#: Lineage words left over once the diseases are read: they narrow a generic key.
_B_WORDS = re.compile(
    r"(?<![a-z0-9])(?:b cell|b lineage|b precursor|precursor b|b lymphoblastic|b lymphocytic"
    r"|b lymphoid|b lymphocyte|b acute|b non|cd ?19|cd ?20|cd ?22)(?![a-z0-9])"
)
_T_WORDS = re.compile(
    r"(?<![a-z0-9])(?:t cell|t lineage|t lymphoblastic|t lymphocytic|t lymphoid|t lymphocyte"
    r"|t acute|t non|nk t|t nk)(?![a-z0-9])"
)
_TRANSFORMED = frozenset({"tFL", "TRANSFORMED", "RICHTER"})
#: (patient's disease, trial's disease) pairs that neither contain the other but that trials
#: often treat as one: a follicular lymphoma transformed to DLBCL is "DLBCL transformed from
#: FL" to many protocols and excluded by others. Screening leaves these undecided, never failed.
AMBIGUOUS = frozenset({("tFL", "DLBCL")})
_INTO = re.compile(r"(?<![a-z0-9])(?:to|into)(?![a-z0-9])")
_NARROWED = {
    "CANCER": ("B-CELL", "T-CELL"),
    "HEME": ("B-CELL", "T-CELL"),
    "LYMPHOID": ("B-CELL", "T-CELL"),
    "LYMPHOMA": ("B-NHL", "TCL"),
    "NHL": ("B-NHL", "TCL"),
    "LEUKEMIA": ("B-LEUK", "T-LEUK"),
    "LYMPH-LEUK": ("B-LEUK", "T-LEUK"),
    "ACUTE-LEUK": ("B-ALL", "T-ALL"),
    "ALL": ("B-ALL", "T-ALL"),
}


def _load_overrides() -> dict[str, tuple[str, ...]]:
    path = Path(__file__).with_name("data") / "condition_overrides.json"
    if not path.exists():
        return {}
    table = json.loads(path.read_text(encoding="utf-8"))["conditions"]
    out: dict[str, tuple[str, ...]] = {}
    for condition, entry in table.items():
        unknown = [k for k in entry["keys"] if k not in BY_KEY]
        if unknown or not entry["keys"]:
            raise ValueError(f"{path.name}: {condition!r} names unknown keys {unknown}")
        out[_prepare(condition).lower()] = tuple(entry["keys"])
    return out


#: Condition strings no synonym can place (normalised text → keys), from the JSON table.
OVERRIDES = _load_overrides()


def is_other(key: str) -> bool:
    """True for ``OTHER`` and its children: conditions that are not a disease cartnav screens."""
    return OTHER in lineage(key)


def narrowest(keys: Iterable[str]) -> list[str]:
    """The keys without any that is an ancestor of another, and without ``OTHER`` keys when a
    disease is named; order kept. (A trial's conditions can be combined the same way.)"""
    found = list(dict.fromkeys(keys))
    if any(not is_other(k) for k in found):
        found = [k for k in found if not is_other(k)]
    elif len(found) > 1 and "OTHER-UNSPECIFIED" in found:  # "CD19 CAR-T": the product says more
        found.remove("OTHER-UNSPECIFIED")
    return [k for k in found if not any(k != other and k in lineage(other) for other in found)]


def diseases_in(text: str) -> list[str]:
    """Disease keys named in a free-text condition, most specific first, without duplicates.

    Broader keys are dropped when a narrower one is present ("diffuse large B-cell lymphoma"
    also says "lymphoma", but a Hodgkin patient must not match a DLBCL trial through the
    broader word). An empty list: nothing recognised."""
    return list(_diseases_in(text))


def mentions(text: str) -> list[str]:
    """Every disease key a free text names, broad and narrow alike, without ``OTHER`` keys:
    "ALL, CLL and non-Hodgkin lymphoma" gives all three, "transformed follicular lymphoma to
    DLBCL" both. For a permissive union (the diagnoses a trial's criteria name anywhere), where
    :func:`diseases_in` would keep only the narrowest."""
    cased = _prepare(text)
    low = cased.lower()
    found = OVERRIDES[low] if low in OVERRIDES else _scan(cased, low)[0]
    return [k for k in dict.fromkeys(found) if not is_other(k)]


@lru_cache(maxsize=16384)
def _diseases_in(text: str) -> tuple[str, ...]:
    cased = _prepare(text)
    low = cased.lower()
    if low in OVERRIDES:
        return tuple(narrowest(OVERRIDES[low]))
    found = _scan(cased, low)[0]
    if _TRANSFORMED.intersection(found) and _INTO.search(low):
        # "transformed follicular lymphoma to diffuse large B-cell lymphoma": the large B-cell
        # lymphoma named after "to" is what it became, not a second disease
        found = [k for k in found if k not in ("DLBCL", "LBCL")]
    return tuple(narrowest(found))


def residue(text: str) -> str:
    """The text's words with every disease name read replaced by ``#``: what else it says."""
    cased = _prepare(text)
    return _scan(cased, cased.lower())[1]


def _scan(cased: str, low: str) -> tuple[list[str], str]:
    """The keys of every synonym in the text (longest match first), narrowed to B or T lineage
    where the rest of the text says which; and the words not read as a disease."""
    words, cased_words = low.split(), cased.split()
    found: list[str] = []
    read = [False] * len(words)  # words read as (part of) a disease
    i = 0
    while i < len(words):  # the longest synonym at the leftmost place wins
        end, phrase = i + 1, ""
        keys: tuple[str, ...] = ()
        for j in range(i, len(words)):
            phrase = f"{phrase} {words[j]}" if phrase else words[j]
            if phrase not in _PREFIXES:
                break
            if phrase in _SYNONYMS:
                end, keys = j + 1, _SYNONYMS[phrase]
        if keys:
            found.extend(keys)
            if not all(is_other(k) for k in keys):
                read[i:end] = [True] * (end - i)
        i = end
    for i, word in enumerate(cased_words):
        if not read[i] and word in _CASED:
            found.append(_CASED[word])
            read[i] = True
    rest = " ".join("#" if done else word for word, done in zip(words, read, strict=True))
    b, t = bool(_B_WORDS.search(rest)), bool(_T_WORDS.search(rest))
    if b != t:
        found = [_NARROWED[k][0 if b else 1] if k in _NARROWED else k for k in found]
    return found, rest


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
    """The most specific disease key for an ICD-10 or ICD-O-3 code; UnknownCode if none, or if
    the code names something that is not a disease cartnav screens for (an ``OTHER`` key)."""
    if icdo3:
        for d in DISEASES:
            if icdo3 in d.icdo3:
                if is_other(d.key):
                    break
                return d.key
    if icd10:
        code = icd10.upper()
        best: tuple[int, str] | None = None
        for d in DISEASES:
            for prefix in d.icd10:
                if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), d.key)
        if best and not is_other(best[1]):
            return best[1]
    raise UnknownCode(f"no disease is known for ICD-10 {icd10!r} / ICD-O-3 {icdo3!r}")


def antigens_in(text: str) -> list[str]:
    low = text.lower()
    found = [alias for name, alias in _ANTIGEN_ALIASES.items() if name in low]
    for antigen in ANTIGENS:
        if re.search(r"(?<![A-Za-z0-9])" + re.escape(antigen) + r"(?![A-Za-z0-9])", text, re.I):
            found.append(antigen)
    return list(dict.fromkeys(found))

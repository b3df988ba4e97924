"""Every condition string of the shipped CAR-T trial tables maps to a disease node (or to an
OTHER node: "Healthy Volunteers", "CAR-T Cell Therapy" …), and the ones that decide a patient's
match map to exactly the right node.

The tables: ``cartnav/catalog/data/ctgov_cart_onc_monitor/trials.csv`` (oncology, 2,274 trials)
and ``ctgov_cart_rheum_monitor/trials.csv`` (autoimmune, 315 trials); ``Conditions`` holds
``|``-separated strings (some contain commas: read with the csv module).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cartnav.eligibility import vocab
from cartnav.eligibility.vocab import disease_from_code, diseases_in, lineage

DATA = Path(__file__).resolve().parents[2] / "cartnav" / "catalog" / "data"
TABLES = {
    "onc": DATA / "ctgov_cart_onc_monitor" / "trials.csv",
    "rheum": DATA / "ctgov_cart_rheum_monitor" / "trials.csv",
}


def read_conditions() -> tuple[dict[str, int], dict[str, int]]:
    """Distinct condition strings (with how many trials name each) and trials per table."""
    csv.field_size_limit(10_000_000)
    conditions: dict[str, int] = {}
    trials: dict[str, int] = {}
    for name, path in TABLES.items():
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        trials[name] = len(rows)
        for row in rows:
            for condition in row["Conditions"].split("|"):
                condition = condition.strip()
                if condition:
                    conditions[condition] = conditions.get(condition, 0) + 1
    return conditions, trials


CONDITIONS, TRIALS = read_conditions()


def met(patient: str, condition: str) -> bool:
    """A patient with this disease lies within a key the condition names (rules.disease_status)."""
    return any(key in lineage(patient) for key in diseases_in(condition))


def test_both_tables_are_read() -> None:
    # snapshot 2026-08-22: 2,274 oncology and 315 autoimmune trials, 2,114 distinct conditions
    assert TRIALS["onc"] > 2000 and TRIALS["rheum"] > 300, TRIALS
    assert len(CONDITIONS) > 2000


def test_every_condition_string_maps_to_a_node() -> None:
    mapped = {condition: diseases_in(condition) for condition in CONDITIONS}
    unmapped = sorted(c for c, keys in mapped.items() if not keys)
    other = [c for c, keys in mapped.items() if keys and all(vocab.is_other(k) for k in keys)]
    assert not unmapped, (
        f"{len(unmapped)} of {len(CONDITIONS)} distinct condition strings map to no node "
        f"({len(other)} map to OTHER); add a synonym in vocab.py or an entry in "
        f"data/condition_overrides.json: " + " | ".join(unmapped)
    )
    unknown = {k for keys in mapped.values() for k in keys} - set(vocab.BY_KEY)
    assert not unknown


@pytest.mark.parametrize(
    ("condition", "keys"),
    [
        # Hodgkin vs non-Hodgkin, with or without the hyphen, apostrophe, abbreviation
        ("B-cell Non Hodgkin Lymphoma", ["B-NHL"]),
        ("B-Cell Non-Hodgkin Lymphoma", ["B-NHL"]),
        ("B-cell NonHodgkin Lymphoma", ["B-NHL"]),
        ("Lymphomas Non-Hodgkin&Amp;Amp;#39;s B-Cell", ["B-NHL"]),
        # lineage not stated: the generic NHL node, parent of B-NHL and TCL (documented choice)
        ("Non-Hodgkin's Lymphoma", ["NHL"]),
        ("Non Hodgkin Lymphoma", ["NHL"]),
        ("Lymphoma, Non-hodgkins", ["NHL"]),
        ("NHL", ["NHL"]),
        ("Hodgkin Lymphoma", ["HL"]),
        ("Hodgkin's Lymphoma", ["HL"]),
        ("Lymphoma, Hodgkins", ["HL"]),
        ("Classical Hodgkin Lymphoma", ["HL"]),
        # B- vs T-lineage
        ("T-cell Acute Lymphoblastic Leukemia", ["T-ALL"]),
        ("T-Cell Acute Lymphoblastic Leukemia/Lymphoma", ["T-ALL"]),
        ("T-ALL", ["T-ALL"]),
        ("B-cell Acute Lymphoblastic Leukemia", ["B-ALL"]),
        ("B-ALL", ["B-ALL"]),
        ("Acute Lymphoblastic Leukemia, Adult B-Cell", ["B-ALL"]),
        ("Leukemia, Lymphocytic, Acute, B-Cell", ["B-ALL"]),
        ("Acute Lymphoblastic Leukemia", ["ALL"]),
        ("ALL", ["ALL"]),
        ("T-Cell Non-Hodgkin Lymphoma", ["TCL"]),
        ("T-cell Non-Hodgkin's Lymphoma", ["TCL"]),
        ("Lymphoma, T-Cell", ["TCL"]),
        ("Peripheral T-Cell Lymphoma", ["PTCL"]),
        ("T-Cell/Histiocyte-Rich Large B-Cell Lymphoma", ["LBCL"]),  # a B-cell lymphoma
        # B-cell lymphoma subtypes
        ("Diffuse Large B-Cell Lymphoma", ["DLBCL"]),
        ("Lymphoma, Large B-Cell, Diffuse", ["DLBCL"]),
        ("Primary Mediastinal Large B-Cell Lymphoma", ["PMBCL"]),
        ("Transformed Follicular Lymphoma to Diffuse Large B-Cell Lymphoma", ["tFL"]),
        ("Richter's Transformation", ["RICHTER"]),
        ("Burkitt Lymphoma", ["BURKITT"]),
        ("Waldenstrom Macroglobulinemia", ["WM"]),
        ("Hairy Cell Leukemia", ["HCL"]),
        ("Primary Central Nervous System Lymphoma", ["PCNSL"]),
        ("Primary CNS Lymphoma (PCNSL)", ["PCNSL"]),
        # plasma cell
        ("Multiple Myeloma", ["MM"]),
        ("Relapsed/Refractory Multiple Myeloma (RRMM)", ["MM"]),
        ("AL Amyloidosis", ["AL"]),
        ("Light Chain (AL) Amyloidosis", ["AL"]),
        ("Plasma Cell Leukemia", ["PCL"]),
        ("POEMS Syndrome", ["POEMS"]),
        # myeloid
        ("Acute Myeloid Leukemia", ["AML"]),
        ("Myelodysplastic Syndromes", ["MDS"]),
        ("Blastic Plasmacytoid Dendritic Cell Neoplasm", ["BPDCN"]),
        # solid tumours
        ("Gliomas", ["GLIOMA"]),
        ("Glioblastoma", ["GBM"]),
        ("Diffuse Intrinsic Pontine Glioma", ["DMG"]),
        ("Medulloblastoma", ["MEDULLO"]),
        ("Osteosarcoma", ["OSTEOSARCOMA"]),
        ("Ewing Sarcoma", ["EWING"]),
        ("Neuroblastoma", ["NB"]),
        ("Gastroesophageal Junction Adenocarcinoma", ["GASTRIC"]),
        ("Pancreatic Cancer", ["PANCREATIC"]),
        ("Non-Small Cell Lung Cancer", ["NSCLC"]),
        ("Triple Negative Breast Cancer", ["TNBC"]),
        ("Metastatic Castration-Resistant Prostate Cancer", ["PROSTATE"]),
        ("Nasopharyngeal Carcinoma", ["NPC"]),
        ("Malignant Pleural Mesothelioma", ["MESO"]),
        ("Solid Tumors", ["SOLID"]),
        ("Cancer", ["CANCER"]),
        # autoimmune
        ("Lupus Nephritis", ["LN"]),
        ("Systemic Lupus Erythematosus", ["SLE"]),
        ("Systemic Lupus Erythematosus (With and Without Nephritis)", ["SLE"]),
        ("Systemic Sclerosis", ["SSC"]),
        ("Dermatomyositis", ["DM"]),
        ("Idiopathic Inflammatory Myopathies", ["MYOSITIS"]),
        ("Myasthenia Gravis", ["MG"]),
        ("Neuromyelitis Optica Spectrum Disorder (NMOSD)", ["NMOSD"]),
        ("ANCA-Associated Vasculitis", ["AAV"]),
        ("IgG4-Related Disease", ["IGG4"]),
        ("Immune Thrombocytopenia", ["ITP"]),
        ("Membranous Nephropathy", ["MN"]),
        ("Autoimmune Hemolytic Anemia", ["AIHA"]),
        # other non-cancer, and OTHER
        ("HIV Infection", ["HIV"]),
        ("Chronic Graft Versus Host Disease", ["GVHD"]),
        ("Healthy Volunteers", ["OTHER-HEALTHY"]),
        ("Cytokine Release Syndrome", ["OTHER-TOXICITY"]),
        ("Long-term Follow-up", ["OTHER-FOLLOWUP"]),
        ("Relapsed/Refractory", ["OTHER-UNSPECIFIED"]),
        ("CAR-T Cell Therapy", ["OTHER-TREATMENT"]),
        # a status word beside a disease is not a second condition
        ("Relapsed/Refractory Large B-cell Lymphoma", ["LBCL"]),
    ],
)
def test_conditions_map_to_exactly_these_keys(condition: str, keys: list[str]) -> None:
    assert diseases_in(condition) == keys


def test_secondary_cns_lymphoma_is_not_primary() -> None:
    for condition in (
        "Secondary CNS lymphoma",
        "Relapsed/Refractory Secondary Central Nervous System Lymphoma",
    ):
        keys = diseases_in(condition)
        assert keys == ["B-NHL"], keys  # a systemic B-cell lymphoma that has reached the CNS
    # "CNS lymphoma" without "primary" admits both
    assert met("PCNSL", "Central Nervous System Lymphoma")
    assert met("DLBCL", "Central Nervous System Lymphoma")


def test_lineage_of_the_new_nodes() -> None:
    assert {"SLE", "GN", "AUTOIMMUNE"} <= lineage("LN")
    assert {"B-NHL", "CNS-LYMPHOMA", "LYMPHOMA"} <= lineage("PCNSL")
    assert not {"LBCL", "DLBCL"} & lineage("PCNSL")  # LBCL labels exclude primary CNS lymphoma
    assert "ALL" in lineage("B-ALL") and "ALL" in lineage("T-ALL")
    assert "T-ALL" not in lineage("B-ALL") and "B-ALL" not in lineage("T-ALL")
    assert {"NHL", "B-CELL"} <= lineage("B-NHL") and {"NHL", "T-CELL"} <= lineage("TCL")
    assert "HL" not in lineage("B-NHL") and "NHL" not in lineage("HL")
    assert "SARCOMA" in lineage("OSTEOSARCOMA") and "GLIOMA" in lineage("GBM")
    assert "LBCL" in lineage("RICHTER") and "LBCL" in lineage("tFL")
    assert "MM" not in lineage("AL") and "PCN" in lineage("AL")
    assert "MM" not in lineage("PCL") and "MM" not in lineage("SMM")
    assert "CANCER" in lineage("DLBCL") and "CANCER" not in lineage("SLE")


def test_matching_follows_the_lineage_one_way() -> None:
    assert not met("B-ALL", "T-cell Acute Lymphoblastic Leukemia")
    assert not met("T-ALL", "B-cell Acute Lymphoblastic Leukemia")
    assert met("B-ALL", "Acute Lymphoblastic Leukemia") and met("T-ALL", "ALL")
    assert not met("ALL", "B-cell Acute Lymphoblastic Leukemia")  # the subtype decides
    assert met("DLBCL", "B-cell Non Hodgkin Lymphoma") and not met(
        "HL", "B-cell Non Hodgkin Lymphoma"
    )
    assert met("DLBCL", "Non-Hodgkin's Lymphoma") and met("PTCL", "Non-Hodgkin's Lymphoma")
    assert not met("B-NHL", "T-Cell Non-Hodgkin Lymphoma")
    assert not met("PCNSL", "Large B-cell Lymphoma")
    assert met("LN", "Systemic Lupus Erythematosus") and not met("SLE", "Lupus Nephritis")
    assert not met("MM", "AL Amyloidosis") and not met("AL", "Multiple Myeloma")
    assert not met("DLBCL", "Healthy Volunteers")


def test_the_vocabulary_is_well_formed() -> None:
    kept = {"B-NHL", "LBCL", "DLBCL", "PMBCL", "HGBL", "tFL", "FL", "MCL", "CLL", "MZL"}
    kept |= {"B-ALL", "T-ALL", "AML", "MM", "HL", "TCL", "LYMPHOMA", "LEUKEMIA", "GBM"}
    kept |= {"GASTRIC", "NB", "SARCOMA", "HCC", "PANCREATIC", "OVARIAN", "LUNG", "BREAST"}
    kept |= {"COLORECTAL", "SOLID", "SLE", "MS", "MG", "SSC", "AUTOIMMUNE", "PCNSL", "LN"}
    assert kept <= set(vocab.BY_KEY)
    assert len(vocab.BY_KEY) == len(vocab.DISEASES)
    for d in vocab.DISEASES:
        assert all(p in vocab.BY_KEY for p in d.parents), d.key
        assert not any(d.key in lineage(p) for p in d.parents), f"{d.key} is its own ancestor"
        assert d.icd10 or d.key == vocab.OTHER, f"{d.key} carries no ICD-10 code"
    for text, keys in vocab.OVERRIDES.items():
        assert diseases_in(text) == vocab.narrowest(keys)


def test_codes_map_as_before_and_never_to_other() -> None:
    assert disease_from_code(icdo3="9732/3") == "MM"
    assert disease_from_code(icd10="C83.3") == "LBCL"  # DLBCL, HGBL, tFL … share the code
    assert disease_from_code(icd10="C91.0") == "ALL"  # the ICD-10 code does not state lineage
    assert disease_from_code(icdo3="9837/3") == "T-ALL"
    assert disease_from_code(icd10="M32.14") == "LN" and disease_from_code(icd10="M32.9") == "SLE"
    assert disease_from_code(icd10="C71.9") == "CNS"  # a brain tumour; the morphology decides
    assert disease_from_code(icdo3="9440/3") == "GBM"
    for code in ("Z99.9", "Z09", "D89.83", "Z00.00"):
        with pytest.raises(vocab.UnknownCode):
            disease_from_code(icd10=code)

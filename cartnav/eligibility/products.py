"""Approved CAR-T products and their label indications, loaded from versioned data.

``data/products.json`` is the shipped starting point (reference/products.md); the Django catalog
stores the same records so an admin can edit them. An indication is a list of rules that become
:class:`Criterion` objects with the label as their source, so products are screened by exactly
the same code as trials. An indication marked ``verified: false`` carries a warning to check the
current label.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cartnav.eligibility.criteria import Criterion

DATA = Path(__file__).with_name("data") / "products.json"


@dataclass(frozen=True)
class Indication:
    text: str
    source: str
    verified: bool
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Product:
    slug: str
    brand_name: str
    generic_name: str
    maker: str
    target: str
    region: str
    indications: tuple[Indication, ...] = field(default_factory=tuple)
    record: dict[str, Any] = field(default_factory=dict)


def _criteria(
    rules: dict[str, Any], text: str, source: str, verified: bool = True
) -> tuple[Criterion, ...]:
    out = [
        Criterion("disease", True, target="|".join(rules["diseases"]), sentence=text, source=source)
    ]
    if rules.get("min_age") is not None:
        out.append(
            Criterion(
                "age_min", True, float(rules["min_age"]), "years", sentence=text, source=source
            )
        )
    if rules.get("max_age") is not None:
        out.append(
            Criterion(
                "age_max", True, float(rules["max_age"]), "years", sentence=text, source=source
            )
        )
    if rules.get("min_prior_lines") is not None:
        out.append(
            Criterion(
                "lines_min", True, float(rules["min_prior_lines"]), sentence=text, source=source
            )
        )
    if rules.get("required_drug_classes"):
        out.append(
            Criterion(
                "drug_classes",
                True,
                target="|".join(rules["required_drug_classes"]),
                sentence=text,
                source=source,
            )
        )
    if rules.get("relapsed_or_refractory", True):
        out.append(Criterion("relapsed_or_refractory", True, sentence=text, source=source))
    if rules.get("line_window"):
        window = rules["line_window"]
        out.append(
            Criterion(
                "line_window",
                True,
                float(window["months"]),
                "months",
                target=str(window["line"]),
                sentence=text,
                source=source,
            )
        )
    for drug in rules.get("refractory_to", []):
        out.append(Criterion("refractory_to", True, target=drug, sentence=text, source=source))
    for antigen in rules.get("antigens_positive", []):
        out.append(
            Criterion("antigen_positive", True, target=antigen, sentence=text, source=source)
        )
    for antigen in rules.get("antigens_negative", []):
        out.append(
            Criterion("antigen_negative", True, target=antigen, sentence=text, source=source)
        )
    if rules.get("excluded_subtypes"):
        out.append(
            Criterion(
                "subtype_excludes",
                True,
                target="|".join(rules["excluded_subtypes"]),
                sentence=text,
                source=source,
            )
        )
    if rules.get("required_subtypes"):
        out.append(
            Criterion(
                "subtype_requires",
                True,
                target="|".join(rules["required_subtypes"]),
                sentence=text,
                source=source,
            )
        )
    if rules.get("excludes_primary_cns_lymphoma"):
        out.append(
            Criterion(
                "cns_primary",
                False,
                sentence="Not indicated for primary central nervous system lymphoma (US labels of "
                "the CD19 products; the China label's wording is to check)",
                source=source,
            )
        )
    for extra in rules.get("other_conditions", []):
        out.append(Criterion("text", True, sentence=extra, source=source))
    if not verified:
        # An unverified indication never makes anyone eligible: the label is to check first.
        out.append(
            Criterion(
                "text",
                True,
                sentence="This indication is not verified: check the current label before relying on it.",
                source=source,
            )
        )
    return tuple(out)


def product_from_record(rec: dict[str, Any]) -> Product:
    indications = tuple(
        Indication(
            i["text"],
            i["source"],
            bool(i.get("verified", False)),
            _criteria(i["rules"], i["text"], i["source"], bool(i.get("verified", False))),
        )
        for i in rec["indications"]
    )
    return Product(
        rec["slug"],
        rec["brand_name"],
        rec["generic_name"],
        rec["maker"],
        rec["target"],
        rec["region"],
        indications,
        rec,
    )


def load_records(path: Path = DATA) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text())["products"])


def load(path: Path = DATA) -> list[Product]:
    return [product_from_record(r) for r in load_records(path)]

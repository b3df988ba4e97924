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


#: Label rules that become one criterion: (rule key, criterion kind, unit) for numbers, and
#: (rule key, criterion kind) for lists joined into one target or taken one criterion each.
_NUMBERS = (
    ("min_age", "age_min", "years"),
    ("max_age", "age_max", "years"),
    ("min_prior_lines", "lines_min", ""),
)
_JOINED = (
    ("required_drug_classes", "drug_classes"),
    ("excluded_subtypes", "subtype_excludes"),
    ("required_subtypes", "subtype_requires"),
)
_EACH = (
    ("refractory_to", "refractory_to"),
    ("antigens_positive", "antigen_positive"),
    ("antigens_negative", "antigen_negative"),
)
_PCNSL = (
    "Not indicated for primary central nervous system lymphoma (US labels of the CD19 products; "
    "the China label's wording is to check)"
)
_UNVERIFIED = "This indication is not verified: check the current label before relying on it."


def _criteria(
    rules: dict[str, Any], text: str, source: str, verified: bool = True
) -> tuple[Criterion, ...]:
    def rule(kind: str, value: float | None = None, unit: str = "", target: str = "") -> Criterion:
        return Criterion(kind, True, value, unit, target, text, source)

    out = [rule("disease", target="|".join(rules["diseases"]))]
    out += [
        rule(kind, float(rules[key]), unit)
        for key, kind, unit in _NUMBERS
        if rules.get(key) is not None
    ]
    out += [rule(kind, target="|".join(rules[key])) for key, kind in _JOINED if rules.get(key)]
    out += [rule(kind, target=t) for key, kind in _EACH for t in rules.get(key, [])]
    if rules.get("relapsed_or_refractory", True):
        out.append(rule("relapsed_or_refractory"))
    if rules.get("line_window"):
        window = rules["line_window"]
        out.append(rule("line_window", float(window["months"]), "months", str(window["line"])))
    if rules.get("excludes_primary_cns_lymphoma"):
        out.append(Criterion("cns_primary", False, sentence=_PCNSL, source=source))
    out += [
        Criterion("text", True, sentence=extra, source=source)
        for extra in rules.get("other_conditions", [])
    ]
    if not verified:
        # An unverified indication never makes anyone eligible: the label is to check first.
        out.append(Criterion("text", True, sentence=_UNVERIFIED, source=source))
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

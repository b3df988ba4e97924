"""Each product's label rules, screened by the same code as trials."""

from __future__ import annotations

import datetime as dt

import pytest

from cartnav.eligibility import products
from cartnav.eligibility.profile import PatientProfile
from cartnav.eligibility.screen import screen_product

TODAY = dt.date(2026, 11, 25)
BY_SLUG = {p.slug: p for p in products.load()}

DLBCL_2L = {
    "age_years": 58,
    "disease": "DLBCL",
    "refractory": True,
    "lines": [{"regimen": "R-CHOP"}, {"regimen": "R-GemOx"}],
}
MM = {
    "age_years": 63,
    "disease": "MM",
    "refractory": True,
    "lines": [
        {"regimen": "VRd", "drug_classes": ["PI", "IMiD"]},
        {"regimen": "Dara", "drug_classes": ["anti-CD38"]},
        {"regimen": "K-d", "drug_classes": ["PI"]},
    ],
}


def _verdict(slug: str, profile: dict[str, object]) -> str:
    return screen_product(PatientProfile.from_dict(profile), BY_SLUG[slug], TODAY).verdict


@pytest.mark.parametrize("slug", ["axi-cel-cn", "relma-cel", "tisa-cel", "axi-cel-us", "liso-cel"])
def test_lbcl_after_two_lines_is_eligible_for_the_cd19_products(slug: str) -> None:
    assert _verdict(slug, DLBCL_2L) == "eligible"


def test_one_line_is_not_enough_for_third_line_labels() -> None:
    one_line = DLBCL_2L | {"lines": [{"regimen": "R-CHOP"}]}
    assert _verdict("relma-cel", one_line) == "not_eligible"
    assert (
        _verdict("axi-cel-cn", one_line) == "unknown"
    )  # second-line label: early relapse to confirm


@pytest.mark.parametrize("slug", ["eque-cel", "zevor-cel"])
def test_myeloma_after_three_lines_with_pi_and_imid(slug: str) -> None:
    assert _verdict(slug, MM) == "eligible"
    no_imid = MM | {"lines": [{"regimen": "V", "drug_classes": ["PI"]}] * 3}
    assert _verdict(slug, no_imid) == "not_eligible"
    assert _verdict(slug, MM | {"lines": None}) == "unknown"


def test_ide_cel_also_needs_an_anti_cd38_antibody() -> None:
    assert _verdict("ide-cel", MM) == "eligible"
    without = MM | {
        "lines": [
            {"regimen": "VRd", "drug_classes": ["PI", "IMiD"]},
            {"regimen": "K", "drug_classes": ["PI"]},
        ]
    }
    assert _verdict("ide-cel", without) == "not_eligible"


def test_b_all_products_and_age_limits() -> None:
    adult = {"age_years": 30, "disease": "B-ALL", "relapsed": True}
    assert _verdict("inati-cel", adult) == "eligible"
    assert _verdict("obe-cel", adult) == "eligible"
    child = adult | {"age_years": 10}
    assert _verdict("inati-cel", child) == "not_eligible"
    assert _verdict("tisa-cel", adult | {"age_years": 26}) == "not_eligible"


def test_an_unverified_indication_never_makes_anyone_eligible() -> None:
    """relma-cel's MCL indication is reported by the trade press only: a patient who meets it
    is "unknown — check the current label", never "eligible"."""
    option = screen_product(
        PatientProfile.from_dict(
            {
                "age_years": 50,
                "disease": "MCL",
                "refractory": True,
                "lines": [{"regimen": "R-CHOP"}, {"regimen": "ibrutinib"}],
            }
        ),
        BY_SLUG["relma-cel"],
        TODAY,
    )
    assert option.verdict == "unknown"
    assert option.failed == []
    assert option.warnings == ["This indication is not verified: check the current label."]
    assert any("check the current label" in u["sentence"] for u in option.undecided)


def test_a_name_with_no_known_label_is_never_an_option() -> None:
    option = screen_product(
        PatientProfile.from_dict({"age_years": 50, "disease": "DLBCL", "refractory": True}),
        BY_SLUG["hicara"],
        TODAY,
    )
    assert option.verdict == "not_eligible"


def test_every_product_named_by_the_seed_is_in_the_catalog() -> None:
    names = " ".join(p.brand_name + p.generic_name for p in BY_SLUG.values())
    for name in ("Carteyva", "Yescarta", "Hicara", "源瑞达", "赛恺泽", "Fucaso", "Carvykti"):
        assert name in names

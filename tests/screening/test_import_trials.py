"""Importing trials: idempotent, atomic per study, errors named by path."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cartnav.catalog.models import CatalogVersion, Trial, TrialSite
from cartnav.catalog.services import load_products

DATA = Path(__file__).with_name("data")


def test_a_page_imports_and_a_second_import_changes_nothing(db: None) -> None:
    out = io.StringIO()
    call_command("import_trials", str(DATA / "studies_page.json"), "--quiet", stdout=out)
    assert "2 created, 0 updated, 0 unchanged, 0 refused" in out.getvalue()
    version = CatalogVersion.objects.get().version
    out = io.StringIO()
    call_command("import_trials", str(DATA / "studies_page.json"), "--quiet", stdout=out)
    assert "0 created, 0 updated, 2 unchanged" in out.getvalue()
    assert Trial.objects.count() == 2 and TrialSite.objects.count() == 1
    assert CatalogVersion.objects.get().version == version  # nothing changed, nothing to recompute
    trial = Trial.objects.get(nct_id="NCT09000001")
    assert [c["kind"] for c in trial.criteria] == [
        "age_min",
        "disease",
        "ecog_max",
        "lines_min",
        "prior_car_t",
    ]
    assert trial.diseases == ["DLBCL"] and trial.targets == ["CD19"]


def test_a_bad_study_is_refused_by_path_and_the_good_one_imported(db: None) -> None:
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 studies were refused"):
        call_command(
            "import_trials",
            str(DATA / "studies_one_bad.json"),
            "--quiet",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert (
        "[1].protocolSection.eligibilityModule.minimumAge: 'eighteen' is not an age"
        in err.getvalue()
    )
    assert list(Trial.objects.values_list("nct_id", flat=True)) == ["NCT09000003"]


def test_a_file_that_is_not_json_changes_nothing(db: None, tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("import_trials", str(bad), "--quiet")
    assert Trial.objects.count() == 0


def test_products_load_from_versioned_data(db: None) -> None:
    assert load_products() == 16  # products.md, December 2026: satri-cel and pCAR-19B added
    assert (
        load_products() == 16
    )  # products.md, December 2026: satri-cel and pCAR-19B added  # re-loading updates in place
    from cartnav.catalog.models import Product

    assert Product.objects.count() == 16
    assert Product.objects.get(slug="eque-cel").indications[0]["rules"][
        "required_drug_classes"
    ] == ["PI", "IMiD"]


def test_an_import_killed_halfway_leaves_a_version_that_says_the_catalog_changed(
    db: None,
) -> None:
    """The process dies after the first study is saved: that study is in the catalog, and the
    catalog version has moved, so stored screening results are recomputed against it."""
    from cartnav.catalog import services

    records = services.read_path(DATA / "studies_page.json")
    before = services.current_version()

    def killed_after_the_first(_n: int) -> None:
        raise KeyboardInterrupt  # what kill does to the loop, as far as the database can tell

    with pytest.raises(KeyboardInterrupt):
        services.import_records(records, killed_after_the_first)
    assert Trial.objects.count() == 1
    assert services.current_version() > before

"""A referral list screened in the vectorised path gives the single-patient verdicts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from cartnav.catalog.services import load_products
from cartnav.eligibility.profile import ProfileError
from cartnav.screening import cohort_service, services

DATA = Path(__file__).with_name("data")


@pytest.fixture
def catalog(db: None) -> None:
    load_products()
    call_command("import_trials", str(DATA / "studies_page.json"), "--quiet", stdout=io.StringIO())


def test_a_csv_referral_list_matches_the_single_path(catalog: None, tmp_path: Path) -> None:
    referrals = tmp_path / "referrals.csv"
    referrals.write_text(
        "id,disease,age_years,ecog,prior_car_t,refractory,prior_lines\nana,DLBCL,58,1,false,true,2\nbob,MM,70,,,,4\n"
    )
    out = io.StringIO()
    cohort_service.write_csv(referrals, out)
    rows = {
        tuple(line.split(",")[:2]): line.split(",")[2] for line in out.getvalue().splitlines()[1:]
    }
    single = services.screen_profile(
        {
            "disease": "DLBCL",
            "age_years": 58,
            "ecog": 1,
            "prior_car_t": False,
            "refractory": True,
            "lines": [{"regimen": "line 1"}, {"regimen": "line 2"}],
        }
    )
    for option in single.options:
        if option.verdict != "not_eligible":
            assert rows[("ana", option.id)] == option.verdict
    assert rows[("ana", "NCT09000001")] == "eligible"
    assert ("bob", "NCT09000001") not in rows  # not eligible rows are left out


def test_a_bad_row_names_the_patient_and_field(catalog: None, tmp_path: Path) -> None:
    referrals = tmp_path / "referrals.json"
    referrals.write_text('[{"id": "x1", "disease": "DLBCL"}, {"id": "x2", "ecog": 9}]')
    with pytest.raises(ProfileError, match=r"x2\.ecog"):
        cohort_service.screen_file(referrals)

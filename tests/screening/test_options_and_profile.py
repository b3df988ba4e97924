"""A case's screening profile, its stored options, recomputation, and the API and page over them."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from cartnav.catalog.models import Product
from cartnav.catalog.services import bump_version, load_products
from cartnav.screening.models import ScreeningProfile, ScreeningResult
from tests.cast import Cast

DATA = Path(__file__).with_name("data")
PROFILE = {
    "age_years": 58,
    "sex": "female",
    "disease": "DLBCL",
    "refractory": True,
    "ecog": 1,
    "prior_car_t": False,
    "lines": [{"regimen": "R-CHOP"}, {"regimen": "R-GemOx"}],
}


@pytest.fixture
def catalog(cast: Cast) -> Cast:
    load_products()
    call_command("import_trials", str(DATA / "studies_page.json"), "--quiet", stdout=io.StringIO())
    return cast


def _verdicts(body: Any) -> dict[str, str]:
    return {o["id"]: o["verdict"] for o in body["options"]}


def test_putting_a_profile_screens_the_case_with_reasons(catalog: Cast) -> None:
    client = catalog.client("cora")
    url = f"/api/v1/cases/{catalog.ana_case.pk}"
    response = client.put(f"{url}/profile", PROFILE, content_type="application/json")
    assert response.status_code == 200, response.content
    body = client.get(f"{url}/options").json()
    verdicts = _verdicts(body)
    assert verdicts["axi-cel-cn"] == "eligible"
    assert verdicts["eque-cel"] == "not_eligible"
    assert verdicts["NCT09000001"] == "eligible"
    assert verdicts["NCT09000002"] == "not_eligible"
    trial = next(o for o in body["options"] if o["id"] == "NCT09000001")
    assert {m["kind"] for m in trial["met"]} >= {"ecog_max", "lines_min", "prior_car_t", "disease"}
    assert any(m["sentence"] == "ECOG 0-1" for m in trial["met"])


def test_unknown_facts_give_unknown_with_what_to_collect(catalog: Cast) -> None:
    client = catalog.client("cora")
    client.put(
        f"/api/v1/cases/{catalog.ana_case.pk}/profile",
        {"disease": "DLBCL", "age_years": 50},
        content_type="application/json",
    )
    trial = next(o for o in _options(catalog)["options"] if o["id"] == "NCT09000001")
    assert trial["verdict"] == "unknown"
    assert "ECOG performance status" in trial["to_collect"]
    assert "whether any CAR-T therapy was given before" in trial["to_collect"]


def _options(cast: Cast) -> Any:
    return cast.client("cora").get(f"/api/v1/cases/{cast.ana_case.pk}/options").json()


def test_a_bad_profile_names_the_field_and_stores_nothing(catalog: Cast) -> None:
    client = catalog.client("cora")
    bad = client.put(
        f"/api/v1/cases/{catalog.ana_case.pk}/profile",
        PROFILE | {"ecog": 9},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["field"] == "ecog"
    assert not ScreeningProfile.objects.exists() and not ScreeningResult.objects.exists()
    page = client.post(
        f"/cases/{catalog.ana_case.pk}/options/",
        {"disease": "DLBCL", "lab_platelets": "120", "lab_platelets_unit": "g/dL"},
    )
    assert page.status_code == 422
    assert "labs.platelets.unit" in page.content.decode()
    assert not ScreeningProfile.objects.exists()


def test_a_catalog_change_makes_the_stored_result_recompute(catalog: Cast) -> None:
    client = catalog.client("cora")
    client.put(
        f"/api/v1/cases/{catalog.ana_case.pk}/profile", PROFILE, content_type="application/json"
    )
    before = ScreeningResult.objects.get().catalog_version
    product = Product.objects.get(slug="relma-cel")
    product.indications = [
        i | {"rules": i["rules"] | {"min_prior_lines": 3}} for i in product.indications
    ]
    product.save()
    bump_version()
    verdicts = _verdicts(_options(catalog))
    assert verdicts["relma-cel"] != "eligible"
    assert ScreeningResult.objects.get().catalog_version > before


def test_the_options_tab_edits_the_profile(catalog: Cast) -> None:
    client = catalog.client("cora")
    response = client.post(
        f"/cases/{catalog.ana_case.pk}/options/",
        {
            "disease": "DLBCL",
            "age_years": "58",
            "ecog": "1",
            "refractory": "yes",
            "prior_car_t": "no",
            "lines": "R-CHOP | anti-CD20,anthracycline | 2024-01-01 | 2024-06-01 | PR\nR-GemOx",
            "lab_anc": "1800",
            "lab_anc_unit": "/uL",
        },
    )
    assert response.status_code == 302
    data = ScreeningProfile.objects.get().data
    assert data["lines"][0] == {
        "regimen": "R-CHOP",
        "drug_classes": ["anti-CD20", "anthracycline"],
        "start": "2024-01-01",
        "end": "2024-06-01",
        "best_response": "PR",
    }
    assert data["refractory"] is True and data["labs"]["anc"] == {"value": 1800, "unit": "/uL"}
    page = client.get(f"/cases/{catalog.ana_case.pk}/options/").content.decode()
    assert 'data-id="NCT09000001"' in page and "verdict-eligible" in page


def test_a_nurse_reads_options_but_may_not_edit_and_other_hospitals_see_nothing(
    catalog: Cast,
) -> None:
    assert (
        catalog.client("nils")
        .put(
            f"/api/v1/cases/{catalog.ana_case.pk}/profile", PROFILE, content_type="application/json"
        )
        .status_code
        == 403
    )
    assert (
        catalog.client("dan").get(f"/api/v1/cases/{catalog.ana_case.pk}/options").status_code == 404
    )
    assert not ScreeningProfile.objects.exists()


def test_stateless_screening_and_the_profile_schema(catalog: Cast) -> None:
    client = catalog.client("ana")
    body = client.post("/api/v1/screen", PROFILE, content_type="application/json").json()
    assert body["counts"]["eligible"] >= 1
    schema = client.get("/api/v1/profile-schema").json()
    assert "lines" in schema["properties"]


def test_trial_search_filters(catalog: Cast) -> None:
    client = catalog.client("ana")
    assert [t["nct_id"] for t in client.get("/api/v1/trials?target=CD19").json()] == ["NCT09000001"]
    assert [t["nct_id"] for t in client.get("/api/v1/trials?status=COMPLETED").json()] == [
        "NCT09000002"
    ]
    assert [t["nct_id"] for t in client.get("/api/v1/trials?age=72").json()] == ["NCT09000001"]
    assert [t["nct_id"] for t in client.get("/api/v1/trials?country=China").json()] == [
        "NCT09000001"
    ]
    assert client.get("/api/v1/trials?q=myeloma").json()[0]["nct_id"] == "NCT09000002"
    page = client.get("/trials/?disease=MM").content.decode()
    assert "NCT09000002" in page and "NCT09000001" not in page


def test_the_options_page_pages_instead_of_cutting_and_keeps_not_eligible_behind_a_count(
    catalog: Cast, settings: Any
) -> None:
    from cartnav.screening import views

    client = catalog.client("cora")
    client.put(
        f"/api/v1/cases/{catalog.ana_case.pk}/profile", PROFILE, content_type="application/json"
    )
    page_url = f"/cases/{catalog.ana_case.pk}/options/"
    result = ScreeningResult.objects.get(case=catalog.ana_case)
    actionable = [o for o in result.options if o["verdict"] != "not_eligible"]
    refused = [o for o in result.options if o["verdict"] == "not_eligible"]
    assert actionable and refused
    original = views.OPTIONS_PAGE_SIZE
    views.OPTIONS_PAGE_SIZE = 1  # one option per page: every option must still be reachable
    try:
        seen = []
        for n in range(1, len(actionable) + 1):
            html = client.get(f"{page_url}?page={n}").content.decode()
            seen += [o["id"] for o in actionable if f'data-id="{o["id"]}"' in html]
            assert "verdict-not_eligible" not in html
        assert sorted(seen) == sorted(o["id"] for o in actionable)
        first = client.get(page_url).content.decode()
        assert 'id="show-not-eligible"' in first and f"{len(refused)} option" in first
        hidden = client.get(f"{page_url}?show=not_eligible").content.decode()
        assert f'data-id="{refused[0]["id"]}"' in hidden
        assert 'class="deciding"' in hidden
    finally:
        views.OPTIONS_PAGE_SIZE = original


def test_the_profile_form_takes_the_facts_that_decide_candidacy(catalog: Cast) -> None:
    client = catalog.client("cora")
    url = f"/cases/{catalog.ana_case.pk}/options/"
    response = client.post(
        url,
        {
            "disease": "DLBCL",
            "age_years": "49",
            "lines": "R-CHOP | | 2024-10-08 | 2025-03-20 | CR\nR-MA | | 2025-10-01 | 2026-02-28 | PR"
            " | rituximab, methotrexate, cytarabine",
            "last_progression_date": "2026-10-05",
            "relapse_count": "2",
            "cns_disease": "secondary",
            "hbsag": "yes",
            "anti_hbc": "yes",
            "hbv_dna_detectable": "no",
            "hbv_antiviral": "yes",
            "refractory_to": "rituximab",
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    data = ScreeningProfile.objects.get(case=catalog.ana_case).data
    assert data["cns_disease"] == "secondary" and data["hbsag"] is True
    assert data["hbv_dna_detectable"] is False and data["relapse_count"] == 2
    assert data["lines"][1]["drugs"] == ["rituximab", "methotrexate", "cytarabine"]
    page = client.get(url).content.decode()
    assert "rituximab,methotrexate,cytarabine" in page  # the form shows what was saved
    assert '<option value="secondary" selected>' in page


def test_formalities_are_shown_apart_on_the_page_and_in_the_api(catalog: Cast) -> None:
    """Consent and the investigator's open judgement: listed under "To confirm at enrolment",
    never among the facts to check, and they do not hold an eligible verdict back (issue 11)."""
    call_command(
        "import_trials", str(DATA / "study_with_formalities.json"), "--quiet", stdout=io.StringIO()
    )
    client = catalog.client("cora")
    url = f"/api/v1/cases/{catalog.ana_case.pk}"
    client.put(f"{url}/profile", PROFILE, content_type="application/json")
    body = client.get(f"{url}/options").json()
    option = next(o for o in body["options"] if o["id"] == "NCT09000003")
    assert option["verdict"] == "eligible"
    assert [r["sentence"] for r in option["at_enrolment"]] == [
        "Signed informed consent",
        "Other unsuitable situations for enrollment judged by investigators",
    ]
    assert not any(r["kind"] == "enrolment" for r in option["undecided"] + option["met"])
    html = client.get(f"/cases/{catalog.ana_case.pk}/options/").content.decode()
    assert "To confirm at enrolment" in html and 'class="at-enrolment"' in html
    assert "<q>Signed informed consent</q>" in html

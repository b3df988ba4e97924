"""FHIR R4 / mCODE bundles: validated, previewed, imported atomically, exported, round-tripped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cartnav.records import fhir
from cartnav.records.imports import person_of
from cartnav.records.models import PendingImport
from cartnav.screening.models import ScreeningProfile
from tests.cast import Cast

BUNDLES = Path(__file__).with_name("fhir_bundles")  # copies of ../shared/data/fhir (Apache-2.0)
CORPUS = Path(__file__).with_name("corpus")
MITRE = sorted(BUNDLES.glob("TrialMatching_Patient0*.json"))
SYNTHEA = sorted(p for p in BUNDLES.glob("*.json") if p not in MITRE)


@pytest.mark.parametrize("path", SYNTHEA + MITRE, ids=lambda p: p.name[:24])
def test_each_shared_bundle_imports_and_round_trips(path: Path) -> None:
    assert len(SYNTHEA) == 6 and len(MITRE) == 2
    first = fhir.preview(path.read_bytes(), repair_ids=True)
    assert first.added["patient"] == 1
    assert first.profile["sex"] in ("female", "male")
    again = fhir.preview(fhir.export_bundle(first.profile))
    assert again.profile == first.profile
    assert again.unmapped == []  # everything cartnav exports it can read back


def test_the_mitre_bundle_id_breaks_the_rule_and_the_repair_says_so() -> None:
    with pytest.raises(fhir.BundleError) as caught:
        fhir.preview(MITRE[0].read_bytes())
    assert caught.value.issues[0]["path"] == "Bundle.id"
    assert "[A-Za-z0-9-.]{1,64}" in caught.value.issues[0]["message"]
    repaired = fhir.preview(MITRE[0].read_bytes(), repair_ids=True)
    assert repaired.warnings[0]["path"] == "Bundle.id"
    assert repaired.profile["ecog"] == 1 and repaired.profile["disease"] == "BREAST"


def test_synthea_values_and_what_is_not_mapped() -> None:
    p = fhir.preview(SYNTHEA[0].read_bytes())
    assert p.profile["disease"] == "AML"
    reasons = {u["reason"] for u in p.unmapped}
    assert "Encounter: not used for screening" in reasons


@pytest.mark.parametrize(
    ("name", "path", "words"),
    [
        ("malformed.json", "$", "not JSON"),
        ("not_a_bundle.json", "$", "not a FHIR Bundle"),
        ("wrong_type.json", "Bundle.type", "transaction, collection or batch"),
        ("invalid_field.json", "Bundle.entry[0].resource.valueQuantity.value", ""),
    ],
)
def test_bad_bundles_are_refused_with_every_error_by_path(name: str, path: str, words: str) -> None:
    with pytest.raises(fhir.BundleError) as caught:
        fhir.preview((CORPUS / name).read_bytes())
    assert any(i["path"].startswith(path) and words in i["message"] for i in caught.value.issues), (
        caught.value.issues
    )
    outcome = caught.value.operation_outcome()
    assert (
        outcome["resourceType"] == "OperationOutcome" and outcome["issue"][0]["severity"] == "error"
    )


def test_a_lab_in_a_unit_that_does_not_fit_and_an_unknown_code_are_listed_not_guessed() -> None:
    lab = fhir.preview((CORPUS / "lab_wrong_unit.json").read_bytes())
    assert "labs" not in lab.profile
    assert "unit 'kg', which does not fit" in lab.unmapped[0]["reason"]
    code = fhir.preview((CORPUS / "unknown_code.json").read_bytes())
    assert "disease" not in code.profile
    assert code.unmapped[0]["reason"].startswith("diagnosis code not recognised")


def test_preview_stores_nothing_and_import_is_atomic_over_the_api(cast: Cast) -> None:
    client = cast.client("ana")
    bundle = fhir.export_bundle(
        {
            "sex": "female",
            "date_of_birth": "1970-01-01",
            "disease": "DLBCL",
            "ecog": 1,
            "labs": {"platelets": {"value": 120, "unit": "10*9/L", "date": "2026-11-01"}},
        }
    )
    url = f"/api/v1/cases/{cast.ana_case.pk}/fhir"
    preview = client.post(f"{url}/preview", bundle, content_type="application/json")
    assert preview.status_code == 200 and preview.json()["added"]["labs"] == 1
    assert not ScreeningProfile.objects.exists()
    bad = client.post(
        f"{url}/import",
        json.loads((CORPUS / "invalid_field.json").read_text()),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["operation_outcome"]["resourceType"] == "OperationOutcome"
    assert not ScreeningProfile.objects.exists()
    assert client.post(f"{url}/import", bundle, content_type="application/json").status_code == 200
    assert ScreeningProfile.objects.get().data["disease"] == "DLBCL"
    exported = client.get(url).json()
    assert fhir.preview(exported).profile == fhir.preview(bundle).profile


def test_the_page_previews_then_imports(cast: Cast) -> None:
    client = cast.client("ana")
    bundle = json.dumps(
        fhir.export_bundle(
            {"sex": "female", "disease": "MM", "ecog": 0}, person=person_of(cast.ana_case)
        )
    ).encode()
    page = client.post(
        f"/cases/{cast.ana_case.pk}/fhir/preview/",
        {"bundle": SimpleUploadedFile("b.json", bundle), "next": "/me/"},
    )
    assert page.status_code == 200 and 'id="fhir-confirm"' in page.content.decode()
    assert not ScreeningProfile.objects.exists()
    pending = PendingImport.objects.get()
    assert pending.storage_name.startswith("pending-imports/")
    assert not any(k.startswith("fhir") for k, _v in client.session.items())  # not in the session
    done = client.post(
        f"/cases/{cast.ana_case.pk}/fhir/import/", {"next": "/me/", "pending": pending.pk}
    )
    assert done.status_code == 302 and ScreeningProfile.objects.get().data["disease"] == "MM"
    refused = client.post(
        f"/cases/{cast.ana_case.pk}/fhir/preview/",
        {"bundle": SimpleUploadedFile("x.json", b"{oops")},
    )
    assert refused.status_code == 422 and "not JSON" in refused.content.decode()

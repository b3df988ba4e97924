"""A bundle about another person is never imported silently; a bundle never overwrites the
case's facts silently; every profile change is a version that can be undone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cartnav.audit.models import AuditRecord
from cartnav.records import fhir, identity, merge
from cartnav.records.imports import person_of
from cartnav.records.models import PendingImport
from cartnav.screening import services as screening
from cartnav.screening.models import ProfileVersion, ScreeningProfile
from tests.cast import Cast

EXAMPLE = Path(__file__).resolve().parents[2] / "cartnav/records/examples/demo_dlbcl_bundle.json"


def _person(**kw: object) -> identity.CasePerson:
    base: dict[str, object] = {
        "family_name": "Alvarez",
        "given_name": "Ana",
        "date_of_birth": dt.date(1970, 1, 1),
        "sex": "female",
        "passport_number": "PASS-ANA",
    }
    return identity.CasePerson(**{**base, **kw})  # type: ignore[arg-type]


def _names(*names: tuple[str, str], **kw: object) -> identity.Identity:
    return identity.Identity(names=names, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bundle", "facts"),
    [
        (_names(("Alvarez", "Ana"), birth_date="1970-01-01", sex="female"), []),
        (_names(("ÁLVAREZ", "Ana María"), birth_date="1970-01-01"), []),  # accents, middle name
        (_names(("Smith", "Jo"), ("Alvarez", "Ana")), []),  # any one name agrees
        (_names(("Alvarez", "Ben")), ["name"]),
        (_names(("Alvarez", "Ana"), birth_date="1971-01-01"), ["birth_date"]),
        (_names(("Alvarez", "Ana"), sex="male"), ["sex"]),
        (_names(("Alvarez", "Ana"), sex="unknown"), []),
        (_names(("Alvarez", "Ana"), identifiers=(("PPN", "pass ana"),)), []),
        (_names(("Alvarez", "Ana"), identifiers=(("PPN", "X123"),)), ["passport"]),
        (_names(("Alvarez", "Ana"), identifiers=(("MR", "X123"),)), []),  # not a passport
        (identity.Identity(), ["patient"]),  # neither name nor birth date
        (None, ["patient"]),  # no Patient at all
        (
            _names(("Nguyen Van", "Bo"), birth_date="1990-04-02", sex="male"),
            ["name", "birth_date", "sex"],
        ),
    ],
)
def test_the_bundles_patient_is_compared_fact_by_fact(
    bundle: identity.Identity | None, facts: list[str]
) -> None:
    assert [d.fact for d in identity.compare(_person(), bundle)] == facts


def test_a_name_in_own_script_agrees() -> None:
    person = _person(family_name="Wang", given_name="Xiaoming", native_name="王小明")
    assert identity.compare(person, _names(("王", "小明"))) == []
    assert identity.compare(person, _names(("王小明", ""))) == []


def test_the_readme_example_bundle_is_refused_for_another_patient(cast: Cast) -> None:
    """The README's example is about An Nguyen Van; in Ana's case it must not replace her birth
    date, sex, lines and labs without a word."""
    screening.save_profile(None, cast.ana_case, {"sex": "female", "date_of_birth": "1970-01-01"})
    raw = json.loads(EXAMPLE.read_text())
    client = cast.client("cora")
    url = f"/api/v1/cases/{cast.ana_case.pk}/fhir"
    refused = client.post(f"{url}/import", raw, content_type="application/json")
    assert refused.status_code == 422
    body = refused.json()
    assert body["field"] == "patient"
    assert {d["fact"] for d in body["differences"]} == {"name", "birth_date", "sex"}
    assert ScreeningProfile.objects.get(case=cast.ana_case).data == {
        "sex": "female",
        "date_of_birth": "1970-01-01",
    }
    # A patient cannot confirm, even when asked to.
    own = cast.client("ana").post(
        f"{url}/import?confirm_identity=true", raw, content_type="application/json"
    )
    assert own.status_code == 422
    assert ProfileVersion.objects.filter(case=cast.ana_case).count() == 1


def test_a_coordinator_confirms_after_seeing_the_differences_and_conflicts_keep_the_case(
    cast: Cast,
) -> None:
    screening.save_profile(None, cast.ana_case, {"sex": "female", "date_of_birth": "1970-01-01"})
    raw = json.loads(EXAMPLE.read_text())
    client = cast.client("cora")
    url = f"/api/v1/cases/{cast.ana_case.pk}/fhir"
    preview = client.post(f"{url}/preview", raw, content_type="application/json").json()
    assert {c["fact"] for c in preview["merge"]["conflicts"]} == {"sex", "date_of_birth"}
    done = client.post(
        f"{url}/import?confirm_identity=true&expected_digest={preview['profile_digest']}",
        raw,
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    data = ScreeningProfile.objects.get(case=cast.ana_case).data
    assert data["sex"] == "female" and data["date_of_birth"] == "1970-01-01"  # kept
    assert data["disease"] == "DLBCL"  # a new fact is added
    record = AuditRecord.objects.filter(action="import_fhir").latest("seq")
    assert record.detail["identity_confirmed"] == ["name", "birth_date", "sex"]
    assert record.detail["kept"] == ["date_of_birth", "sex"]


def test_a_stale_preview_is_refused(cast: Cast) -> None:
    raw = fhir.export_bundle({"disease": "MM"}, person=person_of(cast.ana_case))
    client = cast.client("cora")
    url = f"/api/v1/cases/{cast.ana_case.pk}/fhir"
    digest = client.post(f"{url}/preview", raw, content_type="application/json").json()[
        "profile_digest"
    ]
    screening.save_profile(None, cast.ana_case, {"ecog": 1})
    stale = client.post(
        f"{url}/import?expected_digest={digest}", raw, content_type="application/json"
    )
    assert stale.status_code == 422 and "changed since the preview" in stale.json()["detail"]
    assert ScreeningProfile.objects.get(case=cast.ana_case).data == {"ecog": 1}


def test_the_page_shows_the_differences_and_asks_the_coordinator_to_confirm(cast: Cast) -> None:
    client = cast.client("cora")
    page = client.post(
        f"/cases/{cast.ana_case.pk}/fhir/preview/",
        {"bundle": SimpleUploadedFile("b.json", EXAMPLE.read_bytes())},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="fhir-identity"' in html and 'id="fhir-confirm-identity"' in html
    assert "1990-04-02" in html and "1970-01-01" in html
    pending = PendingImport.objects.get()
    unconfirmed = client.post(
        f"/cases/{cast.ana_case.pk}/fhir/import/", {"pending": pending.pk}, follow=True
    )
    assert "may be about another person" in unconfirmed.content.decode()
    assert not ScreeningProfile.objects.exists()


def test_the_patient_sees_no_import_button_for_another_persons_bundle(cast: Cast) -> None:
    page = cast.client("ana").post(
        f"/cases/{cast.ana_case.pk}/fhir/preview/",
        {"bundle": SimpleUploadedFile("b.json", EXAMPLE.read_bytes())},
    )
    html = page.content.decode()
    assert 'id="fhir-identity"' in html and 'id="fhir-confirm"' not in html


def test_someone_elses_pending_import_cannot_be_used(cast: Cast) -> None:
    raw = json.dumps(fhir.export_bundle({"disease": "MM"}, person=person_of(cast.ana_case)))
    cast.client("ana").post(
        f"/cases/{cast.ana_case.pk}/fhir/preview/",
        {"bundle": SimpleUploadedFile("b.json", raw.encode())},
    )
    pending = PendingImport.objects.get()
    for value in (str(pending.pk), "not-a-uuid", ""):
        response = cast.client("cora").post(
            f"/cases/{cast.ana_case.pk}/fhir/import/", {"pending": value}, follow=True
        )
        assert "its preview has expired" in response.content.decode()
    assert not ScreeningProfile.objects.exists()


def test_an_oversize_bundle_file_is_refused_before_it_is_read(cast: Cast, settings: object) -> None:
    big = b" " * (fhir.MAX_BUNDLE_BYTES + 1)
    page = cast.client("cora").post(
        f"/cases/{cast.ana_case.pk}/fhir/preview/", {"bundle": SimpleUploadedFile("b.json", big)}
    )
    assert page.status_code == 422 and "larger than 10 MB" in page.content.decode()
    assert not PendingImport.objects.exists()


# --- merging, fact by fact --------------------------------------------------------------------


def test_merge_adds_new_facts_keeps_conflicts_and_appends_histories() -> None:
    ours = {
        "sex": "female",
        "ecog": 1,
        "labs": {"anc": {"value": 1.0, "unit": "10*9/L"}},
        "lines": [{"regimen": "R-CHOP", "start": "2024-01-01"}],
    }
    theirs = {
        "sex": "male",
        "disease": "DLBCL",
        "ecog": 1,
        "labs": {
            "anc": {"value": 2.0, "unit": "10*9/L"},
            "platelets": {"value": 90, "unit": "10*9/L"},
        },
        "lines": [
            {"regimen": "r-chop", "start": "2024-01-01"},
            {"regimen": "Pola-BR", "start": "2025-01-01"},
        ],
    }
    steps = merge.plan(ours, theirs)
    assert sorted(steps.added) == ["disease", "labs.platelets"]
    assert steps.same == ["ecog"]
    assert {c.fact for c in steps.conflicts} == {"sex", "labs.anc"}
    assert steps.appended == {"lines": 1}
    kept = merge.apply(ours, theirs)
    assert kept["sex"] == "female" and kept["labs"]["anc"]["value"] == 1.0
    assert kept["labs"]["platelets"]["value"] == 90 and kept["disease"] == "DLBCL"
    assert [x["regimen"] for x in kept["lines"]] == ["R-CHOP", "Pola-BR"]
    taken = merge.apply(ours, theirs, {"labs.anc"})
    assert taken["labs"]["anc"]["value"] == 2.0 and taken["sex"] == "female"


def test_a_birth_date_where_the_case_has_an_age_is_a_conflict() -> None:
    steps = merge.plan({"age_years": 57}, {"date_of_birth": "1968-03-14"})
    assert [c.fact for c in steps.conflicts] == ["age_years"]
    assert merge.apply({"age_years": 57}, {"date_of_birth": "1968-03-14"}) == {
        "age_years": 57,
        "date_of_birth": "1968-03-14",
    }
    assert merge.apply({"age_years": 57}, {"date_of_birth": "1968-03-14"}, {"age_years"}) == {
        "date_of_birth": "1968-03-14"
    }


# --- versions ---------------------------------------------------------------------------------


def test_every_change_is_a_version_with_who_and_from_where_and_can_be_undone(cast: Cast) -> None:
    case = cast.ana_case
    screening.save_profile(None, case, {"ecog": 1}, by=cast.users["ana"])
    screening.save_profile(None, case, {"ecog": 2, "sex": "female"}, by=cast.users["cora"])
    raw = fhir.export_bundle({"disease": "DLBCL"}, person=person_of(case))
    from cartnav.records.imports import import_bundle

    import_bundle(None, case, raw, by=cast.users["cora"])
    versions = screening.versions(case)
    assert [(v.number, v.source, v.by.username) for v in versions] == [
        (3, "import", "cora"),
        (2, "staff", "cora"),
        (1, "patient", "ana"),
    ]
    assert versions[0].changed == ["date_of_birth", "disease"]  # the Patient carries the birth date
    assert versions[1].changed == ["ecog", "sex"]
    restored = screening.restore_version(None, case, 1, by=cast.users["cora"])
    assert restored.number == 4 and restored.source == "restore"
    assert ScreeningProfile.objects.get(case=case).data == {"ecog": 1}
    with pytest.raises(screening.ServiceError):
        screening.restore_version(None, case, 99, by=cast.users["cora"])


def test_versions_are_listed_and_restored_on_the_page_and_over_the_api(cast: Cast) -> None:
    case = cast.ana_case
    screening.save_profile(None, case, {"ecog": 1}, by=cast.users["ana"])
    screening.save_profile(None, case, {"ecog": 3}, by=cast.users["cora"])
    client = cast.client("cora")
    page = client.get(f"/cases/{case.pk}/options/").content.decode()
    assert 'id="version-1"' in page and 'id="version-2"' in page
    client.post(f"/cases/{case.pk}/options/versions/1/restore/")
    assert ScreeningProfile.objects.get(case=case).data == {"ecog": 1}
    listed = client.get(f"/api/v1/cases/{case.pk}/profile/versions").json()
    assert [(v["number"], v["source"]) for v in listed] == [
        (3, "restore"),
        (2, "staff"),
        (1, "patient"),
    ]
    again = client.post(f"/api/v1/cases/{case.pk}/profile/versions/2/restore")
    assert again.status_code == 200 and again.json()["number"] == 4
    nurse = cast.client("nils").post(f"/api/v1/cases/{case.pk}/profile/versions/1/restore")
    assert nurse.status_code == 403
    assert ScreeningProfile.objects.get(case=case).data == {"ecog": 3}


def _medications(n: int) -> dict[str, object]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "MedicationStatement",
                    "status": "completed",
                    "subject": {"reference": "Patient/x"},
                    "medicationCodeableConcept": {"coding": [{"display": f"drug {i}"}]},
                    "effectivePeriod": {"start": f"{2000 + i % 25}-01-{1 + i % 28:02d}"},
                }
            }
            for i in range(n)
        ],
    }


def test_a_bundle_adds_at_most_what_a_profile_holds_and_says_what_it_left_out() -> None:
    preview = fhir.preview(_medications(4000))
    assert len(preview.profile["lines"]) == 50
    assert any(
        "3950 older lines of therapy were left out" in w["message"] for w in preview.warnings
    )
    with pytest.raises(fhir.BundleError) as caught:
        fhir.preview(_medications(10_000))
    assert "at most 5000" in caught.value.issues[0]["message"]


def test_an_import_that_would_overfill_the_profile_is_refused_in_words(cast: Cast) -> None:
    screening.save_profile(
        None, cast.ana_case, {"lines": [{"regimen": f"old {i}"} for i in range(40)]}
    )
    bundle = _medications(30)
    bundle["entry"].insert(
        0,
        {
            "resource": {
                "resourceType": "Patient",
                "name": [{"family": "Alvarez", "given": ["Ana"]}],
            }
        },
    )
    page = cast.client("cora").post(
        f"/cases/{cast.ana_case.pk}/fhir/preview/",
        {"bundle": SimpleUploadedFile("b.json", json.dumps(bundle).encode())},
    )
    assert page.status_code == 200
    done = cast.client("cora").post(
        f"/cases/{cast.ana_case.pk}/fhir/import/",
        {"pending": PendingImport.objects.get().pk},
        follow=True,
    )
    assert "Nothing was imported" in done.content.decode()
    assert len(ScreeningProfile.objects.get(case=cast.ana_case).data["lines"]) == 40

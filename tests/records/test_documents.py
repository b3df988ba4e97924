"""Uploading documents: content checked against its claimed type, size limit, duplicates,
stored by hash, served only to people allowed to see the case — and bad input stores nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cartnav.records.models import Document
from tests.cast import Cast

CORPUS = Path(__file__).with_name("corpus")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DICOM = b"\x00" * 128 + b"DICM" + b"\x00" * 16


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def _upload(client: Any, cast: Cast, name: str, data: bytes, kind: str = "pathology") -> Any:
    return client.post(
        f"/cases/{cast.ana_case.pk}/documents/",
        {"file": SimpleUploadedFile(name, data), "kind": kind, "next": "/me/"},
    )


def _stored(tmp: Path) -> list[Path]:
    return [p for p in tmp.rglob("*") if p.is_file()]


def test_a_patient_uploads_a_pdf_and_staff_view_it_inline(cast: Cast, tmp_path: Path) -> None:
    response = _upload(cast.client("ana"), cast, "../../etc/Biopsy report.pdf", PDF)
    assert response.status_code == 302
    doc = Document.objects.get()
    assert (doc.display_name, doc.content_type, doc.size) == (
        "Biopsy report.pdf",
        "application/pdf",
        len(PDF),
    )
    assert doc.storage_name == f"documents/{doc.sha256[:2]}/{doc.sha256[2:4]}/{doc.sha256}"
    served = cast.client("cora").get(f"/cases/{cast.ana_case.pk}/documents/{doc.pk}/")
    assert served.status_code == 200 and served.content == PDF
    assert served["Content-Disposition"].startswith("inline;")
    assert (
        served["X-Content-Type-Options"] == "nosniff"
        and "sandbox" in served["Content-Security-Policy"]
    )


def test_dicom_is_stored_and_served_as_an_attachment(cast: Cast) -> None:
    _upload(cast.client("cora"), cast, "ct.dcm", DICOM, "imaging")
    doc = Document.objects.get()
    served = cast.client("rita").get(f"/cases/{cast.ana_case.pk}/documents/{doc.pk}/")
    assert served["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "executable_named.pdf",
            (CORPUS / "executable_named.pdf").read_bytes(),
            "is not what its name says",
        ),
        ("png_named.pdf", (CORPUS / "png_named.pdf").read_bytes(), "named like another type"),
        ("notes.txt", (CORPUS / "notes.txt").read_bytes(), "only those can be uploaded"),
        ("empty.pdf", (CORPUS / "empty.pdf").read_bytes(), "The file is empty."),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    cast: Cast, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    client = cast.client("ana")
    api = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/documents",
        {"kind": "lab", "file": SimpleUploadedFile(name, data)},
    )
    assert api.status_code == 422
    assert message in api.json()["detail"]
    page = client.post(
        f"/cases/{cast.ana_case.pk}/documents/",
        {"file": SimpleUploadedFile(name, data), "kind": "lab", "next": "/me/"},
        follow=True,
    )
    assert message in page.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert not Document.objects.exists()
    assert _stored(tmp_path) == []


def test_an_oversize_file_is_refused(cast: Cast, settings: Any, tmp_path: Path) -> None:
    settings.CARTNAV_MAX_UPLOAD_MB = 1
    response = cast.client("ana").post(
        f"/api/v1/cases/{cast.ana_case.pk}/documents",
        {"kind": "lab", "file": SimpleUploadedFile("big.pdf", PDF + b"0" * 1024 * 1024)},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "The file is larger than 1 MB."
    assert not Document.objects.exists() and _stored(tmp_path) == []


def test_a_duplicate_upload_is_refused(cast: Cast) -> None:
    client = cast.client("ana")
    first = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/documents",
        {"kind": "lab", "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert first.status_code == 201
    again = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/documents",
        {"kind": "lab", "file": SimpleUploadedFile("b.pdf", PDF)},
    )
    assert again.status_code == 422 and "already been uploaded" in again.json()["detail"]
    assert Document.objects.count() == 1


def test_other_patients_and_hospitals_get_404_and_nurses_may_not_upload(cast: Cast) -> None:
    _upload(cast.client("ana"), cast, "a.pdf", PDF)
    doc = Document.objects.get()
    for who in ("ben", "dan", "ali"):
        assert cast.client(who).get(
            f"/cases/{cast.ana_case.pk}/documents/{doc.pk}/"
        ).status_code in (403, 404)
    nurse = cast.client("nils").post(
        f"/api/v1/cases/{cast.ana_case.pk}/documents",
        {"kind": "lab", "file": SimpleUploadedFile("n.png", PNG)},
    )
    assert nurse.status_code == 403
    assert Document.objects.count() == 1


def test_the_portal_upload_form_posts_with_the_pages_own_csrf_token(cast: Cast) -> None:
    """The records panel's forms carry the page's one CSRF token, and it passes Django's check."""
    client = cast.client("ana")
    client.handler.enforce_csrf_checks = True
    page = client.get("/me/").content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1
    assert 'enctype="multipart/form-data"' in page
    response = client.post(
        f"/cases/{cast.ana_case.pk}/documents/",
        {
            "file": SimpleUploadedFile("biopsy.pdf", PDF),
            "kind": "pathology",
            "next": "/me/",
            "csrfmiddlewaretoken": tokens.pop(),
        },
    )
    assert response.status_code == 302
    assert Document.objects.filter(case=cast.ana_case).count() == 1

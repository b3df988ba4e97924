"""The penetration test's smaller findings, each fixed and kept fixed."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from cartnav.core import spreadsheet
from cartnav.records.files import detect, sanitise
from cartnav.records.models import Document
from tests.cast import Cast

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_registry_csv_writes_no_live_formula(cast: Cast) -> None:
    cast.ana_case.diagnosis = '=HYPERLINK("https://evil.example","x")'
    cast.ana_case.save()
    cast.ben_case.diagnosis = "-2+3"
    cast.ben_case.save()
    body = cast.client("ali").get("/registry/export.csv").content.decode()
    cells = [c for row in csv.reader(io.StringIO(body)) for c in row]
    assert '\'=HYPERLINK("https://evil.example","x")' in cells
    assert "'-2+3" in cells
    assert not any(c.startswith(spreadsheet.FORMULA_STARTS) for c in cells)


def test_only_cells_that_start_like_a_formula_are_changed() -> None:
    for value in ("=1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert spreadsheet.cell(value) == "'" + value
    for value in ("DLBCL", "1-2", "a=b", 5, None, ""):
        assert spreadsheet.cell(value) == value


def test_pages_with_health_data_are_never_stored_by_the_browser(cast: Cast) -> None:
    for who, url in (
        ("ana", "/me/"),
        ("cora", f"/cases/{cast.ana_case.pk}/"),
        ("cora", "/api/v1/cases"),
    ):
        response = cast.client(who).get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_valid_pdf_with_a_300_character_name_is_accepted(cast: Cast) -> None:
    name = "x" * 296 + ".pdf"
    assert sanitise(name).endswith(".pdf") and len(sanitise(name)) == 120
    assert detect(sanitise(name), PDF) == "application/pdf"
    response = cast.client("ana").post(
        f"/cases/{cast.ana_case.pk}/documents/",
        {"file": SimpleUploadedFile(name, PDF), "kind": "pathology", "next": "/me/"},
        follow=True,
    )
    assert "The document is uploaded." in response.content.decode()
    assert Document.objects.get().display_name.endswith(".pdf")


def test_stored_documents_are_not_world_readable(cast: Cast, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    cast.client("ana").post(
        f"/cases/{cast.ana_case.pk}/documents/",
        {"file": SimpleUploadedFile("a.pdf", PDF), "kind": "pathology"},
    )
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert stored
    for path in stored:
        assert stat.S_IMODE(path.stat().st_mode) & 0o007 == 0, oct(path.stat().st_mode)


def test_the_database_file_is_only_the_servers(tmp_path: Path, django_db_blocker: Any) -> None:
    """A new database file (not the test suite's in-memory one), under the usual umask 022."""
    from cartnav.core.sqlite.base import DatabaseWrapper

    db = DatabaseWrapper(
        {
            "NAME": str(tmp_path / "db.sqlite3"),
            "OPTIONS": {"timeout": 5, "init_command": "PRAGMA journal_mode=WAL;"},
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
        }
    )
    old = os.umask(0o022)
    try:
        with django_db_blocker.unblock():
            db.connect()
            with db.cursor() as cursor:
                cursor.execute("CREATE TABLE t (x int)")
                cursor.execute("INSERT INTO t VALUES (1)")
            files = [p for p in tmp_path.iterdir() if not p.name.endswith("writer-lock")]
            modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files}
            db.close()
    finally:
        os.umask(old)
    assert "db.sqlite3-wal" in modes
    assert set(modes.values()) == {"0o600"}, modes


def test_the_api_docs_use_no_outside_script(cast: Cast) -> None:
    page = cast.client("cora").get("/api/v1/docs").content.decode()
    assert "cdn" not in page.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "<script>" not in page  # the content security policy forbids inline script


def test_the_dashboard_rows_are_escaped_and_show_the_chinese_hospital_name(cast: Cast) -> None:
    """The rows are written by ``format_html`` now, not the template: still escaped, still in
    the reader's language."""
    cast.ana_case.diagnosis = "<script>alert(1)</script>"
    cast.ana_case.save()
    cast.hospital_a.name_zh = "阿尔法医院"
    cast.hospital_a.save()
    cora = cast.users["cora"]
    english = cast.client("cora").get("/cases/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in english and "<script>alert" not in english
    assert "Alpha Hospital" in english
    cora.language = "zh-hans"
    cora.save()
    chinese = cast.client("cora").get("/cases/").content.decode()
    assert "阿尔法医院" in chinese

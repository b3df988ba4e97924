"""English and Simplified Chinese are complete; a person's choice is remembered; times are shown
in the hospital's zone and the patient's own."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from django.template import Context, Template
from django.test import Client
from django.utils import translation

from tests.cast import Cast

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "cartnav" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_the_chinese_catalogue_is_complete_and_compiled() -> None:
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats
    assert PO.with_suffix(".mo").stat().st_mtime >= PO.stat().st_mtime - 1


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    """Re-extract the strings: none may be missing from the committed catalogue."""
    subprocess.run(
        [
            "xgettext",
            "--from-code=UTF-8",
            "-L",
            "Python",
            "--keyword=_",
            "--keyword=gettext_lazy",
            "--keyword=gettext",
            "-o",
            str(tmp_path / "py.pot"),
            *[
                str(p)
                for p in (ROOT / "cartnav").rglob("*.py")
                if "migrations" not in p.parts
                and "clinical" not in p.parts
                and "eligibility" not in p.parts
            ],
        ],
        check=True,
    )
    wanted = set(re.findall(r'^msgid "(.+)"$', (tmp_path / "py.pot").read_text(), re.M))
    have = set(re.findall(r'^msgid "(.+)"$', PO.read_text(), re.M))
    assert wanted - have == set()


def test_a_signed_in_persons_language_follows_them(cast: Cast) -> None:
    client = cast.client("ana")
    client.post("/accounts/language/", {"language": "zh-hans", "next": "/me/"})
    cast.users["ana"].refresh_from_db()
    assert cast.users["ana"].language == "zh-hans"
    other_device = cast.client("ana")
    page = other_device.get("/me/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "我的" in page


def test_a_foreign_redirect_target_is_ignored(cast: Cast) -> None:
    response = Client().post(
        "/accounts/language/", {"language": "en", "next": "https://evil.example"}
    )
    assert response["Location"] == "/"


def test_times_show_the_hospitals_zone_and_the_patients_own() -> None:
    moment = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)
    template = Template("{% load cartnav %}{% dual_time moment zone %}")
    with translation.override("en"):
        html = template.render(Context({"moment": moment, "zone": "Europe/Madrid"}))
    assert "Nov. 25, 2026, 10 a.m. (Asia/Shanghai)" in html
    assert "Nov. 25, 2026, 3 a.m. (Europe/Madrid)" in html
    with translation.override("zh-hans"):
        html = template.render(Context({"moment": moment, "zone": "Europe/Madrid"}))
    assert "2026年11月25日 10:00 (Asia/Shanghai)" in html
    assert "2026年11月25日 03:00 (Europe/Madrid)" in html
    same_zone = template.render(Context({"moment": moment, "zone": "Asia/Shanghai"}))
    assert same_zone.count("Asia/Shanghai") == 1


def test_the_dashboard_names_hospitals_in_the_readers_language(cast: Cast) -> None:
    cast.hospital_a.name_zh = "阿尔法医院"
    cast.hospital_a.save()
    client = cast.client("cora")
    assert "<td>Alpha Hospital</td>" in client.get("/cases/").content.decode()
    client.post("/accounts/language/", {"language": "zh-hans", "next": "/cases/"})
    page = client.get("/cases/").content.decode()
    assert "<td>阿尔法医院</td>" in page and "<td>Alpha Hospital</td>" not in page

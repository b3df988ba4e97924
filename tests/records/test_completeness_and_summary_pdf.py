"""What is missing for review, and for whom; the reviewer's summary PDF in both languages."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from fontTools.ttLib import TTFont

import cartnav
from cartnav.core import demo
from cartnav.records import completeness
from cartnav.records.pdf import CJK_FALLBACK
from cartnav.screening.services import save_profile
from tests.cast import Cast


class Doc:
    def __init__(self, kind: str, days_ago: int) -> None:
        self.kind = kind
        self.uploaded_at = timezone.now() - dt.timedelta(days=days_ago)


TODAY = timezone.localdate()


def _labs(days_ago: int) -> dict[str, Any]:
    date = str(TODAY - dt.timedelta(days=days_ago))
    return {
        k: {"value": v, "unit": u, "date": date}
        for k, v, u in (
            ("anc", 2, "10*9/L"),
            ("platelets", 150, "10*9/L"),
            ("hemoglobin", 11, "g/dL"),
            ("creatinine", 1, "mg/dL"),
            ("bilirubin", 0.8, "mg/dL"),
        )
    }


def test_a_complete_packet_and_each_missing_item_with_who_supplies_it() -> None:
    profile = {
        "disease": "DLBCL",
        "ecog": 1,
        "labs": _labs(30),
        "lines": [
            {"regimen": "R-CHOP", "start": "2024-01-01", "end": "2024-06-01", "best_response": "PR"}
        ],
    }
    docs = [Doc("pathology", 100), Doc("imaging", 42), Doc("discharge", 10)]
    assert all(i.ok for i in completeness.check(profile, docs, TODAY))
    stale = completeness.check(profile | {"labs": _labs(31)}, [Doc("imaging", 43)], TODAY)
    missing = {i.key: i.who for i in stale if not i.ok}
    assert missing == {
        "pathology": "patient",
        "cbc": "patient",
        "chemistry": "patient",
        "imaging": "patient",
        "medications": "patient",
    }
    no_dates = completeness.check(
        profile | {"lines": [{"regimen": "R-CHOP"}], "ecog": None}, docs, TODAY
    )
    assert {i.key for i in no_dates if not i.ok} == {"treatment", "performance"}


def _pdf_text(data: bytes) -> bytes:
    chunks = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
    out = b""
    for chunk in chunks:
        try:
            out += zlib.decompress(chunk)
        except zlib.error:
            continue
    return out


def test_the_summary_pdf_embeds_a_cjk_font_in_chinese(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    """Whether or not the machine has Noto Sans CJK installed: every character gets a glyph."""
    cast.ana.native_name = "阿娜"
    cast.ana.save()
    save_profile(None, cast.ana_case, {"disease": "DLBCL", "ecog": 1})
    client = cast.client("rita")
    zh = client.get(f"/cases/{cast.ana_case.pk}/summary.pdf?lang=zh-hans")
    assert zh.status_code == 200 and zh["Content-Type"] == "application/pdf"
    assert zh.content.startswith(b"%PDF-")
    objects = _pdf_text(zh.content)
    fonts = set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-_]+)", objects))
    cjk = (b"+Noto-Sans-CJK-SC", b"+cartnav-CJK-fallback")  # subsets, so embedded
    assert any(f.endswith(cjk) for f in fonts), fonts
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    assert b"/FontFile" in objects
    en = client.get(f"/cases/{cast.ana_case.pk}/summary.pdf?lang=en")
    assert en.status_code == 200 and len(en.content) > 1000
    assert cast.client("ana").get(f"/cases/{cast.ana_case.pk}/summary.pdf").status_code == 403
    assert cast.client("dan").get(f"/cases/{cast.ana_case.pk}/summary.pdf").status_code == 404


def test_the_shipped_cjk_font_covers_every_chinese_string_cartnav_prints() -> None:
    """The fallback font has a glyph for each character of the Chinese translations and of the
    demo patients' names, so a machine without Noto Sans CJK still prints them."""
    cmap = TTFont(CJK_FALLBACK)["cmap"].getBestCmap()
    catalogue = Path(cartnav.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    msgstrs = re.findall(r'^msgstr "(.*)"$', catalogue.read_text(encoding="utf-8"), re.M)
    names = [p.native for p in demo.PATIENTS]
    text = "".join(msgstrs + names)
    chinese = {ch for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"}
    assert len(chinese) > 500  # the catalogue really is Chinese
    missing = sorted(ch for ch in chinese if ord(ch) not in cmap)
    assert not missing, missing


def test_the_case_page_lists_what_is_missing_and_the_portal_what_the_patient_must_send(
    cast: Cast,
) -> None:
    page = cast.client("cora").get(f"/cases/{cast.ana_case.pk}/").content.decode()
    assert 'data-key="pathology"' in page and "from the patient" in page
    assert "summary.pdf?lang=zh-hans" in page
    portal = cast.client("ana").get("/me/").content.decode()
    assert "Still needed: Pathology report" in portal


def test_reports_and_current_medications_entered_on_the_case_complete_the_packet(
    cast: Cast,
) -> None:
    client = cast.client("cora")
    response = client.post(
        f"/cases/{cast.ana_case.pk}/options/",
        {
            "disease": "DLBCL",
            "current_medications": "Allopurinol 300 mg\nAciclovir",
            "reports": f"imaging | {TODAY} | PET-CT: Deauville 5\npathology | 2024-01-10 | DLBCL, GCB type",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{cast.ana_case.pk}/").content.decode()
    for key in ("imaging", "pathology", "medications"):
        assert f'class="ok" data-key="{key}"' in page

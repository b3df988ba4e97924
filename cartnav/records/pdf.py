"""The case summary PDF for the reviewer, in English or Chinese, with CJK fonts embedded
(WeasyPrint embeds the subset of Noto Sans CJK the text uses).

The system's Noto Sans CJK SC is used where it is installed (Debian: ``fonts-noto-cjk``; it has
a bold face and every CJK block). Where it is not, the PDF falls back to the copy shipped in
``fonts/``, so a Chinese summary never comes out as empty boxes: Noto Sans CJK SC Regular (SIL
Open Font License 1.1, ``fonts/OFL-1.1.txt``) cut down to Latin-1, general and CJK punctuation,
the unified ideographs U+4E00 to U+9FFF and full-width forms, 3.5 MB instead of 19 MB
(``tools/subset_cjk_font.py`` makes it). Characters outside those blocks (the rare extension
ideographs) need the system font.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from cartnav.patients.models import Case
from cartnav.records import completeness
from cartnav.screening.models import ScreeningProfile
from cartnav.screening.services import current_result

#: The shipped fallback for Chinese text (see the module docstring).
CJK_FALLBACK = Path(__file__).with_name("fonts") / "NotoSansCJKsc-Regular-subset.woff2"


def summary_pdf(case: Case, language: str) -> bytes:
    row = ScreeningProfile.objects.filter(case=case).first()
    profile = row.data if row else {}
    documents = list(case.documents.all())
    result = current_result(case)
    with translation.override(language):
        html = render_to_string(
            "records/summary_pdf.html",
            {
                "case": case,
                "profile": profile,
                "documents": documents,
                "history": list(case.stage_changes.select_related("by")),
                "options": [
                    o for o in (result.options if result else []) if o["verdict"] != "not_eligible"
                ][:20],
                "items": completeness.check(profile, documents, timezone.localdate()),
                "generated": dt.datetime.now(dt.UTC),
                "LANGUAGE_CODE": language,
                "cjk_fallback": CJK_FALLBACK.as_uri(),
            },
        )
    return HTML(string=html).write_pdf()

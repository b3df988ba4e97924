"""The case summary PDF for the reviewer, in English or Chinese, with CJK fonts embedded
(WeasyPrint embeds the subset of Noto Sans CJK the text uses)."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from cartnav.patients.models import Case
from cartnav.records import completeness
from cartnav.screening.models import ScreeningProfile
from cartnav.screening.services import current_result


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
            },
        )
    return HTML(string=html).write_pdf()

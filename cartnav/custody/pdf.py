"""The chain-of-custody report of a product as a PDF: the order and its identifiers, every
event with who, when, where and the identifiers, every signature with its meaning and the
content hash it is bound to, every temperature record with its excursions, the safety events,
and whether the log verifies (issue 13, item 7)."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from cartnav.custody import services
from cartnav.custody.models import TherapyOrder
from cartnav.records.pdf import CJK_FALLBACK


def report_pdf(order: TherapyOrder, language: str) -> bytes:
    events = list(order.events.select_related("actor").prefetch_related("signatures"))
    with translation.override(language):
        html = render_to_string(
            "custody/report_pdf.html",
            {
                "order": order,
                "case": order.case,
                "coi_label": services.label_coi(order),
                "events": events,
                "temperature": list(order.temperature_records.select_related("event")),
                "safety": list(order.safety_records.select_related("by")),
                "problems": services.verify(order),
                "generated": dt.datetime.now(dt.UTC),
                "LANGUAGE_CODE": language,
                "cjk_fallback": CJK_FALLBACK.as_uri(),
            },
        )
    return HTML(string=html).write_pdf()

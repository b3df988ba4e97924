"""The estimate as a bilingual PDF: every heading and label in English and Chinese, side by
side, so the family and the hospital's finance office read the same page (CJK fonts as in
:mod:`cartnav.records.pdf`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop
from weasyprint import HTML

from cartnav.core.bilingual import both
from cartnav.costs.models import Quote
from cartnav.records.pdf import CJK_FALLBACK

#: The PDF's words, translated into both languages when it is made.
WORDS = {
    "title": gettext_noop("Cost estimate"),
    "version": gettext_noop("Version"),
    "issued": gettext_noop("Issued"),
    "status": gettext_noop("Status"),
    "accepted": gettext_noop("Accepted by the patient"),
    "item": gettext_noop("Item"),
    "quantity": gettext_noop("Quantity"),
    "unit": gettext_noop("Unit price (RMB)"),
    "amount": gettext_noop("Amount (RMB)"),
    "converted": gettext_noop("In the patient's currency"),
    "source": gettext_noop("Source of the price"),
    "total": gettext_noop("Total"),
    "rate": gettext_noop("Exchange rate"),
    "comparison": gettext_noop("For comparison: the US list price of the same product"),
    "refund": gettext_noop("Outcome-based refund terms"),
    "estimate_only": gettext_noop(
        "An estimate, not an invoice: the hospital bills what is given. Amounts in the "
        "patient's currency are converted at the dated rate shown."
    ),
    "note": gettext_noop("Note to the patient"),
}


def quote_pdf(quote: Quote, *, comparison: Any, schemes: list[Any]) -> bytes:
    words = {key: both(msgid) for key, msgid in WORDS.items()}
    lines = [(line, both(line.label_lazy)) for line in quote.lines.all()]
    with translation.override("en"):
        html = render_to_string(
            "costs/quote_pdf.html",
            {
                "quote": quote,
                "case": quote.case,
                "lines": lines,
                "w": words,
                "status": both(quote.get_status_display),
                "comparison": comparison,
                "schemes": schemes,
                "generated": dt.datetime.now(dt.UTC),
                "cjk_fallback": CJK_FALLBACK.as_uri(),
            },
        )
    return HTML(string=html).write_pdf()

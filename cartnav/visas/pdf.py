"""The invitation letter as a bilingual PDF: the hospital's letterhead, the Chinese text and the
English text of each paragraph, the people it names, and a QR code of the public verification
address (segno: pure Python, an SVG the PDF embeds)."""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop
from weasyprint import HTML

from cartnav.core.bilingual import both
from cartnav.records.pdf import CJK_FALLBACK
from cartnav.visas.models import InvitationLetter

#: The letter's words, made in both languages when it is made.
WORDS = {
    "title": gettext_noop("Invitation letter for a visa"),
    "to": gettext_noop("To the Embassy or Consulate of the People's Republic of China"),
    "body": gettext_noop(
        "Our hospital invites the patient named below to come to China for medical treatment, "
        "and the companions named below to accompany them. We ask you to consider their "
        "application for a visa of the type stated."
    ),
    "number": gettext_noop("Letter number"),
    "patient": gettext_noop("Patient"),
    "name": gettext_noop("Name as in the passport"),
    "passport": gettext_noop("Passport number"),
    "nationality": gettext_noop("Nationality"),
    "born": gettext_noop("Date of birth"),
    "diagnosis": gettext_noop("Diagnosis"),
    "treatment": gettext_noop("Planned treatment"),
    "dates": gettext_noop("Estimated stay"),
    "days": gettext_noop("days"),
    "visa": gettext_noop("Visa type"),
    "companions": gettext_noop("Companions"),
    "relation": gettext_noop("Relation"),
    "contact": gettext_noop("Contact"),
    "signed": gettext_noop("Signed"),
    "valid": gettext_noop("Valid until"),
    "verify": gettext_noop("Verify this letter"),
}


def letter_pdf(letter: InvitationLetter, *, verify_url: str) -> bytes:
    qr = segno.make(verify_url, error="m")
    with translation.override("en"):
        html = render_to_string(
            "visas/letter_pdf.html",
            {
                "letter": letter,
                "hospital": letter.hospital,
                "said": letter.said,
                "w": {key: both(msgid) for key, msgid in WORDS.items()},
                "qr": qr.svg_data_uri(scale=3, border=1),
                "verify_url": verify_url,
                "cjk_fallback": CJK_FALLBACK.as_uri(),
            },
        )
    return HTML(string=html).write_pdf()

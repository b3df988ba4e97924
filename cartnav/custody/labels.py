"""Printable labels for a cell product (issue 13, item 7): the therapy's chain-of-identity
label and one label per collected bag, each with a Code 128 and a DataMatrix code of the ISBT
128 identifier and its eye-readable text with the check character, and the patient's name, date
of birth and case number to read at the bedside.

The bar codes carry the data identifier and the data (``=`` + DIN + flags, ``&/`` + the chain-
of-identity data); the check character is printed after the eye-readable text, separated, as
ISBT 128 prints it boxed. Drawn as SVG by ``python-barcode`` (Code 128) and ``ppf.datamatrix``,
both pure Python, and laid out by WeasyPrint on 100 x 50 mm labels.
"""

from __future__ import annotations

import base64
import io

import barcode
from barcode.writer import SVGWriter
from django.template.loader import render_to_string
from django.utils import translation
from ppf.datamatrix import DataMatrix
from weasyprint import HTML

from cartnav.custody import isbt128, services
from cartnav.custody.models import TherapyOrder
from cartnav.records.pdf import CJK_FALLBACK


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def code128(data: str) -> str:
    out = io.BytesIO()
    barcode.get("code128", data, writer=SVGWriter()).write(
        out, options={"write_text": False, "module_height": 9, "quiet_zone": 2}
    )
    return _data_uri(out.getvalue())


def datamatrix(data: str) -> str:
    return _data_uri(DataMatrix(data).svg().encode())


def labels(order: TherapyOrder) -> list[dict[str, str]]:
    """The chain-of-identity label, then one per bag collected (each DIN once)."""
    coi = isbt128.parse(services.label_coi(order))
    assert isinstance(coi, isbt128.ChainOfIdentity)
    coi_data = f"{isbt128.COI_DATA_IDENTIFIER}{coi.data_content}"
    out = [
        {
            "kind": "coi",
            "code128": code128(coi_data),
            "datamatrix": datamatrix(coi_data),
            "eye": coi.eye_readable(),
            "coi": coi.eye_readable(),
        }
    ]
    seen = set()
    for event in order.events.filter(kind="collection").order_by("seq"):
        parsed = isbt128.parse(event.identifiers.get("din", ""))
        if not isinstance(parsed, isbt128.Din) or parsed.data_content in seen:
            continue
        seen.add(parsed.data_content)
        din_data = f"{isbt128.DIN_DATA_IDENTIFIER}{parsed.data_content}{parsed.flag:02d}"
        out.append(
            {
                "kind": "din",
                "code128": code128(din_data),
                "datamatrix": datamatrix(din_data),
                "eye": parsed.eye_readable(),
                "coi": coi.eye_readable(),
            }
        )
    return out


def labels_pdf(order: TherapyOrder, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(
            "custody/labels_pdf.html",
            {
                "order": order,
                "patient": order.case.patient,
                "case": order.case,
                "labels": labels(order),
                "cjk_fallback": CJK_FALLBACK.as_uri(),
            },
        )
    return HTML(string=html).write_pdf()

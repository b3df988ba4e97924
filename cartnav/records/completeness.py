"""Is the packet complete enough for a specialist to review? What is missing, and for whom.

Rules (issue 5): diagnosis with a pathology report; treatment history with dates and responses;
blood counts and chemistry no older than 30 days before review; imaging within 6 weeks; current
medications; performance status. Facts come from the case's screening profile (one source of
truth) and its documents. Each missing item names who can supply it: the patient (or family),
or the coordinator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

LAB_WINDOW_DAYS = 30
IMAGING_WINDOW_DAYS = 42
CBC = ("anc", "platelets", "hemoglobin")
CHEMISTRY = ("creatinine", "bilirubin")


@dataclass(frozen=True)
class Item:
    key: str
    ok: bool
    text: str
    who: str  # "patient" or "coordinator"


def _recent(date_text: str | None, today: dt.date, days: int) -> bool:
    if not date_text:
        return False
    try:
        return (today - dt.date.fromisoformat(date_text)).days <= days
    except ValueError:
        return False


def check(profile: dict[str, Any], documents: list[Any], today: dt.date) -> list[Item]:
    kinds = {d.kind: d for d in documents}
    labs = profile.get("labs") or {}
    lines = profile.get("lines")
    imaging = [
        d
        for d in documents
        if d.kind == "imaging"
        and (today - timezone.localdate(d.uploaded_at)).days <= IMAGING_WINDOW_DAYS
    ]
    imaging += [
        r
        for r in profile.get("reports") or []
        if r.get("kind") == "imaging" and _recent(r.get("date"), today, IMAGING_WINDOW_DAYS)
    ]
    items = [
        Item(
            "diagnosis",
            bool(profile.get("disease") or profile.get("icd10")),
            _("Diagnosis (with its ICD-10 code)"),
            "coordinator",
        ),
        Item(
            "pathology",
            "pathology" in kinds
            or any(r.get("kind") == "pathology" for r in profile.get("reports") or []),
            _("Pathology report"),
            "patient",
        ),
        Item(
            "treatment",
            lines is not None
            and all(x.get("start") and x.get("end") and x.get("best_response") for x in lines),
            _("Every prior line of therapy with dates and best response"),
            "coordinator",
        ),
        Item(
            "cbc",
            all(_recent((labs.get(k) or {}).get("date"), today, LAB_WINDOW_DAYS) for k in CBC),
            _("Blood count (ANC, platelets, haemoglobin) from the last 30 days"),
            "patient",
        ),
        Item(
            "chemistry",
            all(
                _recent((labs.get(k) or {}).get("date"), today, LAB_WINDOW_DAYS) for k in CHEMISTRY
            ),
            _("Chemistry (creatinine, bilirubin) from the last 30 days"),
            "patient",
        ),
        Item("imaging", bool(imaging), _("Imaging from the last 6 weeks"), "patient"),
        Item(
            "medications",
            "discharge" in kinds or profile.get("current_medications") is not None,
            _("Current medications (discharge summary or list)"),
            "patient",
        ),
        Item(
            "performance",
            profile.get("ecog") is not None or profile.get("karnofsky") is not None,
            _("Performance status (ECOG or Karnofsky)"),
            "coordinator",
        ),
    ]
    return items

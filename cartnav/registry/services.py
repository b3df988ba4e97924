"""De-identified views of cases for registry analysts.

An analyst never receives a direct identifier: no name, passport, date of birth, contact, case
number or database id. Each patient appears under a pseudonym (an HMAC of the patient id under the
secret key, stable across exports so follow-up can be joined, but not reversible). Only patients
with an active consent for registry research are included, so withdrawing that consent removes
the patient from every export made afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone

from cartnav.accounts.roles import Role
from cartnav.audit import services as audit
from cartnav.patients.models import Case, Consent, ConsentPurpose


class NotAnAnalyst(Exception):
    pass


def pseudonym(patient_id: Any) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), str(patient_id).encode(), hashlib.sha256)
    return "P" + digest.hexdigest()[:12]


def age_band(born: dt.date, on: dt.date) -> str:
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    low = (age // 10) * 10
    return f"{low}-{low + 9}"


@dataclass(frozen=True)
class RegistryRow:
    subject: str
    hospital: str
    stage: str
    age_band: str
    sex: str
    diagnosis: str
    year_opened: int


def _consented_cases() -> Any:
    active_research = Consent.objects.filter(
        patient=OuterRef("patient"), purpose=ConsentPurpose.RESEARCH, withdrawn_at__isnull=True
    )
    return Case.objects.filter(Exists(active_research))


def _check(user: Any) -> None:
    if not (user.is_authenticated and user.role in (Role.ANALYST, Role.ADMIN)):
        raise NotAnAnalyst
    if not user.is_verified():
        raise NotAnAnalyst


def export_rows(request: HttpRequest | None, user: Any) -> list[RegistryRow]:
    _check(user)
    today = timezone.localdate()
    cases = _consented_cases().select_related("patient", "hospital").order_by("opened")
    rows = [
        RegistryRow(
            subject=pseudonym(c.patient_id),
            hospital=c.hospital.name,
            stage=c.stage,
            age_band=age_band(c.patient.date_of_birth, today),
            sex=c.patient.sex,
            diagnosis=c.diagnosis,
            year_opened=c.opened.year,
        )
        for c in cases
    ]
    audit.record(request, "registry_export", user=user, detail={"rows": len(rows)})
    return rows


def overview(user: Any) -> dict[str, Any]:
    """Counts only: cases by stage and by hospital, among consenting patients."""
    _check(user)
    cases = _consented_cases().order_by()
    return {
        "by_stage": list(cases.values("stage").annotate(n=Count("id")).order_by("stage")),
        "by_hospital": list(
            cases.values("hospital__name").annotate(n=Count("id")).order_by("hospital__name")
        ),
        "total": cases.count(),
    }


def as_dicts(rows: list[RegistryRow]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rows]

"""The ward over the API: a stay's record and grades (the care team), and charting values,
doses, corrections and acknowledgements (nurses and physicians), as bedside devices and ward
systems send them. Values are grading-io quantities (``{"value": n, "unit": "UCUM"}``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Body, Field, File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from cartnav import access
from cartnav.ward import imports, services
from cartnav.ward.models import Alert, Observation, WardStay

router = Router(tags=["ward"])


class AdmitIn(Schema):
    infused_at: dt.datetime = Field(description="day 0: the infusion, with its UTC offset")
    weight_kg: float | None = Field(None, gt=0, le=400)


class ChartIn(Schema):
    taken_at: dt.datetime = Field(description="when the values were taken, with its UTC offset")
    values: dict[str, Any] = Field(
        description='code → value: quantities as {"value": n, "unit": "UCUM"}, counts as '
        "integers, findings as words or true/false"
    )
    source: str = Field("api", pattern="^(api|monitor|fhir)$")


class DoseIn(Schema):
    drug: str
    given_at: dt.datetime
    dose_mg: float | None = Field(None, ge=0)
    detail: str = Field("", max_length=120)
    override_reason: str = Field("", max_length=300)


class CorrectionIn(Schema):
    value: Any
    reason: str = Field(..., min_length=1, max_length=300)


class AcknowledgeIn(Schema):
    note: str = Field("", max_length=300)


class ObservationOut(Schema):
    id: int
    code: str
    value: float | str | bool
    entered: str
    taken_at: dt.datetime
    source: str
    superseded: bool
    replaces: int | None


class DoseOut(Schema):
    id: int
    drug: str
    dose_mg: float | None
    given_at: dt.datetime
    override_reason: str


class AlertOut(Schema):
    id: int
    rule: str
    text: str
    raised_at: dt.datetime
    level: int
    notified: str | None
    acknowledged_at: dt.datetime | None


class DayOut(Schema):
    day: int
    date: dt.date
    crs: int | None
    icans: int | None


class DueOut(Schema):
    key: str
    last: dt.datetime | None
    due: dt.datetime
    overdue: bool


class StayOut(Schema):
    infused_at: dt.datetime
    day: int
    weight_kg: float | None
    physician: str | None
    crs: dict[str, Any]
    icans: dict[str, Any]
    used: list[int]
    daily: list[DayOut]
    episodes: list[dict[str, Any]]
    due: list[DueOut]
    alerts: list[AlertOut]
    observations: list[ObservationOut]
    doses: list[DoseOut]


def _stay(request: HttpRequest, case_id: str, action: access.Action) -> WardStay:
    case = access.get_case(request, case_id, action)
    stay = WardStay.objects.filter(case=case).select_related("physician", "case").first()
    if stay is None:
        raise HttpError(404, "This case has no ward stay.")
    return stay


def _alert(a: Alert) -> dict[str, Any]:
    return {
        "id": a.pk,
        "rule": a.rule,
        "text": a.text,
        "raised_at": a.raised_at,
        "level": a.level,
        "notified": a.notified.get_username() if a.notified else None,
        "acknowledged_at": a.acknowledged_at,
    }


def _observation(o: Observation) -> dict[str, Any]:
    return {
        "id": o.pk,
        "code": o.code,
        "value": o.value,
        "entered": o.entered,
        "taken_at": o.taken_at,
        "source": o.source,
        "superseded": o.superseded,
        "replaces": o.replaces_id,
    }


def _out(stay: WardStay) -> dict[str, Any]:
    s = services.summary(stay, timezone.now())
    return {
        "infused_at": stay.infused_at,
        "day": s.day,
        "weight_kg": stay.weight_kg,
        "physician": stay.physician.get_username() if stay.physician else None,
        "crs": s.now_grades.crs.to_dict(),
        "icans": s.now_grades.icans.to_dict(),
        "used": [int(u) for u in s.now_grades.used],
        "daily": [{"day": d.day, "date": d.date, "crs": d.crs, "icans": d.icans} for d in s.days],
        "episodes": [e.to_dict() for e in s.episodes],
        "due": [{"key": d.key, "last": d.last, "due": d.due, "overdue": d.overdue} for d in s.due],
        "alerts": [_alert(a) for a in s.open_alerts],
        "observations": [
            _observation(o)
            for o in Observation.objects.filter(stay=stay).order_by("-taken_at", "-pk")[:500]
        ],
        "doses": list(
            stay.doses.order_by("-given_at").values(
                "id", "drug", "dose_mg", "given_at", "override_reason"
            )
        ),
    }


@router.get(
    "/cases/{case_id}/ward",
    response=StayOut,
    summary="A case's ward stay: grades now and by day, episodes, checks due, open alerts",
)
def get_stay(request: HttpRequest, case_id: str) -> Any:
    return _out(_stay(request, case_id, access.Action.READ_WARD))


@router.post("/cases/{case_id}/ward", response={201: StayOut}, summary="Open a case's ward stay")
def admit(request: HttpRequest, case_id: str, body: AdmitIn) -> Any:
    case = access.get_case(request, case_id, access.Action.RECORD_WARD)
    stay = services.admit(request, case, body.infused_at, weight_kg=body.weight_kg)
    return Status(201, _out(stay))


@router.post(
    "/cases/{case_id}/ward/observations",
    response={201: list[ObservationOut]},
    summary="Chart values taken at one time (all or nothing; 422 naming the field)",
)
def chart(request: HttpRequest, case_id: str, body: ChartIn) -> Any:
    stay = _stay(request, case_id, access.Action.RECORD_WARD)
    rows = services.record(request, stay, body.taken_at, body.values, source=body.source)
    return Status(
        201,
        [_observation(o) for o in rows],
    )


@router.post(
    "/cases/{case_id}/ward/observations/{observation_id}/correction",
    response={201: ObservationOut},
    summary="Correct a charted value; the original is kept",
)
def correct(request: HttpRequest, case_id: str, observation_id: int, body: CorrectionIn) -> Any:
    stay = _stay(request, case_id, access.Action.RECORD_WARD)
    found = Observation.objects.filter(stay=stay, pk=observation_id).first()
    if found is None:
        raise HttpError(404, "No such value on this stay.")
    new = services.correct(request, found, body.value, body.reason)
    return Status(
        201,
        _observation(new),
    )


@router.post(
    "/cases/{case_id}/ward/doses",
    response={201: DoseOut},
    summary="Record a dose (tocilizumab past a limit: 422 unless a physician gives a reason)",
)
def give(request: HttpRequest, case_id: str, body: DoseIn) -> Any:
    stay = _stay(request, case_id, access.Action.RECORD_WARD)
    if body.override_reason.strip() and not access.can(
        request.user, access.Action.OVERRIDE_DOSE, stay.case
    ):
        raise HttpError(403, "Only a physician may record a dose past a limit.")
    dose = services.give(
        request,
        stay,
        body.drug,
        body.given_at,
        dose_mg=body.dose_mg,
        detail=body.detail,
        override_reason=body.override_reason,
    )
    return Status(
        201,
        {
            "id": dose.pk,
            "drug": dose.drug,
            "dose_mg": dose.dose_mg,
            "given_at": dose.given_at,
            "override_reason": dose.override_reason,
        },
    )


@router.post(
    "/cases/{case_id}/ward/alerts/{alert_id}/acknowledge",
    response=AlertOut,
    summary="Acknowledge an alert (the physician)",
)
def acknowledge(request: HttpRequest, case_id: str, alert_id: int, body: AcknowledgeIn) -> Any:
    stay = _stay(request, case_id, access.Action.ACKNOWLEDGE_ALERT)
    alert = Alert.objects.filter(stay=stay, pk=alert_id).first()
    if alert is None:
        raise HttpError(404, "No such alert on this stay.")
    return _alert(services.acknowledge(request, alert, body.note))


class ImportOut(Schema):
    values: int
    doses: int
    unmapped: list[dict[str, str]]


@router.post(
    "/cases/{case_id}/ward/fhir",
    response={201: ImportOut},
    summary="Chart FHIR R4 Observations and MedicationAdministrations (one, or a Bundle)",
)
def from_fhir(request: HttpRequest, case_id: str, payload: Body[dict[str, Any]]) -> Any:
    """All or nothing: a refused entry is a 422 naming it; codes cartnav does not chart are
    listed as ``unmapped``."""
    stay = _stay(request, case_id, access.Action.RECORD_WARD)
    incoming = imports.from_fhir(payload)
    return Status(201, services.import_incoming(request, stay, incoming, "fhir"))


@router.post(
    "/cases/{case_id}/ward/monitor",
    response={201: ImportOut},
    summary="Chart a bedside monitor's CSV export (time,code,value,unit)",
)
def from_monitor(request: HttpRequest, case_id: str, file: File[UploadedFile]) -> Any:
    stay = _stay(request, case_id, access.Action.RECORD_WARD)
    if (file.size or 0) > imports.MAX_CSV_BYTES:
        raise HttpError(422, "file: at most 2 MB")
    incoming = imports.from_monitor_csv(file.read(imports.MAX_CSV_BYTES + 1))
    return Status(201, services.import_incoming(request, stay, incoming, "monitor"))

"""The ward pages: a stay's flowsheet (chart values, give doses, acknowledge alerts, see the
grades with what they rest on, the pictures and the checks due) and the ward board of every
inpatient, which refreshes by itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cartnav import access
from cartnav.accounts.roles import STAFF_ROLES, Role
from cartnav.audit import services as audit
from cartnav.clinical import ward as core
from cartnav.clinical.guidance import crs_guidance, icans_guidance
from cartnav.clinical.text import localize
from cartnav.clinical.units import ClinicalInputError
from cartnav.core.converters import form_id
from cartnav.patients.services import ServiceError
from cartnav.ward import board as board_rows
from cartnav.ward import charts, services
from cartnav.ward.forms import AdmitForm, ChartForm, DoseForm, InfectionForm
from cartnav.ward.models import Alert, Observation, WardStay

#: How often the board asks for itself again (seconds).
BOARD_REFRESH_SECONDS = 30


def _result(result: Any) -> dict[str, Any]:
    return {
        "grade": result.grade,
        "basis": [localize(b.criterion, _) for b in result.basis],
        "missing": list(result.missing),
        "warnings": [localize(w, _) for w in result.warnings],
    }


@login_required
def stay(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.page_case(request, case_id, access.Action.READ_WARD)
    may_record = access.can(request.user, access.Action.RECORD_WARD, case)
    current = WardStay.objects.filter(case=case).select_related("physician").first()
    status = 200
    zone = case.hospital.time_zone
    with timezone.override(zone):
        now = timezone.localtime()
        admit_form = AdmitForm(initial={"infused_at": _infusion_guess(case) or now})
        chart_form = ChartForm(initial={"taken_at": now})
        dose_form = DoseForm(initial={"given_at": now})
        infection_form = InfectionForm(initial={"started": now.date()})
        if request.method == "POST":
            action = request.POST.get("action", "")
            try:
                if action == "acknowledge":
                    access.page_case(request, case_id, access.Action.ACKNOWLEDGE_ALERT)
                    alert = Alert.objects.filter(
                        stay__case=case, pk=form_id(request.POST.get("alert"))
                    ).first()
                    if alert is None:
                        raise ServiceError(_("That alert is not on this stay."))
                    services.acknowledge(request, alert, request.POST.get("note", "")[:300])
                    messages.success(request, _("Alert acknowledged."))
                    return redirect("ward:stay", case_id=case.pk)
                access.page_case(request, case_id, access.Action.RECORD_WARD)
                if action == "admit":
                    admit_form = AdmitForm(request.POST)
                    if admit_form.is_valid():
                        services.admit(
                            request,
                            case,
                            admit_form.cleaned_data["infused_at"],
                            weight_kg=admit_form.cleaned_data["weight_kg"],
                        )
                        return redirect("ward:stay", case_id=case.pk)
                    status = 422
                elif current is None:
                    raise ServiceError(_("Open the ward stay first."))
                elif action == "chart":
                    chart_form = ChartForm(request.POST)
                    if chart_form.is_valid():
                        values = chart_form.values()
                        if not values:
                            raise ServiceError(_("Fill in at least one value."))
                        services.record(
                            request, current, chart_form.cleaned_data["taken_at"], values
                        )
                        messages.success(request, _("Recorded."))
                        return redirect("ward:stay", case_id=case.pk)
                    status = 422
                elif action == "dose":
                    dose_form = DoseForm(request.POST)
                    if dose_form.is_valid():
                        data = dose_form.cleaned_data
                        services.give(
                            request,
                            current,
                            data["drug"],
                            data["given_at"],
                            dose_mg=data["dose_mg"],
                            detail=data["detail"],
                            override_reason=data["override_reason"],
                        )
                        messages.success(request, _("Dose recorded."))
                        return redirect("ward:stay", case_id=case.pk)
                    status = 422
                elif action == "infection":
                    infection_form = InfectionForm(request.POST)
                    if infection_form.is_valid():
                        services.add_infection(request, current, **infection_form.cleaned_data)
                        messages.success(request, _("Infection recorded."))
                        return redirect("ward:stay", case_id=case.pk)
                    status = 422
                elif action == "discharge":
                    services.discharge(request, current, request.POST.getlist("criterion"))
                    messages.success(request, _("Discharged from the ward."))
                    return redirect("ward:stay", case_id=case.pk)
                elif action == "correct":
                    found = Observation.objects.filter(
                        stay=current, pk=form_id(request.POST.get("observation"))
                    ).first()
                    if found is None:
                        raise ServiceError(_("That value is not on this stay."))
                    services.correct(
                        request,
                        found,
                        _corrected(found, request.POST.get("value", "")),
                        request.POST.get("reason", ""),
                    )
                    messages.success(request, _("Corrected; the original is kept."))
                    return redirect("ward:stay", case_id=case.pk)
                else:
                    raise ServiceError(_("Choose what to do."))
            except (ServiceError, ClinicalInputError) as exc:
                messages.error(request, _field_error(exc))
                status = 422
        context: dict[str, Any] = {
            "case": case,
            "stay": current,
            "may_record": may_record,
            "may_acknowledge": access.can(request.user, access.Action.ACKNOWLEDGE_ALERT, case),
            "admit_form": admit_form,
            "chart_form": chart_form,
            "dose_form": dose_form,
            "infection_form": infection_form,
            "groups": [
                (title, [chart_form[name] for name in names]) for title, names in ChartForm.GROUPS
            ],
        }
        if current is not None:
            context.update(_stay_context(current, now))
        return render(request, "ward/stay.html", context, status=status)


def _field_error(exc: Exception) -> str:
    if isinstance(exc, ClinicalInputError):
        return f"{exc.field}: {localize(exc.message, _)}"
    return str(exc)


def _corrected(observation: Observation, text: str) -> object:
    """The corrected value as the service takes it, in the unit the original was entered in."""
    text = text.strip()[:40]
    if observation.code in core.FLAGS:
        return {"yes": True, "no": False}.get(text.lower(), text)
    if observation.code in core.CHOICES:
        return text
    try:
        number = float(text)
    except ValueError:
        raise ClinicalInputError("value", _("a number is required.")) from None
    if observation.code in services.COUNTS:
        return int(number) if number.is_integer() else number
    unit = observation.entered.split(" ", 1)[1] if " " in observation.entered else ""
    return {"value": number, "unit": unit}


def _stay_context(current: WardStay, now: dt.datetime) -> dict[str, Any]:
    s = services.summary(current, now)
    start = dt.datetime.combine(
        timezone.localtime(current.infused_at).date(), dt.time(), timezone.get_current_timezone()
    )
    end = max(now, start + dt.timedelta(days=1))
    weight = current.weight_kg
    crs, icans = s.now_grades.crs, s.now_grades.icans
    recent = list(
        Observation.objects.filter(stay=current)
        .select_related("recorded_by")
        .order_by("-taken_at", "-pk")[:60]
    )
    labels = {code: localize(label, _) for code, label in core.LABELS.items()}
    for o in recent:
        o.label = labels.get(o.code, o.code.replace("_", " "))
    pictures = [
        {"label": labels[c.code], **c.__dict__}
        for c in charts.charts(s.readings, s.given, s.days, start, end)
    ]
    blood = services.blood(current, s)
    ward = services.settings_of(current.case.hospital)
    for alert in s.open_alerts:
        alert.shown = localize(alert.sentence, _)
    return {
        "blood": blood,
        "ctcae": [
            {"term": localize(g.term, _), "grade": g.grade, "basis": localize(g.basis, _)}
            for g in blood.ctcae
        ],
        "icaht": None if blood.icaht is None else _result(blood.icaht),
        "icaht_result": blood.icaht,
        "prophylaxis": [
            {
                "item": line.item,
                "text": localize(line.text, _),
                "source": line.source,
                "status": line.status,
                "why": localize(line.why, _),
            }
            for line in blood.prophylaxis
        ],
        "infections": list(current.infections.all()),
        "criteria": list(ward.discharge_criteria or []),
        "day100": services.day100(current, s) if current.discharged_at else None,
        "local_stay_until": services.local_stay_until(current),
        "summary": s,
        "crs": _result(crs),
        "icans": _result(icans),
        "guidance": [
            (localize(g.text, _), g.source)
            for g in (crs_guidance(crs.grade, weight) if crs.grade else [])
            + (icans_guidance(icans.grade) if icans.grade else [])
        ],
        "charts": pictures,
        "recent": recent,
        "doses": list(
            current.doses.select_related("recorded_by", "override_by").order_by("-given_at")[:30]
        ),
    }


def _infusion_guess(case: Any) -> dt.datetime | None:
    plan = getattr(case, "treatment_plan", None)
    day = getattr(plan, "infusion", None)
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(9, 0), timezone.get_current_timezone())


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """Every inpatient of my hospitals: day after infusion, the grades as of the last recording,
    checks overdue, open alerts (``ward.board``). The table asks for itself again every
    :data:`BOARD_REFRESH_SECONDS`."""
    if request.user.role not in (STAFF_ROLES - {Role.REVIEWER}) | {Role.ADMIN}:
        raise PermissionDenied
    rows = board_rows.rows(request.user, timezone.now())
    audit.record(request, "ward_board", detail={"shown": len(rows)})
    table = board_rows.table(rows)
    if request.htmx:
        return HttpResponse(table)
    return render(request, "ward/board.html", {"table": table, "refresh": BOARD_REFRESH_SECONDS})

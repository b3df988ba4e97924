"""The cell product on the case (booking, the custody log, recording an event with signatures),
the coordinators' tracker, and the patient's plain-words view of where their cells are."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cartnav import access
from cartnav.accounts.models import User
from cartnav.accounts.roles import STAFF_ROLES, Role
from cartnav.clinical.text import localize
from cartnav.custody import events as rules
from cartnav.custody import services
from cartnav.custody.forms import BedsideForm, BookForm, EventForm, MoveForm
from cartnav.custody.models import CustodyEvent, TherapyOrder
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError
from cartnav.records import services as records
from cartnav.records.models import DocumentKind

#: What each step means for the patient, in plain words (the portal's "where are my cells").
PLAIN = {
    "collection": gettext_lazy("Your cells were collected"),
    "shipment_out": gettext_lazy("Your cells left for the manufacturing site"),
    "receipt_manufacturing": gettext_lazy("Your cells arrived at the manufacturing site"),
    "manufacturing_start": gettext_lazy("Manufacturing of your CAR-T cells started"),
    "release": gettext_lazy("Your CAR-T cells passed their quality checks and were released"),
    "shipment_return": gettext_lazy("Your CAR-T cells are on their way to the hospital"),
    "receipt_site": gettext_lazy("Your CAR-T cells arrived at the hospital"),
    "storage": gettext_lazy("Your CAR-T cells are stored at the hospital"),
    "lymphodepletion_start": gettext_lazy(
        "Your preparatory chemotherapy (lymphodepletion) started"
    ),
    "thaw": gettext_lazy("Your CAR-T cells were thawed for the infusion"),
    "bedside_check": gettext_lazy("Two people checked at your bedside that the bag is yours"),
    "infusion_start": gettext_lazy("Your infusion started"),
    "infusion_stop": gettext_lazy("Your infusion finished"),
    "disposal": gettext_lazy("The empty bag was disposed of safely"),
    "quarantine": gettext_lazy("Your product is on hold while the team checks something"),
    "quarantine_decision": gettext_lazy("The team decided about the hold"),
}


def _order_of(case: Case) -> TherapyOrder | None:
    return (
        TherapyOrder.objects.filter(case=case)
        .exclude(status=TherapyOrder.Status.CANCELLED)
        .select_related("product", "site")
        .first()
    )


@login_required
def product(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.page_case(request, case_id)
    order = _order_of(case)
    may_book = access.can(request.user, access.Action.BOOK_APHERESIS, case)
    may_record = access.can(request.user, access.Action.RECORD_CUSTODY, case)
    book_form, move_form, event_form = BookForm(), MoveForm(), EventForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "book":
                access.page_case(request, case_id, access.Action.BOOK_APHERESIS)
                book_form = BookForm(request.POST)
                if not book_form.is_valid():
                    raise _Invalid
                services.book(request, case, **book_form.cleaned_data)
                messages.success(request, _("The apheresis and its manufacturing slot are booked."))
            elif action == "move" and order is not None:
                access.page_case(request, case_id, access.Action.BOOK_APHERESIS)
                move_form = MoveForm(request.POST)
                if not move_form.is_valid():
                    raise _Invalid
                services.move(request, order, move_form.cleaned_data["apheresis"])
                messages.success(
                    request, _("The apheresis moved, and its manufacturing slot with it.")
                )
            elif action == "event" and order is not None:
                access.page_case(request, case_id, access.Action.RECORD_CUSTODY)
                event_form = EventForm(request.POST, request.FILES)
                if not event_form.is_valid():
                    raise _Invalid
                _record(request, case, order, event_form)
                messages.success(request, _("The event is recorded."))
            else:
                messages.error(request, _("Choose what to do."))
                raise _Invalid
            return redirect("custody:product", case_id=case.pk)
        except _Invalid:
            status = 422
        except ServiceError as exc:
            messages.error(request, str(exc))
            status = 422
    log = (
        list(
            order.events.select_related("actor")
            .prefetch_related("signatures")
            .order_by("-seq")[:LOG_SHOWN]
        )[::-1]
        if order
        else []
    )
    state = services.status(order) if order else None
    patient_view = request.user.role in (Role.PATIENT, Role.PROXY)
    clocks_read = _clocks(order, state) if order and not patient_view else ([], "")
    return render(
        request,
        "custody/product.html",
        {
            "case": case,
            "order": order,
            "coi_label": services.label_coi(order) if order else "",
            "log": log,
            "plain": [(e, PLAIN.get(e.kind, e.kind)) for e in log],
            "state": state,
            "next_names": [(k, localize(rules.NAMES[k], _)) for k in state.next_allowed]
            if state
            else [],
            "safety": list(order.safety_records.all()[:20]) if order and not patient_view else [],
            "may_book": may_book and order is None,
            "may_move": may_book and order is not None and order.events_count == 0,
            "may_record": may_record and order is not None,
            "patient_view": patient_view,
            "book_form": book_form,
            "move_form": move_form,
            "event_form": event_form,
            "clocks": clocks_read[0],
            "clocks_problem": clocks_read[1],
            "charts": [_chart(r) for r in order.temperature_records.select_related("event")]
            if order and not patient_view
            else [],
        },
        status=status,
    )


def _clocks(order: TherapyOrder, state: Any) -> tuple[list[Any], str]:
    """The product's running clocks read now, and what keeps them from being read: no clock
    rules yet, or recorded times the clocks refuse (shown, never hidden)."""
    from cartnav.custody import clocks

    rule = services.clock_rule(order)
    if rule is None:
        return [], _(
            "This product has no clock rules yet: a physician documents the decision to infuse."
        )
    wanted = ("lymphodepletion_start", "thaw", "infusion_start")
    events = {k: v for k, v in state.latest.items() if k in wanted}
    try:
        running = clocks.running_clocks(rule, events, timezone.now(), None)
    except clocks.ClockError as exc:
        return [], str(localize(exc.message, _))
    return [(c, localize(c.basis, _)) for c in running], ""


def _chart(record: Any) -> dict[str, Any]:
    """An SVG polyline of the logger's points, with the range drawn as two lines (600 x 160)."""
    values = [c for _t, c in record.points] or [record.low_c, record.high_c]
    low = min([*values, record.low_c]) - 1
    high = max([*values, record.high_c]) + 1
    n = max(len(record.points) - 1, 1)

    def y(c: float) -> float:
        return round(150 - (c - low) / (high - low) * 140, 1)

    return {
        "record": record,
        "points": " ".join(
            f"{round(i / n * 590 + 5, 1)},{y(c)}" for i, (_t, c) in enumerate(record.points)
        ),
        "low_y": y(record.low_c),
        "high_y": y(record.high_c),
    }


class _Invalid(Exception):
    """A form that did not validate: the page shows it again with its errors."""


def _record(request: HttpRequest, case: Case, order: TherapyOrder, form: EventForm) -> None:
    data = form.cleaned_data
    kind = data["kind"]
    fields = form.event_fields()
    if kind == "release":
        upload = data.get("certificate")
        if upload is None:
            raise ServiceError(_("certificate: attach the release certificate"))
        document = records.upload_document(
            request, case, upload, DocumentKind.OTHER, note=_("release certificate")
        )
        fields["certificate_document"] = document.sha256
    if kind == "collection" and "volume_ml" in fields:
        fields["volume_ml"] = float(fields["volume_ml"])
    if kind in services.RECEIPTS and data.get("logger") is not None:
        services.record_receipt(
            request, order, kind, place=data["place"], fields=fields, logger=data["logger"]
        )
        return
    signers = []
    if kind in rules.SIGNED:
        signers.append(
            services.SignatureIn(
                request.user, data.get("password") or "", data.get("meaning") or ""
            )
        )
        if rules.SIGNATURES_NEEDED.get(kind, 1) > 1:
            second = User.objects.filter(
                username=data.get("second_signer") or "", role__in=STAFF_ROLES
            ).first()
            signers.append(
                services.SignatureIn(
                    second, data.get("second_password") or "", data.get("meaning") or ""
                )
            )
    services.record_event(
        request,
        order,
        kind,
        place=data["place"],
        identifiers={"coi": data.get("coi") or "", "din": data.get("din") or ""},
        fields=fields,
        signers=signers,
        tocilizumab_on_hand=data.get("tocilizumab_on_hand"),
        decision_reason=data.get("decision_reason") or "",
    )


#: Products per tracker page, and custody events shown on a product's page (the newest; the
#: report has them all): pages that stay fast with 1,000 products and 200 events
#: (bench/bench_custody.py).
TRACKER_PAGE = 50
LOG_SHOWN = 50


@login_required
def tracker(request: HttpRequest) -> HttpResponse:
    """Every product in flight at the coordinator's hospitals, by step, with what is late (one
    query whatever the number of products: each order's last event comes by subquery)."""
    access.require_role(request.user, access.Action.BOOK_APHERESIS)
    last = CustodyEvent.objects.filter(order=OuterRef("pk")).order_by("-seq")
    orders = (
        TherapyOrder.objects.filter(
            case__in=access.visible_cases(request.user), status__in=services.ACTIVE
        )
        .select_related("case", "product", "site")
        .annotate(
            last_kind=Subquery(last.values("kind")[:1]), last_at=Subquery(last.values("at")[:1])
        )
        .order_by("apheresis")
    )
    today = timezone.localdate()
    page = Paginator(orders, TRACKER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for order in page:
        late = ""
        if order.last_kind is None and order.apheresis < today:
            late = _("no collection recorded after the apheresis date")
        elif order.last_kind in ("collection", "shipment_out", "receipt_manufacturing") and (
            order.slot_week + dt.timedelta(days=7) < today
        ):
            late = _("manufacturing has not started in its slot week")
        name = rules.NAMES.get(order.last_kind, "") if order.last_kind else ""
        rows.append((order, localize(name, _) if name else "", late))
    return render(request, "custody/tracker.html", {"rows": rows, "page": page})


@login_required
def bedside(request: HttpRequest, case_id: str) -> HttpResponse:
    """The bedside match, tablet-sized: the wristband and the bag are scanned, cartnav checks the
    case, the chain of identity and the bag thawed for this patient, shows the name and the date
    of birth to read aloud, and records the check with both signatures. Any mismatch is a hard
    stop, recorded with who and what; nothing else is written."""
    case = access.page_case(request, case_id, access.Action.RECORD_CUSTODY)
    order = _order_of(case)
    form = BedsideForm()
    stop = ""
    status = 200
    if request.method == "POST" and order is not None:
        form = BedsideForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["wristband"].strip().upper() != case.number.upper():
                    stop = _("The wristband is not this patient's (%(scanned)s): stop.") % {
                        "scanned": data["wristband"]
                    }
                    services.safety(
                        request,
                        order,
                        "bedside_check",
                        stop,
                        {"wristband": data["wristband"], "coi": data["coi"], "din": data["din"]},
                    )
                    raise ServiceError(stop)
                second = User.objects.filter(
                    username=data["second_signer"], role__in=STAFF_ROLES
                ).first()
                services.record_event(
                    request,
                    order,
                    "bedside_check",
                    place=data["place"],
                    identifiers={"coi": data["coi"], "din": data["din"]},
                    signers=[
                        services.SignatureIn(request.user, data["password"], "verified"),
                        services.SignatureIn(second, data["second_password"], "verified"),
                    ],
                )
            except ServiceError as exc:
                stop = str(exc)
                status = 422
            else:
                messages.success(
                    request,
                    _(
                        "The bag is this patient's: the bedside check is recorded. The infusion may start."
                    ),
                )
                return redirect("custody:product", case_id=case.pk)
        else:
            status = 422
    return render(
        request,
        "custody/bedside.html",
        {"case": case, "order": order, "form": form, "stop": stop, "patient": case.patient},
        status=status,
    )


def _pdf(request: HttpRequest, case_id: str, make: Any, name: str) -> HttpResponse:
    """A product's PDF for the hospital's staff, in their language, as a download."""
    case = access.page_case(request, case_id, access.Action.RECORD_CUSTODY)
    order = _order_of(case)
    if order is None:
        raise Http404
    response = HttpResponse(make(order, translation.get_language()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.number}-{name}.pdf"'
    return response


@login_required
def report(request: HttpRequest, case_id: str) -> HttpResponse:
    """The chain-of-custody report: every event, signature, excursion and safety event."""
    from cartnav.custody.pdf import report_pdf

    return _pdf(request, case_id, report_pdf, "custody")


@login_required
def labels(request: HttpRequest, case_id: str) -> HttpResponse:
    """The printable labels (100 x 50 mm): the chain-of-identity label and one per collected
    bag, with Code 128 and DataMatrix codes and the eye-readable identifiers."""
    from cartnav.custody.labels import labels_pdf

    return _pdf(request, case_id, labels_pdf, "labels")

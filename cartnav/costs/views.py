"""The cost estimate on the case: every version for everyone who may see the case, the form for
the hospital's coordinators, acceptance for the patient and proxies, and the bilingual PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cartnav import access
from cartnav.clinical.text import localize
from cartnav.costs import money, pdf, services
from cartnav.costs.forms import LineForm, QuoteForm, line_forms, quotable_products
from cartnav.costs.models import Quote
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError


def _initial(
    case: Case, request: HttpRequest
) -> tuple[dict[str, Any], dict[str, dict[str, Any]], money.Estimate]:
    """The form's starting values: the product the plan names (or the one chosen), the patient's
    currency, and the lines worked out from the plan and the tariff."""
    chosen = request.GET.get("product")
    product = services.plan_product(case)
    if chosen:
        form = QuoteForm({"product": chosen, "currency": "USD", "companions": 0})
        form.is_valid()
        product = form.cleaned_data.get("product", product)
    try:
        companions = max(0, min(10, int(request.GET.get("companions", "0"))))
    except ValueError:
        companions = 0
    estimate = services.suggestion(case, product, companions)
    header = {
        "product": product.slug if product else "",
        "currency": money.currency_for(case.patient.nationality),
        "companions": companions,
    }
    lines = {
        line.kind: {
            "quantity": line.quantity,
            "unit_cny": line.unit_cny or None,
            "description": line.note,
            "source": line.source,
            "as_of": line.as_of,
        }
        for line in estimate.lines
    }
    return header, lines, estimate


@login_required
def quotes(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.page_case(request, case_id)
    may_issue = access.can(request.user, access.Action.ISSUE_QUOTE, case)
    may_accept = access.can(request.user, access.Action.ACCEPT_QUOTE, case)
    status = 200
    form: QuoteForm | None = None
    rows: list[LineForm] = []
    estimate = None
    if request.method == "POST" and request.POST.get("action") == "accept":
        access.page_case(request, case_id, access.Action.ACCEPT_QUOTE)
        quote = Quote.objects.filter(
            case=case, version=_version(request.POST.get("version"))
        ).first()
        if quote is None or request.POST.get("agree") != "yes":
            messages.error(request, _("Tick the box to accept this estimate."))
            return redirect("costs:quotes", case_id=case.pk)
        try:
            services.accept_quote(request, quote)
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("You accepted the estimate. Your coordinator is told."))
        return redirect("costs:quotes", case_id=case.pk)
    if request.method == "POST":
        access.page_case(request, case_id, access.Action.ISSUE_QUOTE)
        form = QuoteForm(request.POST)
        rows = line_forms(request.POST)
        if form.is_valid() and all(row.is_valid() for row in rows):
            try:
                services.issue_quote(
                    request,
                    case,
                    currency=form.cleaned_data["currency"],
                    product=form.cleaned_data["product"],
                    companions=form.cleaned_data["companions"],
                    note=form.cleaned_data["note"],
                    lines=[
                        services.LineIn(
                            row.kind,
                            row.cleaned_data["quantity"],
                            row.cleaned_data["unit_cny"],
                            row.cleaned_data["description"],
                            row.cleaned_data["source"],
                            row.cleaned_data["as_of"],
                        )
                        for row in rows
                        if row.priced
                    ],
                )
            except ServiceError as exc:
                messages.error(request, str(exc))
                status = 422
            else:
                messages.success(request, _("The estimate is sent to the patient."))
                return redirect("costs:quotes", case_id=case.pk)
        else:
            status = 422
    elif may_issue:
        header, initial, estimate = _initial(case, request)
        form = QuoteForm(initial=header)
        rows = line_forms(initial=initial)
    versions = services.quotes_of(case)
    current = versions[0] if versions else None
    product = current.product if current else None
    return render(
        request,
        "costs/quotes.html",
        {
            "case": case,
            "versions": versions,
            "current": current,
            "may_issue": may_issue,
            "may_accept": may_accept
            and current is not None
            and current.status == Quote.Status.OFFERED,
            "form": form,
            "rows": rows,
            "missing": [localize(m, _) for m in estimate.missing] if estimate else [],
            "basis": [localize(b, _) for b in estimate.basis] if estimate else [],
            "comparison": services.comparison(product),
            "schemes": services.refund_schemes(product, case.hospital),
            "products": list(quotable_products()) if form is not None else [],
        },
        status=status,
    )


def _version(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if 0 < number < 2**31 else 0


@login_required
def quote_pdf(request: HttpRequest, case_id: str, version: int) -> HttpResponse:
    case = access.page_case(request, case_id)
    quote = next((q for q in services.quotes_of(case) if q.version == version), None)
    if quote is None:
        raise Http404
    body = pdf.quote_pdf(
        quote,
        comparison=services.comparison(quote.product),
        schemes=services.refund_schemes(quote.product, case.hospital),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{case.number}-estimate-v{version}.pdf"'
    )
    return response

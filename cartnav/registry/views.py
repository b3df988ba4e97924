from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cartnav.core import spreadsheet
from cartnav.registry import services


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    try:
        data = services.overview(request.user)
    except services.NotAnAnalyst as exc:
        raise PermissionDenied from exc
    return render(request, "registry/overview.html", data)


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    try:
        rows = services.export_rows(request, request.user)
    except services.NotAnAnalyst as exc:
        raise PermissionDenied from exc
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cartnav-registry.csv"'
    writer = csv.DictWriter(response, fieldnames=list(services.RegistryRow.__dataclass_fields__))
    writer.writeheader()
    writer.writerows(spreadsheet.row(r) for r in services.as_dicts(rows))
    return response

"""The ward board's rows: one prepared query of plain rows, turned into the table in Python.

Each stay keeps its current grades and the time of each check on its own row
(``services.keep_current``), so the board grades nothing itself. The query is compiled once per
access rule (``core.prepared``). It is also how the board stays within 2x the server time of
the smallest audited read at 100 inpatients (bench/bench_ward.py): rendering 100 rows through
the template engine, with a model instance per stay, case, patient and hospital, cost ten
times that.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cartnav import access
from cartnav.clinical import ward as core
from cartnav.core.html import html_format, html_join
from cartnav.patients.models import Case, display_name
from cartnav.ward.models import WardSettings, WardStay

_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def _rows(cases: QuerySet[Case]) -> QuerySet[Any]:
    return (
        WardStay.objects.filter(case__in=cases.values("pk"), discharged_at__isnull=True)
        .order_by("case__number")
        .values(
            "case_id",
            "infused_at",
            "crs_now",
            "icans_now",
            "graded_at",
            "last_checks",
            number=F("case__number"),
            given_name=F("case__patient__given_name"),
            family_name=F("case__patient__family_name"),
            native_name=F("case__patient__native_name"),
            hospital_id=F("case__hospital_id"),
            zone=F("case__hospital__time_zone"),
        )
        .annotate(open_alerts=Count("alerts", filter=Q(alerts__acknowledged_at__isnull=True)))
    )


_BOARD = access.prepared_by_rule(_rows)


def rows(user: Any, now: dt.datetime) -> list[dict[str, Any]]:
    """The inpatients ``user`` may see, most urgent first: open alerts, then the grades."""
    found = access.run_by_rule(_BOARD, user)
    schedules: dict[Any, Any] = {
        s.hospital_id: core.check_schedule(s.schedule)
        for s in WardSettings.objects.filter(hospital_id__in={r["hospital_id"] for r in found})
    }
    default = core.check_schedule(list(core.DEFAULT_SCHEDULE))
    out = []
    for r in found:
        zone = ZoneInfo(r["zone"])
        local_now = now.astimezone(zone)
        due = core.checks_due_from(
            schedules.get(r["hospital_id"], default), r["last_checks"], r["infused_at"], now
        )
        out.append(
            {
                **r,
                "day": (local_now.date() - r["infused_at"].astimezone(zone).date()).days,
                "overdue": [d.key for d in due if d.overdue],
                "as_of": r["graded_at"].astimezone(zone) if r["graded_at"] else None,
                "name": display_name(r["given_name"], r["family_name"], r["native_name"]),
            }
        )
    out.sort(
        key=lambda x: (-x["open_alerts"], -(x["crs_now"] or 0) - (x["icans_now"] or 0), x["day"])
    )
    return out


def table(rows: list[dict[str, Any]]) -> SafeString:
    """The board's table, as ``ward/_board_table.html`` showed it."""
    checks = {"vitals": _("Vital signs"), "neuro": _("Neurological checks")}
    url = reverse("ward:stay", args=[_PLACEHOLDER])

    def grade(value: int | None) -> str:
        return "?" if value is None else str(value)

    body = html_join(
        "\n",
        '<tr class="inpatient{}" data-case="{}"><td><a href="{}">{}</a></td><td>{}</td>'
        "<td>+{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        '<td class="alerts">{}</td></tr>',
        (
            (
                " has-alert" if r["open_alerts"] else "",
                r["number"],
                url.replace(_PLACEHOLDER, str(r["case_id"])),
                r["number"],
                r["name"],
                r["day"],
                grade(r["crs_now"]),
                grade(r["icans_now"]),
                r["as_of"].strftime("%m-%d %H:%M") if r["as_of"] else "—",
                ", ".join(checks.get(k, k) for k in r["overdue"]) or "—",
                r["open_alerts"],
            )
            for r in rows
        ),
    )
    if not rows:
        body = html_format('<tr><td colspan="8">{}</td></tr>', _("No inpatients."))
    return html_format(
        '<div class="scroll"><table id="board-table"><thead><tr><th>{}</th><th>{}</th>'
        "<th>{}</th><th>CRS</th><th>ICANS</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
        "<tbody>\n{}\n</tbody></table></div>",
        _("Case"),
        _("Patient"),
        _("Day"),
        _("as of"),
        _("Overdue"),
        _("Open alerts"),
        body,
    )

"""cartnav sync-trials [--since YYYY-MM-DD | --full] — bring the trial catalog up to date from the
ClinicalTrials.gov API v2 (cartnav/catalog/ctgov_sync.py says what is fetched and how).

Exit status 0 when every page was fetched and every study imported; 1 with a one-line message
when the registry could not be reached, refused, or some studies did not parse (those are listed,
the others imported)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cartnav.catalog import ctgov_sync


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date such as 2026-03-01") from None


class Command(BaseCommand):
    help = (
        "Fetch CAR-T studies from the ClinicalTrials.gov API v2 and import them into the catalog."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        when = parser.add_mutually_exclusive_group()
        when.add_argument(
            "--since",
            metavar="YYYY-MM-DD",
            help="only studies updated on or after this day (default: since the last successful "
            "sync, everything when there was none)",
        )
        when.add_argument(
            "--full", action="store_true", help="every study, whatever the last sync was"
        )
        parser.add_argument(
            "--rate",
            type=float,
            default=None,
            metavar="N",
            help=f"at most N requests per second (default {settings.CTGOV_RATE:g})",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=None,
            metavar="SECONDS",
            help=f"per request (default {settings.CTGOV_TIMEOUT:g})",
        )
        parser.add_argument(
            "--retries",
            type=int,
            default=None,
            metavar="N",
            help=f"retries of a failed request (default {settings.CTGOV_RETRIES})",
        )
        parser.add_argument(
            "--page-size",
            type=int,
            default=None,
            metavar="N",
            help=f"studies per page, 1 to 1000 (default {settings.CTGOV_PAGE_SIZE})",
        )
        parser.add_argument(
            "--query", default=None, help="the registry search (default: settings.CTGOV_QUERY)"
        )
        parser.add_argument("--quiet", action="store_true", help="no line per page")

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            since = _date(o["since"]) if o["since"] else None
        except ValueError as exc:
            raise CommandError(f"--since: {exc}") from None
        report = ctgov_sync.SyncReport()
        try:
            config = ctgov_sync.Config.from_settings(
                rate=o["rate"],
                timeout=o["timeout"],
                retries=o["retries"],
                page_size=o["page_size"],
                query=o["query"],
            )
            ctgov_sync.sync(
                since=since,
                full=o["full"],
                config=config,
                report=report,
                progress=None if o["quiet"] else self._progress,
                on_retry=(lambda line: None) if o["quiet"] else self._retry,
            )
        except ctgov_sync.SyncError as exc:
            raise CommandError(f"sync-trials: {exc}{self._so_far(report)}") from None
        except KeyboardInterrupt:
            raise CommandError(f"sync-trials: interrupted{self._so_far(report)}") from None
        for note in report.notes:
            self.stderr.write(f"  note: {note}")
        for error in report.refused:
            self.stderr.write(f"  refused {error}")
        self.stdout.write(
            f"{report.studies} studies in {report.pages} pages"
            + (f" updated since {report.since}" if report.since else "")
            + f": {report.counts()}; catalog version {report.version}"
            + ("; marker moved" if report.marker_moved else "; marker not moved")
        )
        if report.refused:
            raise CommandError(
                f"{len(report.refused)} studies were refused; the others were imported."
            )

    def _progress(self, report: ctgov_sync.SyncReport) -> None:
        if report.pages == 1:
            what = (
                f"the studies updated since {report.since}"
                if report.since
                else "every study the search finds"
            )
            self.stderr.write(f"ClinicalTrials.gov: {what}")
        of = f" of {report.total}" if report.total is not None else ""
        self.stderr.write(
            f"  page {report.pages}: {report.studies}{of} studies so far — {report.counts()}"
        )

    def _retry(self, line: str) -> None:
        self.stderr.write(f"  {line}")

    @staticmethod
    def _so_far(report: ctgov_sync.SyncReport) -> str:
        if not report.pages:
            return " (nothing imported; the sync marker was not moved)"
        return (
            f" (after {report.pages} pages, kept: {report.counts()}; the sync marker was not moved)"
        )

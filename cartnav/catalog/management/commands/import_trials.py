"""cartnav import-trials PATH — ClinicalTrials.gov API v2 JSON (a study, a list, a page) or the
monitor's CSV folder. Idempotent (re-import updates, never duplicates), atomic per study."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from cartnav.catalog import services
from cartnav.eligibility.ctgov import StudyFormatError


class Command(BaseCommand):
    help = "Import CAR-T trials from ClinicalTrials.gov API v2 JSON or the shared CSV tables."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **o: Any) -> None:
        path: Path = o["path"]
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        try:
            records = services.read_path(path)
        except (StudyFormatError, ValueError, KeyError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        with tqdm(
            total=len(records), unit="study", disable=o["quiet"], file=self.stderr._out
        ) as bar:
            report = services.import_records(records, bar.update)
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.errors)} refused"
        )
        for error in report.errors:
            self.stderr.write(f"  refused {error}")
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} studies were refused; the others were imported."
            )

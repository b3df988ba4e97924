from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cartnav.audit import services


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain; exit 1 and list every break if it was tampered with."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.verify()
        for warning in result.warnings:
            self.stderr.write(f"  warning: {warning}")
        if result.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Audit trail intact: {result.checked} records verified, "
                    f"{result.checkpoints} checkpoints agree."
                )
            )
            return
        for problem in result.problems:
            self.stderr.write(f"  - {problem}")
        raise CommandError(
            f"Audit trail broken: {len(result.problems)} problem(s) in {result.checked} records."
        )

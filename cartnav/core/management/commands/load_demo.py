from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cartnav.core import demo


class Command(BaseCommand):
    help = "Load the synthetic demo hospitals, staff, patients and cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--extra-cases",
            type=int,
            default=0,
            help="also generate this many synthetic cases (for benchmarks)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (and succeed) when the demo is already loaded",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = demo.load(extra_cases=options["extra_cases"])
        except RuntimeError as exc:
            if options["if_empty"]:
                self.stdout.write("Demo data already loaded.")
                return
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS("Loaded demo: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        )
        self.stdout.write(f"Every demo account's password is: {demo.DEMO_PASSWORD}")

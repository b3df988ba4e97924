"""Load the shipped reference data: products, the seed's hospitals, and (with --shared) the
de-duplicated Chinese trial-site hospitals and the shared trial tables."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from cartnav.catalog import services
from cartnav.costs.services import load_prices


class Command(BaseCommand):
    help = "Load products, hospitals and (optionally) the shared trial data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--trials",
            type=Path,
            default=None,
            help="a data folder with china_cart_trial_sites.csv, ctgov_cart_onc_monitor/ and "
            "ctgov_cart_rheum_monitor/ "
            "(default: the copy shipped in cartnav/catalog/data)",
        )
        parser.add_argument(
            "--no-trials", action="store_true", help="products and seed hospitals only"
        )

    def handle(self, *args: Any, **o: Any) -> None:
        self.stdout.write(f"products: {services.load_products()}")
        self.stdout.write(f"seed hospitals: {services.load_seed_hospitals()}")
        prices, schemes = load_prices()
        self.stdout.write(f"list prices: {prices}, refund schemes: {schemes}")
        if o["no_trials"]:
            return
        shared: Path = o["trials"] or services.SHIPPED
        if shared:
            created = services.load_trial_site_hospitals(shared / "china_cart_trial_sites.csv")
            self.stdout.write(f"trial-site hospitals added: {created}")
            # Oncology and autoimmune CAR-T trials (the same monitor pipeline, two tables).
            for folder in ("ctgov_cart_onc_monitor", "ctgov_cart_rheum_monitor"):
                if (shared / folder / "trials.csv").exists():
                    call_command(
                        "import_trials", str(shared / folder), "--quiet", stdout=self.stdout
                    )

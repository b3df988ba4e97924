"""Print the current second-factor code of a demo account (only with CARTNAV_DEMO=1)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo staff account (demo mode only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **o: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Only available in the demo (CARTNAV_DEMO=1).")
        device = TOTPDevice.objects.filter(
            user__username=o["username"], confirmed=True, name="demo"
        ).first()
        if device is None:
            raise CommandError(f"{o['username']} has no demo authenticator.")
        self.stdout.write(f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}")

"""Create an account with a role (and hospitals for staff); the password is read from the prompt
or from the CARTNAV_NEW_PASSWORD environment variable, never from the command line."""

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from cartnav.accounts.models import Membership, User
from cartnav.accounts.roles import STAFF_ROLES, Role
from cartnav.catalog.models import Hospital


class Command(BaseCommand):
    help = "Create a cartnav account with a role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--hospital",
            action="append",
            default=[],
            help="slug of a hospital the staff member belongs to (repeatable)",
        )
        parser.add_argument("--language", default="en", choices=["en", "zh-hans"])

    def handle(self, *args: Any, **o: Any) -> None:
        if User.objects.filter(username=o["username"]).exists():
            raise CommandError(f"An account named {o['username']!r} already exists.")
        hospitals = list(Hospital.objects.filter(slug__in=o["hospital"]))
        unknown = set(o["hospital"]) - {h.slug for h in hospitals}
        if unknown:
            raise CommandError(f"No hospital with slug: {', '.join(sorted(unknown))}")
        if o["role"] in STAFF_ROLES and not hospitals:
            raise CommandError("Staff must belong to at least one hospital: add --hospital SLUG.")
        password = os.environ.get("CARTNAV_NEW_PASSWORD") or getpass.getpass("Password: ")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            user = User.objects.create_user(
                username=o["username"],
                email=o["email"],
                password=password,
                role=o["role"],
                language=o["language"],
                is_staff=o["role"] == Role.ADMIN,
                is_superuser=o["role"] == Role.ADMIN,
            )
            for hospital in hospitals:
                Membership.objects.create(user=user, hospital=hospital)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {user.username} ({user.get_role_display()}). Staff set up their "
                "authenticator app at first sign-in."
            )
        )

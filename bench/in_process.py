"""What the in-process page benchmarks share: a fresh demo database of their own under var/,
Django set up on it, and a test client signed in past the second factor."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def demo_database(var: Path, extra_cases: int) -> None:
    """Migrate a new SQLite database under ``var``, load the catalog (without trials) and the
    demo with ``extra_cases`` generated cases, then set Django up on it in this process."""
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    env = {**os.environ, "CARTNAV_VAR_DIR": str(var), "CARTNAV_DEMO": "1"}
    env.pop("DATABASE_URL", None)
    for args in (
        ("migrate", "--noinput", "-v0"),
        ("load_catalog", "--no-trials"),
        ("load_demo", "--extra-cases", str(extra_cases)),
    ):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )
    os.environ.update(
        {
            "CARTNAV_VAR_DIR": str(var),
            "CARTNAV_DEMO": "1",
            "DJANGO_SETTINGS_MODULE": "cartnav.settings",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def staff_client(user: Any) -> Any:
    """A test client signed in as ``user``, past the second factor."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="cartnav.accounts.backends.CartnavBackend")
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client

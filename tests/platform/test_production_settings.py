"""Production settings refuse to start unsafely, and pass Django's deployment checklist."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CARTNAV_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PROD = {
    "CARTNAV_ENV": "production",
    "CARTNAV_SECRET_KEY": "x" * 30 + "-a-long-and-random-production-secret-key",
    "CARTNAV_FIELD_KEYS": Fernet.generate_key().decode(),
    "CARTNAV_ALLOWED_HOSTS": "cartnav.example.org",
    "CARTNAV_AUDIT_KEYS": "prod1:" + "s" * 20 + "-an-audit-key-for-the-test-run",
    "CARTNAV_AUDIT_CHECKPOINTS": str(Path(tempfile.gettempdir()) / "cartnav-checkpoints.log"),
}


def test_production_refuses_debug() -> None:
    result = _run({**PROD, "CARTNAV_DEBUG": "1"}, "check")
    assert result.returncode != 0
    assert "CARTNAV_DEBUG must be off" in result.stderr


def test_production_refuses_a_missing_secret() -> None:
    env = {k: v for k, v in PROD.items() if k != "CARTNAV_SECRET_KEY"}
    result = _run(env, "check")
    assert result.returncode != 0
    assert "CARTNAV_SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_under_production_settings() -> None:
    result = _run(PROD, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_password_hasher_is_argon2() -> None:
    from cartnav import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_redis_url_turns_on_cached_sessions_and_nothing_else_does() -> None:
    """Sessions go to the cache only when it is Redis, which every worker shares."""
    show = (
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.SESSION_ENGINE)",
    )
    plain = _run({}, *show)
    redis = _run({"REDIS_URL": "redis://127.0.0.1:6379/15"}, *show)
    assert plain.stdout.strip() == "cartnav.core.sessions.db", plain.stderr
    assert redis.stdout.strip() == "cartnav.core.sessions.cached_db", redis.stderr

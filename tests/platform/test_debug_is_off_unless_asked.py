"""Fail safe: no debug pages unless someone asked for them; production refuses a weak key."""

from __future__ import annotations

from tests.platform.test_production_settings import PROD, _run

SHOW_DEBUG = ("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.DEBUG)")


def test_a_server_started_without_any_configuration_shows_no_tracebacks() -> None:
    result = _run({}, *SHOW_DEBUG)
    assert result.stdout.strip() == "False", result.stderr


def test_debug_is_on_only_when_asked_for() -> None:
    assert _run({"CARTNAV_DEBUG": "1"}, *SHOW_DEBUG).stdout.strip() == "True"


def test_serve_dev_asks_for_debug_and_plain_serve_does_not(monkeypatch: object) -> None:
    import os

    from cartnav import cli

    calls: list[tuple[str, ...]] = []
    env_seen: list[str | None] = []

    def fake_manage(*args: str) -> None:
        calls.append(args)
        env_seen.append(os.environ.get("CARTNAV_DEBUG"))

    monkeypatch.setattr(cli, "_manage", fake_manage)  # type: ignore[attr-defined]
    monkeypatch.delenv("CARTNAV_DEBUG", raising=False)  # type: ignore[attr-defined]
    cli._serve(8123, 1, dev=True)
    assert calls[-1][0] == "runserver" and env_seen[-1] == "1"


def test_production_refuses_a_short_secret_key() -> None:
    for weak in ("short-key", "a" * 60, "django-insecure-" + "x1y2z3" * 10):
        result = _run({**PROD, "CARTNAV_SECRET_KEY": weak}, "check")
        assert result.returncode != 0, weak
        assert "CARTNAV_SECRET_KEY is too weak" in result.stderr

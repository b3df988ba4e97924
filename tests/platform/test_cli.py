from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cartnav import cli
from cartnav.accounts.models import User
from tests.cast import Cast


def test_createuser_makes_staff_with_a_hospital(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARTNAV_NEW_PASSWORD", "a-strong-password-for-tests")
    call_command("cartnav_createuser", "newcoord", "--role", "coordinator", "--hospital", "alpha")
    user = User.objects.get(username="newcoord")
    assert user.role == "coordinator"
    assert [h.slug for h in user.hospitals.all()] == ["alpha"]
    assert user.check_password("a-strong-password-for-tests")


def test_createuser_refuses_staff_without_a_hospital_and_weak_passwords(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARTNAV_NEW_PASSWORD", "a-strong-password-for-tests")
    with pytest.raises(CommandError, match="at least one hospital"):
        call_command("cartnav_createuser", "x", "--role", "nurse")
    monkeypatch.setenv("CARTNAV_NEW_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("cartnav_createuser", "y", "--role", "patient")
    assert not User.objects.filter(username__in=["x", "y"]).exists()


def test_cartnav_audit_verify_reports_through_the_console_entry(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.entry.__name__ == "entry"
    assert cli.main(["audit", "verify"]) == 0
    assert "Audit trail intact" in capsys.readouterr().out


def test_demo_otp_is_refused_outside_the_demo(cast: Cast) -> None:
    with pytest.raises(CommandError, match="Only available in the demo"):
        call_command("demo_otp", "cora")

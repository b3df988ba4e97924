from __future__ import annotations

import json
from pathlib import Path

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


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper"),
        (b'{"x": "' + b"a" * (1024 * 1024) + b'"}', "larger than 1 MB"),
        (b'{"ecog": 1.5}', "ecog: 1.5 is not a whole number"),
        (b'{"prior_car_t_targets": 5}', "prior_car_t_targets"),
    ],
    ids=["not-utf8", "deep", "too-big", "ecog-fraction", "number-for-a-list"],
)
def test_cartnav_screen_refuses_bad_files_in_one_line(
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "profile.json"
    path.write_bytes(content)
    assert cli.main(["screen", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_cartnav_screen_warns_that_an_empty_profile_knows_nothing(
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "profile.json"
    path.write_text("{}")
    assert cli.main(["screen", str(path)]) == 0
    captured = capsys.readouterr()
    assert "no medical facts" in captured.err
    assert json.loads(captured.out)["warnings"]

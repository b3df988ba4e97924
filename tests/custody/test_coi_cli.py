"""`cartnav coi check ID...`: one JSON line per identifier, exit 1 if any is invalid, no Django."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cartnav import cli


def _run(capsys: pytest.CaptureFixture[str], *ids: str) -> tuple[int, list[dict[str, object]]]:
    status = cli.main(["coi", "check", *ids])
    lines = capsys.readouterr().out.splitlines()
    return status, [json.loads(line) for line in lines]


def test_valid_identifiers_print_their_fields_and_exit_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out = _run(capsys, "G123498654321", "=A99981812345683", "&/CHG123498654321")
    assert status == 0
    assert [o["id"] for o in out] == ["G123498654321", "=A99981812345683", "&/CHG123498654321"]
    assert out[0] == {
        "id": "G123498654321",
        "kind": "din",
        "valid": True,
        "fin": "G1234",
        "year": "98",
        "sequence": "654321",
        "check_character": "H",
        "flag": 77,
        "flags_read": None,
        "verified": False,
        "eye_readable": "G1234 98 654321 H",
        "note": out[0]["note"],
    }
    assert out[1]["check_character"] == "N" and out[1]["flag"] == 83 and out[1]["verified"]
    assert out[2]["kind"] == "coi" and out[2]["valid"] is True
    assert out[2]["eye_readable"] == f"CH G1234 98 654321 {out[2]['check_character']}"


def test_any_invalid_identifier_makes_the_exit_status_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out = _run(capsys, "G12349865432177", "G12349865432178", "G12349865432!", "xyz")
    assert status == 1
    assert len(out) == 4
    assert out[0]["valid"] is True
    assert out[1] == {
        "id": "G12349865432178",
        "valid": False,
        "kind": "din",
        "reason": out[1]["reason"],
    }
    assert "flag is 78 but should be 77" in str(out[1]["reason"])
    assert "'!'" in str(out[2]["reason"])
    assert "kind" not in out[3] and out[3]["valid"] is False


def test_coi_check_does_not_set_up_django() -> None:
    code = (
        "import sys; from cartnav import cli; "
        "status = cli.main(['coi', 'check', '=G12349865432177']); "
        "assert 'django' not in sys.modules, 'django imported'; sys.exit(status)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["check_character"] == "H"

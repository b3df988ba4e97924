"""`cartnav grade KIND` reads JSON lines and writes one result per line (pure core, no database)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CARTNAV = Path(sys.executable).with_name("cartnav")


def _grade(kind: str, lines: list[str], *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CARTNAV), "grade", kind, *flags],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_each_line_gets_its_result_and_a_bad_line_its_error() -> None:
    lines = [
        json.dumps(
            {
                "temperature": {"value": 39.5, "unit": "Cel"},
                "fever_masked": False,
                "hypotension": True,
                "vasopressors": 1,
                "vasopressin": False,
                "oxygen_device": "low_flow_nasal_cannula",
                "oxygen_flow": {"value": 3, "unit": "L/min"},
                "death_from_crs": False,
            }
        ),
        json.dumps({"temperature": {"value": 120, "unit": "Cel"}}),
        json.dumps(
            {
                "temperature": {"value": 100.4, "unit": "[degF]"},
                "fever_masked": False,
                "hypotension": False,
                "vasopressors": 0,
                "vasopressin": False,
                "oxygen_device": "room_air",
                "death_from_crs": False,
            }
        ),
    ]
    result = _grade("crs", lines)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("grade") for o in out] == [3, None, 1]
    assert out[1]["error"]["field"] == "temperature"
    assert result.returncode != 0


def test_explain_prints_the_reasoning_for_a_person() -> None:
    line = json.dumps(
        {
            "anc": {"value": 1.5, "unit": "10*9/L"},
            "hemoglobin": {"value": 10.2, "unit": "g/dL"},
            "platelets": {"value": 120, "unit": "10*9/L"},
            "crp": {"value": 2.1, "unit": "mg/dL"},
            "ferritin": {"value": 800, "unit": "ng/mL"},
        }
    )
    result = _grade("hematotox", [line], "--explain")
    assert result.returncode == 0, result.stderr
    assert "CAR-HEMATOTOX" in result.stdout and "Rejeski" in result.stdout


def test_a_disease_outside_large_b_cell_lymphoma_is_warned_about() -> None:
    line = json.dumps({"anc": {"value": 1.2, "unit": "10*9/L"}, "disease": "MM"})
    result = _grade("hematotox", [line, json.dumps({"disease": "myeloma"})])
    out = [json.loads(text) for text in result.stdout.splitlines()]
    assert "validated in relapsed/refractory large B-cell lymphoma" in out[0]["warnings"][0]
    assert out[1]["error"]["field"] == "disease"
    assert result.returncode == 1

"""ICAHT through the public grading contract: ``parse_icaht``, ``cartnav grade icaht`` (JSON lines
on stdin) and ``POST /api/v1/grade/icaht``; arbitrary JSON gives a result or a named refusal."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartnav.clinical.contract import KINDS, IcahtInput, grade, parse_icaht
from cartnav.clinical.units import ClinicalInputError
from tests.cast import Cast

CARTNAV = Path(sys.executable).with_name("cartnav")
INFUSION = date(2027, 1, 10)


def iso(n: int) -> str:
    return (INFUSION + timedelta(days=n)).isoformat()


def anc(n: int, value: float, unit: str = "10*9/L") -> dict[str, Any]:
    return {"at": iso(n), "value": value, "unit": unit}


def payload(low: dict[int, float], last: int = 100, **extra: Any) -> dict[str, Any]:
    """Daily ANC from day 0 to ``last`` (2.0 (10⁹/L) where ``low`` has no value)."""
    return {
        "infusion_date": INFUSION.isoformat(),
        "anc": [anc(n, low.get(n, 2.0)) for n in range(last + 1)],
        **extra,
    }


EXAMPLE = payload(
    dict.fromkeys(range(5, 12), 0.3) | {40: 1.2, 55: 1.0},
    last_follow_up_date=iso(120),
    episode_rule="cumulative",
    late_window_end_day=100,
    gcsf_dates=[iso(2), iso(3)],
)


def test_icaht_is_a_kind():
    assert "icaht" in KINDS


def test_parse_converts_dates_units_and_options():
    parsed = parse_icaht(
        {
            "infusion_date": "2027-01-10",
            "anc": [
                {"at": "2027-01-11", "value": 0.3, "unit": "10*9/L"},
                {"at": "2027-01-11T06:00:00Z", "value": 250, "unit": "/uL"},
                {"at": "2027-01-12T08:30", "value": 0.45, "unit": "10*3/uL"},
            ],
            "death_date": "2027-02-01",
            "episode_rule": "longest",
            "late_window_end_day": 180,
            "gcsf_dates": ["2027-01-12"],
        }
    )
    assert parsed == IcahtInput(
        infusion_date=date(2027, 1, 10),
        anc=(
            (date(2027, 1, 11), 0.3),
            (datetime(2027, 1, 11, 6, 0, tzinfo=UTC), 0.25),
            (datetime(2027, 1, 12, 8, 30), 0.45),
        ),
        death_date=date(2027, 2, 1),
        episode_rule="longest",
        late_window_end_day=180,
        gcsf_dates=(date(2027, 1, 12),),
    )


def test_defaults_when_the_options_are_absent():
    parsed = parse_icaht({})
    assert (parsed.episode_rule, parsed.late_window_end_day, parsed.anc) == ("cumulative", 100, ())
    result = grade("icaht", {})
    assert (result.grade, result.missing) == (None, ("infusion_date", "anc"))


def test_the_contract_example_grades_early_and_late():
    result = grade("icaht", EXAMPLE)
    body = result.to_dict()
    assert (body["grade"], body["early_grade"], body["late_grade"]) == (2, 2, 2)
    assert (body["d500"], body["d100"], body["at_least"], body["episode_rule"]) == (
        7,
        0,
        False,
        "cumulative",
    )
    assert body["missing"] == []
    assert body["input"]["anc"][0] == {"at": "2027-01-10", "value": 2.0, "unit": "10*9/L"}
    assert body["input"]["gcsf_dates"] == ["2027-01-12", "2027-01-13"]


def test_per_microlitre_counts_are_compared_at_the_threshold():
    at_500 = payload(dict.fromkeys((), 0.0), last_follow_up_date=iso(120))
    for n in range(5, 12):
        at_500["anc"][n] = anc(n, 500, "/uL")
    assert grade("icaht", at_500).d500 == 7
    for n in range(5, 12):
        at_500["anc"][n] = anc(n, 501, "/uL")
    assert grade("icaht", at_500).d500 == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"infusion_date": "10/01/2027"}, "infusion_date"),
        ({"infusion_date": "2027-02-30"}, "infusion_date"),
        ({"infusion_date": "20270110"}, "infusion_date"),
        ({"infusion_date": 20270110}, "infusion_date"),
        ({"death_date": "2027-01-10T10:00:00"}, "death_date"),
        ({"anc": {"at": "2027-01-11"}}, "anc"),
        ({"anc": "0.3"}, "anc"),
        ({"anc": [["2027-01-11", 0.3]]}, "anc[0]"),
        ({"anc": [{"value": 0.3, "unit": "10*9/L"}]}, "anc[0].at"),
        ({"anc": [{"at": "yesterday", "value": 0.3, "unit": "10*9/L"}]}, "anc[0].at"),
        ({"anc": [{"at": "2027-01-11T25:00", "value": 0.3, "unit": "10*9/L"}]}, "anc[0].at"),
        ({"anc": [anc(1, 0.3), {"at": iso(2), "value": 0.3, "unit": "cells"}]}, "anc[1].unit"),
        ({"anc": [anc(1, 0.3), anc(2, -1)]}, "anc[1].value"),
        ({"anc": [anc(1, 0.3), anc(2, 10**400)]}, "anc[1].value"),
        ({"anc": [{"at": iso(1), "value": "0.3", "unit": "10*9/L"}]}, "anc[0].value"),
        ({"anc": [{**anc(1, 0.3), "method": "manual"}]}, "anc[0].method"),
        ({"anc": [anc(-31, 1.0)]}, "anc[0].at"),
        ({"anc": [anc(1, 1.0)], "death_date": iso(0)}, "anc[0].at"),
        ({"next_therapy_date": iso(-2)}, "next_therapy_date"),
        ({"episode_rule": "max"}, "episode_rule"),
        ({"late_window_end_day": 20}, "late_window_end_day"),
        ({"late_window_end_day": "100"}, "late_window_end_day"),
        ({"gcsf_dates": "2027-01-12"}, "gcsf_dates"),
        ({"gcsf_dates": [iso(2), None]}, "gcsf_dates[1]"),
        ({"gcsf_dates": [iso(2), iso(2)]}, "gcsf_dates[1]"),
        ({"platelets": [anc(1, 0.3)]}, "platelets"),
    ],
)
def test_bad_input_is_refused_naming_the_field(body, field):
    with pytest.raises(ClinicalInputError) as caught:
        grade("icaht", {"infusion_date": INFUSION.isoformat(), **body})
    assert caught.value.field == field


def test_the_series_is_bounded():
    body = {"infusion_date": "2027-01-10", "anc": [anc(n % 300, 1.0) for n in range(2001)]}
    with pytest.raises(ClinicalInputError) as caught:
        parse_icaht(body)
    assert caught.value.field == "anc"
    assert "at most 2000" in caught.value.message
    body["anc"] = body["anc"][:2000]
    assert grade("icaht", body).grade == 0


# --- the CLI ----------------------------------------------------------------------------------


def _grade_cli(lines: list[str], *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CARTNAV), "grade", "icaht", *flags],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_cli_grades_each_line_and_names_a_refused_field():
    lines = [
        json.dumps(EXAMPLE),
        json.dumps({"infusion_date": "2027-01-10", "anc": [anc(1, 0.3, "kg")]}),
        json.dumps(payload(dict.fromkeys(range(2, 17), 0.3), last=16, death_date=iso(16))),
    ]
    result = _grade_cli(lines)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("grade") for o in out] == [2, None, 4]
    assert out[0]["late_grade"] == 2
    assert out[1] == {
        "kind": "icaht",
        "error": {"field": "anc[0].unit", "message": out[1]["error"]["message"]},
    }
    assert "10*9/L, 10*3/uL, /uL" in out[1]["error"]["message"]
    assert any("never-recovered" in b["criterion"] for b in out[2]["basis"])
    assert result.returncode == 1


def test_the_cli_explains_icaht():
    result = _grade_cli([json.dumps(EXAMPLE)], "--explain")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "ICAHT (EHA/EBMT 2023): early grade 2, late grade 2"
    assert "  d500: 7" in result.stdout


# --- the API ----------------------------------------------------------------------------------


def test_the_api_grades_icaht(cast: Cast) -> None:
    response = cast.client("nils").post(
        "/api/v1/grade/icaht", json.dumps(EXAMPLE), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["kind"] == "icaht"
    assert (body["grade"], body["late_grade"], body["d500"], body["at_least"]) == (2, 2, 7, False)
    assert body["basis"] and all(b["source"] for b in body["basis"])


def test_the_api_refuses_a_bad_date_naming_the_field(cast: Cast) -> None:
    response = cast.client("nils").post(
        "/api/v1/grade/icaht",
        json.dumps({"infusion_date": "2027-01-10", "anc": [anc(-40, 1.0)]}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["field"] == "anc[0].at"


# --- arbitrary JSON: a result or a named refusal, never another exception ------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "",
            "2027-01-10",
            "2027-01-40",
            "1800-01-01",
            "9999-12-31",
            "2027-01-11T06:00:00Z",
            "10*9/L",
            "/uL",
            "10*3/uL",
            "cumulative",
            "longest",
        ]
    )
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = [
    "infusion_date",
    "anc",
    "progression_date",
    "next_therapy_date",
    "death_date",
    "last_follow_up_date",
    "episode_rule",
    "late_window_end_day",
    "gcsf_dates",
    "at",
    "value",
    "unit",
]
DATES = st.dates(min_value=date(1890, 1, 1), max_value=date(2210, 12, 31)).map(date.isoformat)
NEAR_VALID = st.fixed_dictionaries(
    {"infusion_date": st.just("2027-01-10") | DATES},
    optional={
        "anc": st.lists(
            st.fixed_dictionaries(
                {
                    "at": st.integers(-40, 400).map(iso) | DATES | JSON,
                    "value": st.floats(-1, 3000) | st.integers(-5, 10**6) | JSON,
                    "unit": st.sampled_from(["10*9/L", "10*3/uL", "/uL", "g/L"]),
                }
            ),
            max_size=60,
        ),
        "progression_date": st.integers(-5, 200).map(iso) | JSON,
        "next_therapy_date": st.integers(-5, 200).map(iso),
        "death_date": st.integers(-5, 200).map(iso),
        "last_follow_up_date": st.integers(-5, 400).map(iso) | DATES,
        "episode_rule": st.sampled_from(["cumulative", "longest", "other"]) | JSON,
        "late_window_end_day": st.integers(0, 500) | JSON,
        "gcsf_dates": st.lists(st.integers(-40, 60).map(iso), max_size=5) | JSON,
    },
)
FAST = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _result_or_named_refusal(data: Any) -> None:
    try:
        result = grade("icaht", data) if isinstance(data, dict) else parse_icaht(data)
    except ClinicalInputError as exc:
        assert exc.field is not None and exc.message  # a field named "" is named ""
        return
    if isinstance(data, dict):
        body = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
        assert body["kind"] == "icaht"
        assert body["grade"] in (None, 0, 1, 2, 3, 4)
        assert body["late_grade"] in (None, 0, 1, 2, 3, 4)


@FAST
@given(st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=8) | JSON)
def test_arbitrary_json_gives_a_result_or_a_named_refusal(data: Any) -> None:
    _result_or_named_refusal(data)


@FAST
@given(NEAR_VALID)
def test_near_valid_payloads_give_a_result_or_a_named_refusal(data: Any) -> None:
    _result_or_named_refusal(data)

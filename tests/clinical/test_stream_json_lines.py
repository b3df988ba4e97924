"""``run_stream``: one JSON result per line, refusals in place, a non-zero status at the end."""

import io
import json

from cartnav.clinical import run_stream

GOOD = json.dumps(
    {
        "temperature": {"value": 39.5, "unit": "Cel"},
        "fever_masked": False,
        "hypotension": True,
        "vasopressors": 1,
        "vasopressin": False,
        "oxygen_device": "low_flow_nasal_cannula",
        "oxygen_flow": {"value": 2, "unit": "L/min"},
        "death_from_crs": False,
    }
)


def run(kind, lines, explain=False):
    out = io.StringIO()
    status = run_stream(kind, lines, out, explain=explain)
    return status, out.getvalue()


def test_it_writes_one_result_per_line():
    status, text = run("crs", [GOOD + "\n", "\n", GOOD + "\n"])
    rows = [json.loads(line) for line in text.splitlines()]
    assert status == 0
    assert [r["grade"] for r in rows] == [3, 3]


def test_an_input_error_is_reported_in_place_and_the_stream_goes_on():
    bad = json.dumps({"temperature": {"value": 39.5, "unit": "K"}})
    status, text = run("crs", [GOOD, bad, "{not json", "[1]", GOOD])
    rows = [json.loads(line) for line in text.splitlines()]
    assert status == 1
    assert rows[0]["grade"] == 3
    assert rows[1] == {
        "kind": "crs",
        "error": {
            "field": "temperature",
            "message": (
                "temperature: unit 'K' is not accepted for temperature; accepted UCUM codes: Cel, "
                "[degF] — check the unit."
            ),
        },
    }
    assert rows[2]["error"]["field"] is None
    assert rows[2]["error"]["message"].startswith("not valid JSON")
    assert rows[3]["error"]["message"] == "each line must be one JSON object."
    assert rows[4]["grade"] == 3


def test_explain_prints_the_explanation():
    status, text = run("crs", [GOOD], explain=True)
    assert status == 0
    assert text.startswith("Cytokine release syndrome (ASTCT 2019): grade 3\nBasis:\n")
    assert "Reference for trained clinicians; it is not an order." in text


def test_an_unknown_kind_fails_at_once():
    status, text = run("sofa", [GOOD])
    assert status == 2
    assert json.loads(text)["error"]["field"] == "kind"

"""Changes of one case are applied one after the other: the same move sent ten times at once
is applied once, and under concurrent moves every history row names the stage really before it
(before the fix: 5 of 10 and 51 of 58 wrong)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from cartnav.patients.models import Case
from tests.cast import build_cast
from tests.platform import concurrency

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def outcome(tmp_path: Path, transactional_db: None) -> dict[str, Any]:
    if connection.vendor == "sqlite":
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        done = subprocess.run(
            [sys.executable, "-m", "tests.platform.concurrency", str(tmp_path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])
    cast = build_cast()
    return concurrency.scenarios(cast.ana_case.pk, cast.users["cora"])


def test_the_same_move_sent_ten_times_at_once_is_applied_once(outcome: dict[str, Any]) -> None:
    assert outcome["same_applied"] == 1, outcome
    assert outcome["same_refused"] == ["The case is already at this stage."] * 9


def test_every_history_row_names_the_stage_before_it(outcome: dict[str, Any]) -> None:
    history = outcome["history"]
    assert len(history) > 2
    for before, after in itertools.pairwise(history):
        assert after[0] == before[1], history
    assert outcome["final"] == history[-1][1]


def test_the_audit_chain_stays_whole_under_concurrent_writers(outcome: dict[str, Any]) -> None:
    """Thirty simultaneous changes, each applied one appending to the trail: no fork, no gap."""
    assert outcome["audit_problems"] == []
    assert outcome["audit_checked"] >= len(outcome["history"])


@pytest.mark.django_db
def test_a_move_from_a_stale_page_changes_nothing() -> None:
    cast = build_cast()
    client = cast.client("cora")
    url = f"/cases/{cast.ana_case.pk}/stage/"
    client.post(url, {"to_stage": "screening", "reason": "a", "from_stage": "inquiry"})
    stale = client.post(
        url, {"to_stage": "declined", "reason": "b", "from_stage": "inquiry"}, follow=True
    )
    assert "since you looked" in stale.content.decode()
    assert Case.objects.get(pk=cast.ana_case.pk).stage == "screening"

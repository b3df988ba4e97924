"""Concurrent changes of one case, for tests/platform/test_stage_changes_are_serialised.py.

The scenarios run in threads, each with its own database connection, as a server's threads do.
On PostgreSQL they run inside the test process. On SQLite they need a database file: the test
suite's in-memory database (SQLite's shared cache) locks whole tables and answers "table is
locked" at once instead of queueing, which no deployment does — so ``python -m
tests.platform.concurrency DIR`` migrates a file database under DIR, runs the scenarios there
and prints their outcome as JSON.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released together; each result, or the exception raised."""
    from django.db import connections

    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        start.wait()
        try:
            return call()
        except Exception as exc:
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def scenarios(case_id: Any, by: Any) -> dict[str, Any]:
    """The same move ten times at once; then twenty different moves at once."""
    from cartnav.patients import services
    from cartnav.patients.models import Case, StageChange

    def move(stage: str) -> Callable[[], Any]:
        return lambda: services.change_stage(None, Case.objects.get(pk=case_id), stage, "x", by=by)

    same = at_once([move("screening") for _ in range(10)])
    stages = ["records_review", "accepted", "visa_travel", "pre_treatment", "screening"] * 4
    at_once([move(s) for s in stages])
    history = list(StageChange.objects.filter(case_id=case_id).order_by("at", "id"))
    from cartnav.audit import services as audit

    trail = audit.verify()
    return {
        "audit_problems": trail.problems,
        "audit_checked": trail.checked,
        "same_applied": sum(isinstance(r, StageChange) for r in same),
        "same_refused": [str(r) for r in same if not isinstance(r, StageChange)],
        "history": [[h.from_stage, h.to_stage] for h in history],
        "final": Case.objects.get(pk=case_id).stage,
    }


def main(directory: str) -> None:
    os.environ["CARTNAV_VAR_DIR"] = directory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cartnav.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests.cast import build_cast

    cast = build_cast()
    print(json.dumps(scenarios(cast.ana_case.pk, cast.users["cora"])))


if __name__ == "__main__":
    main(sys.argv[1])

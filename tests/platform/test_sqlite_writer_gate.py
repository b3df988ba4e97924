"""SQLite writers queue on the writer gate: one at a time, the gate always given back."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db.utils import ConnectionHandler, IntegrityError, OperationalError

from cartnav.core.sqlite.gate import WriterGate, gate_for


def test_threads_write_one_at_a_time(tmp_path: Path) -> None:
    gate = WriterGate(tmp_path / "db.writer-lock")
    inside, overlaps, done = [0], [0], []

    def writer(n: int) -> None:
        for _ in range(20):
            gate.acquire(timeout=5)
            try:
                inside[0] += 1
                overlaps[0] += inside[0] > 1
                time.sleep(0.0005)
                inside[0] -= 1
            finally:
                gate.release()
        done.append(n)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(done) == list(range(6))
    assert overlaps[0] == 0


def _hold(path: str, seconds: float, held: multiprocessing.Event) -> None:
    gate = WriterGate(Path(path))
    gate.acquire(timeout=5)
    held.set()
    time.sleep(seconds)
    gate.release()


def test_another_process_waits_its_turn_and_a_long_wait_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.writer-lock"
    held = multiprocessing.get_context("fork").Event()
    other = multiprocessing.get_context("fork").Process(target=_hold, args=(str(path), 0.6, held))
    other.start()
    try:
        assert held.wait(5)
        gate = WriterGate(path)
        with pytest.raises(OperationalError, match="database is locked"):
            gate.acquire(timeout=0.1)
        started = time.monotonic()
        gate.acquire(timeout=5)  # granted as soon as the other process lets go
        waited = time.monotonic() - started
        gate.release()
        assert 0.2 < waited < 3
    finally:
        other.join(5)


def test_one_gate_per_database_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert gate_for(a) is gate_for(a)
    assert gate_for(a) is not gate_for(b)
    assert gate_for(a).path.name == "a.sqlite3.writer-lock"


@pytest.fixture
def file_database(tmp_path: Path, django_db_blocker: Any) -> Iterator[Any]:
    """A connection of cartnav's backend to a database file of its own (not the test database)."""
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "cartnav.core.sqlite",
                "NAME": str(tmp_path / "gate.sqlite3"),
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 2},
            }
        }
    )
    with django_db_blocker.unblock():
        connection = handler["default"]
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)")
        yield connection
        handler.close_all()


def _write(connection: Any, value: str) -> None:
    """What ``transaction.atomic()`` does on this connection: begin, insert, commit/rollback."""
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        assert connection._holding
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO t (v) VALUES (%s)", [value])
        connection.commit()
    except IntegrityError:
        connection.rollback()
        raise
    finally:
        connection.set_autocommit(True)


def test_the_gate_is_given_back_after_commit_and_rollback(file_database: Any) -> None:
    gate = gate_for(Path(file_database.settings_dict["NAME"]))
    _write(file_database, "a")
    assert not file_database._holding
    with pytest.raises(IntegrityError):
        _write(file_database, "a")  # a duplicate: rolled back
    assert not file_database._holding
    gate.acquire(timeout=0.1)  # free again
    gate.release()
    with file_database.cursor() as cursor:
        cursor.execute("SELECT v FROM t")
        assert cursor.fetchall() == [("a",)]


def test_the_gate_is_given_back_when_the_connection_closes_mid_transaction(
    file_database: Any,
) -> None:
    gate = gate_for(Path(file_database.settings_dict["NAME"]))
    file_database.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    assert file_database._holding
    file_database.close()
    assert not file_database._holding
    gate.acquire(timeout=0.1)
    gate.release()


def _child_writes(path: str, done: Any) -> None:
    gate = gate_for(Path(path))
    gate.acquire(timeout=2)
    gate.release()
    done.set()


def test_a_child_forked_while_a_thread_holds_the_gate_can_still_write(tmp_path: Path) -> None:
    database = tmp_path / "fork.sqlite3"
    gate = gate_for(database)
    holding, release = threading.Event(), threading.Event()

    def holder() -> None:
        gate.acquire(timeout=2)
        holding.set()
        release.wait(5)
        gate.release()

    thread = threading.Thread(target=holder)
    thread.start()
    assert holding.wait(5)
    context = multiprocessing.get_context("fork")
    done = context.Event()
    child = context.Process(target=_child_writes, args=(str(database), done))
    child.start()
    # The parent's holder still has the file lock, so the child waits for it; once the holder
    # lets go the child gets its turn (its own thread lock is not the parent's, taken).
    release.set()
    thread.join(5)
    child.join(10)
    assert done.is_set() and child.exitcode == 0

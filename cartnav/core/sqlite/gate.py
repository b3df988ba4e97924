"""One writer at a time, handed over at once: a queue for SQLite's single write lock.

SQLite lets one connection write at a time. A connection that finds the write lock taken waits in
SQLite's busy handler, which sleeps 1, 2, 5, 10 … up to 100 ms between tries and checks nothing
in between; under load (every page appends an audit record) that made the median append wait
2.6 ms, the 95th percentile 25 ms and the worst 150 ms (bench/bench_pages.py, 20 clients).

:class:`WriterGate` makes writers queue instead: threads of one process on a ``threading.Lock``
(woken as soon as it is released), processes on an ``flock`` of a file beside the database
(polled every 0.2 ms at most, so the next writer starts within a fraction of a millisecond).
Only then does the connection send ``BEGIN IMMEDIATE``, which therefore almost never waits.
A writer that cannot get through within the database's ``timeout`` gets the same error SQLite
would give ("database is locked"), and nothing is written.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

from django.db.utils import OperationalError

_POLL_SECONDS = (0.00005, 0.0001, 0.0002)  # back-off between tries of the file lock, then 0.2 ms


class WriterGate:
    """The write queue of one database file, shared by every connection of this process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._threads = threading.Lock()
        self._fd: int | None = None
        self._pid = 0

    def acquire(self, timeout: float) -> None:
        """Wait for our turn to write, at most ``timeout`` seconds; raise OperationalError then."""
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=timeout):
            raise OperationalError("database is locked (waited for another writer of this process)")
        try:
            self._lock_file(deadline)
        except BaseException:
            self._threads.release()
            raise

    def release(self) -> None:
        """Let the next writer in (call once per successful :meth:`acquire`)."""
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def _lock_file(self, deadline: float) -> None:
        fd = self._file()
        tries = 0
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OperationalError(
                        "database is locked (waited for another process's writer)"
                    ) from None
                time.sleep(_POLL_SECONDS[min(tries, len(_POLL_SECONDS) - 1)])
                tries += 1

    def _file(self) -> int:
        # One descriptor per process: a forked server worker must not share its parent's lock.
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd

    def _forget_parent(self) -> None:
        """In a forked child: the parent's lock state and descriptor are not ours."""
        self._threads = threading.Lock()
        self._fd, self._pid = None, 0


_gates: dict[Path, WriterGate] = {}
_gates_lock = threading.Lock()


def _after_fork_in_child() -> None:
    # A fork taken while another thread of the parent held a gate would leave the child with a
    # lock nobody will release (the holder does not exist in the child), so every gate starts
    # afresh there.
    global _gates_lock
    _gates_lock = threading.Lock()
    for gate in _gates.values():
        gate._forget_parent()


os.register_at_fork(after_in_child=_after_fork_in_child)


def gate_for(database: Path) -> WriterGate:
    """The gate of ``database`` (its lock file is ``<database>.writer-lock``)."""
    key = database.resolve()
    with _gates_lock:
        if key not in _gates:
            _gates[key] = WriterGate(key.with_name(key.name + ".writer-lock"))
        return _gates[key]

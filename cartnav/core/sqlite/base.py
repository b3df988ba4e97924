"""Django's SQLite backend, taking a :class:`~cartnav.core.sqlite.gate.WriterGate` turn before
each transaction and giving it back at commit, rollback or close.

Every ``transaction.atomic()`` block begins ``BEGIN IMMEDIATE`` (settings: ``transaction_mode``),
so every transaction is a writer; in-memory databases (the test database) have one connection per
process and skip the gate.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base

from cartnav.core.sqlite.gate import WriterGate, gate_for

#: The database file and its write-ahead log hold health data: only the server's user reads them.
FILE_MODE = 0o600


def _private(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.writer-lock")):
        try:
            if name.exists() and name.stat().st_mode & 0o777 != FILE_MODE:
                name.chmod(FILE_MODE)
        except OSError as exc:  # another user's file: say so, and leave it to the operator
            logging.getLogger("cartnav.db").warning("cannot make %s private (0600): %s", name, exc)


class DatabaseWrapper(base.DatabaseWrapper):
    _gate: WriterGate | None = None
    _holding = False

    def get_new_connection(self, conn_params: Any) -> Any:
        """Open the connection, then make sure the files are not world-readable (SQLite creates
        them with the process's umask, 0644 by default)."""
        connection = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            _private(Path(self.settings_dict["NAME"]))
        return connection

    def _writer_gate(self) -> WriterGate | None:
        if self._gate is None and not self.is_in_memory_db():
            self._gate = gate_for(Path(self.settings_dict["NAME"]))
        return self._gate

    def _start_transaction_under_autocommit(self) -> None:
        gate = self._writer_gate()
        if gate is not None and not self._holding:
            gate.acquire(timeout=float(self.settings_dict["OPTIONS"].get("timeout", 5)))
            self._holding = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._give_back()
            raise

    def _give_back(self) -> None:
        if self._holding and self._gate is not None:
            self._holding = False
            self._gate.release()

    def _commit(self) -> Any:
        try:
            return super()._commit()
        finally:
            self._give_back()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()
        finally:
            self._give_back()

    def _close(self) -> Any:
        try:
            return super()._close()
        finally:
            self._give_back()

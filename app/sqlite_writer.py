"""One writer at a time per SQLite database in this process, queued on a mutex.

SQLite lets one connection write at a time. A second writer waits in SQLite's busy
handler, which sleeps 1, 2, 5, 10 ... ms between attempts, while the writer holding the
lock may itself be waiting for the GIL behind the threads that want it: under sixteen
concurrent assessments the tail grew to seconds. Here a connection takes a per-database
mutex at its first writing statement and gives it back after its commit or rollback, so
the next writer in this process starts the moment the lock is free. Other processes on
the same file still meet SQLite's own lock, as before.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from typing import Any

# The statements that make SQLite take its write lock; reads and PRAGMAs do not.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_for(database: str) -> threading.Lock | None:
    if database in ("", ":memory:") or "mode=memory" in database:
        return None  # private to its connection: nobody to queue behind
    with _locks_guard:
        return _locks.setdefault(os.path.realpath(database), threading.Lock())


class QueuedWriterConnection(sqlite3.Connection):
    """A sqlite3 connection that holds its database's process mutex while it writes.

    Give it as `sqlite3.connect(..., factory=QueuedWriterConnection)`.
    """

    def __init__(self, database: str, *args: Any, timeout: float = 5.0, **kwargs: Any) -> None:
        super().__init__(database, *args, timeout=timeout, **kwargs)
        self._writer_lock = _lock_for(str(database))
        self._lock_timeout = timeout
        self._writing = False

    def cursor(self, factory: Any = None) -> sqlite3.Cursor:  # type: ignore[override]
        return super().cursor(factory or _QueuedWriterCursor)

    # The shortcuts do not go through cursor() on their own.
    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> sqlite3.Cursor:
        return self.cursor().executemany(sql, seq_of_parameters)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._end_write()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._end_write()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._end_write()

    def _begin_write(self, statement: str) -> None:
        if (self._writing or self._writer_lock is None
                or not statement.lstrip()[:7].upper().startswith(_WRITES)):
            return
        if not self._writer_lock.acquire(timeout=self._lock_timeout):
            # What SQLite itself says when its busy timeout runs out.
            raise sqlite3.OperationalError("database is locked")
        self._writing = True

    def _end_write(self) -> None:
        if self._writing and self._writer_lock is not None:
            self._writing = False
            self._writer_lock.release()


class _QueuedWriterCursor(sqlite3.Cursor):
    connection: QueuedWriterConnection

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        self.connection._begin_write(sql)
        return super().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> sqlite3.Cursor:
        self.connection._begin_write(sql)
        return super().executemany(sql, seq_of_parameters)

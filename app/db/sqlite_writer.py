"""One writer at a time per SQLite database, queued on a lock that every process shares.

SQLite lets one connection write at a time. A second writer waits in SQLite's busy
handler, which sleeps 1, 2, 5, 10 ... 100 ms between attempts, while the writer holding the
lock may itself be waiting for the GIL behind the threads that want it: under sixteen
concurrent assessments on two worker processes the tail grew to seconds. Here a
connection joins a queue at its first writing statement and leaves it after its commit or
rollback, so the next writer starts the moment the lock is free:

- in this process, on a mutex (a waiting thread sleeps until it is released);
- between processes, on an advisory `flock` of a file beside the database
  (`<database>-writer.lock`), polled every few dozen microseconds up to a millisecond.

The WAL checkpointer (`app.db.engine.wal_checkpointer`) copies the bulk of the WAL back beside
the writers, then joins the same queue to copy the rest while no one writes: only a WAL
copied back to its last frame lets the next writer start it from the beginning again.
Without that, under steady writes the WAL grew by 10-20 MB a second and never shrank.

SQLite syncs the database file only after a pass that copied the WAL to its last frame,
which under steady writes is the pass in the writers' turn: that one sync then wrote out
every page the bulk pass had copied, scattered over the file (12-30 ms on a 1M-call
database), while every writer waited. So the checkpointer syncs the file itself after the
bulk pass, beside the writers, and the pass in their turn syncs only the pages it copied.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Self

# The statements that make SQLite take its write lock; reads and PRAGMAs do not.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
_FIRST_POLL_S = 0.00005
_LONGEST_POLL_S = 0.001


class WriterQueue:
    """The writers of one database file: a mutex in this process, a file lock between them."""

    def __init__(self, database_path: str) -> None:
        self.database_path = database_path
        self.lock_path = f"{database_path}-writer.lock"
        self._mutex = threading.Lock()
        self._fd: int | None = None
        self._sync_guard = threading.Lock()
        self._database_fd: int | None = None  # kept open for the process's life (sync_database)

    def acquire(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the database's write turn; False if it never came."""
        deadline = time.monotonic() + timeout
        if not self._mutex.acquire(timeout=max(timeout, 0)):
            return False
        try:
            if self._fd is None:
                self._fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            pause = _FIRST_POLL_S
            while True:
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        break
                time.sleep(pause)
                pause = min(pause * 2, _LONGEST_POLL_S)
        except BaseException:
            self._mutex.release()
            raise
        self._mutex.release()
        return False

    def release(self) -> None:
        assert self._fd is not None
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._mutex.release()

    def sync_database(self) -> None:
        """Write the database file's pages out to disk, as SQLite's own sync does (fdatasync:
        the data and the file's size); it takes no lock and never waits for a writer.

        The file is opened once and never closed: closing any descriptor of a file drops
        every POSIX lock this process holds on it, SQLite's included. Another process's
        connection would then take the file as unused when it closes and delete the WAL
        under everyone's feet ('disk I/O error'; seen once, in the benchmark). A file put in
        the database's place (restored from a backup) gets a descriptor of its own, and the
        old one stays open for the same reason."""
        with self._sync_guard:
            inode = os.stat(self.database_path).st_ino
            if self._database_fd is None or os.fstat(self._database_fd).st_ino != inode:
                self._database_fd = os.open(self.database_path, os.O_RDONLY)
            descriptor = self._database_fd
        os.fdatasync(descriptor)

    @contextmanager
    def turn(self, timeout: float) -> Iterator[None]:
        """Hold the write turn for a block; SQLite's own 'database is locked' on timeout."""
        if not self.acquire(timeout):
            raise sqlite3.OperationalError("database is locked")
        try:
            yield
        finally:
            self.release()


_queues: dict[tuple[int, str], WriterQueue] = {}
_queues_guard = threading.Lock()


def writer_queue(database: str) -> WriterQueue | None:
    """The queue of a database file in this process; None for a private in-memory database."""
    if database in ("", ":memory:") or "mode=memory" in database:
        return None  # private to its connection: nobody to queue behind
    path = os.path.realpath(database.removeprefix("file:").split("?", 1)[0])
    with _queues_guard:
        # Keyed by process too: a forked child must not share its parent's lock or file.
        return _queues.setdefault((os.getpid(), path), WriterQueue(path))


class QueuedWriterConnection(sqlite3.Connection):
    """A sqlite3 connection that holds its database's write turn while it writes.

    Give it as `sqlite3.connect(..., factory=QueuedWriterConnection)`.
    """

    def __init__(self, database: str, timeout: float = 5.0, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, timeout, *args, **kwargs)
        self._queue = writer_queue(str(database))
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

    def checkpoint(self, timeout: float) -> tuple[int, int, int]:
        """Copy the WAL back into the database; (busy, frames in the WAL, frames copied), as
        SQLite reports them. PASSIVE, so it never waits on a reader. The bulk is copied
        beside the writers and written out to disk; what they added meanwhile, in their
        turn, so that it is all copied and the next writer starts the WAL from the beginning."""
        if self._queue is None:
            return (0, 0, 0)
        super().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        self._queue.sync_database()  # what the bulk pass copied, written out beside the writers
        with self._queue.turn(timeout):
            row = super().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()[0]
        return row[0], row[1], row[2]

    def _begin_write(self, statement: str) -> None:
        if (self._writing or self._queue is None
                or not statement.lstrip()[:7].upper().startswith(_WRITES)):
            return
        if not self._queue.acquire(self._lock_timeout):
            # What SQLite itself says when its busy timeout runs out.
            raise sqlite3.OperationalError("database is locked")
        self._writing = True

    def _end_write(self) -> None:
        if self._writing and self._queue is not None:
            self._writing = False
            self._queue.release()


class _QueuedWriterCursor(sqlite3.Cursor):
    connection: QueuedWriterConnection

    def execute(self, sql: str, parameters: Any = (), /) -> Self:
        self.connection._begin_write(sql)
        return super().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> Self:
        self.connection._begin_write(sql)
        return super().executemany(sql, seq_of_parameters)

"""SQLite under concurrent writers: queued within and between processes, the WAL checkpointed
off the request path and kept from growing."""

import multiprocessing
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.db.engine import ensure_sqlite_folder, make_engine, wal_checkpointer
from app.db.sqlite_writer import QueuedWriterConnection, writer_queue
from app.periodic import Periodic
from tests.waiting import eventually


def _database(tmp_path: Path) -> str:
    path = tmp_path / "writes.db"
    # Closed here, not whenever the collector gets to it: a file moved elsewhere while a
    # connection of this process still has it open confuses SQLite's record of open files
    # (a connection at the new path then fails its checkpoint with "disk I/O error").
    with closing(sqlite3.connect(path)) as setup, setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    return str(path)


def _connect(path: str, timeout: float = 5.0) -> QueuedWriterConnection:
    return sqlite3.connect(path, timeout=timeout, factory=QueuedWriterConnection,
                           check_same_thread=False)


def _write_in_a_thread(connection: sqlite3.Connection, text: str) -> tuple[threading.Thread,
                                                                            list[str]]:
    """Insert and commit `text` in a new thread; the list gets `text` once it has."""
    finished: list[str] = []

    def write() -> None:
        connection.execute("INSERT INTO notes (text) VALUES (?)", (text,))
        connection.commit()
        finished.append(text)

    thread = threading.Thread(target=write)
    thread.start()
    return thread, finished


def test_a_second_writer_waits_for_the_first_to_commit_then_writes(tmp_path) -> None:
    path = _database(tmp_path)
    first, second = _connect(path), _connect(path)
    first.execute("INSERT INTO notes (text) VALUES ('first')")
    thread, finished = _write_in_a_thread(second, "second")
    thread.join(timeout=0.2)
    assert thread.is_alive() and finished == []  # queued behind the first writer, not failed
    reader = _connect(path)
    assert reader.execute("SELECT count(*) FROM notes").fetchone() == (0,)  # reads still run
    first.commit()
    thread.join(timeout=5)
    assert finished == ["second"]
    assert [r[0] for r in first.execute("SELECT text FROM notes ORDER BY id")] == [
        "first", "second"]


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_every_way_a_transaction_ends_lets_the_next_writer_in(tmp_path, end) -> None:
    path = _database(tmp_path)
    first, second = _connect(path), _connect(path, timeout=2)
    first.execute("INSERT INTO notes (text) VALUES ('x')")
    getattr(first, end)()
    second.execute("INSERT INTO notes (text) VALUES ('y')")  # would wait 2 s and fail
    second.commit()


def test_a_writer_that_never_ends_gives_sqlites_own_error_after_the_timeout(tmp_path) -> None:
    path = _database(tmp_path)
    holder, waiter = _connect(path), _connect(path, timeout=0.3)
    holder.execute("INSERT INTO notes (text) VALUES ('held')")
    errors: list[Exception] = []

    def write() -> None:
        try:
            waiter.execute("INSERT INTO notes (text) VALUES ('late')")
        except sqlite3.OperationalError as error:
            errors.append(error)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(timeout=5)
    assert [str(e) for e in errors] == ["database is locked"]
    holder.rollback()


def test_the_service_engine_checkpoints_in_the_background_not_on_commit(tmp_path) -> None:
    path = tmp_path / "service.db"
    service = make_engine(f"sqlite:///{path}", background_checkpoints=True)
    other = make_engine(f"sqlite:///{path}")
    with service.begin() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)"))
        connection.execute(text("INSERT INTO notes (text) VALUES ('kept')"))
    with other.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000

    def rows_in_database_file() -> int:
        # Only what a checkpoint has copied back is in the main file without its WAL.
        copy = tmp_path / "copy.db"
        shutil.copyfile(path, copy)
        with closing(sqlite3.connect(copy)) as reader:  # closed before the next copy
            try:
                return reader.execute("SELECT count(*) FROM notes").fetchone()[0]
            except sqlite3.OperationalError:  # no such table yet
                return 0

    assert rows_in_database_file() == 0
    checkpointer = wal_checkpointer(service, interval=0.05)
    checkpointer.start()
    try:
        eventually(rows_in_database_file, within=5, what="the row in the database file")
    finally:
        checkpointer.stop()
    assert rows_in_database_file() == 1
    service.dispose()
    other.dispose()


def _syncs_noted(monkeypatch: pytest.MonkeyPatch, note: Callable[[int], Any]) -> list[Any]:
    """What `note` says of each descriptor synced from now on; the sync still happens."""
    noted: list[Any] = []
    real_fdatasync = os.fdatasync

    def fdatasync(descriptor: int) -> None:
        noted.append(note(descriptor))
        real_fdatasync(descriptor)

    monkeypatch.setattr(os, "fdatasync", fdatasync)
    return noted


def test_the_checkpointer_writes_the_database_out_beside_the_writers_not_in_their_turn(
        tmp_path, monkeypatch) -> None:
    # SQLite syncs the file only after a pass that copied the whole WAL: under steady
    # writes, the pass in the writers' turn. Left to it, that sync writes out all the
    # bulk pass copied, and every writer waits for it (12-30 ms at 1M calls).
    path = _database(tmp_path)
    checkpointing, writer = _connect(path), _connect(path)
    queue = writer_queue(path)
    assert queue is not None

    def database_file_and_turn_free(descriptor: int) -> tuple[bool, bool]:
        turn_free = queue.acquire(timeout=0)
        if turn_free:
            queue.release()
        return os.fstat(descriptor).st_ino == os.stat(path).st_ino, turn_free

    synced = _syncs_noted(monkeypatch, database_file_and_turn_free)
    for n in range(50):
        writer.execute("INSERT INTO notes (text) VALUES (?)", (f"note {n}",))
        writer.commit()
    busy, in_wal, copied = checkpointing.checkpoint(timeout=5)
    assert synced == [(True, True)]
    assert (busy, copied) == (0, in_wal)  # and the rest copied back in the turn


def test_a_database_file_put_in_its_place_is_the_one_synced(tmp_path, monkeypatch) -> None:
    path = _database(tmp_path)
    first = _connect(path)
    first.checkpoint(timeout=5)  # the queue now holds a descriptor of this file
    first.close()  # the last connection: SQLite removes the WAL, which is this file's alone
    (tmp_path / "restored").mkdir()
    os.replace(_database(tmp_path / "restored"), path)
    synced = _syncs_noted(monkeypatch, lambda descriptor: os.fstat(descriptor).st_ino)
    _connect(path).checkpoint(timeout=5)
    assert synced == [os.stat(path).st_ino]


def _open_read_and_close(path: str) -> None:
    """In another process: a connection that reads, then closes. The last connection to
    close deletes the WAL, so it must find that it is not the last."""
    connection = sqlite3.connect(path)
    connection.execute("SELECT count(*) FROM notes").fetchone()
    connection.close()


def test_the_checkpointers_sync_leaves_sqlites_locks_in_place(tmp_path) -> None:
    # Closing any descriptor of the file would drop every lock this process holds on
    # it: another process would then delete the WAL under this one's connections.
    path = _database(tmp_path)
    reader, checkpointing = _connect(path), _connect(path)
    checkpointing.execute("INSERT INTO notes (text) VALUES ('kept')")
    checkpointing.commit()
    assert reader.execute("SELECT count(*) FROM notes").fetchone() == (1,)
    checkpointing.checkpoint(timeout=5)
    other = multiprocessing.get_context("spawn").Process(target=_open_read_and_close,
                                                         args=(path,))
    other.start()
    other.join(timeout=30)
    assert other.exitcode == 0
    assert Path(f"{path}-wal").exists()  # this process's connections still have it
    checkpointing.execute("INSERT INTO notes (text) VALUES ('after')")
    checkpointing.commit()
    assert reader.execute("SELECT count(*) FROM notes").fetchone() == (2,)


def _write_and_hold(path: str, holding, release) -> None:  # type: ignore[no-untyped-def]
    """In another process: start writing, say so, and commit when told."""
    connection = _connect(path)
    connection.execute("INSERT INTO notes (text) VALUES ('from the other process')")
    holding.set()
    release.wait(10)
    connection.commit()
    connection.close()


def test_a_writer_in_another_process_holds_the_turn_until_it_commits(tmp_path) -> None:
    path = _database(tmp_path)
    spawn = multiprocessing.get_context("spawn")
    holding, release = spawn.Event(), spawn.Event()
    other = spawn.Process(target=_write_and_hold, args=(path, holding, release))
    other.start()
    try:
        assert holding.wait(30)
        queue = writer_queue(path)
        assert queue is not None
        assert queue.acquire(timeout=0.2) is False  # the other process writes
        waiter = _connect(path)
        thread, finished = _write_in_a_thread(waiter, "from this process")
        thread.join(timeout=0.2)
        assert thread.is_alive() and finished == []  # queued, not failed
        release.set()
        thread.join(timeout=10)
        assert finished == ["from this process"]
        assert [r[0] for r in waiter.execute("SELECT text FROM notes ORDER BY id")] == [
            "from the other process", "from this process"]
    finally:
        release.set()
        other.join(timeout=10)


def test_steady_writes_with_the_checkpointer_keep_the_wal_small(tmp_path) -> None:
    path = tmp_path / "steady.db"
    engine = make_engine(f"sqlite:///{path}", background_checkpoints=True)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)"))
    checkpointer = wal_checkpointer(engine, interval=0.02)
    checkpointer.start()
    page = 4096
    try:
        # Two writers that never pause: a checkpoint that ran beside them would never
        # find the WAL fully copied, and the WAL would hold every commit.
        def write(count: int) -> None:
            for _ in range(count):
                with engine.begin() as connection:
                    connection.execute(text("INSERT INTO notes (text) VALUES (:t)"),
                                       {"t": "x" * 1500})

        writers = [threading.Thread(target=write, args=(3000,)) for _ in range(2)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=60)
    finally:
        checkpointer.stop()
    wal_bytes = Path(f"{path}-wal").stat().st_size
    with engine.connect() as connection:
        commits = connection.execute(text("SELECT count(*) FROM notes")).scalar()
    assert commits == 6000
    assert wal_bytes < commits * page / 4  # every commit adds at least a page
    engine.dispose()


def test_a_periodic_action_that_fails_is_logged_and_tried_again(caplog) -> None:
    calls: list[int] = []

    def flaky() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database away")

    periodic = Periodic("flaky", 0.02, flaky)
    periodic.start()
    eventually(lambda: len(calls) >= 3, within=5, what="three runs")
    periodic.stop()
    assert len(calls) >= 3
    assert "flaky failed" in caplog.text


def test_only_a_sqlite_url_gets_a_folder_and_an_owner_only_file(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    ensure_sqlite_folder("sqlite:///var/data/akutbro.db")
    ensure_sqlite_folder("sqlite:///:memory:")
    ensure_sqlite_folder("postgresql+psycopg://postgres@127.0.0.1:5432/akutbro")
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        "var", "var/data", "var/data/akutbro.db"]
    assert (tmp_path / "var/data/akutbro.db").stat().st_mode & 0o777 == 0o600

"""Engine, session factory and the declarative Base with a constraint naming convention."""

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

from sqlalchemy import MetaData, Row, Select, Table, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from app.db.sqlite_writer import QueuedWriterConnection
from app.periodic import Periodic

log = logging.getLogger(__name__)
T = TypeVar("T")

PING_AFTER_IDLE_SECONDS = 1.0
# A failing statement's error (and so every log of it) without its values: they may hold a
# CPR number or a phone number.
HIDE_PARAMETERS = True
CONNECT_TIMEOUT_SECONDS = 3  # a database host that does not answer: give up, answer degraded
_RETURNED_AT = "akutbro_returned_at"

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every ORM model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# A result row and a SELECT of any number of columns (`Row[Any]` has exactly one column).
AnyRow: TypeAlias = Row[*tuple[Any, ...]]
AnySelect: TypeAlias = Select[*tuple[Any, ...]]


def table_of(model: type[Base]) -> Table:
    """The model's Table, for Core statements (SQLAlchemy types `__table__` as any FROM
    clause; every model here is mapped to a Table)."""
    table = model.__table__
    assert isinstance(table, Table), model
    return table


def make_engine(
    url: str, *, pool_size: int = 10, background_checkpoints: bool = False,
    ping_after_idle: float = PING_AFTER_IDLE_SECONDS, statement_timeout_ms: int | None = None,
) -> Engine:
    """An engine tuned for the service: WAL and foreign keys on SQLite, pooling on PostgreSQL.

    With `background_checkpoints`, SQLite connections leave copying the WAL back into the
    database to `wal_checkpointer` (the service's engine); other engines checkpoint as usual.
    A pooled PostgreSQL connection is pinged when it has been idle for `ping_after_idle`
    seconds (`ping_when_idle`).
    """
    if url.startswith("sqlite"):
        ensure_sqlite_folder(url)
        connect_args = {"check_same_thread": False, "timeout": 30,
                        "factory": QueuedWriterConnection}
        # LIFO: the connection used last has the warmest page cache.
        engine = create_engine(url, connect_args=connect_args, pool_use_lifo=True,
                               hide_parameters=HIDE_PARAMETERS)
        event.listen(engine, "connect", _sqlite_pragmas)
        if background_checkpoints:
            event.listen(engine, "connect", _no_checkpoints_on_commit)
        return engine
    engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_timeout=2,
                           hide_parameters=HIDE_PARAMETERS,
                           **_statements_sent_as_built(
                               url, statement_timeout_ms=statement_timeout_ms))
    ping_when_idle(engine, ping_after_idle)
    return engine


def _statements_sent_as_built(url: str, *, statement_timeout_ms: int | None) -> dict[str, Any]:
    """With psycopg, `$1` placeholders and its raw cursor: the driver sends a statement as
    SQLAlchemy built it. Psycopg's default cursor rewrites `%(name)s` placeholders on every
    execution, and does not cache the rewrite of a statement over 4 KB, as an assessment's
    read is (6.5 KB): the rewrite was a quarter of the read's Python time.

    A connection attempt gives up after `CONNECT_TIMEOUT_SECONDS`, and with
    `statement_timeout_ms` the server ends a statement that runs longer (a lock held by a
    hung session), so that no connection waits for ever."""
    if make_url(url).get_driver_name() != "psycopg":
        return {}
    import psycopg  # only here: SQLite alone needs no PostgreSQL driver

    connect_args: dict[str, Any] = {"cursor_factory": psycopg.RawCursor,
                                    "connect_timeout": CONNECT_TIMEOUT_SECONDS}
    if statement_timeout_ms is not None:
        connect_args["options"] = f"-c statement_timeout={int(statement_timeout_ms)}"
    return {"paramstyle": "numeric_dollar", "connect_args": connect_args}


def ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Ping a pooled connection before use when it has been idle for `idle_seconds`; a dead
    one is replaced, unseen by the request.

    SQLAlchemy's `pool_pre_ping` pings before every use: a round trip per request, a
    fifth of an assessment's. A connection in steady use is known alive from its last use.
    One that died since (the database restarted) fails its first statement; SQLAlchemy then
    replaces every connection of the pool, and `retry_once_on_disconnect` runs the work
    again on a fresh one.
    """

    def note_use(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    def ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get(_RETURNED_AT, 0.0) < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("the pooled connection failed its ping") from error

    event.listen(engine, "connect", note_use)
    event.listen(engine, "checkin", note_use)
    event.listen(engine, "checkout", ping_if_idle)


def retry_once_on_disconnect(work: Callable[[], T]) -> T:
    """Run `work`, and once more when its connection turned out dead (a database restart
    or failover); `work` must be whole or nothing, like a unit of work. Any other error,
    or a second disconnect, is raised."""
    try:
        return work()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        log.warning("the database connection was lost; trying once more on a fresh one")
    return work()


def ensure_sqlite_folder(url: str) -> None:
    """Create the folder of a SQLite file, so a fresh checkout needs no set-up, and the file
    readable by its owner alone; other databases have no folder."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        owner_only(path)


def owner_only(path: Path) -> None:
    """Create the SQLite file as 0600, or take group and others' access from one that is
    there: it holds the citizens' history. SQLite gives its -wal and -shm files the
    database file's mode."""
    with contextlib.suppress(FileExistsError):  # the umask can only narrow 0600
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if each.stat().st_mode & 0o077:
                each.chmod(each.stat().st_mode & 0o700)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets readers run beside the one writer; NORMAL sync is durable across app crashes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _no_checkpoints_on_commit(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Otherwise every ~70th commit copies a thousand pages back and waits for it: p99 x3.
    dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")


def wal_checkpointer(engine: Engine, interval: float, *, timeout: float = 5.0) -> Periodic:
    """A thread that copies the SQLite WAL back into the database every `interval` seconds,
    so that requests do not. It waits its turn with the writers (`sqlite_writer`): a WAL
    copied back while someone writes is never emptied, and grows without end."""

    def checkpoint() -> None:
        with engine.connect() as connection:
            dbapi_connection = connection.connection.dbapi_connection
            assert isinstance(dbapi_connection, QueuedWriterConnection)
            dbapi_connection.checkpoint(timeout)

    return Periodic("wal-checkpointer", interval, checkpoint)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit and run after-commit hooks."""
    factory = sessionmaker(engine, expire_on_commit=False)
    event.listen(factory, "after_commit", _run_after_commit_hooks)
    event.listen(factory, "after_rollback", lambda session: session.info.pop(AFTER_COMMIT, None))
    return factory


AFTER_COMMIT = "after_commit"


def after_commit(session: Session, hook: Callable[[], object]) -> None:
    """Run `hook` once the session's transaction has committed (never if it rolls back)."""
    session.info.setdefault(AFTER_COMMIT, []).append(hook)


def _run_after_commit_hooks(session: Session) -> None:
    for hook in session.info.pop(AFTER_COMMIT, []):
        hook()


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def engine_of(session: Session) -> Engine:
    """The engine behind a session (what caches keyed by database use)."""
    return session.get_bind().engine

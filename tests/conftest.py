"""Shared fixtures: a fresh migrated database per test, on SQLite and on PostgreSQL."""

import asyncio
import os
import shutil
import threading
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db.engine import Base, make_engine, make_session_factory
from app.db.migrate import upgrade

T = TypeVar("T")
POSTGRES_URL = os.environ.get(
    "AKUTBRO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TEST_SECRET = "test-pseudonym-secret-of-enough-length-0123456789"
# A shared 2-core machine can stall any request for a while; a test that wants the budget
# to bite (tests/services/test_time_budget.py) sets a small one itself.
os.environ.setdefault("AKUTBRO_ASSESS_BUDGET_MS", "20000")


def _postgres_admin_url() -> str:
    return POSTGRES_URL


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated PostgreSQL database for this test worker, or a skip with the reason."""
    worker_id = getattr(request.config, "workerinput", {}).get("workerid", "main")
    admin = create_engine(
        _postgres_admin_url(), isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    try:
        with admin.connect() as connection:
            # One database per test process, so concurrent runs never share or drop another's.
            name = f"akutbro_test_{worker_id}_{os.getpid()}"
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        postgres_unreachable = (
            f"PostgreSQL not reachable at {make_url(POSTGRES_URL).render_as_string()}: {error}"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{postgres_unreachable} (CI must run the PostgreSQL tests)")
        pytest.skip(postgres_unreachable)
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated database for one test, on each of the two engines."""
    if request.param == "sqlite":
        path = tmp_path / "akutbro.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return emptied(request.getfixturevalue("postgres_database"))


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    """The worker's PostgreSQL database, emptied: for tests of PostgreSQL alone."""
    return emptied(postgres_database)


def emptied(url: str) -> str:
    """The PostgreSQL database with every table emptied (faster than migrating anew)."""
    engine = create_engine(url)
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


def drop_connections(url: str) -> None:
    """What a database restart does to a pool: every other connection to it is dead."""
    engine = create_engine(url)
    with engine.connect() as connection:
        connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    engine.dispose()


LOOP_THREAD = "own-loop"


def on_a_loop_of_its_own(run: Callable[[], Coroutine[Any, Any, T]], *,
                         timeout: float = 60.0) -> T:
    """`asyncio.run(run())` on a daemon thread of its own, named LOOP_THREAD: the test's
    thread may have a loop running already (the browser tests' Playwright keeps one for the
    session), and a loop stuck on a lock fails the test after `timeout` s instead of
    hanging it."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(run())
        except BaseException as error:  # raised again on the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name=LOOP_THREAD, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"not done in {timeout:.0f} s: a deadlock on the event loop"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings for a test: its own database and key copy, a fixed secret, a fast
    registry poll."""
    return Settings(
        environment="test",
        database_url=database_url,
        pseudonym_secret=TEST_SECRET,
        registry_poll_seconds=0.2,
        api_key_cache_seconds=0.0,
        api_key_copy_path=str(tmp_path / "api-keys.json"),
        # The promotion gate's own small set: the real one is tested on its own.
        challenge_set_path=str(Path(__file__).parent / "model" / "challenge_fixture.csv"),
    )


@pytest.fixture
def session_factory(database_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on the test's fresh database (SQLite, then PostgreSQL)."""
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()

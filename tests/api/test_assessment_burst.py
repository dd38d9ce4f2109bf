"""A burst of calls: each is answered and recorded, and no more assessments run at once than
the database pool has connections, so none waits for a connection (whose wait would time
out and answer degraded). Assessments run on threads of their own, so a database wait
holds up no other request."""

import asyncio
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, create_engine, func, insert, select, text

from app.config import Settings
from app.db.engine import unit_of_work
from app.main import create_app
from app.models import Assessment, Call
from app.services.access import apikeys
from app.services.assessment import assess_runner
from app.services.directory import directory_cache
from tests.conftest import TEST_SECRET, on_a_loop_of_its_own
from tests.factories import assessment_body
from tests.waiting import eventually

BURST = 16
POOL = 2


class Running:
    """The threads that assessed, and the most assessments running at once. The first
    assessments wait until POOL of them run at once (as a slow database makes them); so a
    runner that allowed more would show it, and one that allowed fewer would never open
    the gate."""

    def __init__(self) -> None:
        self.threads: set[str] = set()
        self.now = self.most = 0
        self.gate = threading.Event()
        self._lock = threading.Lock()  # never held across the wait

    def around(self, assess):  # type: ignore[no-untyped-def]
        def slow_assess(*args, **kwargs):  # type: ignore[no-untyped-def]
            with self._lock:
                self.threads.add(threading.current_thread().name)
                self.now += 1
                self.most = max(self.most, self.now)
                if self.now >= POOL:
                    self.gate.set()
            try:
                assert self.gate.wait(timeout=30), f"never {POOL} assessments at once"
                return assess(*args, **kwargs)
            finally:
                with self._lock:
                    self.now -= 1
        return slow_assess


class Burst:
    """What a burst of BURST calls at once got back, and what the service recorded."""

    answers: list[dict[str, Any]]
    recorded: int


def burst(app: FastAPI, *, during: Callable[[httpx.AsyncClient], Any] | None = None) -> Burst:
    """Start the app, send BURST assessments at once (and `during`'s requests beside them),
    on an event loop of a thread of its own: a loop stuck on a lock fails the test instead
    of hanging it."""
    result = Burst()

    async def run() -> None:
        async with app.router.lifespan_context(app):
            factory = app.state.session_factory
            with unit_of_work(factory) as session:
                token = apikeys.create(session, name="cad", role="dispatch").token
            headers = {"Authorization": f"Bearer {token}"}
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://akutbro") as client:
                # Social needs in the notes: each assessment matches the directory's offers.
                calls = [client.post("/v1/assessments", headers=headers, json=assessment_body(
                    call_id=f"CAD-BURST-{n}", caller_phone=f"+45 30 00 00 {n:02d}",
                    notes="ensom, har drukket, bor alene")) for n in range(BURST)]
                extra = [during(client)] if during else []
                responses = await asyncio.gather(*calls, *extra)
            assert [r.status_code for r in responses[:BURST]] == [200] * BURST
            result.answers = [r.json() for r in responses[:BURST]]
            with unit_of_work(factory) as session:
                result.recorded = session.scalar(select(func.count()).select_from(Assessment))

    on_a_loop_of_its_own(run)
    return result


def unavailable(answers: list[dict[str, Any]]) -> list[str]:
    # No model is loaded here: that degraded reason is expected, a database one is not.
    return [reason for answer in answers for reason in answer["degraded_reasons"]
            if "Database unavailable" in reason]


def test_a_burst_runs_no_more_assessments_at_once_than_the_pool_has_connections(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = Running()
    monkeypatch.setattr(assess_runner, "assess", running.around(assess_runner.assess))
    done = burst(create_app(settings.model_copy(update={"db_pool_size": POOL})))

    assert 1 < running.most <= POOL
    assert all(name.startswith("assessment") for name in running.threads)
    assert unavailable(done.answers) == []
    assert done.recorded == BURST


@pytest.fixture
def on_postgresql(postgres_url: str) -> Settings:
    return Settings(database_url=postgres_url, environment="test", db_pool_size=POOL,
                    pseudonym_secret=TEST_SECRET)


@pytest.mark.postgres
def test_a_directory_reload_during_a_burst_holds_no_one_up(
    on_postgresql: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every assessment finds the directory changed and reloads it. The first load holds
    the loader's lock until another assessment has been answered: the others serve the
    directory at hand, and none waits for the lock. (PostgreSQL: on SQLite the first
    assessment's new citizen holds the one write turn while it loads, so the others wait
    for that, not for the loader.)"""
    versions = iter(range(1_000_000))
    load = directory_cache.load
    answered, first_load = threading.Event(), threading.Lock()

    def slow_load(session):  # type: ignore[no-untyped-def]
        if threading.current_thread().name.startswith("assessment") and (  # not the warm-up
                first_load.acquire(blocking=False)):
            assert answered.wait(timeout=30), "the others waited for the loader's lock"
        return load(session)

    def noting(assess):  # type: ignore[no-untyped-def]
        def assess_and_note(*args, **kwargs):  # type: ignore[no-untyped-def]
            try:
                return assess(*args, **kwargs)
            finally:
                answered.set()
        return assess_and_note

    monkeypatch.setattr(assess_runner, "assess", noting(assess_runner.assess))
    monkeypatch.setattr(directory_cache, "CHECK_SECONDS", 0.0)
    monkeypatch.setattr(directory_cache, "current_version", lambda session: next(versions))
    monkeypatch.setattr(directory_cache, "load", slow_load)
    done = burst(create_app(on_postgresql))

    assert unavailable(done.answers) == []
    assert done.recorded == BURST


@pytest.mark.postgres
def test_an_assessment_waiting_for_the_database_lets_others_be_served(
    on_postgresql: Settings,
) -> None:
    """An assessment whose write waits for another transaction's lock (the same call being
    recorded elsewhere) waits alone: health, and a burst of other calls, are answered."""
    blocker = create_engine(on_postgresql.database_url).connect()
    watcher = create_engine(on_postgresql.database_url)
    app = create_app(on_postgresql)
    waited: dict[str, Any] = {}

    async def the_waiting_call(client: httpx.AsyncClient) -> httpx.Response:
        # The same call_id, inserted by another transaction and not yet committed.
        blocker.execute(insert(Call).values(call_id="CAD-HELD", received_at=datetime.now(UTC)))
        with unit_of_work(app.state.session_factory) as session:
            token = apikeys.create(session, name="held", role="dispatch").token
        waiting = asyncio.ensure_future(client.post(
            "/v1/assessments", json=assessment_body(call_id="CAD-HELD"),
            headers={"Authorization": f"Bearer {token}"}))
        await asyncio.to_thread(eventually, lambda: _waiting_for_a_lock(watcher),
                                what="the held call waiting for the row's lock")
        waited["still waiting"] = not waiting.done()
        waited["health"] = (await client.get("/health")).status_code
        waited["answered while held"] = not waiting.done()  # health did not wait its turn
        blocker.rollback()  # the other transaction gives up: the waiting call is recorded
        answered = await waiting
        waited["answer"] = answered.status_code, answered.json()
        return answered

    try:
        done = burst(app, during=the_waiting_call)
    finally:
        blocker.close()
        watcher.dispose()

    assert waited["still waiting"] is True
    assert waited["health"] == 200
    assert waited["answered while held"] is True
    status, answer = waited["answer"]
    assert status == 200
    assert unavailable([*done.answers, answer]) == []
    assert done.recorded == BURST + 1


def _waiting_for_a_lock(engine: Engine) -> bool:
    with engine.connect() as connection:
        return bool(connection.scalar(text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'")))


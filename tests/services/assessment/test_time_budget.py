"""A hung database: the assessment answers degraded within its budget, routes nothing away,
and leaves nothing on record when the database wakes up again."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text

from app.config import Settings
from app.db.engine import unit_of_work
from app.main import create_app
from app.models import Call
from app.services.access import apikeys
from app.services.health import database_status_within
from tests.conftest import on_a_loop_of_its_own
from tests.factories import assessment_body

BUDGET_MS = 300


@contextmanager
def database_held(url: str) -> Iterator[None]:
    """Another session holds every table (PostgreSQL) or the write lock (SQLite)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        if url.startswith("sqlite"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            tables = connection.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
            connection.execute(text(
                "LOCK TABLE " + ", ".join(f'"{t}"' for t in tables)
                + " IN ACCESS EXCLUSIVE MODE"))
        try:
            yield
        finally:
            connection.rollback()
    engine.dispose()


def test_a_hung_database_gives_a_degraded_protocol_answer_and_no_record(
    settings: Settings,
) -> None:
    settings = settings.model_copy(update={"assess_budget_ms": BUDGET_MS})
    app = create_app(settings)
    with TestClient(app) as client:
        with unit_of_work(app.state.session_factory) as session:
            key = apikeys.create(session, name="cad", role="dispatch").token
        headers = {"Authorization": f"Bearer {key}"}
        known = assessment_body(urgency="E", notes="ensom, vil bare snakke")
        assert client.post("/v1/assessments", json=known, headers=headers).status_code == 200
        again = assessment_body(urgency="E", notes="ensom, vil bare snakke igen")
        with database_held(settings.database_url):
            response = client.post("/v1/assessments", json=again, headers=headers)
        answer = response.json()
    # The lifespan's end waited for the assessment still under way: the database woke up.
    assert response.status_code == 200
    assert answer["degraded"] is True
    assert answer["degraded_reasons"][0] == (
        f"The database did not answer within {BUDGET_MS} ms: no history shown, and this "
        "assessment was not recorded.")
    assert answer["recommendation"]["action"] == "follow_protocol"
    assert answer["recommendation"]["rationale"][0].startswith("Degraded answer")
    with unit_of_work(app.state.session_factory) as session:
        recorded = session.scalar(
            select(func.count()).select_from(Call).where(Call.call_id == again["call_id"]))
    assert recorded == 0


class _HungSession:
    """A session whose every statement waits until the test lets it go."""

    def __init__(self, released: threading.Event) -> None:
        self._released = released

    def __enter__(self) -> "_HungSession":
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def execute(self, *args: object) -> None:
        self._released.wait(timeout=30)


def test_readiness_says_so_when_the_database_does_not_answer() -> None:
    released = threading.Event()

    async def check() -> str:
        try:
            return await database_status_within(
                lambda: _HungSession(released), 0.2)  # type: ignore[arg-type,return-value]
        finally:
            released.set()  # the hung thread may end, and the loop with it

    status = on_a_loop_of_its_own(check)
    assert status == "unavailable: no answer within 0.2 s"

"""The hot path's statements on the driver's cursor (`app.db.prebuilt`): the same rows as
SQLAlchemy's `Connection.execute`, its listeners and its errors, on both databases."""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg.types.json
import pytest
from sqlalchemy import bindparam, event, insert, literal, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import prebuilt
from app.db.engine import execute_prebuilt, make_engine, make_session_factory, unit_of_work
from app.models import AuditEvent
from app.models._types import UTCDateTime
from app.schemas.assessment import AssessmentCreate
from app.services.access import audit
from app.services.access.audit import Actor
from app.services.assessment import snapshot
from app.services.assessment.assess import AssessContext, assess
from app.services.citizens import history, identity
from app.services.citizens.pseudonym import Pseudonymiser
from app.services.flag_model.model_store import Served
from app.triage.history import FrequentCallerRule
from app.triage.history import windows as history_windows
from tests.conftest import TEST_SECRET, drop_connections
from tests.factories import assessment_body

PHONE = "+45 20 30 40 50"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url, ping_after_idle=3600)
    yield engine
    engine.dispose()


def _assess_twice(factory: sessionmaker[Session], database_url: str) -> datetime:
    """A caller with two calls on record, the second with its history read."""
    settings = Settings(environment="test", database_url=database_url,
                        pseudonym_secret=TEST_SECRET)
    context = AssessContext(settings=settings, hasher=Pseudonymiser(TEST_SECRET),
                            served=Served(), actor=Actor(name="cad", role="dispatch"))
    now = datetime.now(UTC)
    for i, at in enumerate((now - timedelta(days=3), now - timedelta(minutes=5))):
        body = assessment_body(call_id=f"CAD-PRE-{i}", caller_phone=PHONE,
                               received_at=at.isoformat(), notes="ensom, har drukket")
        assess(factory, AssessmentCreate.model_validate(body), context)
    return now


def test_the_assessment_read_gives_the_rows_and_values_sqlalchemy_gives(
    engine: Engine, database_url: str
) -> None:
    factory = make_session_factory(engine)
    now = _assess_twice(factory, database_url)
    windows = history_windows(FrequentCallerRule())
    hashes = identity.hashes(Pseudonymiser(TEST_SECRET), cpr=None, phone="+4520304050")
    params = {**history.params(0, now, "CAD-NEW", windows), **hashes}
    statement = snapshot._snapshot_for_call(windows)
    with engine.connect() as connection:
        ours = prebuilt.execute(connection, statement, params).all()
        theirs = connection.execute(statement, params).all()
    assert isinstance(ours, list) and len(ours) >= 4  # line, presumed, counts, two recent calls
    assert [tuple(row) for row in ours] == [tuple(row) for row in theirs]
    received = [row.received_at for row in ours if row.kind == "recent"]
    assert received and all(at.tzinfo is not None for at in received)  # converted as before


def _sent_both_ways(engine: Engine, statement: Any, params: dict[str, Any]
                    ) -> list[tuple[str, Any]]:
    """The SQL and parameters the engine's listeners saw, the statement run by
    `prebuilt.execute` and then by `Connection.execute` (each rolled back); the listeners
    after execution saw the same SQL."""
    before: list[tuple[str, Any]] = []
    after: list[str] = []

    def note_before(_c, _cur, statement, parameters, *_) -> None:  # type: ignore[no-untyped-def]
        before.append((statement, parameters))

    def note_after(_c, _cur, statement, *_) -> None:  # type: ignore[no-untyped-def]
        after.append(statement)

    event.listen(engine, "before_cursor_execute", note_before)
    event.listen(engine, "after_cursor_execute", note_after)
    try:
        for run in (prebuilt.execute, Connection.execute):
            with engine.connect() as connection:
                run(connection, statement, params)
                connection.rollback()
    finally:
        event.remove(engine, "before_cursor_execute", note_before)
        event.remove(engine, "after_cursor_execute", note_after)
    assert after == [sql for sql, _ in before]
    return before


def test_every_statement_of_an_assessment_reaches_the_driver_as_sqlalchemy_sends_it(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = make_session_factory(engine)
    _assess_twice(factory, database_url)
    ran: list[tuple[object, dict[str, object]]] = []
    execute = prebuilt.execute
    monkeypatch.setattr(prebuilt, "execute", lambda connection, statement, params: (
        ran.append((statement, dict(params))), execute(connection, statement, params))[1])
    _assess_twice(factory, database_url)  # a known caller: the hot path's read and writes
    monkeypatch.undo()
    assert len(ran) >= 4
    for statement, params in ran:
        for key in {"id", "assessment_id"} & params.keys():  # the assessment's row is new
            params[key] = str(uuid.uuid4())
        (our_sql, ours), (their_sql, theirs) = _sent_both_ways(engine, statement, params)
        assert our_sql == their_sql and type(ours) is type(theirs)
        assert _comparable(ours) == _comparable(theirs)


def test_a_value_fixed_in_the_statement_is_converted_as_sqlalchemy_converts_it(
    engine: Engine,
) -> None:
    fixed = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    statement = select(literal(fixed, UTCDateTime).label("at"),
                       bindparam("given", type_=UTCDateTime).label("given"))
    (_, ours), (_, theirs) = _sent_both_ways(engine, statement, {"given": fixed})
    assert ours == theirs
    with engine.connect() as connection:
        assert prebuilt.execute(connection, statement, {"given": fixed}).all() == [(fixed, fixed)]


def _comparable(parameters: object) -> object:
    """Psycopg's JSON wrappers compare by identity: compare what they wrap."""
    def plain(value: object) -> object:
        return ("json", value.obj) if isinstance(value, psycopg.types.json.Json) else value

    if isinstance(parameters, dict):
        return {name: plain(value) for name, value in parameters.items()}
    return [plain(value) for value in parameters]  # type: ignore[attr-defined]


def test_a_statement_with_defaults_computed_in_python_runs_as_before(
    engine: Engine,
) -> None:
    # The audit record's time is AuditEvent.at's Python default: SQLAlchemy computes it.
    factory = make_session_factory(engine)
    values = audit.values(actor=Actor(name="cad", role="dispatch"), action="history.read",
                          citizen_pseudonym="P-1", call_id="CAD-1")
    values.pop("at", None)
    with unit_of_work(factory) as session:
        execute_prebuilt(session, insert(AuditEvent.__table__), values)
    with unit_of_work(factory) as session:
        at = session.scalar(select(AuditEvent.at))
    assert at is not None and abs(datetime.now(UTC) - at) < timedelta(minutes=1)


def test_a_driver_error_is_raised_as_sqlalchemy_raises_it(engine: Engine) -> None:
    factory = make_session_factory(engine)
    values = audit.values(actor=Actor(name="cad", role="dispatch"), action="history.read",
                          citizen_pseudonym="P-1", call_id="CAD-1")
    with unit_of_work(factory) as session:
        execute_prebuilt(session, audit.INSERT, values)
        row_id = session.scalar(select(AuditEvent.id))
    with pytest.raises(IntegrityError), unit_of_work(factory) as session:
        execute_prebuilt(session, audit.INSERT, {**values, "id": row_id})


def test_a_lost_connection_is_invalidated_and_the_next_unit_of_work_gets_a_fresh_one(
    postgres_url: str,
) -> None:
    engine = make_engine(postgres_url, ping_after_idle=3600)  # no ping: the statement finds it
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        execute_prebuilt(session, identity.CPR_CITIZEN, {"cpr_hash": "x"})
    drop_connections(postgres_url)
    with engine.connect() as connection:
        with pytest.raises(DBAPIError) as raised:
            prebuilt.execute(connection, identity.CPR_CITIZEN, {"cpr_hash": "x"})
        assert raised.value.connection_invalidated and connection.invalidated
    with unit_of_work(factory) as session:
        assert execute_prebuilt(session, identity.CPR_CITIZEN, {"cpr_hash": "x"}).all() == []
    engine.dispose()

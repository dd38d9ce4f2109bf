"""How an assessment uses the database: which calls need a transaction, and what happens
when the database drops the connection between two calls."""

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db.engine import make_engine, make_session_factory, unit_of_work
from app.models import Assessment, AuditEvent, Call, Citizen
from app.schemas.assessment import AssessmentCreate
from app.services.access.audit import Actor
from app.services.assessment.assess import AssessContext, assess
from app.services.assessment.recording import Recorder
from app.services.citizens import identity
from app.services.citizens.identity import Known, KnownCitizen
from app.services.citizens.pseudonym import Pseudonymiser
from app.services.flag_model.model_store import Served
from app.triage.linking import Line
from tests.conftest import TEST_SECRET, drop_connections
from tests.factories import assessment_body

ANNA, BO = KnownCitizen(1, "P-ANNA"), KnownCitizen(2, "P-BO")
PHONE, CPR = "p" * 64, "c" * 64


def _known(*, phone: bool = True, cpr: bool = False, line: Line | None = None,
           line_citizen: KnownCitizen | None = None, line_has_cpr: bool = False,
           cpr_citizen: KnownCitizen | None = None) -> Known:
    return Known(PHONE if phone else None, CPR if cpr else None, line, line_citizen,
                 line_has_cpr, cpr_citizen)


@pytest.mark.parametrize(
    ("known", "expected"),
    [
        # (citizen, linked_by, shared) when nothing needs writing; None when linking writes.
        (_known(phone=False), (None, None, False)),
        (_known(), None),  # a new phone: a new phone-only citizen
        (_known(line=Line(ANNA.id), line_citizen=ANNA), (ANNA, "phone", False)),
        (_known(line=Line(None, shared=True)), (None, None, True)),
        (_known(phone=False, cpr=True), None),  # a new CPR number: a new citizen
        (_known(phone=False, cpr=True, cpr_citizen=ANNA), (ANNA, "cpr", False)),
        (_known(cpr=True, cpr_citizen=ANNA), None),  # the phone is linked to her now
        (_known(cpr=True, cpr_citizen=ANNA, line=Line(ANNA.id), line_citizen=ANNA,
                line_has_cpr=True), (ANNA, "cpr", False)),
        (_known(cpr=True, cpr_citizen=ANNA, line=Line(None, shared=True)), (ANNA, "cpr", True)),
        # Her phone was a phone-only citizen's: merged. Another CPR citizen's: shared now.
        (_known(cpr=True, cpr_citizen=ANNA, line=Line(BO.id), line_citizen=BO), None),
        (_known(cpr=True, cpr_citizen=ANNA, line=Line(BO.id), line_citizen=BO,
                line_has_cpr=True), None),
    ],
)
def test_a_call_is_settled_without_writes_only_when_linking_changes_nothing(
    known: Known, expected: tuple[object, ...] | None
) -> None:
    found = identity.settled(known)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.citizen, found.linked_by, found.shared_phone) == expected


def _context(database_url: str) -> AssessContext:
    settings = Settings(environment="test", database_url=database_url,
                        pseudonym_secret=TEST_SECRET)
    return AssessContext(settings=settings, pseudonymiser=Pseudonymiser(TEST_SECRET),
                         served=Served(), actor=Actor(name="cad", role="dispatch"),
                         recorder=Recorder.for_engine(create_engine(database_url)))


def _request(**changes: object) -> AssessmentCreate:
    return AssessmentCreate.model_validate(assessment_body(**changes))


def _recorded(factory: sessionmaker[Session]) -> tuple[int, int, int, int]:
    with unit_of_work(factory) as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model))
            for model in (Citizen, Call, Assessment, AuditEvent)
        )


class StatementLog:
    """Every statement an engine sends, and whether the connection was in autocommit (it
    never is: an assessment is a transaction)."""

    def __init__(self, engine: Engine) -> None:
        self.sent: list[tuple[str, bool]] = []
        event.listen(engine, "before_cursor_execute", self._note)
        event.listen(engine, "commit", lambda connection: self.sent.append(("COMMIT", False)))

    def _note(self, connection, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        autocommit = bool(getattr(connection.connection.dbapi_connection, "autocommit", False))
        self.sent.append((statement.split()[0], autocommit))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_a_known_caller_costs_one_read_and_three_writes_in_one_transaction(
    engine: Engine, database_url: str
) -> None:
    factory = make_session_factory(engine)
    context = _context(database_url)
    assess(factory, _request(call_id="CAD-KNOWN-1"), context)  # a new caller: linked
    log = StatementLog(engine)
    answer = assess(factory, _request(call_id="CAD-KNOWN-2"), context)
    sent = list(log.sent)
    assert answer.history is not None and answer.history.calls_24h == 2
    assert _recorded(factory) == (1, 2, 2, 2)  # one citizen, two calls, each read audited
    # One read of the line and the history; the call, the assessment and the audit record
    # in the same transaction, on both databases.
    assert sent == [("WITH", False), ("INSERT", False), ("INSERT", False), ("INSERT", False),
                    ("COMMIT", False)]


def test_a_caller_linked_anew_is_recorded_in_one_transaction(
    engine: Engine, database_url: str
) -> None:
    factory = make_session_factory(engine)
    context = _context(database_url)
    assess(factory, _request(call_id="CAD-LINK-1"), context)  # phone only
    log = StatementLog(engine)
    answer = assess(factory, _request(call_id="CAD-LINK-2",
                                      patient={"cpr": "010203-1234"}), context)
    sent = list(log.sent)
    assert answer.history is not None and answer.history.calls_24h == 2  # merged
    # The read found a merge to do: it is done, and the call recorded, in a second
    # transaction of its own.
    statements = [statement for statement, _ in sent]
    assert statements[:2] == ["WITH", "COMMIT"]
    assert statements.count("COMMIT") == 2 and statements[-1] == "COMMIT"
    assert statements.count("UPDATE") >= 1 and statements.count("INSERT") >= 3


@pytest.mark.parametrize(("ping_after_idle", "survives"), [(0.0, True), (3600.0, False)])
def test_a_connection_idle_long_enough_is_pinged_and_replaced_when_dead(
    postgres_url: str, ping_after_idle: float, survives: bool
) -> None:
    engine = make_engine(postgres_url, ping_after_idle=ping_after_idle)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    drop_connections(postgres_url)
    with engine.connect() as connection:
        if survives:
            assert connection.execute(text("SELECT 1")).scalar() == 1
        else:
            with pytest.raises(DBAPIError) as raised:
                connection.execute(text("SELECT 1"))
            assert raised.value.connection_invalidated
    engine.dispose()


def test_on_postgresql_statements_reach_the_server_as_built(postgres_url: str) -> None:
    # Psycopg's default cursor rewrites %(name)s placeholders on every execution and caches
    # no rewrite of a statement over 4 KB, as an assessment's read is: the engine renders
    # $1 placeholders and hands them to psycopg's raw cursor, which sends them as they are.
    engine = make_engine(postgres_url)
    sent: list[tuple[type, str]] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _conn, cursor, statement, *_: sent.append((type(cursor), statement)))
    padding = "x" * 5000
    long_statement = text(f"SELECT :n + :n AS twice, length(:padding) AS padded -- {padding}")
    with engine.connect() as connection:
        row = connection.execute(long_statement, {"n": 21, "padding": padding}).one()
    assert (row.twice, row.padded) == (42, 5000)
    cursor_type, statement = sent[-1]
    assert issubclass(cursor_type, psycopg.RawCursor)
    assert "$1 + $1" in statement and "%(" not in statement
    engine.dispose()

"""Start-up pays for the first call's one-off costs: it runs an assessment's reads, writes
nothing, and never stops the service from starting."""

import logging

import pytest
from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db.engine import Base, make_session_factory, unit_of_work
from app.schemas.assessment import AssessmentCreate
from app.services.access.audit import Actor
from app.services.assessment.assess import AssessContext, assess
from app.services.assessment.recording import Recorder
from app.services.assessment.warmup import warm_up
from app.services.citizens.pseudonym import Pseudonymiser
from app.services.flag_model.model_store import Served
from tests.conftest import TEST_SECRET
from tests.factories import assessment_body

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=1"


def _statements(engine: Engine) -> list[str]:
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _conn, _cursor, statement, *_: sent.append(statement))
    return sent


def _rows(factory: sessionmaker[Session]) -> dict[str, int]:
    with unit_of_work(factory) as session:
        return {table.name: session.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables}


def test_warm_up_runs_the_reads_of_an_assessment_and_writes_nothing(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    pseudonymiser = Pseudonymiser(TEST_SECRET)
    sent = _statements(session_factory.kw["bind"])
    before = _rows(session_factory)
    warm_up(session_factory, settings, pseudonymiser)
    warmed = list(sent)
    assert _rows(session_factory) == before
    assert not any(s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for s in warmed)

    context = AssessContext(settings=settings, pseudonymiser=pseudonymiser, served=Served(),
                            actor=Actor(name="cad", role="dispatch"),
                            recorder=Recorder.for_engine(session_factory.kw["bind"]))
    for call in ("CAD-NEW-CALLER", "CAD-KNOWN-CALLER"):  # linked anew, then known
        sent.clear()
        assess(session_factory, AssessmentCreate.model_validate(assessment_body(call_id=call)),
               context)
        reads = [s for s in sent if s.lstrip().upper().startswith(("SELECT", "WITH PRESUMED"))]
        assert reads and set(reads) <= set(warmed)  # the call's reads ran at start-up


def test_without_a_database_warm_up_says_so_and_lets_the_service_start(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    factory = make_session_factory(create_engine(UNREACHABLE))
    with caplog.at_level(logging.WARNING, logger="app.services.assessment.warmup"):
        warm_up(factory, settings, Pseudonymiser(TEST_SECRET))
    assert "could not read the database" in caplog.text

"""Where assessments run (`assess_runner`): the choice, and on PostgreSQL's event-loop path
what the threaded path gives too: a lost connection costs the assessment nothing, a new
citizen's rows land together, the answer matches the threaded one."""

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.engine import make_async_engine, make_engine, make_session_factory, unit_of_work
from app.models import Assessment, AuditEvent, Call, Citizen
from app.schemas.assessment import AssessmentCreate, AssessmentRead
from app.services.access.audit import Actor
from app.services.assessment import recording
from app.services.assessment.assess import AssessContext
from app.services.assessment.assess_runner import AssessmentRunner, OnEventLoop, assessment_runner
from app.services.citizens.pseudonym import Pseudonymiser
from app.services.flag_model.model_store import Served
from tests.conftest import TEST_SECRET, drop_connections, on_a_loop_of_its_own
from tests.factories import assessment_body

POSTGRES = "postgresql+psycopg://nobody@127.0.0.1:5432/none"


@pytest.mark.parametrize(
    ("url", "on_event_loop", "where"),
    [
        (POSTGRES, True, "event loop"),
        (POSTGRES, False, "threads"),
        ("sqlite:///unused.db", True, "threads"),  # no asynchronous driver for SQLite here
        ("sqlite:///unused.db", False, "threads"),
    ],
)
def test_assessments_run_on_the_event_loop_only_where_the_database_has_an_async_driver(
    url: str, on_event_loop: bool, where: str
) -> None:
    settings = Settings(environment="test", database_url=url,
                        assess_on_event_loop=on_event_loop)
    runner = assessment_runner(settings, make_session_factory(make_engine(POSTGRES)))
    assert runner.where == where
    on_a_loop_of_its_own(runner.close)


def _context() -> AssessContext:
    return AssessContext(settings=Settings(environment="test", pseudonym_secret=TEST_SECRET),
                         hasher=Pseudonymiser(TEST_SECRET), served=Served(),
                         actor=Actor(name="cad", role="dispatch"))


def _assess(runner: AssessmentRunner, *bodies: dict[str, Any],
            between: Any = None) -> list[AssessmentRead]:
    """The bodies assessed one after the other on one event loop; `between` runs after the
    first."""
    async def run() -> list[AssessmentRead]:
        answers = []
        for n, body in enumerate(bodies):
            answers.append(await runner(AssessmentCreate.model_validate(body), _context()))
            if n == 0 and between is not None:
                between()
        await runner.close()
        return answers

    return on_a_loop_of_its_own(run)


def _recorded(url: str) -> tuple[int, int, int, int]:
    engine = make_engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        counts = tuple(session.scalar(select(func.count()).select_from(model))
                       for model in (Citizen, Call, Assessment, AuditEvent))
    engine.dispose()
    return counts  # type: ignore[return-value]


def _unavailable(answer: AssessmentRead) -> list[str]:
    return [reason for reason in answer.degraded_reasons if "Database unavailable" in reason]


@pytest.mark.postgres
@pytest.mark.parametrize("ping_after_idle", [3600.0, 0.0])
def test_on_the_event_loop_a_dropped_connection_costs_the_assessment_nothing(
    postgres_url: str, ping_after_idle: float
) -> None:
    """With no ping (used a moment ago) the first statement finds the connection dead and
    the assessment runs once more; with a ping, the pool replaces it before use."""
    runner = OnEventLoop(make_async_engine(postgres_url, pool_size=2,
                                           ping_after_idle=ping_after_idle), turns=2)
    phone = "+45 20 00 00 01"
    first, second = _assess(
        runner, assessment_body(call_id="CAD-LOOP-1", caller_phone=phone),
        assessment_body(call_id="CAD-LOOP-2", caller_phone=phone),
        between=lambda: drop_connections(postgres_url))

    assert _unavailable(first) == _unavailable(second) == []
    assert second.history is not None and second.history.calls_24h == 2
    assert _recorded(postgres_url)[1:3] == (2, 2)


@pytest.mark.postgres
def test_on_the_event_loop_a_caller_linked_anew_is_recorded_whole(postgres_url: str) -> None:
    """A phone first, then the same phone with a CPR: the second call links the citizen in a
    transaction of its own (the path that is not one autocommit read and one write)."""
    runner = OnEventLoop(make_async_engine(postgres_url, pool_size=2), turns=2)
    phone = "+45 20 00 00 02"
    first, second = _assess(
        runner, assessment_body(call_id="CAD-LINK-1", caller_phone=phone),
        assessment_body(call_id="CAD-LINK-2", caller_phone=phone,
                        patient={"cpr": "010190-1234", "municipality_code": "0751"}))

    assert _unavailable(first) == _unavailable(second) == []
    assert second.history is not None and second.history.citizen_known
    assert second.history.calls_24h == 2
    citizens, calls, assessments, audits = _recorded(postgres_url)
    assert (citizens, calls, assessments) == (2, 2, 2)  # the phone's citizen merged in
    assert audits == 2  # each call read a citizen's history, and said so


@pytest.mark.postgres
def test_on_the_event_loop_a_caller_linked_anew_lands_whole_or_not_at_all(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The event loop's engine lets each statement commit alone, but a unit of work there is
    a transaction: when the call's rows fail after the citizen and phone line were written,
    none of them stays, and the answer says it was not recorded."""
    def refused(session: Session, **_rows: Any) -> None:
        session.flush()  # the new citizen and its phone line reach the database
        raise RuntimeError("the call's rows failed")

    monkeypatch.setattr(recording, "write", refused)
    runner = OnEventLoop(make_async_engine(postgres_url, pool_size=1), turns=1)
    (answer,) = _assess(runner, assessment_body(call_id="CAD-WHOLE-1",
                                                caller_phone="+45 20 00 00 03"))

    assert _unavailable(answer) and answer.recommendation.action == "follow_protocol"
    assert _recorded(postgres_url) == (0, 0, 0, 0)


@pytest.mark.postgres
def test_on_the_event_loop_a_known_caller_after_a_transaction_is_recorded(
    postgres_url: str,
) -> None:
    """One pooled connection: a new caller's transaction, then the same caller again, read
    and written on the bare connection, whose statements must commit alone once more; the
    second call's social need reads the directory and the municipality through the ORM on
    that connection."""
    runner = OnEventLoop(make_async_engine(postgres_url, pool_size=1), turns=1)
    phone = "+45 20 00 00 04"
    first, second = _assess(
        runner, assessment_body(call_id="CAD-AGAIN-1", caller_phone=phone),
        assessment_body(call_id="CAD-AGAIN-2", caller_phone=phone, notes="ensom, har drukket"))

    assert _unavailable(first) == _unavailable(second) == []
    assert second.history is not None and second.history.calls_24h == 2
    contact = second.recommendation.municipal_contact
    assert contact is not None and contact.municipality_code == "0751"
    assert _recorded(postgres_url) == (1, 2, 2, 2)  # each call read the history: audited

"""The assessment runner on each database: a lost connection costs the assessment nothing,
a new citizen's rows land together or not at all, a known caller after a transaction is
recorded."""

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.engine import make_engine, make_session_factory, unit_of_work
from app.models import Assessment, AuditEvent, Call, Citizen
from app.schemas.assessment import AssessmentCreate, AssessmentRead
from app.services.access.audit import Actor
from app.services.assessment.assess import AssessContext
from app.services.assessment.assess_runner import AssessmentRunner
from app.services.assessment.recording import Recorder
from app.services.citizens.pseudonym import Pseudonymiser
from app.services.flag_model.model_store import Served
from tests.conftest import TEST_SECRET, drop_connections, on_a_loop_of_its_own
from tests.factories import assessment_body


class RefusedRows(Recorder):
    """A recorder whose write fails after the new citizen and phone line were written."""

    def write(self, session: Session, **_rows: Any) -> None:
        session.flush()  # the new citizen and its phone line reach the database
        raise RuntimeError("the call's rows failed")


def _assess(url: str, *bodies: dict[str, Any], pool: int = 2, ping_after_idle: float = 1.0,
            recorder: type[Recorder] = Recorder, between: Any = None) -> list[AssessmentRead]:
    """The bodies assessed one after the other by a runner on its own engine; `between`
    runs after the first."""
    engine = make_engine(url, pool_size=pool, ping_after_idle=ping_after_idle)
    runner = AssessmentRunner(make_session_factory(engine), threads=pool)
    context = AssessContext(settings=Settings(environment="test", pseudonym_secret=TEST_SECRET),
                            pseudonymiser=Pseudonymiser(TEST_SECRET), served=Served(),
                            actor=Actor(name="cad", role="dispatch"),
                            recorder=recorder.for_engine(engine))

    async def run() -> list[AssessmentRead]:
        answers = []
        for n, body in enumerate(bodies):
            answers.append(await runner(AssessmentCreate.model_validate(body), context))
            if n == 0 and between is not None:
                between()
        await runner.close()
        return answers

    try:
        return on_a_loop_of_its_own(run)
    finally:
        engine.dispose()


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
def test_a_dropped_connection_costs_the_assessment_nothing(
    postgres_url: str, ping_after_idle: float
) -> None:
    """With no ping (used a moment ago) the first statement finds the connection dead and
    the assessment runs once more; with a ping, the pool replaces it before use."""
    phone = "+45 20 00 00 01"
    first, second = _assess(
        postgres_url, assessment_body(call_id="CAD-LOOP-1", caller_phone=phone),
        assessment_body(call_id="CAD-LOOP-2", caller_phone=phone),
        ping_after_idle=ping_after_idle, between=lambda: drop_connections(postgres_url))

    assert _unavailable(first) == _unavailable(second) == []
    assert second.history is not None and second.history.calls_24h == 2
    assert _recorded(postgres_url)[1:3] == (2, 2)


def test_a_caller_linked_anew_is_recorded_whole(database_url: str) -> None:
    """A phone first, then the same phone with a CPR: the second call links the citizen in a
    transaction of its own (not the one that reads a settled caller)."""
    phone = "+45 20 00 00 02"
    first, second = _assess(
        database_url, assessment_body(call_id="CAD-LINK-1", caller_phone=phone),
        assessment_body(call_id="CAD-LINK-2", caller_phone=phone,
                        patient={"cpr": "010190-1234", "municipality_code": "0751"}))

    assert _unavailable(first) == _unavailable(second) == []
    assert second.history is not None and second.history.citizen_known
    assert second.history.calls_24h == 2
    citizens, calls, assessments, audits = _recorded(database_url)
    assert (citizens, calls, assessments) == (2, 2, 2)  # the phone's citizen merged in
    assert audits == 2  # each call read a citizen's history, and said so


def test_a_caller_linked_anew_lands_whole_or_not_at_all(database_url: str) -> None:
    """When the call's rows fail after the citizen and phone line were written, none of
    them stays, and the answer says it was not recorded."""
    (answer,) = _assess(database_url, assessment_body(call_id="CAD-WHOLE-1",
                                                      caller_phone="+45 20 00 00 03"),
                        pool=1, recorder=RefusedRows)

    assert _unavailable(answer) and answer.recommendation.action == "follow_protocol"
    assert _recorded(database_url) == (0, 0, 0, 0)


def test_a_known_caller_after_a_transaction_is_recorded(database_url: str) -> None:
    """One pooled connection: a new caller's transaction, then the same caller again; the
    second call's social need reads the directory and the municipality on the way."""
    phone = "+45 20 00 00 04"
    first, second = _assess(
        database_url, assessment_body(call_id="CAD-AGAIN-1", caller_phone=phone),
        assessment_body(call_id="CAD-AGAIN-2", caller_phone=phone, notes="ensom, har drukket"),
        pool=1)

    assert _unavailable(first) == _unavailable(second) == []
    assert second.history is not None and second.history.calls_24h == 2
    contact = second.recommendation.municipal_contact
    assert contact is not None and contact.municipality_code == "0751"
    assert _recorded(database_url) == (1, 2, 2, 2)  # each call read the history: audited

"""The rows an assessment leaves, with the recorder made for the database: all of them or
none, and a re-sent call stays one row."""

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.db.engine import unit_of_work
from app.models import Assessment, AuditEvent, Call
from app.schemas.assessment import AssessmentCreate
from app.services.access import audit
from app.services.access.audit import Actor
from app.services.assessment import calls
from app.services.assessment.recording import Recorder
from app.services.citizens.identity import Identity, KnownCitizen
from tests.factories import assessment_body
from tests.factories import brobygger as make

DISPATCH = Actor(name="cad", role="dispatch")


def _assessment(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": str(uuid.uuid4()), "created_at": datetime.now(UTC), "flag": "social",
        "social_probability": 0.9, "model_version": None, "model_flag": None,
        "action": "brobygger_callback", "urgency": None, "follow_up": None, "degraded": False,
        "detail": {"social_needs": ["loneliness"]}, "shadow_model_version": None,
        "shadow_probability": None, "shadow_flag": None,
    }
    return {**row, **changes}


def _counts(session) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    return tuple(session.scalar(select(func.count()).select_from(model))  # type: ignore[return-value]
                 for model in (Call, Assessment, AuditEvent))


@pytest.mark.parametrize("audited", [True, False])
def test_a_call_its_assessment_and_the_audit_record_land_together(session_factory,
                                                                  audited) -> None:
    request = AssessmentCreate.model_validate(assessment_body(call_id="CAD-REC-1"))
    with unit_of_work(session_factory) as session:
        person = make.citizen(session)
        identity = Identity(KnownCitizen.of(person), "phone", False, "f" * 64)
        recorder = Recorder.for_engine(session.get_bind().engine)
        for _ in range(2):  # re-sent: the call is updated, a second assessment added
            recorder.write(
                session, call=calls.values(request, "ensom", identity), assessment=_assessment(),
                audit_record=audit.values(actor=DISPATCH, action="history.read.assessment",
                                          citizen_pseudonym=person.pseudonym,
                                          call_id=request.call_id) if audited else None)
    with unit_of_work(session_factory) as session:
        assert _counts(session) == (1, 2, 2 if audited else 0)
        call = session.scalar(select(Call))
        assert (call.call_id, call.citizen_id, call.notes) == ("CAD-REC-1", person.id, "ensom")
        assert {a.call_pk for a in session.scalars(select(Assessment))} == {call.id}


def test_when_one_row_cannot_be_written_none_is(session_factory) -> None:
    request = AssessmentCreate.model_validate(assessment_body(call_id="CAD-REC-2"))
    broken_audit = {**audit.values(actor=DISPATCH, action="history.read.assessment"),
                    "role": None}  # NOT NULL
    with pytest.raises(Exception), unit_of_work(session_factory) as session:  # noqa: B017
        Recorder.for_engine(session.get_bind().engine).write(
            session, call=calls.values(request, "", Identity(None, None, False, None)),
            assessment=_assessment(), audit_record=broken_audit)
    with unit_of_work(session_factory) as session:
        assert _counts(session) == (0, 0, 0)

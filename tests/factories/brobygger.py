"""Rows for the brobygger and directory tests: citizens, calls, assessments, feedback."""

import itertools
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.models import Assessment, Call, CallOutcome, Citizen, Feedback
from app.services.citizens.pseudonym import new_pseudonym

CPH = ZoneInfo("Europe/Copenhagen")
_counter = itertools.count(1)


def local(*parts: int) -> datetime:
    """A Copenhagen wall-clock moment."""
    return datetime(*parts, tzinfo=CPH)  # type: ignore[misc]


def citizen(session: Session) -> Citizen:
    """A known citizen."""
    row = Citizen(pseudonym=new_pseudonym())
    session.add(row)
    session.flush()
    return row


def call(
    session: Session, person: Citizen | None, received_at: datetime, *,
    municipality_code: str | None = "0751", ambulance: str | None = None,
) -> Call:
    """A recorded 112 call (with an ambulance outcome when given)."""
    row = Call(call_id=f"CAD-T{next(_counter):06d}", received_at=received_at,
               citizen_id=person.id if person else None, municipality_code=municipality_code)
    session.add(row)
    session.flush()
    if ambulance:
        session.add(CallOutcome(call_pk=row.id, dispatched="ambulance", ambulance_urgency=ambulance,
                                recorded_by="test"))
        session.flush()
    return row


def assessment(
    session: Session, row: Call, *, action: str = "brobygger_callback",
    follow_up: str | None = None, needs: list[str] | None = None,
) -> Assessment:
    """What the service advised for the call."""
    detail: dict[str, Any] = {"social_needs": needs or ["loneliness"]}
    advice = Assessment(id=str(uuid.uuid4()), call_pk=row.id, flag="social", action=action,
                        follow_up=follow_up, detail=detail)
    session.add(advice)
    session.flush()
    return advice


def feedback(
    session: Session, advice: Assessment, *, accepted: bool = True, action_taken: str | None = None,
) -> Feedback:
    """The call-handler's answer to the advice."""
    row = Feedback(assessment_id=advice.id, accepted=accepted,
                   action_taken=action_taken or advice.action,
                   reason_code=None if accepted else "clinical_judgement", given_by="handler-1")
    session.add(row)
    session.flush()
    return row

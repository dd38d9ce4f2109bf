"""The call-handler's answer to an assessment: accepted, or overridden with a reason.

Every decision is audit-logged with who, when and what; an accept can be withdrawn for a
few seconds (a hurried key press), and that is audit-logged too.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import Assessment, BrobyggerCase, Call, Callback, CaseEvent, Citizen, Feedback
from app.schemas.outcome import FeedbackCreate
from app.services.access import audit
from app.services.access.audit import Actor
from app.services.brobygger import advice
from app.triage.availability import DutySchedule
from app.triage.notes.scrub import scrub_identifiers

UNDO_WINDOW = timedelta(seconds=10)


class AssessmentNotFound(LookupError):
    """No assessment with that id."""


class AssessmentSuperseded(ValueError):
    """The call was assessed again since: only its latest assessment takes an answer."""


class UndoExpired(ValueError):
    """Nothing to withdraw: no accept of yours, or its undo window has passed."""


def get_assessment(session: Session, assessment_id: str) -> Assessment:
    """The assessment, or AssessmentNotFound."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise AssessmentNotFound(assessment_id)
    return assessment


def newer_of_call(session: Session, assessment: Assessment) -> str | None:
    """The id of a later assessment of the same call (a re-sent call), if there is one."""
    return session.scalar(
        select(Assessment.id)
        .where(Assessment.call_pk == assessment.call_pk, Assessment.id != assessment.id,
               Assessment.created_at >= assessment.created_at)
        .order_by(Assessment.created_at.desc(), Assessment.id.desc()).limit(1))


def create(
    session: Session, assessment_id: str, feedback: FeedbackCreate, *, actor: Actor,
    schedule: DutySchedule,
) -> Feedback:
    """Store the call-handler's feedback (the model learns from it); book what it implies."""
    assessment = get_assessment(session, assessment_id)
    if newer_of_call(session, assessment) is not None:
        raise AssessmentSuperseded(
            f"assessment '{assessment_id}' is superseded: the call was assessed again; "
            "answer its latest assessment")
    row = Feedback(assessment_id=assessment_id, given_by=actor.name, **feedback.model_dump())
    if row.reason_text:  # typed by the call-handler: a CPR or a phone number may be in it
        row.reason_text = scrub_identifiers(row.reason_text)
    session.add(row)
    session.flush()
    advice.on_feedback(session, assessment=assessment, feedback=row, schedule=schedule)
    what = (f"{row.action_taken}" if row.accepted
            else f"{row.action_taken}; {row.reason_code or ''}".rstrip("; "))
    _audit(session, assessment, actor=actor,
           action="feedback.accept" if row.accepted else "feedback.override", purpose=what)
    return row


def withdraw(session: Session, assessment_id: str, *, actor: Actor,
             now: datetime | None = None) -> None:
    """Withdraw your own accept within UNDO_WINDOW, with what it booked; else UndoExpired."""
    now = now or datetime.now(UTC)
    assessment = get_assessment(session, assessment_id)
    latest = session.scalar(select(Feedback).where(Feedback.assessment_id == assessment_id)
                            .order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(1))
    if (latest is None or not latest.accepted or latest.given_by != actor.name
            or now - latest.created_at > UNDO_WINDOW):
        raise UndoExpired(assessment_id)
    _unbook(session, assessment, since=latest.created_at)
    session.delete(latest)
    session.flush()
    _audit(session, assessment, actor=actor, action="feedback.withdraw",
           purpose=latest.action_taken)


def undo_until(feedback: Feedback | None, *, actor_name: str) -> datetime | None:
    """Until when this person may still withdraw this answer; None when they may not."""
    if feedback is None or not feedback.accepted or feedback.given_by != actor_name:
        return None
    return feedback.created_at + UNDO_WINDOW


def _unbook(session: Session, assessment: Assessment, *, since: datetime) -> None:
    """Undo the callback and the referral the accept booked, while nobody has acted on them."""
    session.execute(delete(Callback).where(Callback.assessment_id == assessment.id,
                                           Callback.status == "open", Callback.attempts == 0))
    call = session.get(Call, assessment.call_pk)
    if call is None:
        return
    for case in session.scalars(select(BrobyggerCase).where(
            BrobyggerCase.call_id == call.call_id, BrobyggerCase.source == "call",
            BrobyggerCase.status == "referred", BrobyggerCase.opened_at >= since)):
        session.execute(delete(CaseEvent).where(CaseEvent.case_id == case.id))
        session.delete(case)


def _audit(session: Session, assessment: Assessment, *, actor: Actor, action: str,
           purpose: str) -> None:
    call = session.get(Call, assessment.call_pk)
    citizen = session.get(Citizen, call.citizen_id) if call and call.citizen_id else None
    audit.record(session, actor=actor, action=action, call_id=call.call_id if call else None,
                 citizen_pseudonym=citizen.pseudonym if citizen else None, purpose=purpose)

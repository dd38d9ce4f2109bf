"""The call-handler's answer to an assessment: accepted, or overridden with a reason."""

from sqlalchemy.orm import Session

from app.models import Assessment, Feedback
from app.schemas.outcome import FeedbackCreate
from app.services import bridging
from app.services.audit import Actor
from app.triage.availability import DutySchedule


class AssessmentNotFound(LookupError):
    """No assessment with that id."""


def get_assessment(session: Session, assessment_id: str) -> Assessment:
    """The assessment, or AssessmentNotFound."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise AssessmentNotFound(assessment_id)
    return assessment


def create(
    session: Session, assessment_id: str, feedback: FeedbackCreate, *, actor: Actor,
    schedule: DutySchedule,
) -> Feedback:
    """Store the call-handler's feedback (the model learns from it); book what it implies."""
    assessment = get_assessment(session, assessment_id)
    row = Feedback(assessment_id=assessment_id, given_by=actor.name, **feedback.model_dump())
    session.add(row)
    session.flush()
    bridging.on_feedback(session, assessment=assessment, feedback=row, schedule=schedule)
    return row

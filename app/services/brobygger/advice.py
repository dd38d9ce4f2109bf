"""What an assessment and the call-handler's feedback need from the brobygger side.

`extras` gives a recommendation its municipal contact, open offers and callback time;
`on_feedback` books the callback or opens the referral the call-handler agreed to. (The
history's case, phase and response plan come with its calls, from `snapshot`.)
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from app.models import Assessment, Call, Callback, Citizen, Feedback
from app.schemas.assessment import ContactRead, OfferRead
from app.services import directory
from app.services.brobygger import callbacks, cases
from app.triage.availability import DutySchedule, next_duty_start

SOCIAL_ACTIONS = frozenset({"dispatch_sociolance", "transfer_to_brobygger", "brobygger_callback"})
REFERRAL = "refer_to_brobygger"


@dataclass(frozen=True)
class Extras:
    """What a social recommendation adds: whom to hand over to, what is open, when to call back."""

    municipal_contact: ContactRead | None = None
    offers: list[OfferRead] = field(default_factory=list)
    offers_note: str | None = None
    callback_due_at: datetime | None = None


def extras(
    session: Session, *, action: str, follow_up: str | None, needs: Sequence[str],
    municipality_code: str | None, at: datetime, schedule: DutySchedule,
) -> Extras:
    """Contact, offers and callback time for a social route or a follow-up referral."""
    if action not in SOCIAL_ACTIONS and follow_up != REFERRAL and not needs:
        return Extras()
    offers, note = directory.offers_for(session, needs=needs, municipality_code=municipality_code,
                                        at=at)
    return Extras(
        municipal_contact=directory.contact_for(session, municipality_code),
        offers=offers,
        offers_note=note,
        callback_due_at=next_duty_start(schedule, at) if action == "brobygger_callback" else None,
    )


def on_feedback(
    session: Session, *, assessment: Assessment, feedback: Feedback, schedule: DutySchedule
) -> Callback | None:
    """Book the agreed callback; open the agreed follow-up referral as a case."""
    callback = callbacks.book(session, assessment=assessment, feedback=feedback, schedule=schedule)
    if feedback.accepted and assessment.follow_up == REFERRAL:
        _refer_from_call(session, assessment, actor=feedback.given_by)
    return callback


def _refer_from_call(session: Session, assessment: Assessment, *, actor: str) -> None:
    call = session.get(Call, assessment.call_pk)
    citizen = session.get(Citizen, call.citizen_id) if call and call.citizen_id else None
    if call is None or citizen is None or cases.open_case(session, citizen.id) is not None:
        return  # nobody to refer, or the brobyggere know the citizen already
    cases.create(session, citizen=citizen, needs=list(assessment.detail.get("social_needs", [])),
                 municipality_code=call.municipality_code, source="call", actor=actor,
                 call_id=call.call_id,
                 note="referred from the call: follow-up agreed by the call-handler")

"""One assessment as the call-handler sees it: the answer as shown, and the history now.

The stored answer has no history; the history is read again for the person looking, and
that read is audit-logged in their name.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.models import Call, Citizen, Feedback, PhoneLine
from app.schemas.assessment import AssessmentRead
from app.schemas.citizen import HistoryRead, LookupRequest
from app.services import audit, history, snapshot
from app.services import lookup as lookup_service
from app.services.audit import Actor
from app.services.feedback import get_assessment
from app.services.identity import Identity, KnownCitizen, current
from app.services.pseudonym import Pseudonymiser
from app.triage.history import CallEvent, history_from_counts


@dataclass(frozen=True)
class HistoryView:
    """A citizen's history now, with the year's calls for the chart."""

    history: HistoryRead
    events: list[CallEvent]


@dataclass(frozen=True)
class AssessmentView:
    """What the assessment page shows."""

    answer: AssessmentRead
    call: Call
    seen: HistoryView
    feedback: Feedback | None


def get(session: Session, assessment_id: str, *, actor: Actor, settings: Settings,
        now: datetime | None = None) -> AssessmentView:
    """The assessment with its history read now; AssessmentNotFound if there is none."""
    now = now or datetime.now(UTC)
    assessment = get_assessment(session, assessment_id)
    call = session.get(Call, assessment.call_pk)
    assert call is not None
    answer = AssessmentRead.model_validate({**assessment.detail, "history": None})
    identity = _identity(session, call)
    if identity.citizen is not None:
        audit.record(session, actor=actor, action="history.read.console",
                     citizen_pseudonym=identity.citizen.pseudonym, call_id=call.call_id)
    latest = session.scalar(select(Feedback).where(Feedback.assessment_id == assessment_id)
                            .order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(1))
    return AssessmentView(answer=answer, call=call,
                          seen=read_history(session, identity, settings=settings, now=now),
                          feedback=latest)


def lookup(session: Session, request: LookupRequest, *, actor: Actor, hasher: Pseudonymiser,
           settings: Settings, now: datetime | None = None) -> HistoryView:
    """A look-up by CPR or phone (audit-logged by the look-up service), with the chart's calls."""
    now = now or datetime.now(UTC)
    found = lookup_service.lookup(session, request, actor=actor, hasher=hasher, settings=settings,
                                  now=now)
    citizen = None
    if found.citizen_pseudonym:
        citizen = session.scalar(
            select(Citizen).where(Citizen.pseudonym == found.citizen_pseudonym))
    if citizen is None:
        return HistoryView(found, [])
    # The look-up shows case, phase and plan already; the chart needs the year's calls.
    return HistoryView(found, history.call_events(session, citizen.id, as_of=now))


def read_history(session: Session, identity: Identity, *, settings: Settings,
                 now: datetime) -> HistoryView:
    """The history of the identified citizen as of now (zero when unknown); not audit-logged."""
    citizen = identity.citizen
    if citizen is None:
        return HistoryView(history.history_read(identity, None, []), [])
    seen = snapshot.read(session, citizen.id, as_of=now, rule=settings.caller_rule)
    figures = history_from_counts(seen.calls.counts, settings.caller_rule)
    # The chart needs the year's calls one by one: a person reads this, not every call.
    events = history.call_events(session, citizen.id, as_of=now)
    return HistoryView(seen.history(identity, figures), events)


def _identity(session: Session, call: Call) -> Identity:
    citizen = current(session, session.get(Citizen, call.citizen_id) if call.citizen_id else None)
    line = session.get(PhoneLine, call.phone_hash) if call.phone_hash else None
    shared = bool(line and line.shared)
    linked_by = None if citizen is None else ("cpr" if call.cpr_given else "phone")
    known = KnownCitizen.of(citizen) if citizen is not None else None
    return Identity(known, linked_by, shared, call.phone_hash)  # type: ignore[arg-type]

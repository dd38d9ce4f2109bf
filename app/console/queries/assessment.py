"""One assessment as the call-handler sees it: the answer and the history as of the call.

The stored answer keeps no history (it would copy the citizen's record into every row), so
the history is read again as the answer had it: as of the moment the call came in, this
call counted once. That read is audit-logged in the reader's name.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.models import Call, Citizen, Feedback, PhoneLine
from app.schemas.assessment import AssessmentRead
from app.schemas.citizen import HistoryRead, LookupRequest
from app.services.access import audit
from app.services.access.audit import Actor
from app.services.assessment import snapshot
from app.services.assessment.feedback import get_assessment, newer_of_call, undo_until
from app.services.citizens import history
from app.services.citizens import lookup as lookup_service
from app.services.citizens.identity import Identity, KnownCitizen, current
from app.services.citizens.pseudonym import Pseudonymiser
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
    superseded_by: str | None = None  # a later assessment of the same call
    undo_until: datetime | None = None  # until when the reader may withdraw their accept


def get(session: Session, assessment_id: str, *, actor: Actor, settings: Settings,
        now: datetime | None = None) -> AssessmentView:
    """The assessment with its history as of the call; AssessmentNotFound if there is none."""
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
                          seen=history_at_call(session, identity, call, settings=settings),
                          feedback=latest, superseded_by=newer_of_call(session, assessment),
                          undo_until=undo_until(latest, actor_name=actor.name))


def history_at_call(session: Session, identity: Identity, call: Call, *,
                    settings: Settings) -> HistoryView:
    """The history as the answer had it: as of the call, the call itself counted once."""
    citizen = identity.citizen
    if citizen is None:
        return HistoryView(history.history_read(identity, None, []), [])
    rule = settings.caller_rule
    seen = snapshot.read(session, citizen.id, as_of=call.received_at, rule=rule,
                         leave_out=call.call_id)
    counts = seen.calls.counts.plus_call_now(seen.calls.this_call_ambulance)
    figures = history_from_counts(counts, rule)
    events = history.call_events(session, citizen.id, as_of=call.received_at)
    return HistoryView(seen.history(identity, figures), events)


def look_up(session: Session, request: LookupRequest, *, actor: Actor, pseudonymiser: Pseudonymiser,
           settings: Settings, now: datetime | None = None) -> HistoryView:
    """A look-up by CPR or phone (audit-logged by the look-up service), with the chart's calls."""
    now = now or datetime.now(UTC)
    found = lookup_service.look_up(session, request, actor=actor, pseudonymiser=pseudonymiser,
                                  settings=settings, now=now)
    citizen = None
    if found.citizen_pseudonym:
        citizen = session.scalar(
            select(Citizen).where(Citizen.pseudonym == found.citizen_pseudonym))
    if citizen is None:
        return HistoryView(found, [])
    # The look-up shows case, phase and plan already; the chart needs the year's calls.
    return HistoryView(found, history.call_events(session, citizen.id, as_of=now))


def _identity(session: Session, call: Call) -> Identity:
    citizen = current(session, session.get(Citizen, call.citizen_id) if call.citizen_id else None)
    line = session.get(PhoneLine, call.phone_hash) if call.phone_hash else None
    shared = bool(line and line.shared)
    linked_by = None if citizen is None else ("cpr" if call.cpr_given else "phone")
    known = KnownCitizen.of(citizen) if citizen is not None else None
    return Identity(known, linked_by, shared, call.phone_hash)  # type: ignore[arg-type]

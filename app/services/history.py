"""A citizen's frequent-caller history, read from the database and computed by the core."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Assessment, Call, CallOutcome, Feedback
from app.schemas.citizen import HistoryRead, RecentCallRead
from app.services.identity import Identity
from app.triage.history import CallEvent, FrequentCallerRule, HistoryMetrics, compute_history

YEAR = timedelta(days=365)
NO_HISTORY = compute_history([], as_of=datetime(2000, 1, 1, tzinfo=UTC))
RECENT_CALLS = 5


def call_events(session: Session, citizen_id: int, *, as_of: datetime) -> list[CallEvent]:
    """The citizen's calls of the last year up to `as_of`, with the ambulance urgency sent."""
    rows = session.execute(
        select(Call.received_at, CallOutcome.dispatched, CallOutcome.ambulance_urgency)
        .outerjoin(CallOutcome, CallOutcome.call_pk == Call.id)
        .where(Call.citizen_id == citizen_id, Call.received_at > as_of - YEAR,
               Call.received_at <= as_of)
    )
    return [
        CallEvent(at=at, ambulance_urgency=urgency if dispatched == "ambulance" else None)
        for at, dispatched, urgency in rows
    ]


def recent_calls(
    session: Session, citizen_id: int, *, as_of: datetime, exclude_call_pk: int | None = None
) -> list[RecentCallRead]:
    """The last calls before this one: when, what the service flagged, what was done."""
    query = (
        select(Call.id, Call.received_at, CallOutcome.dispatched, CallOutcome.ambulance_urgency)
        .outerjoin(CallOutcome, CallOutcome.call_pk == Call.id)
        .where(Call.citizen_id == citizen_id, Call.received_at <= as_of)
        .order_by(Call.received_at.desc())
        .limit(RECENT_CALLS + 1)
    )
    rows = [row for row in session.execute(query) if row.id != exclude_call_pk][:RECENT_CALLS]
    flags = _latest_flags(session, [row.id for row in rows])
    return [
        RecentCallRead(
            received_at=row.received_at,
            flag=flags.get(row.id, (None, None))[0],
            action_taken=_action_taken(row.dispatched, row.ambulance_urgency,
                                       flags.get(row.id, (None, None))[1]),
        )
        for row in rows
    ]


def _latest_flags(session: Session, call_pks: list[int]) -> dict[int, tuple[str, str | None]]:
    if not call_pks:
        return {}
    rows = session.execute(
        select(Assessment.call_pk, Assessment.flag, Feedback.action_taken)
        .outerjoin(Feedback, Feedback.assessment_id == Assessment.id)
        .where(Assessment.call_pk.in_(call_pks))
        .order_by(Assessment.created_at)
    )
    latest: dict[int, tuple[str, str | None]] = {}
    for call_pk, flag, action in rows:
        latest[call_pk] = (flag, action or latest.get(call_pk, (None, None))[1])
    return latest


def _action_taken(dispatched: str | None, urgency: str | None, feedback: str | None) -> str | None:
    if dispatched == "ambulance":
        return f"ambulance {urgency}"
    return dispatched or feedback


def metrics(
    session: Session, citizen_id: int, *, as_of: datetime, rule: FrequentCallerRule
) -> HistoryMetrics:
    """Counts and the frequent-caller verdict as of a moment."""
    return compute_history(call_events(session, citizen_id, as_of=as_of), as_of=as_of, rule=rule)


def history_read(
    identity: Identity, figures: HistoryMetrics | None, recent: list[RecentCallRead]
) -> HistoryRead:
    """The history as the API shows it; an unknown caller has zero counts and says why."""
    citizen = identity.citizen
    note = None
    if identity.shared_phone:
        note = ("Shared phone line (seen with several CPR numbers): it links no one by itself."
                if citizen is None else
                "Shared phone line: history follows the CPR number only.")
    elif citizen is None:
        note = "Not identified: no earlier calls can be linked to this caller."
    zero = figures or NO_HISTORY
    return HistoryRead(
        citizen_known=citizen is not None,
        citizen_pseudonym=citizen.pseudonym if citizen else None,
        linked_by=identity.linked_by,
        shared_phone=identity.shared_phone,
        calls_24h=zero.calls_24h,
        calls_7d=zero.calls_7d,
        calls_30d=zero.calls_30d,
        calls_365d=zero.calls_365d,
        ambulances_a_365d=zero.ambulances_a_365d,
        ambulances_b_365d=zero.ambulances_b_365d,
        frequent_caller=zero.frequent_caller,
        frequent_caller_reason=zero.frequent_caller_reason,
        recent_calls=recent,
        note=note,
    )

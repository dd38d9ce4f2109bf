"""A citizen's frequent-caller history, read from the database and computed by the core.

The reads here run on every assessment, so their statements are built once, at import,
with bound parameters: building a SQLAlchemy statement costs several times what running a
built one does.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row, bindparam, or_, select
from sqlalchemy.orm import Session

from app.db import execute_prebuilt
from app.models import Assessment, Call, CallOutcome, Feedback
from app.schemas.citizen import HistoryRead, RecentCallRead
from app.services.identity import Identity
from app.triage.history import CallEvent, FrequentCallerRule, HistoryMetrics, compute_history

YEAR = timedelta(days=365)
NO_HISTORY = compute_history([], as_of=datetime(2000, 1, 1, tzinfo=UTC))
RECENT_CALLS = 5

_CALLS = select(
    Call.id, Call.call_id, Call.received_at, CallOutcome.dispatched, CallOutcome.ambulance_urgency
).outerjoin(CallOutcome, CallOutcome.call_pk == Call.id)
# The year up to `as_of`, and the call being assessed wherever it is (a re-sent call_id),
# so that it can be left out of the counts and its outcome carried over.
YEAR_AND_THIS_CALL = _CALLS.where(
    or_(
        (Call.citizen_id == bindparam("citizen_id"))
        & (Call.received_at > bindparam("since"))
        & (Call.received_at <= bindparam("as_of")),
        Call.call_id == bindparam("call_id"),
    )
)
# The last calls, each with the flag its latest assessment gave and the action the
# call-handler reported last (evaluated for these few rows only).
_LATEST_FLAG = (
    select(Assessment.flag).where(Assessment.call_pk == Call.id)
    .order_by(Assessment.created_at.desc()).limit(1).scalar_subquery()
)
_LATEST_ACTION = (
    select(Feedback.action_taken).join(Assessment, Assessment.id == Feedback.assessment_id)
    .where(Assessment.call_pk == Call.id)
    .order_by(Assessment.created_at.desc(), Feedback.created_at.desc()).limit(1)
    .scalar_subquery()
)
LAST_CALLS = (
    _CALLS.add_columns(_LATEST_FLAG.label("flag"), _LATEST_ACTION.label("feedback_action"))
    .where(Call.citizen_id == bindparam("citizen_id"), Call.received_at <= bindparam("as_of"),
           Call.call_id != bindparam("call_id"))
    .order_by(Call.received_at.desc())
    .limit(RECENT_CALLS)
)


@dataclass(frozen=True)
class CallsSeen:
    """A citizen's calls as of a moment, without the call being assessed (if any)."""

    year: list[CallEvent]  # the calls of the last year up to the moment
    recent: list[RecentCallRead]  # the last calls, newest first
    this_call_ambulance: str | None = None  # the urgency sent, when this call had an outcome


def calls_seen(
    year_rows: Sequence[Row[Any]], last_rows: Iterable[Row[Any]], *, leave_out: str | None
) -> CallsSeen:
    """The calls from the rows of YEAR_AND_THIS_CALL and LAST_CALLS, leaving out the call
    `leave_out` (it is counted once, as the call being assessed)."""
    this_call = next((row for row in year_rows if row.call_id == leave_out), None)
    return CallsSeen(
        year=_events(row for row in year_rows if row.call_id != leave_out),
        recent=_recent(last_rows),
        this_call_ambulance=_ambulance(this_call) if this_call is not None else None,
    )


def call_events(session: Session, citizen_id: int, *, as_of: datetime) -> list[CallEvent]:
    """The citizen's calls of the last year up to `as_of`, with the ambulance urgency sent."""
    return _events(execute_prebuilt(session, YEAR_AND_THIS_CALL, params(citizen_id, as_of)))


def recent_calls(session: Session, citizen_id: int, *, as_of: datetime) -> list[RecentCallRead]:
    """The last calls up to `as_of`: when, what the service flagged, what was done."""
    return _recent(execute_prebuilt(session, LAST_CALLS, params(citizen_id, as_of)))


def params(citizen_id: int, as_of: datetime, leave_out: str | None = None) -> dict[str, Any]:
    """The bound values of the statements here (and of `snapshot`'s)."""
    # "" matches no call_id (they are 1-64 characters); None would make `!=` match nothing.
    return {"citizen_id": citizen_id, "since": as_of - YEAR, "as_of": as_of,
            "call_id": leave_out or ""}


def _events(rows: Iterable[Row[Any]]) -> list[CallEvent]:
    return [CallEvent(at=row.received_at, ambulance_urgency=_ambulance(row)) for row in rows]


def _ambulance(row: Row[Any]) -> str | None:
    return row.ambulance_urgency if row.dispatched == "ambulance" else None


def _recent(rows: Iterable[Row[Any]]) -> list[RecentCallRead]:
    return [
        RecentCallRead(
            received_at=row.received_at,
            flag=row.flag,
            action_taken=_action_taken(row.dispatched, row.ambulance_urgency, row.feedback_action),
        )
        for row in rows
    ]


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

"""A citizen's frequent-caller history, read from the database and computed by the core.

The reads here run on every assessment, so their statements are built once, at import,
with bound parameters: building a SQLAlchemy statement costs several times what running a
built one does.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from app.db.engine import AnyRow, AnySelect
from app.models import Assessment, Call, CallOutcome, Feedback
from app.models._types import UTCDateTime
from app.schemas.citizen import HistoryRead, RecentCallRead
from app.services.citizens.identity import Identity
from app.triage.history import (
    CallCounts,
    CallEvent,
    FrequentCallerRule,
    HistoryMetrics,
    compute_history,
)

NO_HISTORY = compute_history([], as_of=datetime(2000, 1, 1, tzinfo=UTC))
RECENT_CALLS = 5

_CALLS = select(
    Call.id, Call.call_id, Call.received_at, CallOutcome.dispatched, CallOutcome.ambulance_urgency
).outerjoin(CallOutcome, CallOutcome.call_pk == Call.id)
# The year's calls up to `as_of`, one row each (the console's chart).
YEAR_CALLS = _CALLS.where(
    Call.citizen_id == bindparam("citizen_id"),
    Call.received_at > bindparam("since"),
    Call.received_at <= bindparam("as_of"),
)
_AMBULANCE = CallOutcome.dispatched == "ambulance"
# The call being assessed, wherever it is (a re-sent call_id): its outcome is carried over.
_THIS_CALL_AMBULANCE = (
    select(CallOutcome.ambulance_urgency)
    .join(Call, Call.id == CallOutcome.call_pk)
    .where(Call.call_id == bindparam("call_id"), _AMBULANCE)
    .scalar_subquery()
)


@cache
def counts(windows: tuple[int, ...]) -> AnySelect:
    """One row: the citizen's calls in each window ending at `as_of` (without the call being
    assessed), the year's ambulances A and B, and the urgency of an ambulance already sent
    to the call being assessed. The database counts: the cost does not grow with the calls."""

    def since(days: int) -> Any:
        return Call.received_at > bindparam(f"since_{days}d", type_=UTCDateTime())

    year = since(365)
    return (
        select(
            *(func.count().filter(since(days)).label(f"calls_{days}d") for days in windows),
            func.count().filter(year, _AMBULANCE, CallOutcome.ambulance_urgency == "A")
            .label("ambulances_a_365d"),
            func.count().filter(year, _AMBULANCE, CallOutcome.ambulance_urgency == "B")
            .label("ambulances_b_365d"),
            _THIS_CALL_AMBULANCE.label("this_call_ambulance"),
        )
        .select_from(Call)
        .outerjoin(CallOutcome, CallOutcome.call_pk == Call.id)
        .where(
            Call.citizen_id == bindparam("citizen_id"),
            Call.received_at > bindparam("since"),
            Call.received_at <= bindparam("as_of"),
            Call.call_id != bindparam("call_id"),
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

    counts: CallCounts  # the calls in each window up to the moment
    recent: list[RecentCallRead]  # the last calls, newest first
    this_call_ambulance: str | None = None  # the urgency sent, when this call had an outcome


def calls_seen(
    counts_row: AnyRow, last_rows: Iterable[AnyRow], *, windows: tuple[int, ...]
) -> CallsSeen:
    """The calls from the row of `counts(windows)` and the rows of LAST_CALLS."""
    return CallsSeen(
        counts=CallCounts(
            calls_in={days: getattr(counts_row, f"calls_{days}d") for days in windows},
            ambulances_a_365d=counts_row.ambulances_a_365d,
            ambulances_b_365d=counts_row.ambulances_b_365d,
        ),
        recent=_recent(last_rows),
        this_call_ambulance=counts_row.this_call_ambulance,
    )


def call_events(session: Session, citizen_id: int, *, as_of: datetime) -> list[CallEvent]:
    """The citizen's calls of the last year up to `as_of`, with the ambulance urgency sent."""
    rows = session.execute(YEAR_CALLS, params(citizen_id, as_of)).all()
    return [CallEvent(at=row.received_at, ambulance_urgency=_ambulance(row)) for row in rows]


def recent_calls(session: Session, citizen_id: int, *, as_of: datetime) -> list[RecentCallRead]:
    """The last calls up to `as_of`: when, what the service flagged, what was done."""
    return _recent(session.execute(LAST_CALLS, params(citizen_id, as_of)))


def params(
    citizen_id: int, as_of: datetime, leave_out: str | None = None,
    windows: tuple[int, ...] = (),
) -> dict[str, Any]:
    """The bound values of the statements here (and of `snapshot`'s)."""
    # Windows are exact multiples of 24 hours, as in the core: in UTC, never on a wall clock
    # that a DST change would stretch.
    as_of = as_of.astimezone(UTC)
    # "" matches no call_id (they are 1-64 characters); None would make `!=` match nothing.
    values = {"citizen_id": citizen_id, "since": as_of - timedelta(days=max(windows, default=365)),
              "as_of": as_of, "call_id": leave_out or ""}
    values.update({f"since_{days}d": as_of - timedelta(days=days) for days in windows})
    return values


def _ambulance(row: AnyRow) -> str | None:
    return row.ambulance_urgency if row.dispatched == "ambulance" else None


def _recent(rows: Iterable[AnyRow]) -> list[RecentCallRead]:
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

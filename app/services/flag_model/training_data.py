"""Labelled training data from the centre's own recorded calls and outcomes.

A call is labelled once its findings are recorded: `social_need` without `medical_need`
is social, `medical_need` is medical. History is keyed by the citizen the service linked
the call to, exactly as at serving time.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import Call, CallOutcome
from app.models.case import BrobyggerCase
from app.triage.history import FrequentCallerRule
from app.triage.model.examples import Example, examples_from_timeline


@dataclass(frozen=True, slots=True)
class _Call:
    call_id: str
    received_at: datetime
    citizen_key: str | None
    age: int | None
    sex: str
    municipality_code: str | None
    index_chapter: str | None
    urgency: str | None
    symptoms: tuple[str, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class _Outcome:
    call_id: str
    medical_need: bool
    social_need: bool
    ambulance_urgency: str | None


@dataclass(frozen=True, slots=True)
class _Case:
    citizen_key: str
    opened_at: datetime
    closed_at: datetime | None


def examples_from_database(session: Session, *, rule: FrequentCallerRule) -> list[Example]:
    """Every labelled call, with its history as of its own time (no leakage)."""
    calls, outcomes = [], []
    for row in _labelled_rows(session):
        calls.append(_Call(row.call_id, row.received_at,
                           str(row.citizen_id) if row.citizen_id is not None else None,
                           row.age, row.sex, row.municipality_code, row.index_chapter,
                           row.urgency, tuple(row.symptoms or ()), row.notes or ""))
        outcomes.append(_Outcome(row.call_id, bool(row.medical_need), bool(row.social_need),
                                 row.ambulance_urgency if row.dispatched == "ambulance" else None))
    return examples_from_timeline(calls, outcomes, list(_cases(session)), rule=rule)


def _labelled_rows(session: Session) -> Iterator:  # type: ignore[type-arg]
    query = (
        select(Call.call_id, Call.received_at, Call.citizen_id, Call.age, Call.sex,
               Call.municipality_code, Call.index_chapter, Call.urgency, Call.symptoms,
               Call.notes, CallOutcome.medical_need, CallOutcome.social_need,
               CallOutcome.dispatched, CallOutcome.ambulance_urgency)
        .join(CallOutcome, CallOutcome.call_pk == Call.id)
        .where(or_(CallOutcome.medical_need.is_not(None), CallOutcome.social_need.is_not(None)))
        .execution_options(yield_per=20_000)
    )
    yield from session.execute(query)


def _cases(session: Session) -> Iterator[_Case]:
    """Brobygger cases as spans: they set the phase a call was made in."""
    for citizen_id, opened_at, closed_at in session.execute(
        select(BrobyggerCase.citizen_id, BrobyggerCase.opened_at, BrobyggerCase.closed_at)
    ):
        yield _Case(str(citizen_id), opened_at, closed_at)

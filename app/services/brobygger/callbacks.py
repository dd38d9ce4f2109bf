"""Callbacks: booked when the call-handler takes the callback advice, worked by the brobyggere.

A callback is due at the next brobygger duty start after the call, so a Friday-night call
is on Monday morning's list (Tuesday after Easter), and nobody is forgotten. No answer
puts it back on the list a little later, up to MAX_ATTEMPTS tries.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Assessment, Call, Callback, Citizen, Feedback
from app.schemas.brobygger import CallbackRead
from app.services.brobygger import cases, plans
from app.services.citizens import history
from app.triage.availability import DutySchedule, next_duty_start
from app.triage.history import FrequentCallerRule
from app.triage.notes.scrub import scrub_identifiers

MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(hours=2)
CALLBACK = "brobygger_callback"


class CallbackNotFound(LookupError):
    """No callback with that id."""


class CallbackClosed(ValueError):
    """The callback was completed already."""


def book(
    session: Session, *, assessment: Assessment, feedback: Feedback, schedule: DutySchedule
) -> Callback | None:
    """Book the callback when the handler took the callback advice (or chose a callback)."""
    agreed = feedback.accepted and assessment.action == CALLBACK
    if not (agreed or feedback.action_taken == CALLBACK):
        return None
    existing = session.scalar(select(Callback).where(Callback.assessment_id == assessment.id))
    if existing is not None:
        return existing
    call = session.get(Call, assessment.call_pk)
    assert call is not None
    callback = Callback(
        assessment_id=assessment.id, call_pk=call.id, citizen_id=call.citizen_id,
        due_at=next_duty_start(schedule, call.received_at),
        needs=list(assessment.detail.get("social_needs", [])), booked_by=feedback.given_by,
    )
    session.add(callback)
    session.flush()
    return callback


def worklist(
    session: Session, *, rule: FrequentCallerRule, now: datetime, status: str = "open"
) -> list[CallbackRead]:
    """The callbacks by due time, frequent callers first among those due together."""
    rows = session.execute(
        select(Callback, Call, Citizen)
        .join(Call, Call.id == Callback.call_pk)
        .outerjoin(Citizen, Citizen.id == Callback.citizen_id)
        .where(Callback.status == status)
    ).all()
    items = [_read(session, callback, call, citizen, rule=rule, now=now)
             for callback, call, citizen in rows]
    created = {callback.id: callback.created_at for callback, _, _ in rows}
    items.sort(key=lambda i: (i.due_at, not i.frequent_caller, -i.calls_30d,
                              created[i.callback_id]))
    return items


def get(session: Session, callback_id: int) -> Callback:
    """The callback, or CallbackNotFound."""
    callback = session.get(Callback, callback_id)
    if callback is None:
        raise CallbackNotFound(f"no callback {callback_id}")
    return callback


def complete(
    session: Session, callback: Callback, *, outcome: str, note: str, actor: str,
    schedule: DutySchedule, now: datetime | None = None,
) -> Callback:
    """Record a try: done closes it; no answer tries again later, up to MAX_ATTEMPTS."""
    if callback.status != "open":
        raise CallbackClosed(f"callback {callback.id} is {callback.status} already")
    when = now or datetime.now(UTC)
    callback.attempts += 1
    words = "done" if outcome == "done" else "no answer"
    line = f"{when:%Y-%m-%d %H:%M} UTC {actor}: {words}" + (f": {note}" if note else "")
    callback.note = "\n".join(filter(None, [callback.note, scrub_identifiers(line)]))
    if outcome == "done" or callback.attempts >= MAX_ATTEMPTS:
        callback.status = "done" if outcome == "done" else "no_answer"
        callback.completed_at, callback.completed_by = when, actor
    else:
        callback.due_at = next_duty_start(schedule, when + RETRY_AFTER)
    session.flush()
    return callback


def read(
    session: Session, callback: Callback, *, rule: FrequentCallerRule, now: datetime
) -> CallbackRead:
    """One callback as the worklist shows it."""
    call = session.get(Call, callback.call_pk)
    citizen = session.get(Citizen, callback.citizen_id) if callback.citizen_id else None
    return _read(session, callback, call, citizen, rule=rule, now=now)


def _read(
    session: Session, callback: Callback, call: Call | None, citizen: Citizen | None, *,
    rule: FrequentCallerRule, now: datetime,
) -> CallbackRead:
    assert call is not None
    figures = history.metrics(session, citizen.id, as_of=now, rule=rule) if citizen else None
    return CallbackRead(
        callback_id=callback.id, status=callback.status, due_at=callback.due_at,
        attempts=callback.attempts, call_id=call.call_id, received_at=call.received_at,
        citizen_pseudonym=citizen.pseudonym if citizen else None,
        frequent_caller=bool(figures and figures.frequent_caller),
        frequent_caller_reason=figures.frequent_caller_reason if figures else None,
        calls_30d=figures.calls_30d if figures else 0,
        needs=list(callback.needs), municipality_code=call.municipality_code,
        open_case=bool(citizen and cases.open_case(session, citizen.id)),
        response_plan=bool(citizen and plans.latest(session, citizen.id)),
        note=callback.note, booked_by=callback.booked_by,
        completed_at=callback.completed_at, completed_by=callback.completed_by,
    )

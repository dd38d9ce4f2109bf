"""Calls and their outcomes: recorded once per call_id, updated when re-sent."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Call, CallOutcome
from app.schemas.assessment import AssessmentCreate
from app.schemas.outcome import OutcomeCreate
from app.services.identity import Identity, resolve
from app.services.pseudonym import Pseudonymiser


class CallNotFound(LookupError):
    """No call with that call_id has been assessed."""


class OutcomeInvalid(ValueError):
    """The outcome contradicts itself or lacks what the first report must carry."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def get(session: Session, call_id: str) -> Call:
    """The call with this CAD id, or CallNotFound."""
    call = session.scalar(select(Call).where(Call.call_id == call_id))
    if call is None:
        raise CallNotFound(call_id)
    return call


def upsert(
    session: Session, request: AssessmentCreate, notes: str, hasher: Pseudonymiser
) -> tuple[Call, Identity]:
    """Record the call, or update it when the call_id was seen before; it counts once."""
    identity = resolve(session, hasher, cpr=request.patient.cpr, phone=request.caller_phone)
    call = session.scalar(select(Call).where(Call.call_id == request.call_id))
    if call is None:
        call = Call(call_id=request.call_id)
        session.add(call)
    call.received_at = request.received_at
    call.citizen_id = identity.citizen.id if identity.citizen else None
    call.phone_hash = identity.phone_hash
    call.cpr_given = request.patient.cpr is not None
    call.age = request.patient.age
    call.sex = request.patient.sex or "unknown"
    call.municipality_code = request.patient.municipality_code
    call.index_chapter = request.index_chapter
    call.urgency = request.urgency
    call.symptoms = list(request.symptoms)
    call.notes = notes
    session.flush()
    return call, identity


def record_outcome(
    session: Session, call_id: str, outcome: OutcomeCreate, *, recorded_by: str
) -> CallOutcome:
    """Record what was dispatched and found; a later report for the same call updates it."""
    call = get(session, call_id)
    row = session.get(CallOutcome, call.id)
    given = outcome.model_dump(exclude_unset=True)
    if row is None:
        if outcome.dispatched is None:
            raise OutcomeInvalid("dispatched", "is required in a call's first outcome report")
        row = CallOutcome(call_pk=call.id, recorded_by=recorded_by)
        session.add(row)
    if given.get("dispatched") not in (None, "ambulance"):
        given.setdefault("ambulance_urgency", None)
    for name, value in given.items():
        setattr(row, name, value)
    if row.dispatched == "ambulance" and row.ambulance_urgency is None:
        raise OutcomeInvalid("ambulance_urgency", "is required when an ambulance was dispatched")
    if row.dispatched != "ambulance" and row.ambulance_urgency is not None:
        raise OutcomeInvalid("ambulance_urgency", "is only for dispatched = 'ambulance'")
    row.recorded_by = recorded_by
    session.flush()
    return row

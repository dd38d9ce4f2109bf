"""Calls and their outcomes: recorded once per call_id, updated when re-sent."""

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.db.engine import table_of
from app.models import Call, CallOutcome
from app.schemas.assessment import AssessmentCreate
from app.schemas.outcome import OutcomeCreate
from app.services.citizens.identity import Identity


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


def values(request: AssessmentCreate, notes: str, identity: Identity) -> dict[str, Any]:
    """The call's row as `upsert_statement` takes it (`recording.Recorder` writes it)."""
    now = datetime.now(UTC)
    return {
        "call_id": request.call_id,
        "received_at": request.received_at,
        "citizen_id": identity.citizen.id if identity.citizen else None,
        "phone_hash": identity.phone_hash,
        "cpr_given": request.patient.cpr is not None,
        "age": request.patient.age,
        "sex": request.patient.sex or "unknown",
        "municipality_code": request.patient.municipality_code,
        "index_chapter": request.index_chapter,
        "urgency": request.urgency,
        "symptoms": list(request.symptoms),
        "notes": notes,
        "created_at": now,
        "updated_at": now,
    }


@cache
def upsert_statement(dialect: str) -> Any:
    """INSERT ... ON CONFLICT (call_id) DO UPDATE ... RETURNING id, built once per dialect:
    two replicas receiving the same call_id at once both end on one row, which counts once."""
    inserts: dict[str, Callable[[Table], sqlite.Insert | postgresql.Insert]] = {
        "sqlite": sqlite_insert, "postgresql": postgresql_insert}
    insert = inserts[dialect]
    table = table_of(Call)
    # Every column bound by name, as `values` gives them.
    statement = insert(table).values({
        column.name: bindparam(column.name, type_=column.type)
        for column in table.columns if column.name != "id"})
    kept = {"id", "call_id", "created_at"}
    return statement.on_conflict_do_update(
        index_elements=[table.c.call_id],
        set_={column.name: statement.excluded[column.name]
              for column in table.columns if column.name not in kept},
    ).returning(table.c.id)


def record_outcome(
    session: Session, call_id: str, outcome: OutcomeCreate, *, recorded_by: str
) -> CallOutcome:
    """Record what was dispatched and found; a later report for the same call updates it."""
    call = get(session, call_id)
    row = session.get(CallOutcome, call.id)
    given = outcome.model_dump(exclude_unset=True)
    if given.get("dispatched", "") is None:
        del given["dispatched"]  # a null in a later report changes nothing: it stays known
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

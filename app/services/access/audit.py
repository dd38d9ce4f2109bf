"""Writing the audit log: who read whose history, when and why."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.db.engine import table_of
from app.models import AuditEvent
from app.triage.notes.scrub import scrub_identifiers

INSERT = insert(table_of(AuditEvent))


@dataclass(frozen=True)
class Actor:
    """The authenticated caller of a request: a system's API key or a signed-in person."""

    name: str
    role: str


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    citizen_pseudonym: str | None = None,
    call_id: str | None = None,
    purpose: str | None = None,
) -> None:
    """Write one audit record in the current transaction: it lands, or nothing does."""
    session.execute(INSERT, values(actor=actor, action=action,
                                             citizen_pseudonym=citizen_pseudonym,
                                             call_id=call_id, purpose=purpose))


def values(
    *, actor: Actor, action: str, citizen_pseudonym: str | None = None,
    call_id: str | None = None, purpose: str | None = None,
) -> dict[str, Any]:
    """One audit record's row as INSERT takes it; the purpose scrubbed of identifiers."""
    return {
        "at": datetime.now(UTC),
        "actor": actor.name,
        "role": actor.role,
        "action": action,
        "citizen_pseudonym": citizen_pseudonym,
        "call_id": call_id,
        # Typed by people (a look-up's purpose, an admin's reason): a CPR may be in it.
        "purpose": scrub_identifiers(purpose) if purpose else purpose,
    }

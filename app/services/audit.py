"""Writing the audit log: who read whose history, when and why."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.models import AuditEvent


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
) -> AuditEvent:
    """Add one audit record to the current transaction."""
    event = AuditEvent(
        actor=actor.name,
        role=actor.role,
        action=action,
        citizen_pseudonym=citizen_pseudonym,
        call_id=call_id,
        purpose=purpose,
    )
    session.add(event)
    return event

"""Reading the audit log: filtered by person, citizen, action and time, newest first."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEvent

PAGE = 100


@dataclass(frozen=True)
class AuditFilter:
    """What the auditor asks for; every part is optional."""

    actor: str | None = None
    citizen: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    before_id: int | None = None  # the next page: events older than this one


def search(session: Session, wanted: AuditFilter, *, limit: int = PAGE) -> list[AuditEvent]:
    """Matching events, newest first, at most `limit`."""
    query = select(AuditEvent)
    if wanted.actor:
        query = query.where(AuditEvent.actor == wanted.actor)
    if wanted.citizen:
        query = query.where(AuditEvent.citizen_pseudonym == wanted.citizen)
    if wanted.action:
        query = query.where(AuditEvent.action.startswith(wanted.action, autoescape=True))
    if wanted.since:
        query = query.where(AuditEvent.at >= wanted.since)
    if wanted.until:
        query = query.where(AuditEvent.at < wanted.until)
    if wanted.before_id:
        query = query.where(AuditEvent.id < wanted.before_id)
    return list(session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit)))

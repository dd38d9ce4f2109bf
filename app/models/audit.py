"""The audit log: every read of a person's history and every registry action."""

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.engine import Base
from app.models._types import UTCDateTime, utcnow


class AuditEvent(Base):
    """Who did what, when, to whose data, and why."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_citizen_pseudonym_at", "citizen_pseudonym", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(48))
    citizen_pseudonym: Mapped[str | None] = mapped_column(String(32))
    call_id: Mapped[str | None] = mapped_column(String(64))
    purpose: Mapped[str | None] = mapped_column(Text)

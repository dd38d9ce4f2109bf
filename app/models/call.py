"""112 calls as the dispatch software reported them, and what was dispatched and found."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.engine import Base
from app.models._types import UTCDateTime, utcnow


class Call(Base):
    """One CAD incident; re-sending its call_id updates it, so it counts once in history."""

    __tablename__ = "calls"
    __table_args__ = (Index("ix_calls_citizen_id_received_at", "citizen_id", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[str] = mapped_column(String(64), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))
    phone_hash: Mapped[str | None] = mapped_column(String(64))
    cpr_given: Mapped[bool] = mapped_column(default=False)
    age: Mapped[int | None]
    sex: Mapped[str] = mapped_column(String(8), default="unknown")
    municipality_code: Mapped[str | None] = mapped_column(String(4))
    index_chapter: Mapped[str | None] = mapped_column(String(2))
    urgency: Mapped[str | None] = mapped_column(String(1))
    symptoms: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")  # scrubbed of CPR and phone numbers
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CallOutcome(Base):
    """What was dispatched for a call and, later, what was found; the flag model's labels."""

    __tablename__ = "call_outcomes"

    call_pk: Mapped[int] = mapped_column(ForeignKey("calls.id"), primary_key=True)
    dispatched: Mapped[str] = mapped_column(String(16))
    ambulance_urgency: Mapped[str | None] = mapped_column(String(1))
    medical_need: Mapped[bool | None]
    social_need: Mapped[bool | None]
    conveyed: Mapped[bool | None]
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

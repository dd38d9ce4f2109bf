"""The brobyggere's work: cases and their events, callbacks, and agreed response plans."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.engine import Base
from app.models._types import UTCDateTime, utcnow


class BrobyggerCase(Base):
    """A citizen referred to the brobyggere: referred, active, handed_over, closed."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_citizen_id_opened_at", "citizen_id", "opened_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    status: Mapped[str] = mapped_column(String(16), index=True)
    source: Mapped[str] = mapped_column(String(16))  # call, handler or brobygger
    call_id: Mapped[str | None] = mapped_column(String(64))  # the CAD call that led to it
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    municipality_code: Mapped[str | None] = mapped_column(String(4))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipal_contacts.id", ondelete="SET NULL")
    )
    # Who it was handed to, as it was then: the contact list may change later.
    contact_name: Mapped[str | None] = mapped_column(String(120))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CaseEvent(Base):
    """One change of a case's status: when, by whom, and why."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")


class Callback(Base):
    """A callback the call-handler booked for a brobygger, due at the next duty start."""

    __tablename__ = "callbacks"
    __table_args__ = (Index("ix_callbacks_status_due_at", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), unique=True)
    call_pk: Mapped[int] = mapped_column(ForeignKey("calls.id"))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, done, no_answer
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    attempts: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    booked_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by: Mapped[str | None] = mapped_column(String(64))


class ResponsePlan(Base):
    """One version of a citizen's agreed response plan; the newest version is shown.

    Versions are numbered on reading, in order of saving, so that a merge of two citizens
    simply interleaves their plans' histories.
    """

    __tablename__ = "response_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    helps: Mapped[str] = mapped_column(Text)  # what helps this person
    contacts: Mapped[str] = mapped_column(Text, default="")  # whom to call
    avoid: Mapped[str] = mapped_column(Text, default="")  # what to avoid
    written_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

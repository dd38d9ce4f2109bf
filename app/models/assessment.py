"""What the service advised for a call, and what the call-handler did with it."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.engine import Base
from app.models._types import UTCDateTime, utcnow


class Assessment(Base):
    """One answer to POST /v1/assessments, stored as it was shown."""

    __tablename__ = "assessments"
    # A call's assessments newest first (its latest flag in a history), without sorting:
    # with an index on call_pk alone PostgreSQL may walk created_at back through the table.
    __table_args__ = (Index("ix_assessments_call_pk_created_at", "call_pk", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    call_pk: Mapped[int] = mapped_column(ForeignKey("calls.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    flag: Mapped[str] = mapped_column(String(16))
    social_probability: Mapped[float | None]
    model_version: Mapped[str | None] = mapped_column(String(64))
    # The model's own opinion before the rules: what the shadow model is compared with.
    model_flag: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    urgency: Mapped[str | None] = mapped_column(String(1))
    follow_up: Mapped[str | None] = mapped_column(String(32))
    degraded: Mapped[bool] = mapped_column(default=False)
    # The full answer as shown, so that what the call-handler saw can be replayed exactly.
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    shadow_model_version: Mapped[str | None] = mapped_column(String(64))
    shadow_probability: Mapped[float | None]
    shadow_flag: Mapped[str | None] = mapped_column(String(16))


class Feedback(Base):
    """The call-handler accepted or overrode an assessment's recommendation."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    accepted: Mapped[bool]
    action_taken: Mapped[str] = mapped_column(String(32))
    reason_code: Mapped[str | None] = mapped_column(String(32))
    reason_text: Mapped[str | None] = mapped_column(Text)
    given_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

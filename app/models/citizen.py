"""Citizens and the phone lines that link calls to them, by keyed hashes only."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.engine import Base
from app.models._types import UTCDateTime, utcnow


class Citizen(Base):
    """A person known to the service: by CPR hash, or by phone alone until a CPR joins them."""

    __tablename__ = "citizens"

    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(32), unique=True)
    cpr_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PhoneLine(Base):
    """A phone number's keyed hash and the one citizen it links, unless the line is shared."""

    __tablename__ = "phone_lines"

    phone_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    shared: Mapped[bool] = mapped_column(default=False)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

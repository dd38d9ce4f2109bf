"""People who sign in to the console, and their server-side sessions."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.engine import Base
from app.models._types import UTCDateTime, utcnow


class User(Base):
    """A person with one role: handler, brobygger, admin or auditor."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id, PHC string
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Failed sign-ins since the last success; stored so the slow-down holds across replicas.
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsoleSession(Base):
    """A signed-in browser; the cookie holds a secret whose SHA-256 is the id."""

    __tablename__ = "console_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # absolute limit
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # idle limit
    csrf_token: Mapped[str] = mapped_column(String(64))


class UnknownNameFailure(Base):
    """Failed sign-ins with a name nobody has, counted as a user's row counts them, so that
    a lock (429) tells nobody whether a name exists, on any replica. Keyed by the SHA-256
    of the name as typed (trimmed, lowercased); rows idle for a day are dropped."""

    __tablename__ = "unknown_name_failures"

    name_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_failed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


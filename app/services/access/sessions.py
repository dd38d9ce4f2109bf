"""Server-side console sessions: one row per signed-in browser, so sign-out and expiry
hold on every replica. The cookie carries a random secret; the row's id is its SHA-256,
so a copy of the table signs no one in.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete as sql_delete
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import ConsoleSession, User

TOUCH_EVERY = timedelta(seconds=30)  # write the idle clock at most this often


@dataclass(frozen=True)
class SessionPolicy:
    """How long a session lives: in all, and without activity."""

    absolute: timedelta = timedelta(hours=8)
    idle: timedelta = timedelta(minutes=30)


@dataclass(frozen=True)
class SignedIn:
    """A valid session and its person, as the console's pages need them."""

    session_id: str
    user_id: int
    username: str
    display_name: str
    role: str
    csrf_token: str


def _id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(session: Session, user: User, *, policy: SessionPolicy,
           now: datetime | None = None) -> str:
    """Start a session for the user; returns the cookie's secret (never stored)."""
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    session.add(ConsoleSession(id=_id(token), user_id=user.id, created_at=now, last_seen_at=now,
                               expires_at=now + policy.absolute,
                               csrf_token=secrets.token_urlsafe(32)))
    purge_expired(session, policy=policy, now=now)
    session.flush()
    return token


def get_valid(session: Session, token: str, *, policy: SessionPolicy, now: datetime | None = None,
              touch: bool = True) -> SignedIn | None:
    """The session behind a cookie if it is still valid (and not too long idle)."""
    if not token or len(token) > 128:
        return None
    now = now or datetime.now(UTC)
    row = session.execute(
        select(ConsoleSession, User).join(User, User.id == ConsoleSession.user_id)
        .where(ConsoleSession.id == _id(token))
    ).first()
    if row is None:
        return None
    console_session, user = row
    if (console_session.expires_at <= now or console_session.last_seen_at + policy.idle <= now
            or user.disabled_at is not None):
        return None  # refused here; the row goes with the next purge
    if touch and now - console_session.last_seen_at >= TOUCH_EVERY:
        console_session.last_seen_at = now
        session.flush()
    return SignedIn(session_id=console_session.id, user_id=user.id, username=user.username,
                    display_name=user.display_name, role=user.role,
                    csrf_token=console_session.csrf_token)


def delete(session: Session, token: str) -> None:
    """End the session behind a cookie (sign-out)."""
    session.execute(sql_delete(ConsoleSession).where(ConsoleSession.id == _id(token)))


def delete_for_user(session: Session, user_id: int) -> None:
    """End every session of a user (disabled, or a new password)."""
    session.execute(sql_delete(ConsoleSession).where(ConsoleSession.user_id == user_id))


def purge_expired(session: Session, *, policy: SessionPolicy, now: datetime) -> None:
    """Remove sessions past either limit."""
    session.execute(sql_delete(ConsoleSession).where(or_(
        ConsoleSession.expires_at <= now, ConsoleSession.last_seen_at <= now - policy.idle)))

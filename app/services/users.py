"""People who use the console: created, authenticated (argon2id), slowed down, disabled.

Failed sign-ins are counted on the user's row, so the slow-down holds on every replica:
from the fifth failure on, the account is locked for 1, 2, 4, ... seconds (at most 15
minutes) and a sign-in during the lock is refused without checking the password.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import User
from app.services import audit, console_sessions
from app.services.audit import Actor

ROLES = ("handler", "brobygger", "admin", "auditor")
FREE_ATTEMPTS = 5
MAX_LOCK = timedelta(minutes=15)
MIN_PASSWORD = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

_hasher = PasswordHasher()  # argon2id, RFC 9106's second recommended parameter set


class UserInvalid(ValueError):
    """The user cannot be created or changed as asked; `code` names the problem."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class SignInRefused(Exception):
    """Wrong user name or password, a disabled user, or a lock still running."""

    def __init__(self, retry_after: float | None = None) -> None:
        super().__init__("sign-in refused")
        self.retry_after = retry_after  # seconds, when the account is locked


@dataclass(frozen=True)
class UserCreate:
    """What creating a user needs."""

    username: str
    display_name: str
    role: str
    password: str


def hash_password(password: str) -> str:
    """The argon2id PHC string of a password."""
    return _hasher.hash(password)


def check_password_rules(password: str) -> None:
    """Refuse a password too short to stand alone as the only factor."""
    if len(password) < MIN_PASSWORD:
        raise UserInvalid("password", f"the password must have at least {MIN_PASSWORD} characters")


def create(session: Session, new: UserCreate, *, actor: Actor) -> User:
    """Add a user; the password is stored only as an argon2id hash."""
    username = new.username.strip().lower()
    if not USERNAME.match(username):
        raise UserInvalid("username", "user name: 2-64 of a-z, 0-9, '.', '_' or '-', "
                                      "starting with a letter or digit")
    if new.role not in ROLES:
        raise UserInvalid("role", f"role must be one of {', '.join(ROLES)}")
    if not new.display_name.strip():
        raise UserInvalid("display_name", "the display name is required")
    check_password_rules(new.password)
    if get_by_username(session, username) is not None:
        raise UserInvalid("taken", f"the user name '{username}' is taken")
    user = User(username=username, display_name=new.display_name.strip()[:120], role=new.role,
                password_hash=hash_password(new.password))
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action="user.create", purpose=f"{username} ({new.role})")
    return user


def get_by_username(session: Session, username: str) -> User | None:
    """The user with this name, if any."""
    return session.scalar(select(User).where(User.username == username.strip().lower()))


def get_all(session: Session) -> list[User]:
    """Every user, by role and name."""
    return list(session.scalars(select(User).order_by(User.role, User.username)))


def authenticate(
    session: Session, username: str, password: str, *, now: datetime | None = None
) -> User:
    """The user whose password this is, or SignInRefused; failures are counted."""
    now = now or datetime.now(UTC)
    user = get_by_username(session, username)
    if user is None:
        _verify(_dummy_hash(_hasher), password)  # as slow as for a known name
        raise SignInRefused()
    if user.locked_until is not None and user.locked_until > now:
        raise SignInRefused(retry_after=(user.locked_until - now).total_seconds())
    if not _verify(user.password_hash, password) or user.disabled_at is not None:
        lock = _count_failure(session, user, now)
        raise SignInRefused(retry_after=lock.total_seconds() if lock else None)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_attempts, user.locked_until, user.last_sign_in_at = 0, None, now
    session.flush()
    return user


def lock_for(failures: int) -> timedelta | None:
    """How long the account stays locked after this many failures in a row."""
    if failures < FREE_ATTEMPTS:
        return None
    return min(timedelta(seconds=2 ** min(failures - FREE_ATTEMPTS, 20)), MAX_LOCK)


def _count_failure(session: Session, user: User, now: datetime) -> timedelta | None:
    # Incremented in the database, so that parallel attempts on two replicas both count.
    failures = session.execute(
        update(User).where(User.id == user.id)
        .values(failed_attempts=User.failed_attempts + 1)
        .returning(User.failed_attempts)
    ).scalar_one()
    lock = lock_for(failures)
    user.failed_attempts = failures
    user.locked_until = now + lock if lock else None
    session.flush()
    return lock


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("akutbro-no-such-user")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def set_disabled(session: Session, username: str, disabled: bool, *, actor: Actor) -> User:
    """Disable a user (their sessions end at once) or enable them again."""
    user = get_by_username(session, username)
    if user is None:
        raise UserInvalid("unknown", f"no user named '{username}'")
    if disabled and user.username == actor.name:
        raise UserInvalid("self", "you cannot disable yourself")
    user.disabled_at = datetime.now(UTC) if disabled else None
    user.failed_attempts, user.locked_until = 0, None
    session.flush()
    if disabled:
        console_sessions.delete_for_user(session, user.id)
    audit.record(session, actor=actor, action="user.disable" if disabled else "user.enable",
                 purpose=user.username)
    return user


def set_password(session: Session, username: str, password: str, *, actor: Actor) -> User:
    """Give a user a new password and unlock them; their sessions end."""
    user = get_by_username(session, username)
    if user is None:
        raise UserInvalid("unknown", f"no user named '{username}'")
    check_password_rules(password)
    user.password_hash = hash_password(password)
    user.failed_attempts, user.locked_until = 0, None
    session.flush()
    console_sessions.delete_for_user(session, user.id)
    audit.record(session, actor=actor, action="user.password", purpose=user.username)
    return user

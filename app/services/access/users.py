"""People who use the console: created, authenticated (argon2id), slowed down, disabled.

Failed sign-ins are counted on the user's row, so the slow-down holds on every replica:
from the fifth failure on, the account is locked for 1, 2, 4, ... seconds (at most 15
minutes) and a sign-in during the lock is refused whatever the password. A name nobody
has is locked the same way, counted in the database too (`UnknownNameFailure`), so that no
answer on any replica tells which names exist.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.models import UnknownNameFailure, User
from app.schemas.fields import clean_line
from app.services.access import audit, sessions
from app.services.access.audit import Actor
from app.triage.notes.scrub import scrub_identifiers

ROLES = ("handler", "brobygger", "admin", "auditor")
FREE_ATTEMPTS = 5
MAX_LOCK = timedelta(minutes=15)
MIN_PASSWORD = 12
UNKNOWN_NAMES_KEPT = timedelta(days=1)  # a name's failures are forgotten after a quiet day
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
    try:
        clean_line(new.display_name)
    except ValueError as error:
        raise UserInvalid("display_name", f"the display name: {error}") from None
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
    """The user with this name, if any (none for a name no user can have)."""
    name = username.strip().lower()
    if not USERNAME.match(name):
        return None  # never sent to the database: it may hold a NUL
    return session.scalar(select(User).where(User.username == name))


def get_all(session: Session) -> list[User]:
    """Every user, by role and name."""
    return list(session.scalars(select(User).order_by(User.role, User.username)))


def authenticate(
    session: Session, username: str, password: str, *, now: datetime | None = None
) -> User:
    """The user whose password this is, or SignInRefused; failures are counted and every
    attempt is audit-logged (signin, signin.failed, signin.locked)."""
    now = now or datetime.now(UTC)
    user = get_by_username(session, username)
    if user is None:
        _verify(_dummy_hash(_hasher), password)  # as slow as for a known name
        retry = _count_unknown_name_failure(session, username, now)
        _audit_signin(session, username, "unknown", locked=bool(retry))
        raise SignInRefused(retry_after=retry)
    if user.locked_until is not None and user.locked_until > now:
        _verify(_dummy_hash(_hasher), password)  # as slow as an unlocked attempt
        _audit_signin(session, user.username, user.role, locked=True)
        raise SignInRefused(retry_after=(user.locked_until - now).total_seconds())
    if not _verify(user.password_hash, password) or user.disabled_at is not None:
        lock = _count_failure(session, user, now)
        _audit_signin(session, user.username, user.role, locked=lock is not None)
        raise SignInRefused(retry_after=lock.total_seconds() if lock else None)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_attempts, user.locked_until, user.last_sign_in_at = 0, None, now
    session.flush()
    audit.record(session, actor=Actor(user.username, user.role), action="signin")
    return user


def _audit_signin(session: Session, name: str, role: str, *, locked: bool) -> None:
    # A failure is logged under the name typed (printable characters only): the auditor
    # sees who was tried, and how often.
    name = "".join(char for char in name if char.isprintable())
    name = scrub_identifiers(name)[:64] or "?"  # some type their CPR number as their name
    audit.record(session, actor=Actor(name, role),
                 action="signin.locked" if locked else "signin.failed")


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


def _count_unknown_name_failure(session: Session, username: str, now: datetime) -> float | None:
    """Count a failure for a name nobody has, as `_count_failure` counts a user's; the
    seconds the name stays locked, or None. The row is read for update, so that parallel
    attempts on two replicas both count (SQLite has one writer at a time anyway)."""
    key = hashlib.sha256(username.strip().lower().encode(errors="replace")).hexdigest()
    row = session.scalar(select(UnknownNameFailure)
                         .where(UnknownNameFailure.name_hash == key).with_for_update())
    if row is None:
        session.execute(delete(UnknownNameFailure).where(
            UnknownNameFailure.last_failed_at < now - UNKNOWN_NAMES_KEPT))
        row = UnknownNameFailure(name_hash=key, failed_attempts=0)
        session.add(row)
    if row.locked_until is None or row.locked_until <= now:
        row.failed_attempts += 1  # as for a user: an attempt during the lock is not counted
        lock = lock_for(row.failed_attempts)
        row.locked_until = now + lock if lock else None
    row.last_failed_at = now
    session.flush()
    return (row.locked_until - now).total_seconds() if row.locked_until else None


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
        sessions.delete_for_user(session, user.id)
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
    sessions.delete_for_user(session, user.id)
    audit.record(session, actor=actor, action="user.password", purpose=user.username)
    return user

"""API keys: created and revoked with the CLI, stored as SHA-256, checked from a cache.

A key looks like `akb_<prefix>_<secret>`. The cache keeps the service answering when the
database is briefly unreachable; it is reloaded every few seconds, so a revoked key stops
working everywhere within that interval. Each load is also written to a local file (the
keys' hashes, names and roles; never a secret), so a replica that starts while the
database is down still knows the keys it knew and answers calls with the protocol.
"""

import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import ApiKey
from app.services.access.audit import Actor

ROLES = ("dispatch", "handler", "brobygger", "admin", "auditor")

log = logging.getLogger(__name__)


class InvalidKey(LookupError):
    """The key is unknown, malformed or revoked."""


class KeyStoreUnreachable(RuntimeError):
    """The key is not known here and the database that could know it is unreachable."""


@dataclass(frozen=True)
class IssuedKey:
    """A new key; the secret is shown once and never stored."""

    name: str
    role: str
    token: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(session: Session, *, name: str, role: str) -> IssuedKey:
    """Issue a key with one role."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if session.scalar(select(ApiKey).where(ApiKey.name == name)) is not None:
        raise ValueError(f"a key named '{name}' exists already")
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    session.add(ApiKey(name=name, role=role, prefix=prefix, secret_hash=_hash(secret)))
    session.flush()
    return IssuedKey(name=name, role=role, token=f"akb_{prefix}_{secret}")


def revoke(session: Session, *, name: str) -> None:
    """Revoke a key by name."""
    key = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if key is None:
        raise ValueError(f"no key named '{name}'")
    key.revoked_at = datetime.now(UTC)
    session.flush()


def get_all(session: Session) -> list[ApiKey]:
    """Every key, newest first."""
    return list(session.scalars(select(ApiKey).order_by(ApiKey.created_at.desc())))


def _prefix_and_secret(token: str) -> tuple[str, str] | None:
    """`akb_<prefix>_<secret>` split, or None when the token has another shape."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "akb":
        return None
    return parts[1], parts[2]


class KeyCache:
    """Verifies bearer tokens against the active keys, reloading them every few seconds."""

    def __init__(self, factory: sessionmaker[Session], ttl_seconds: float,
                 copy_path: Path | None = None) -> None:
        self._factory = factory
        self._ttl = ttl_seconds
        self._copy = copy_path
        self._keys: dict[str, tuple[str, Actor]] = {}
        self._loaded_at = float("-inf")
        self._reachable = True
        self._lock = threading.Lock()

    def verify(self, token: str) -> Actor:
        """The actor behind a token; InvalidKey, or KeyStoreUnreachable when the key is not
        known here and the database is down (so it may well be valid)."""
        parts = _prefix_and_secret(token)
        if parts is None:
            raise InvalidKey("malformed key")
        prefix, secret = parts
        entry = self._entry(prefix)
        if entry is None and not self._reachable:
            raise KeyStoreUnreachable("the key store is unreachable and this key is not "
                                      "known here yet")
        if entry is None or not hmac.compare_digest(entry[0], _hash(secret)):
            raise InvalidKey("unknown or revoked key")
        return entry[1]

    def load(self) -> None:
        """Load the keys now (at start-up): from the database, else from the local copy."""
        self._reload(force=True)

    def answers_from_memory(self, token: str) -> bool:
        """True when `verify` would not read the database (an async caller may then skip
        the thread it would otherwise need)."""
        parts = _prefix_and_secret(token)
        return parts is None or (not self._stale() and parts[0] in self._keys)

    def _stale(self) -> bool:
        return time.monotonic() - self._loaded_at > self._ttl

    def _entry(self, prefix: str) -> tuple[str, Actor] | None:
        if self._stale() or prefix not in self._keys:
            self._reload(force=prefix not in self._keys)
        return self._keys.get(prefix)

    def _reload(self, *, force: bool) -> None:
        with self._lock:
            if not force and time.monotonic() - self._loaded_at <= self._ttl:
                return
            try:
                keys = self._read_database()
            except Exception:
                # Database down: keep the keys we know, so assessments still answer.
                self._reachable = False
                if not self._keys:
                    self._keys = self._read_copy()
                return
            self._reachable = True
            self._loaded_at = time.monotonic()
            if keys != self._keys:
                self._keys = keys
                self._write_copy()

    def _read_database(self) -> dict[str, tuple[str, Actor]]:
        with self._factory() as session:
            rows = session.scalars(select(ApiKey).where(ApiKey.revoked_at.is_(None)))
            return {row.prefix: (row.secret_hash, Actor(name=row.name, role=row.role))
                    for row in rows}

    def _read_copy(self) -> dict[str, tuple[str, Actor]]:
        if self._copy is None or not self._copy.exists():
            return {}
        try:
            rows = json.loads(self._copy.read_text(encoding="utf-8"))
            return {row["prefix"]: (row["secret_hash"], Actor(name=row["name"], role=row["role"]))
                    for row in rows}
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("the API keys' local copy %s could not be read", self._copy)
            return {}

    def _write_copy(self) -> None:
        if self._copy is None:
            return
        rows = [{"prefix": prefix, "secret_hash": secret_hash, "name": actor.name,
                 "role": actor.role}
                for prefix, (secret_hash, actor) in sorted(self._keys.items())]
        partial = self._copy.with_name(f"{self._copy.name}.{os.getpid()}.tmp")
        try:
            self._copy.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                json.dump(rows, file)
            os.replace(partial, self._copy)  # whole or not at all, for every replica
        except OSError:
            log.warning("the API keys' local copy %s could not be written", self._copy,
                        exc_info=True)

"""API keys from the admin page: issued and revoked like the CLI does, and audit-logged."""

import re

from sqlalchemy.orm import Session

from app.schemas.fields import clean_line
from app.services.access import apikeys, audit
from app.services.access.apikeys import IssuedKey
from app.services.access.audit import Actor

KEY_NAME = re.compile(r"^[A-Za-z0-9._-]{2,64}$")


class KeyInvalid(ValueError):
    """The key cannot be issued or revoked as asked; `code` names the problem."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def issue_key(session: Session, *, name: str, role: str, actor: Actor) -> IssuedKey:
    """Issue an API key; KeyInvalid when the name is malformed or taken, or the role unknown."""
    if not KEY_NAME.fullmatch(name):
        raise KeyInvalid("name", "key name: 2-64 of a-z, A-Z, 0-9, '.', '_' or '-'")
    if role not in apikeys.ROLES:
        raise KeyInvalid("role", f"role must be one of {', '.join(apikeys.ROLES)}")
    try:
        issued = apikeys.create(session, name=name, role=role)
    except ValueError as error:
        raise KeyInvalid("taken", str(error)) from None
    audit.record(session, actor=actor, action="apikey.create", purpose=f"{name} ({role})")
    return issued


def revoke_key(session: Session, *, name: str, actor: Actor) -> None:
    """Revoke an API key; every replica refuses it within seconds."""
    try:
        clean_line(name)  # a NUL would fail the query on PostgreSQL: no key has one
    except ValueError:
        raise KeyInvalid("unknown", "no key by that name") from None
    try:
        apikeys.revoke(session, name=name)
    except ValueError as error:
        raise KeyInvalid("unknown", str(error)) from None
    audit.record(session, actor=actor, action="apikey.revoke", purpose=name)

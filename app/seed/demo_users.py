"""Demo console users, one per role, with random passwords kept in a local file."""

import secrets
from pathlib import Path

from sqlalchemy.orm import Session

from app.services.access import local_secrets, users
from app.services.access.audit import Actor

ROLES = ("handler", "brobygger", "admin", "auditor")
# People's names: the header adds the role ("Mette Demo (visitator)").
DISPLAY = {
    "handler": "Mette Demo",
    "brobygger": "Jonas Demo",
    "admin": "Karin Demo",
    "auditor": "Lars Demo",
}


def ensure(session: Session, path: Path) -> dict[str, str]:
    """Users demo-<role>; created once, their passwords written to `path` (mode 600)."""
    known = local_secrets.read(path)
    if all(f"demo-{role}" in known for role in ROLES):
        return {f"demo-{role}": known[f"demo-{role}"] for role in ROLES}
    passwords = {}
    for role in ROLES:
        name = f"demo-{role}"
        password = secrets.token_urlsafe(12)
        existing = users.get_by_username(session, name)
        if existing is None:
            users.create(
                session,
                users.UserCreate(
                    username=name, display_name=DISPLAY[role], role=role, password=password
                ),
                actor=Actor("demo", "admin"),
            )
        else:
            users.set_password(session, name, password, actor=Actor("demo", "admin"))
        passwords[name] = password
    local_secrets.write(path, passwords)
    return passwords

"""Demo API keys, one per role, kept in a local file so a newcomer can use them."""

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ApiKey
from app.services.access import apikeys, local_secrets


def ensure(session: Session, path: Path) -> dict[str, str]:
    """Keys named demo-<role>; reissued when the file that holds their secrets is missing."""
    known = local_secrets.read(path)
    if all(f"AKUTBRO_KEY_{role.upper()}" in known for role in apikeys.ROLES):
        return {role: known[f"AKUTBRO_KEY_{role.upper()}"] for role in apikeys.ROLES}
    tokens = {}
    for role in apikeys.ROLES:
        name = f"demo-{role}"
        old = session.scalar(select(ApiKey).where(ApiKey.name == name))
        if old is not None:
            session.delete(old)
            session.flush()
        tokens[role] = apikeys.create(session, name=name, role=role).token
    local_secrets.write(
        path, {f"AKUTBRO_KEY_{role.upper()}": token for role, token in tokens.items()}
    )
    return tokens

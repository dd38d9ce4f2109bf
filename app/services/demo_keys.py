"""Demo API keys, one per role, kept in a local file so a newcomer can use them."""

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ApiKey
from app.services import apikeys


def ensure(session: Session, path: Path) -> dict[str, str]:
    """Keys named demo-<role>; reissued when the file that holds their secrets is missing."""
    if path.exists():
        known = dict(line.split("=", 1) for line in path.read_text().split() if "=" in line)
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
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(f"AKUTBRO_KEY_{role.upper()}={token}\n" for role, token in tokens.items())
    )
    path.chmod(0o600)
    return tokens

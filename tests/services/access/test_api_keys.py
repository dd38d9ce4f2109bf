"""The key cache and its local copy: what a replica knows when the database is down."""

import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import make_session_factory, unit_of_work
from app.services.access import apikeys
from app.services.access.apikeys import InvalidKey, KeyCache, KeyStoreUnreachable

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=1"


def _issue(factory: sessionmaker[Session], name: str, role: str = "dispatch") -> str:
    with unit_of_work(factory) as session:
        return apikeys.create(session, name=name, role=role).token


def _broken() -> sessionmaker[Session]:
    return make_session_factory(create_engine(UNREACHABLE))


def test_the_snapshot_holds_hashes_names_and_roles_never_a_secret(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    token = _issue(session_factory, "cad-north")
    copy = tmp_path / "keys.json"
    KeyCache(session_factory, 10.0, copy).load()
    rows = json.loads(copy.read_text())
    assert [(row["name"], row["role"]) for row in rows] == [("cad-north", "dispatch")]
    assert token.split("_", 2)[2] not in copy.read_text()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_a_cache_started_with_the_database_down_knows_the_local_copy_of_the_keys(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    token = _issue(session_factory, "cad-north")
    copy = tmp_path / "keys.json"
    KeyCache(session_factory, 10.0, copy).load()
    cold = KeyCache(_broken(), 10.0, copy)
    cold.load()
    assert cold.verify(token).name == "cad-north"
    with pytest.raises(InvalidKey):  # a known prefix with a wrong secret is still refused
        cold.verify(token[:-4] + "xxxx")
    with pytest.raises(KeyStoreUnreachable):
        cold.verify("akb_0123456789ab_unknown")


def test_a_revoked_key_leaves_the_snapshot(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    kept, revoked = _issue(session_factory, "kept"), _issue(session_factory, "revoked")
    copy = tmp_path / "keys.json"
    KeyCache(session_factory, 0.0, copy).load()
    with unit_of_work(session_factory) as session:
        apikeys.revoke(session, name="revoked")
    KeyCache(session_factory, 0.0, copy).load()
    cold = KeyCache(_broken(), 0.0, copy)
    assert cold.verify(kept).name == "kept"
    with pytest.raises(KeyStoreUnreachable):
        cold.verify(revoked)


@pytest.mark.parametrize("content", ["", "not json", '[{"prefix": "x"}]', '{"a": 1}'])
def test_a_damaged_local_copy_is_no_keys_not_a_crash(tmp_path: Path, content: str) -> None:
    copy = tmp_path / "keys.json"
    copy.write_text(content)
    cold = KeyCache(_broken(), 10.0, copy)
    cold.load()
    with pytest.raises(KeyStoreUnreachable):
        cold.verify("akb_0123456789ab_unknown")

"""An app on a fresh database with one API key per role."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db.engine import unit_of_work
from app.main import create_app
from app.services.access import apikeys


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A client of the app, lifespan started (the registry watcher runs)."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def keys(client: TestClient) -> dict[str, dict[str, str]]:
    """Authorization headers for one key of each role, by role."""
    headers = {}
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        for role in apikeys.ROLES:
            issued = apikeys.create(session, name=f"test-{role}", role=role)
            headers[role] = {"Authorization": f"Bearer {issued.token}"}
    return headers

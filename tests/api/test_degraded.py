"""When the database is unreachable, assessments still answer, degraded, never a 500."""

import pytest
from sqlalchemy import create_engine

from app.db import make_async_engine, make_session_factory
from app.services import assess_runner
from app.services.assess_runner import OnEventLoop, OnThreads
from tests.factories import assessment_body

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=1"


@pytest.fixture
def database_down(client, keys):  # type: ignore[no-untyped-def]
    """Keys are known to the service; then every path to the database breaks, assessments'
    included, on threads or on the event loop as the service runs them."""
    assert client.get("/v1/vocabulary", headers=keys["dispatch"]).status_code == 200
    broken = make_session_factory(create_engine(UNREACHABLE))
    state = client.app.state
    runner = state.assess
    state.session_factory = broken
    state.key_cache._factory = broken
    state.model_store._factory = broken
    state.assess = (OnEventLoop(make_async_engine(UNREACHABLE, pool_size=2), turns=2)
                    if runner.where == "event loop" else OnThreads(broken, threads=2))
    yield client
    state.assess = runner  # the lifespan closes the one it made


@pytest.mark.parametrize(
    ("changes", "action", "urgency"),
    [
        ({"notes": "ensom, vil bare snakke"}, "send_ambulance", "B"),
        ({"notes": "bevidstløs på gulvet"}, "send_ambulance", "A"),
        ({"urgency": "C", "notes": "har drukket"}, "send_ambulance", "C"),
    ],
)
def test_assessments_answer_with_the_protocol_when_the_database_is_down(
    database_down, keys, changes, action, urgency
) -> None:
    response = database_down.post(
        "/v1/assessments", json=assessment_body(**changes), headers=keys["dispatch"]
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["degraded"] is True
    assert any("Database unavailable" in reason for reason in answer["degraded_reasons"])
    assert answer["history"] is None
    assert (answer["recommendation"]["action"], answer["recommendation"]["urgency"]) == (
        action,
        urgency,
    )


def test_readiness_reports_the_database_down(database_down) -> None:
    response = database_down.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["database"].startswith("unavailable")


def test_an_internal_error_tells_the_dispatch_software_to_follow_the_protocol(
    client, keys, monkeypatch
) -> None:
    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug")

    monkeypatch.setattr(assess_runner, "assess", explode)
    client_no_raise = type(client)(client.app, raise_server_exceptions=False)
    response = client_no_raise.post(
        "/v1/assessments", json=assessment_body(), headers=keys["dispatch"]
    )
    assert response.status_code == 500
    assert response.json()["fallback"].startswith("Follow the standard medical protocol")

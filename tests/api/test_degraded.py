"""When the database is unreachable, assessments still answer, degraded, never a 500."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from app.db.engine import make_session_factory
from app.main import create_app
from app.services.assessment import assess_runner
from app.services.assessment.assess_runner import AssessmentRunner
from tests.factories import assessment_body

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=1"


@pytest.fixture
def database_down(client, keys):  # type: ignore[no-untyped-def]
    """Keys are known to the service; then every path to the database breaks, assessments'
    included."""
    assert client.get("/v1/vocabulary", headers=keys["dispatch"]).status_code == 200
    broken = make_session_factory(create_engine(UNREACHABLE))
    state = client.app.state
    runner = state.assess
    state.session_factory = broken
    state.key_cache._factory = broken
    state.model_store._factory = broken
    state.assess = AssessmentRunner(broken, threads=2)
    yield client
    state.assess = runner  # the lifespan closes the one it made


@pytest.mark.parametrize(
    ("changes", "action", "urgency"),
    [
        ({"notes": "ensom, vil bare snakke"}, "follow_protocol", None),
        ({"urgency": "E", "notes": "ensom, vil bare snakke"}, "follow_protocol", "E"),
        ({"notes": "bevidstløs på gulvet"}, "send_ambulance", "A"),
        ({"urgency": "C", "notes": "har drukket"}, "follow_protocol", "C"),
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


def test_an_internal_error_answers_the_protocol_degraded(client, keys, monkeypatch) -> None:
    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug")

    monkeypatch.setattr(assess_runner, "assess", explode)
    response = client.post("/v1/assessments", json=assessment_body(
        urgency="E", notes="ensom, vil bare snakke"), headers=keys["dispatch"])
    assert response.status_code == 200
    answer = response.json()
    assert answer["degraded"] is True
    assert answer["degraded_reasons"][0].startswith("Internal error")
    assert answer["recommendation"]["action"] == "follow_protocol"
    assert answer["recommendation"]["rationale"][0].startswith("Degraded answer: Internal error")


def test_a_core_that_fails_still_answers_the_protocol(client, keys, monkeypatch) -> None:
    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug")

    monkeypatch.setattr("app.services.assessment.assess.find_red_flags", explode)
    for urgency, action in (("A", "send_ambulance"), ("E", "follow_protocol")):
        response = client.post("/v1/assessments", json=assessment_body(urgency=urgency),
                               headers=keys["dispatch"])
        assert response.status_code == 200
        answer = response.json()
        assert answer["degraded"] is True
        assert (answer["recommendation"]["action"], answer["recommendation"]["urgency"]) == (
            action, urgency)


@pytest.fixture
def started_with_the_database_down(client, keys, settings):  # type: ignore[no-untyped-def]
    """A second replica starts while the database is down, beside one that knew the keys."""
    assert client.get("/v1/vocabulary", headers=keys["dispatch"]).status_code == 200
    cold = settings.model_copy(update={"database_url": UNREACHABLE})
    with TestClient(create_app(cold)) as replica:
        yield replica


def test_a_replica_started_with_the_database_down_answers_known_keys_with_the_protocol(
    started_with_the_database_down, keys
) -> None:
    for urgency, action in ((None, "follow_protocol"), ("E", "follow_protocol"),
                            ("A", "send_ambulance")):
        response = started_with_the_database_down.post(
            "/v1/assessments", json=assessment_body(urgency=urgency, notes="ensom, vil snakke"),
            headers=keys["dispatch"])
        assert response.status_code == 200
        answer = response.json()
        assert answer["degraded"] is True
        assert answer["recommendation"]["action"] == action


def test_a_key_unknown_while_the_database_is_down_is_told_to_retry_not_refused(
    started_with_the_database_down,
) -> None:
    unknown = {"Authorization": "Bearer akb_0123456789ab_not-a-key-anyone-knows"}
    response = started_with_the_database_down.post(
        "/v1/assessments", json=assessment_body(), headers=unknown)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "follow the protocol" in response.json()["detail"]

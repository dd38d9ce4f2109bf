"""With a promoted model: real flags, the rules still first; shadow; training jobs."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.db.engine import unit_of_work
from app.models import Assessment
from app.services.flag_model import registry
from tests.factories import SATURDAY_NIGHT, assessment_body
from tests.factories.model import ADMIN, promote, register
from tests.waiting import eventually

LONELY = "mand 55 år ringer igen, er ensom og ked af det, vil bare snakke med nogen"


@pytest.fixture
def served(client):  # type: ignore[no-untyped-def]
    """A model promoted and loaded by the app's own store."""
    with unit_of_work(client.app.state.session_factory) as session:
        version = register(session, under_triage_rate=0.005).version
        promote(session, version)
    client.app.state.model_store.refresh()
    return version


def assess(client, keys, **changes) -> dict:  # type: ignore[no-untyped-def]
    response = client.post(
        "/v1/assessments", json=assessment_body(**changes), headers=keys["dispatch"]
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_before_triage_a_lonely_caller_gets_the_protocol_and_a_prepared_route(
    client, keys, served
) -> None:
    answer = assess(client, keys, notes=LONELY)
    assert answer["flag"] == "social"
    assert answer["recommendation"]["action"] == "follow_protocol"
    assert answer["recommendation"]["prepared_route"] == "transfer_to_brobygger"
    assert "if your triage finds no acute need" in answer["recommendation"]["rationale"][0]


def test_a_lonely_caller_by_day_is_transferred_to_the_brobygger(client, keys, served) -> None:
    answer = assess(client, keys, notes=LONELY, urgency="E")
    assert answer["model_version"] == served
    assert answer["flag"] == "social"
    assert answer["social_probability"] > 0.5
    assert answer["recommendation"]["action"] == "transfer_to_brobygger"
    assert answer["degraded"] is False
    assert any("ensom" in reason for reason in answer["reasons"])


def test_the_same_caller_on_saturday_night_gets_a_callback(client, keys, served) -> None:
    answer = assess(client, keys, notes=LONELY, urgency="D",
                    received_at=SATURDAY_NIGHT.isoformat())
    assert answer["recommendation"]["action"] == "brobygger_callback"
    due = datetime.fromisoformat(answer["recommendation"]["callback_due_at"])
    assert due == datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday 08:00 in Copenhagen


@pytest.mark.parametrize(
    "changes",
    [
        {"notes": LONELY + ", har trykken for brystet"},
        {"notes": LONELY, "urgency": "B"},
        {"notes": LONELY, "symptoms": ["breathing_difficulty"]},
    ],
)
def test_a_red_flag_beats_a_confident_social_model(client, keys, served, changes) -> None:
    answer = assess(client, keys, **changes)
    assert answer["recommendation"]["action"] == "send_ambulance"
    assert answer["flag"] == "mixed"
    assert answer["recommendation"]["follow_up"] == "refer_to_brobygger"


def test_a_model_that_fails_falls_back_to_the_protocol(client, keys, served, monkeypatch) -> None:
    model = client.app.state.model_store.served.production

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("corrupt weights")

    monkeypatch.setattr(type(model), "predict", broken)
    answer = assess(client, keys, notes=LONELY, urgency="E")
    assert answer["recommendation"]["action"] == "follow_protocol"
    assert answer["degraded"] is True
    assert any("failed" in reason for reason in answer["degraded_reasons"])


def test_a_shadow_model_scores_every_assessment_unseen(client, keys, served) -> None:
    with unit_of_work(client.app.state.session_factory) as session:
        shadow = register(session, seed=12, under_triage_rate=0.005).version
        registry.set_shadow(session, shadow, actor=ADMIN, reason="watch")
    client.app.state.model_store.refresh()
    shown = [assess(client, keys, notes=n) for n in (LONELY, "faldet, ondt i hoften", "ensom")]
    assert all(answer["model_version"] == served for answer in shown)
    assert all("shadow" not in str(answer) for answer in shown)
    with client.app.state.session_factory() as session:
        rows = session.scalars(select(Assessment)).all()
    assert all(
        row.shadow_model_version == shadow and row.shadow_probability is not None for row in rows
    )
    report = client.get(f"/v1/models/{shadow}/shadow-report", headers=keys["admin"]).json()
    assert report["assessments_scored"] == 3
    assert 0 <= report["disagreements"] <= 3


def test_a_training_job_runs_in_its_own_process_and_registers_a_candidate(client, keys) -> None:
    started = client.post(
        "/v1/training-jobs",
        json={"source": "demo", "demo_days": 14, "reason": "test"},
        headers=keys["admin"],
    )
    assert started.status_code == 202
    job_id = started.json()["id"]

    def job() -> dict:  # type: ignore[type-arg]
        return client.get(f"/v1/training-jobs/{job_id}", headers=keys["admin"]).json()

    eventually(lambda: job()["status"] in ("succeeded", "failed"), within=120, every=0.5,
               what="the training job's end")  # the admin's rate limit: 120 a minute
    finished = job()
    assert finished["status"] == "succeeded", finished
    assert finished["progress"] == 1.0
    version = client.get(f"/v1/models/{finished['model_version']}", headers=keys["admin"]).json()
    assert version["status"] == "candidate"
    assert version["pedigree"]["data"]["source"] == "demo"
    assert {"roc_auc", "under_triage_rate", "brier", "ece"} <= set(version["pedigree"]["metrics"])


def test_promotion_through_the_api_says_which_figure_failed(client, keys) -> None:
    with unit_of_work(client.app.state.session_factory) as session:
        version = register(session, under_triage_rate=0.02).version
    response = client.post(
        f"/v1/models/{version}/promote", json={"reason": "try"}, headers=keys["admin"]
    )
    assert response.status_code == 409
    assert response.json()["reasons"][0].startswith("under-triage rate 2.00%")

"""Bad input gets a 422 naming the field and the reason, and nothing is stored."""

import pytest
from sqlalchemy import func, select

from app.models import Call
from tests.factories import assessment_body

CPR = "311299-9999"


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"received_at": "2026-11-17T09:00:00"}, "received_at", "timezone"),
        ({"call_id": "has space"}, "call_id", "pattern"),
        ({"call_id": "x" * 65}, "call_id", "pattern"),
        ({"patient": {"cpr": "320190-1234"}}, "patient.cpr", "birth date"),
        ({"patient": {"cpr": "12345"}}, "patient.cpr", "DDMMYY-SSSS"),
        ({"patient": {"age": 130}}, "patient.age", "less than or equal to 120"),
        ({"patient": {"municipality_code": "751"}}, "patient.municipality_code", "pattern"),
        ({"caller_phone": "12"}, "caller_phone", "possible phone number"),
        ({"caller_phone": "ring mig"}, "caller_phone", "not a phone number"),
        ({"urgency": "F"}, "urgency", "'A'"),
        ({"index_chapter": "38"}, "index_chapter", "pattern"),
        ({"symptoms": ["chest_pain", "dizzy"]}, "symptoms.1", "unknown symptom code 'dizzy'"),
        ({"notes": "x" * 4001}, "notes", "at most 4000"),
        ({"urgncy": "A"}, "urgncy", "Extra inputs are not permitted"),
    ],
)
def test_bad_input_names_the_field_and_the_reason(client, keys, changes, field, reason) -> None:
    response = client.post(
        "/v1/assessments", json=assessment_body(**changes), headers=keys["dispatch"]
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert reason in errors[0]["reason"]
    with client.app.state.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Call)) == 0


def test_a_rejected_cpr_is_never_echoed_back(client, keys) -> None:
    response = client.post(
        "/v1/assessments",
        json=assessment_body(patient={"cpr": "320190-1234"}),
        headers=keys["dispatch"],
    )
    assert response.status_code == 422
    assert "320190" not in response.text


def test_an_oversized_body_is_refused(client, keys) -> None:
    body = assessment_body(notes="ensom " * 20_000)
    response = client.post("/v1/assessments", json=body, headers=keys["dispatch"])
    assert response.status_code == 413
    assert "bytes" in response.json()["detail"]


def test_an_outcome_for_an_unknown_call_is_a_404(client, keys) -> None:
    response = client.post(
        "/v1/calls/NOPE-1/outcome", json={"dispatched": "none"}, headers=keys["dispatch"]
    )
    assert response.status_code == 404
    assert "NOPE-1" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"dispatched": "ambulance"}, "ambulance_urgency"),
        ({"dispatched": "none", "ambulance_urgency": "A"}, "ambulance_urgency"),
        ({"medical_need": True}, "dispatched"),
    ],
)
def test_a_contradictory_outcome_is_refused(client, keys, body, field) -> None:
    call = client.post("/v1/assessments", json=assessment_body(), headers=keys["dispatch"]).json()
    response = client.post(
        f"/v1/calls/{call['call_id']}/outcome", json=body, headers=keys["dispatch"]
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_an_override_without_a_reason_is_refused(client, keys) -> None:
    answer = client.post("/v1/assessments", json=assessment_body(), headers=keys["dispatch"]).json()
    response = client.post(
        f"/v1/assessments/{answer['assessment_id']}/feedback",
        json={"accepted": False, "action_taken": "send_ambulance"},
        headers=keys["handler"],
    )
    assert response.status_code == 422
    assert "reason_code is required" in response.json()["errors"][0]["reason"]


def test_a_training_csv_that_is_not_utf8_is_refused(client, keys) -> None:
    response = client.post("/v1/training-jobs/csv", files={"file": ("export.csv", b"\xff\xfe")},
                           data={"reason": "new export"}, headers=keys["admin"])
    assert response.status_code == 422
    assert "not UTF-8" in response.json()["detail"]

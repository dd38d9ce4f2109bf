"""Outcomes feed the ambulance counts; feedback records what the call-handler did."""

from sqlalchemy import select

from app.models import Feedback
from tests.factories import WORKDAY_MORNING, assessment_body, at


def test_ambulance_counts_come_from_outcomes(client, keys) -> None:
    headers = keys["dispatch"]
    for hours, outcome in (
        (-50, {"dispatched": "ambulance", "ambulance_urgency": "A"}),
        (-40, {"dispatched": "ambulance", "ambulance_urgency": "B"}),
        (-30, {"dispatched": "ambulance", "ambulance_urgency": "B"}),
        (-20, {"dispatched": "none"}),
    ):
        call = client.post(
            "/v1/assessments",
            json=assessment_body(received_at=at(WORKDAY_MORNING, hours=hours)),
            headers=headers,
        ).json()
        response = client.post(
            f"/v1/calls/{call['call_id']}/outcome", json=outcome, headers=headers
        )
        assert response.status_code == 200
    history = client.post("/v1/assessments", json=assessment_body(), headers=headers).json()[
        "history"
    ]
    assert (history["ambulances_a_365d"], history["ambulances_b_365d"]) == (1, 2)
    assert [c["action_taken"] for c in history["recent_calls"]] == [
        "none",
        "ambulance B",
        "ambulance B",
        "ambulance A",
    ]


def test_findings_reported_later_complete_the_outcome(client, keys) -> None:
    headers = keys["dispatch"]
    call = client.post("/v1/assessments", json=assessment_body(), headers=headers).json()
    url = f"/v1/calls/{call['call_id']}/outcome"
    client.post(url, json={"dispatched": "ambulance", "ambulance_urgency": "B"}, headers=headers)
    later = client.post(
        url, json={"medical_need": False, "social_need": True, "conveyed": False}, headers=headers
    ).json()
    assert later == later | {
        "dispatched": "ambulance",
        "ambulance_urgency": "B",
        "medical_need": False,
        "social_need": True,
        "conveyed": False,
    }


def test_a_later_report_with_dispatched_null_keeps_what_was_dispatched(client, keys) -> None:
    headers = keys["dispatch"]
    call = client.post("/v1/assessments", json=assessment_body(), headers=headers).json()
    url = f"/v1/calls/{call['call_id']}/outcome"
    client.post(url, json={"dispatched": "sociolance"}, headers=headers)
    later = client.post(url, json={"dispatched": None, "social_need": True}, headers=headers)
    assert later.status_code == 200
    assert later.json()["dispatched"] == "sociolance"
    other = client.post("/v1/assessments", json=assessment_body(), headers=headers).json()
    first = client.post(f"/v1/calls/{other['call_id']}/outcome", json={"dispatched": None},
                        headers=headers)
    assert first.status_code == 422
    assert first.json()["errors"][0]["field"] == "dispatched"


def test_an_override_is_stored_with_its_reason(client, keys) -> None:
    answer = client.post(
        "/v1/assessments", json=assessment_body(notes="ensom"), headers=keys["dispatch"]
    ).json()
    response = client.post(
        f"/v1/assessments/{answer['assessment_id']}/feedback",
        json={
            "accepted": False,
            "action_taken": "transfer_to_brobygger",
            "reason_code": "caller_known",
            "reason_text": "kendt borger, aftalt plan",
        },
        headers=keys["handler"],
    )
    assert response.status_code == 201
    with client.app.state.session_factory() as session:
        stored = session.scalars(select(Feedback)).one()
    assert (stored.accepted, stored.action_taken, stored.reason_code, stored.given_by) == (
        False,
        "transfer_to_brobygger",
        "caller_known",
        "test-handler",
    )


def test_feedback_on_an_unknown_assessment_is_a_404(client, keys) -> None:
    response = client.post(
        "/v1/assessments/nope/feedback",
        json={"accepted": True, "action_taken": "send_ambulance"},
        headers=keys["handler"],
    )
    assert response.status_code == 404


def test_a_resent_call_counts_once_with_its_outcome(client, keys) -> None:
    headers = keys["dispatch"]
    body = assessment_body(received_at=at(WORKDAY_MORNING, minutes=-10))
    client.post("/v1/assessments", json=body, headers=headers)
    client.post(f"/v1/calls/{body['call_id']}/outcome",
                json={"dispatched": "ambulance", "ambulance_urgency": "A"}, headers=headers)
    history = client.post("/v1/assessments", json=body, headers=headers).json()["history"]
    assert (history["calls_24h"], history["ambulances_a_365d"]) == (1, 1)
    assert history["recent_calls"] == []  # the call itself is not an earlier call


def test_recent_calls_show_the_latest_flag_and_what_the_handler_did(client, keys) -> None:
    headers = keys["dispatch"]
    earlier = assessment_body(received_at=at(WORKDAY_MORNING, hours=-3), notes="ondt i ryggen")
    client.post("/v1/assessments", json=earlier, headers=headers)
    earlier["notes"] = "ondt i ryggen, nu bevidstløs"  # re-sent: the latest assessment counts
    answer = client.post("/v1/assessments", json=earlier, headers=headers).json()
    client.post(f"/v1/assessments/{answer['assessment_id']}/feedback",
                json={"accepted": True, "action_taken": "send_ambulance"}, headers=headers)
    recent = client.post("/v1/assessments", json=assessment_body(),
                         headers=headers).json()["history"]["recent_calls"]
    assert [(c["flag"], c["action_taken"]) for c in recent] == [("medical", "send_ambulance")]

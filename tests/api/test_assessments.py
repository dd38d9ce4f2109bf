"""POST /v1/assessments as the dispatch software uses it (no model loaded here)."""

from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.factories import WORKDAY_MORNING, assessment_body, at


def post(client: TestClient, keys, **changes) -> dict:  # type: ignore[no-untyped-def]
    response = client.post(
        "/v1/assessments", json=assessment_body(**changes), headers=keys["dispatch"]
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_a_red_flag_in_the_notes_sends_an_ambulance_at_urgency_a(client, keys) -> None:
    answer = post(client, keys, notes="pt har trykken for brystet og sveder")
    assert answer["recommendation"]["action"] == "send_ambulance"
    assert answer["recommendation"]["urgency"] == "A"
    assert [f["source"] for f in answer["red_flags"]] == ["notes"]
    assert answer["red_flags"][0]["code"] == "chest_pain"


def test_without_a_model_the_protocol_applies_and_says_so(client, keys) -> None:
    answer = post(client, keys, notes="er ensom og vil gerne snakke med nogen")
    assert answer["flag"] == "unknown"
    assert answer["social_probability"] is None
    assert answer["recommendation"]["action"] == "follow_protocol"
    assert answer["recommendation"]["urgency"] is None
    assert answer["degraded"] is True
    assert any("model" in reason for reason in answer["degraded_reasons"])
    assert answer["recommendation"]["follow_up"] == "refer_to_brobygger"


def test_urgency_a_from_the_call_handler_is_a_red_flag(client, keys) -> None:
    answer = post(client, keys, urgency="A", notes="ensom")
    assert answer["red_flags"] == [
        {"code": "urgency_a", "source": "urgency", "evidence": "hastegrad A"}
    ]
    assert answer["recommendation"] == answer["recommendation"] | {
        "action": "send_ambulance",
        "urgency": "A",
    }


def test_resending_a_call_updates_it_and_it_counts_once(client, keys) -> None:
    body = assessment_body(notes="ringer igen")
    first = client.post("/v1/assessments", json=body, headers=keys["dispatch"]).json()
    body["notes"] = "ringer igen, nu bevidstløs"
    second = client.post("/v1/assessments", json=body, headers=keys["dispatch"]).json()
    assert first["assessment_id"] != second["assessment_id"]
    assert second["recommendation"]["action"] == "send_ambulance"
    assert second["history"]["calls_24h"] == 1


def test_history_counts_earlier_calls_by_phone(client, keys) -> None:
    for hours in (-30, -20, -2):
        post(client, keys, received_at=at(WORKDAY_MORNING, hours=hours))
    history = post(client, keys)["history"]
    assert history["citizen_known"] is True
    assert history["linked_by"] == "phone"
    assert (history["calls_24h"], history["calls_7d"], history["calls_365d"]) == (3, 4, 4)
    assert len(history["recent_calls"]) == 3


def test_a_cpr_given_later_joins_the_phone_history(client, keys) -> None:
    post(client, keys, caller_phone="22 33 44 55")
    post(
        client,
        keys,
        caller_phone="+4522334455",
        patient={"cpr": "010170-1234"},
        received_at=at(WORKDAY_MORNING, minutes=5),
    )
    history = post(
        client,
        keys,
        caller_phone=None,
        patient={"cpr": "0101701234"},
        received_at=at(WORKDAY_MORNING, minutes=10),
    )["history"]
    assert history["linked_by"] == "cpr"
    assert history["calls_24h"] == 3


def test_a_phone_used_for_several_cpr_numbers_is_a_shared_line(client, keys) -> None:
    home = "+45 70 10 20 30"
    post(client, keys, caller_phone=home, patient={"cpr": "010140-1111"})
    post(client, keys, caller_phone=home, patient={"cpr": "020240-2222"})
    history = post(client, keys, caller_phone=home, patient={})["history"]
    assert history["citizen_known"] is False
    assert history["shared_phone"] is True
    assert "Shared phone line" in history["note"]
    by_cpr = post(client, keys, caller_phone=home, patient={"cpr": "010140-1111"})["history"]
    assert by_cpr["calls_24h"] == 2  # follows the CPR only


def test_the_fifth_call_in_thirty_days_makes_a_frequent_caller(client, keys) -> None:
    for day in (29.9, 20, 10, 1):
        answer = post(client, keys, received_at=at(WORKDAY_MORNING, days=-day))
    assert answer["history"]["frequent_caller"] is False
    fifth = post(client, keys)["history"]
    assert fifth["frequent_caller"] is True
    assert fifth["frequent_caller_reason"].startswith("5 calls in 30 days")


def test_age_and_sex_come_from_the_cpr_when_absent(client, keys) -> None:
    answer = post(client, keys, patient={"cpr": "150570-1233"})
    with client.app.state.session_factory() as session:  # type: ignore[attr-defined]
        call = session.execute(text("SELECT age, sex FROM calls")).one()
    assert (call.age, call.sex) == (56, "male")
    assert answer["history"]["citizen_known"] is True

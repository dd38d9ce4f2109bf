"""The brobyggere's API: cases, callbacks and response plans, by role, audit-logged."""

import pytest
from sqlalchemy import select

from app.db.engine import unit_of_work
from app.models import Assessment, AuditEvent
from app.services.access.apikeys import ROLES
from app.services.brobygger import advice as brobygger_advice
from tests.factories import assessment_body
from tests.factories.brobygger import feedback

PHONE = "+45 26 48 13 57"
FRIDAY_EVENING = "2026-11-20T19:30:00+01:00"


@pytest.fixture
def api(client):  # type: ignore[no-untyped-def]
    """The client with the brobygger routes."""
    return client


@pytest.fixture
def caller(api, keys) -> dict:  # type: ignore[type-arg]
    """The assessment of a call from a phone the service now knows."""
    body = assessment_body(caller_phone=PHONE, notes="ensom")
    return api.post("/v1/assessments", json=body, headers=keys["dispatch"]).json()


def audit_actions(client) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    with client.app.state.session_factory() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    return [(e.role, e.action, e.citizen_pseudonym) for e in events]


BROBYGGER_ONLY = [
    ("GET", "/v1/cases", None),
    ("GET", "/v1/cases/1", None),
    ("POST", "/v1/cases/1/status", {"status": "active", "note": "ok"}),
    ("POST", "/v1/cases/lookup", {"phone": PHONE, "purpose": "opfølgning"}),
    ("GET", "/v1/callbacks", None),
    ("POST", "/v1/callbacks/1/complete", {"outcome": "done"}),
    ("PUT", "/v1/response-plans", {"phone": PHONE, "helps": "rolig stemme"}),
    ("POST", "/v1/response-plans/lookup", {"phone": PHONE, "purpose": "opfølgning"}),
    ("GET", "/v1/response-plans/abc", None),
]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "brobygger"])
@pytest.mark.parametrize(("method", "path", "body"), BROBYGGER_ONLY)
def test_brobygger_routes_refuse_other_roles(api, keys, role, method, path, body) -> None:
    response = api.request(method, path, json=body, headers=keys[role])
    assert response.status_code == 403 and role in response.json()["detail"]


@pytest.mark.parametrize(("role", "allowed"), [(r, r in ("handler", "brobygger")) for r in ROLES])
def test_call_handlers_and_brobyggere_may_refer(api, keys, caller, role, allowed) -> None:
    response = api.post("/v1/cases", json={"phone": PHONE, "needs": ["loneliness"]},
                        headers=keys[role])
    assert response.status_code == (201 if allowed else 403), response.text
    if allowed:  # the municipality defaults to the one the calls gave
        assert response.json()["municipality_code"] == "0751"


def test_a_case_from_referral_to_closing(api, keys, caller) -> None:
    pseudonym = caller["history"]["citizen_pseudonym"]
    referral = {"phone": PHONE, "needs": ["loneliness"], "municipality_code": "0751",
                "note": "ringer ofte om natten"}
    created = api.post("/v1/cases", json=referral, headers=keys["handler"])
    assert created.status_code == 201, created.text
    case = created.json()
    assert (case["citizen_pseudonym"], case["status"], case["source"], case["phase"]) == (
        pseudonym, "referred", "handler", "during")
    again = api.post("/v1/cases", json={"citizen_pseudonym": pseudonym}, headers=keys["brobygger"])
    assert again.status_code == 409 and f"case {case['case_id']}" in again.json()["detail"]
    path = f"/v1/cases/{case['case_id']}/status"
    assert api.post(path, json={"status": "active", "note": "første samtale"},
                    headers=keys["brobygger"]).status_code == 200
    skipped = api.post(path, json={"status": "referred", "note": "tilbage"},
                       headers=keys["brobygger"])
    assert skipped.status_code == 409
    closed = api.post(path, json={"status": "closed", "note": "hjælp fra kommunen"},
                      headers=keys["brobygger"]).json()
    assert (closed["status"], closed["phase"]) == ("closed", "after")
    assert [(e["from_status"], e["to_status"], e["actor"]) for e in closed["events"]] == [
        (None, "referred", "test-handler"), ("referred", "active", "test-brobygger"),
        ("active", "closed", "test-brobygger")]
    listed = api.get("/v1/cases", params={"status": "closed"}, headers=keys["brobygger"]).json()
    assert [c["case_id"] for c in listed] == [case["case_id"]]
    assert api.get("/v1/cases", headers=keys["brobygger"]).json() == []  # none open


def test_unknown_citizen_and_case_are_404(api, keys) -> None:
    unknown = api.post("/v1/cases", json={"phone": "+45 11 22 33 44"}, headers=keys["handler"])
    assert unknown.status_code == 404 and "no earlier 112 caller" in unknown.json()["detail"]
    assert api.get("/v1/cases/999", headers=keys["brobygger"]).status_code == 404


def test_every_read_of_a_case_or_plan_is_audit_logged(api, keys, caller) -> None:
    pseudonym = caller["history"]["citizen_pseudonym"]
    case = api.post("/v1/cases", json={"phone": PHONE}, headers=keys["brobygger"]).json()
    api.get(f"/v1/cases/{case['case_id']}", headers=keys["brobygger"])
    api.get("/v1/cases", headers=keys["brobygger"])
    api.post("/v1/cases/lookup", json={"phone": PHONE, "purpose": "borger ringede"},
             headers=keys["brobygger"])
    api.put("/v1/response-plans", json={"phone": PHONE, "helps": "rolig stemme"},
            headers=keys["brobygger"])
    api.get(f"/v1/response-plans/{pseudonym}", headers=keys["brobygger"])
    assert [a for a in audit_actions(api) if a[0] == "brobygger"] == [
        ("brobygger", "case.create", pseudonym),
        ("brobygger", "case.read", pseudonym),
        ("brobygger", "cases.read.list", pseudonym),
        ("brobygger", "cases.read.list", pseudonym),
        ("brobygger", "response_plan.write", pseudonym),
        ("brobygger", "response_plan.read", pseudonym),
    ]


def test_the_response_plan_is_versioned_and_the_newest_returned(api, keys, caller) -> None:
    pseudonym = caller["history"]["citizen_pseudonym"]
    headers = keys["brobygger"]
    assert api.get(f"/v1/response-plans/{pseudonym}", headers=headers).status_code == 404
    first = api.put("/v1/response-plans", json={"phone": PHONE, "helps": "Tal om hunden"},
                    headers=headers).json()
    second = api.put("/v1/response-plans", headers=headers, json={
        "citizen_pseudonym": pseudonym, "helps": "Tal om hunden; ring til datteren",
        "contacts": "Datteren Lene", "avoid": "Sirener", "based_on_version": 1}).json()
    assert (first["version"], second["version"]) == (1, 2)
    stale = api.put("/v1/response-plans", headers=headers, json={
        "citizen_pseudonym": pseudonym, "helps": "gammel udgave", "based_on_version": 1})
    assert stale.status_code == 409
    shown = api.post("/v1/response-plans/lookup", params={"history": True}, headers=headers,
                     json={"phone": PHONE, "purpose": "forberedelse"}).json()
    assert shown["version"] == 2 and shown["text"].startswith("Hjælper: Tal om hunden; ring")
    assert [p["version"] for p in shown["previous"]] == [1]


def test_the_callback_worklist_and_completing_a_callback(api, keys) -> None:
    body = assessment_body(caller_phone=PHONE, received_at=FRIDAY_EVENING, notes="ensom")
    answer = api.post("/v1/assessments", json=body, headers=keys["dispatch"]).json()
    settings = api.app.state.settings
    with unit_of_work(api.app.state.session_factory) as session:
        advice = session.get(Assessment, answer["assessment_id"])
        advice.action = "brobygger_callback"  # as the recommendation said, with no one on duty
        brobygger_advice.on_feedback(session, assessment=advice,
                                     feedback=feedback(session, advice),
                                     schedule=settings.brobygger_schedule)
    worklist = api.get("/v1/callbacks", headers=keys["brobygger"]).json()
    assert [(c["call_id"], c["due_at"]) for c in worklist] == [
        (answer["call_id"], "2026-11-23T07:00:00Z")]  # Monday 08:00 in Copenhagen
    assert worklist[0]["citizen_pseudonym"] == answer["history"]["citizen_pseudonym"]
    path = f"/v1/callbacks/{worklist[0]['callback_id']}/complete"
    done = api.post(path, json={"outcome": "done", "note": "aftalt besøg"},
                    headers=keys["brobygger"])
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert api.post(path, json={"outcome": "done"}, headers=keys["brobygger"]).status_code == 409
    assert api.get("/v1/callbacks", headers=keys["brobygger"]).json() == []
    assert ("brobygger", "callbacks.read.worklist", worklist[0]["citizen_pseudonym"]) in (
        audit_actions(api))

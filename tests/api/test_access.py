"""Every route admits exactly the roles it should; no key, no entry."""

import pytest

from app.services.access.apikeys import ROLES
from tests.factories import assessment_body

# (method, path, body, roles allowed). Paths with {call_id}/{assessment_id} are filled in.
ROUTES = [
    ("POST", "/v1/assessments", "assessment", {"dispatch"}),
    ("POST", "/v1/calls/{call_id}/outcome", {"dispatched": "none"}, {"dispatch"}),
    ("POST", "/v1/assessments/{assessment_id}/feedback",
     {"accepted": True, "action_taken": "send_ambulance"}, {"dispatch", "handler"}),
    ("POST", "/v1/citizens/lookup", {"phone": "+4520123456", "purpose": "test"},
     {"handler", "brobygger"}),
    ("GET", "/v1/vocabulary", None, set(ROLES)),
]


@pytest.fixture
def existing(client, keys) -> dict[str, str]:
    answer = client.post("/v1/assessments", json=assessment_body(), headers=keys["dispatch"]).json()
    return {"call_id": answer["call_id"], "assessment_id": answer["assessment_id"]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body", "allowed"), ROUTES)
def test_route_by_role(client, keys, existing, role, method, path, body, allowed) -> None:
    json = assessment_body() if body == "assessment" else body
    response = client.request(method, path.format(**existing), json=json, headers=keys[role])
    if role in allowed:
        assert response.status_code in (200, 201), response.text
    else:
        assert response.status_code == 403
        assert role in response.json()["detail"]


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ROUTES)
@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Bearer akb_000000000000_wrong"])
def test_no_valid_key_no_entry(client, existing, method, path, body, allowed, header) -> None:
    headers = {"Authorization": header} if header else {}
    response = client.request(method, path.format(**existing), json=body, headers=headers)
    assert response.status_code == 401


def test_health_needs_no_key(client) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/health/ready")
    assert ready.status_code == 503  # no model promoted yet
    assert ready.json()["database"] == "ok"


def test_a_revoked_key_is_refused(client, keys) -> None:
    from app.db.engine import unit_of_work
    from app.services.access import apikeys

    assert client.get("/v1/vocabulary", headers=keys["auditor"]).status_code == 200
    with unit_of_work(client.app.state.session_factory) as session:
        apikeys.revoke(session, name="test-auditor")
    assert client.get("/v1/vocabulary", headers=keys["auditor"]).status_code == 401


# Bodies that do not fit: the wrong role hears 403 and no key 401 before any body is read.
JSON = {"Content-Type": "application/json"}
BAD_BODIES = [
    ("/v1/assessments", {"json": {"urgency": "Z"}}),
    ("/v1/cases", {"content": b"{not json", "headers": JSON}),
    ("/v1/citizens/lookup", {"content": b"\xff\xfe", "headers": JSON}),
    ("/v1/training-jobs/csv", {"content": b"--x\r\n",
                               "headers": {"Content-Type": "multipart/form-data; boundary=x"}}),
]


@pytest.mark.parametrize(("path", "body"), BAD_BODIES)
def test_the_role_is_checked_before_the_body(client, keys, path, body) -> None:
    headers = {**body.get("headers", {}), **keys["auditor"]}
    assert client.post(path, **{**body, "headers": headers}).status_code == 403
    assert client.post(path, **body).status_code == 401

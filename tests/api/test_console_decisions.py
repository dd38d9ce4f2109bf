"""The call-handler's decisions cannot record the wrong thing: one queue row per call, no
answer to a superseded assessment, no preselected override reason, a short undo after an
accept; every decision and every sign-in is audit-logged; the history is as of the call."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.db.engine import unit_of_work
from app.models import AuditEvent, Feedback
from app.services.access.audit import Actor
from app.services.assessment import feedback as feedback_service
from tests.factories import assessment_body
from tests.factories import console as data
from tests.factories.console import fast_password_hashing  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("fast_password_hashing")
CPR = "010190-1234"


@pytest.fixture
def signed_in(client: TestClient) -> TestClient:
    """The people exist and a call-handler is signed in."""
    data.create_people(client.app.state.session_factory)  # type: ignore[attr-defined]
    data.sign_in(client, "handler-1")
    return client


def _assess(client: TestClient, keys: dict[str, dict[str, str]], **changes: object) -> str:
    answer = client.post("/v1/assessments", headers=keys["dispatch"],
                         json=assessment_body(**changes))
    assert answer.status_code == 200, answer.text
    return str(answer.json()["assessment_id"])


def _actions(client: TestClient) -> list[tuple[str, str]]:
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        return [(e.action, e.actor) for e in session.scalars(
            select(AuditEvent).order_by(AuditEvent.id))]


def _accept(client: TestClient, assessment_id: str) -> object:
    token = data.csrf_of(client.get(f"/console/assessments/{assessment_id}").text)
    return client.post(f"/console/assessments/{assessment_id}/feedback", follow_redirects=False,
                       data={"csrf_token": token, "decision": "accept"})


def test_a_re_sent_call_is_one_row_and_its_earlier_assessment_takes_no_answer(
    signed_in: TestClient, keys: dict[str, dict[str, str]]
) -> None:
    first = _assess(signed_in, keys, call_id="CAD-RESENT", notes="ensom")
    latest = _assess(signed_in, keys, call_id="CAD-RESENT", notes="ensom, har drukket")
    queue = signed_in.get("/console/queue").text
    assert queue.count('data-call="CAD-RESENT"') == 1
    assert f'id="a-{latest}"' in queue and f'id="a-{first}"' not in queue

    earlier = signed_in.get(f"/console/assessments/{first}").text
    assert "Opkaldet er vurderet igen siden" in earlier and 'id="accept-form"' not in earlier
    assert f'href="/console/assessments/{latest}"' in earlier
    refused = _accept(signed_in, first)
    assert refused.status_code == 409  # type: ignore[attr-defined]
    api = signed_in.post(f"/v1/assessments/{first}/feedback", headers=keys["handler"],
                         json={"accepted": True, "action_taken": "follow_protocol",
                               "reason_code": "agree"})
    assert api.status_code == 409 and "superseded" in api.json()["detail"]
    assert _accept(signed_in, latest).status_code == 303  # type: ignore[attr-defined]


def test_the_override_form_preselects_no_reason_and_refuses_none(
    signed_in: TestClient, keys: dict[str, dict[str, str]]
) -> None:
    assessment_id = _assess(signed_in, keys, notes="ensom")
    page = signed_in.get(f"/console/assessments/{assessment_id}").text
    reasons = page[page.index('id="reason_code"'):]
    reasons = reasons[:reasons.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"[^>]*selected', reasons) == [""]
    assert "Vælg årsag" in reasons
    token = data.csrf_of(page)
    for reason in ("", "agree"):
        refused = signed_in.post(f"/console/assessments/{assessment_id}/feedback", data={
            "csrf_token": token, "decision": "override", "action_taken": "send_ambulance",
            "reason_code": reason})
        assert refused.status_code == 422
    assert "Vælg den handling" in refused.text


def test_an_accept_is_logged_settles_the_buttons_and_can_be_undone_at_once(
    signed_in: TestClient, keys: dict[str, dict[str, str]]
) -> None:
    assessment_id = _assess(signed_in, keys, notes="ensom")
    assert _accept(signed_in, assessment_id).status_code == 303  # type: ignore[attr-defined]
    answered = signed_in.get(f"/console/assessments/{assessment_id}").text
    assert 'id="accept-form"' not in answered and 'id="override-button"' not in answered
    assert 'id="undo-button"' in answered
    token = data.csrf_of(answered)
    undone = signed_in.post(f"/console/assessments/{assessment_id}/undo", follow_redirects=False,
                            data={"csrf_token": token})
    assert undone.status_code == 303
    again = signed_in.get(f"/console/assessments/{assessment_id}").text
    assert 'id="accept-form"' in again  # the decision is open again
    assert signed_in.post(f"/console/assessments/{assessment_id}/undo",
                          data={"csrf_token": token}).status_code == 409
    decisions = [a for a in _actions(signed_in) if a[0].startswith("feedback.")]
    assert decisions == [("feedback.accept", "handler-1"), ("feedback.withdraw", "handler-1")]


def test_an_accept_cannot_be_undone_after_the_window(
    signed_in: TestClient, keys: dict[str, dict[str, str]]
) -> None:
    assessment_id = _assess(signed_in, keys, notes="ensom")
    _accept(signed_in, assessment_id)
    factory = signed_in.app.state.session_factory  # type: ignore[attr-defined]
    with unit_of_work(factory) as session:
        given = session.scalars(select(Feedback)).one()
        late = given.created_at + feedback_service.UNDO_WINDOW + timedelta(seconds=1)
        with pytest.raises(feedback_service.UndoExpired):
            feedback_service.withdraw(session, assessment_id, actor=Actor("handler-1", "handler"),
                                      now=late)
        with pytest.raises(feedback_service.UndoExpired):  # nor by someone else
            feedback_service.withdraw(session, assessment_id, actor=Actor("other", "handler"),
                                      now=given.created_at)


def test_sign_ins_failures_and_lockouts_are_audit_logged(client: TestClient) -> None:
    data.create_people(client.app.state.session_factory)  # type: ignore[attr-defined]
    data.sign_in(client, "handler-1")
    for _ in range(6):
        data.sign_in(client, "auditor-1", "wrong password!")
    actions = [a for a in _actions(client) if a[0].startswith("signin")]
    assert actions[0] == ("signin", "handler-1")
    failed, locked = ("signin.failed", "auditor-1"), ("signin.locked", "auditor-1")
    assert actions[1:] == [failed] * 4 + [locked] * 2


def test_the_audit_view_names_actions_in_danish(client: TestClient) -> None:
    data.create_people(client.app.state.session_factory)  # type: ignore[attr-defined]
    data.sign_in(client, "handler-1", "wrong password!")
    data.sign_in(client, "auditor-1")
    page = client.get("/console/audit").text
    assert "Mislykket login" in page and "Logget ind" in page


def test_the_history_is_as_of_the_call_and_says_it_counts_the_call(
    signed_in: TestClient, keys: dict[str, dict[str, str]]
) -> None:
    then = datetime.now(UTC) - timedelta(days=3)
    patient = {"cpr": CPR, "municipality_code": "0751"}
    for hours in (5, 2):
        _assess(signed_in, keys, patient=patient, received_at=(then - timedelta(hours=hours))
                .isoformat())
    assessment_id = _assess(signed_in, keys, patient=patient, received_at=then.isoformat())
    page = signed_in.get(f"/console/assessments/{assessment_id}").text
    assert "Historik ved opkaldet" in page and "Tallene tæller dette opkald med." in page
    shown = re.search(r"Opkald 24 t</dt><dd>(\d+)</dd>", page)
    assert shown is not None and shown.group(1) == "3"  # two earlier calls and this one


def test_the_danish_view_says_the_core_s_sentences_in_danish(
    signed_in: TestClient, keys: dict[str, dict[str, str]]
) -> None:
    assessment_id = _assess(signed_in, keys, notes="ensom", urgency="C")
    danish = signed_in.get(f"/console/assessments/{assessment_id}").text
    english = signed_in.get(f"/console/assessments/{assessment_id}?lang=en").text
    assert "standard protocol" not in danish and "Degraded answer" not in danish
    assert "følg standardprotokollen" in danish  # no model is loaded in these tests
    assert "follow the standard protocol" in english and "standardprotokollen" not in english

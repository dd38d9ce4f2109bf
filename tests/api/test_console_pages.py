"""What the console's pages do for the person using them: audit-logged reads in their
name, feedback stored, no CPR shown after a look-up, new assessments streamed, Danish first."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.console import live
from app.db.engine import unit_of_work
from app.models import AuditEvent, Feedback
from app.services.access.sessions import SessionPolicy
from tests.conftest import on_a_loop_of_its_own
from tests.factories import assessment_body
from tests.factories import console as data
from tests.factories.console import fast_password_hashing  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("fast_password_hashing")
CPR = "010190-1234"


@pytest.fixture
def handler(client: TestClient, keys: dict[str, dict[str, str]]) -> str:
    """A call-handler signed in, and an assessment of an identified caller; its id."""
    data.create_people(client.app.state.session_factory)  # type: ignore[attr-defined]
    answer = client.post("/v1/assessments", headers=keys["dispatch"], json=assessment_body(
        patient={"cpr": CPR, "municipality_code": "0751"}, notes="ensom, vil snakke"))
    data.sign_in(client, "handler-1")
    return str(answer.json()["assessment_id"])


def _events(client: TestClient, action: str) -> list[AuditEvent]:
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_opening_an_assessment_reads_the_history_in_the_handlers_name(
    client: TestClient, handler: str
) -> None:
    page = client.get(f"/console/assessments/{handler}")
    assert page.status_code == 200
    assert "FØLG PROTOKOL" in page.text  # no model is loaded: the protocol applies
    [event] = _events(client, "history.read.console")
    assert (event.actor, event.role) == ("handler-1", "handler")
    assert event.citizen_pseudonym and event.citizen_pseudonym in page.text


def test_an_override_is_stored_as_feedback_by_the_person(client: TestClient, handler: str) -> None:
    page = client.get(f"/console/assessments/{handler}")
    token = data.csrf_of(page.text)
    incomplete = client.post(f"/console/assessments/{handler}/feedback",
                             data={"csrf_token": token, "decision": "override",
                                   "action_taken": "send_ambulance"})
    assert incomplete.status_code == 422  # an override needs a reason
    saved = client.post(f"/console/assessments/{handler}/feedback", follow_redirects=False,
                        data={"csrf_token": token, "decision": "override",
                              "action_taken": "brobygger_callback", "reason_code": "caller_known",
                              "reason_text": "kender ham"})
    assert saved.status_code == 303
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        row = session.scalars(select(Feedback)).one()
    assert (row.accepted, row.action_taken, row.reason_code, row.reason_text, row.given_by) == (
        False, "brobygger_callback", "caller_known", "kender ham", "handler-1")
    shown = client.get(f"/console/assessments/{handler}")
    assert "Overstyret af handler-1" in shown.text


def test_a_look_up_never_shows_the_cpr_and_logs_the_purpose(
    client: TestClient, handler: str
) -> None:
    token = data.csrf_of(client.get("/console/lookup").text)
    without_words = client.post("/console/lookup", data={"csrf_token": token, "cpr": CPR,
                                                         "purpose": "other"})
    assert without_words.status_code == 422 and "0101901234" not in without_words.text
    assert "010190" not in without_words.text
    found = client.post("/console/lookup", data={
        "csrf_token": token, "cpr": CPR, "purpose": "follow_up", "purpose_text": "opfølgning"})
    assert found.status_code == 200
    assert "010190" not in found.text and "1234" not in found.text
    [event] = _events(client, "history.read.lookup")
    assert event.actor == "handler-1" and event.purpose == "Opfølgning på opkald: opfølgning"
    assert event.citizen_pseudonym and event.citizen_pseudonym in found.text
    assert found.headers["cache-control"] == "no-store"


def test_an_unknown_assessment_is_a_page_not_found(client: TestClient, handler: str) -> None:
    missing = client.get("/console/assessments/no-such-id")
    assert missing.status_code == 404 and "Findes ikke" in missing.text


def test_danish_by_default_and_english_when_asked(client: TestClient, handler: str) -> None:
    assert 'lang="da"' in client.get("/console/queue").text
    english = client.get("/console/queue?lang=en")
    assert 'lang="en"' in english.text and "Current assessments" in english.text
    assert "akutbro_lang=en" in english.headers["set-cookie"]
    assert "Current assessments" in client.get("/console/queue").text  # remembered


def test_pages_forbid_framing_and_inline_script(client: TestClient, handler: str) -> None:
    headers = client.get("/console/queue").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"


class _Browser:
    """A stand-in for the request: connected for a few polls, then gone."""

    def __init__(self, polls: int) -> None:
        self.polls = polls

    async def is_disconnected(self) -> bool:
        self.polls -= 1
        return self.polls < 0


def test_the_queue_stream_pushes_each_new_assessment_once(
    client: TestClient, keys: dict[str, dict[str, str]], handler: str
) -> None:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    token = client.cookies.get("akutbro_session") or ""
    before = datetime.now(UTC) - timedelta(seconds=1)
    second = client.post("/v1/assessments", headers=keys["dispatch"],
                         json=assessment_body()).json()["assessment_id"]

    async def collect() -> list[str]:
        stream = live.queue_events(_Browser(polls=3), factory, token=token,  # type: ignore[arg-type]
                                   policy=SessionPolicy(), after=before,
                                   render=lambda item: f"<li id='a-{item.id}'></li>")
        return [chunk async for chunk in stream]

    chunks = on_a_loop_of_its_own(collect)
    pushed = [c for c in chunks if c.startswith("event: assessment")]
    assert len(pushed) == 2  # the fixture's and this one, each once over three polls
    assert any(second in chunk for chunk in pushed)

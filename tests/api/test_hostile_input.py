"""Hostile input gets a clear 4xx where it enters, never a 5xx; a CPR or phone number typed
into free text is neither stored nor logged; an internal error leaves the connection usable.

Each table below is one kind of hostile input, tried on every route that takes it, on
SQLite and on PostgreSQL (the `client` fixture runs on both).
"""

import json
import logging
import os
import socket
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.config import Settings
from app.console import live
from app.console.auth import ROLE_HOME
from app.db.engine import Base, unit_of_work
from app.db.migrate import upgrade
from app.main import create_app
from app.seed.directory import DIRECTORY_FILE
from app.services.access import apikeys
from app.services.citizens import lookup
from tests.factories import assessment_body
from tests.factories import console as data
from tests.factories.console import fast_password_hashing  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("fast_password_hashing")
CPR = "070585-1237"  # the known citizen's
NUL = "\x00"
HUGE = (2**31, 2**63, 2**64)  # past the id columns, past int64, past uint64


@dataclass(frozen=True)
class World:
    """A known citizen with an assessment, an open case and an open callback."""

    assessment_id: str
    case_id: int


@pytest.fixture
def world(client: TestClient, keys: dict[str, dict[str, str]]) -> World:
    answer = client.post("/v1/assessments", headers=keys["dispatch"],
                         json=assessment_body(patient={"cpr": CPR}, notes="ensom"))
    assert answer.status_code == 200
    case = client.post("/v1/cases", headers=keys["handler"], json={"cpr": CPR, "note": "henvist"})
    assert case.status_code == 201
    return World(assessment_id=answer.json()["assessment_id"], case_id=case.json()["case_id"])


def _stored(client: TestClient) -> str:
    """Every row of every table, as text."""
    rows = []
    with client.app.state.session_factory() as session:  # type: ignore[attr-defined]
        for table in Base.metadata.sorted_tables:
            for row in session.execute(text(f'SELECT * FROM "{table.name}"')):
                rows.append(f"{table.name}: {tuple(row)!r}")
    return "\n".join(rows)


def _without_key_use(stored: str) -> str:
    # Authenticating a request notes when the key was last used: not input being stored.
    return "\n".join(line for line in stored.splitlines() if not line.startswith("api_keys:"))


def _fields(response: Any) -> list[str]:
    return [error["field"].split(".")[-1] for error in response.json()["errors"]]


# (role, method, path, body, the field at fault); {a} is the assessment, {c} the case.
# The reason is "control characters ...", or "pattern" for an id with a pattern of its own.
FREE_TEXT = [
    ("dispatch", "POST", "/v1/assessments", assessment_body(notes=f"ensom{NUL}"), "notes"),
    ("handler", "POST", "/v1/assessments/{a}/feedback",
     {"accepted": False, "action_taken": "send_ambulance", "reason_code": "other",
      "reason_text": f"nej{NUL}"}, "reason_text"),
    ("handler", "POST", "/v1/citizens/lookup", {"cpr": CPR, "purpose": f"opfølgning{NUL}"},
     "purpose"),
    ("brobygger", "POST", "/v1/cases/lookup", {"cpr": CPR, "purpose": f"sag{NUL}"}, "purpose"),
    ("brobygger", "POST", "/v1/response-plans/lookup", {"cpr": CPR, "purpose": f"plan{NUL}"},
     "purpose"),
    ("brobygger", "POST", "/v1/cases", {"cpr": CPR, "note": f"x{NUL}"}, "note"),
    ("brobygger", "POST", "/v1/cases/{c}/status", {"status": "active", "note": f"ok{NUL}"},
     "note"),
    ("brobygger", "PUT", "/v1/response-plans", {"cpr": CPR, "helps": f"kaffe{NUL}"}, "helps"),
    ("brobygger", "PUT", "/v1/response-plans",  # a lone surrogate: no UTF-8 can hold it
     f'{{"cpr": "{CPR}", "helps": "kaffe", "avoid": "\\ud800"}}', "avoid"),
    ("brobygger", "POST", "/v1/callbacks/1/complete", {"outcome": "done", "note": f"x{NUL}"},
     "note"),
    ("admin", "POST", "/v1/models/rollback", {"reason": f"fejl{NUL}"}, "reason"),
    ("admin", "POST", "/v1/training-jobs", {"reason": f"ny{NUL}model"}, "reason"),
    ("dispatch", "GET", "/hsds/services?search=a%00", None, "search"),
    ("dispatch", "GET", "/hsds/organizations?search=%00", None, "search"),
    ("dispatch", "GET", "/hsds/services/a%00b", None, "service_id"),
    ("dispatch", "GET", "/hsds/services?organization_id=%01", None, "organization_id"),
    ("dispatch", "GET", "/hsds/taxonomy_terms?parent_id=%00", None, "parent_id"),
    ("handler", "POST", "/v1/assessments/a%00b/feedback",
     {"accepted": True, "action_taken": "send_ambulance"}, "assessment_id"),
]


def test_a_control_character_in_free_text_is_refused_and_nothing_is_stored(
    client: TestClient, keys: dict[str, dict[str, str]], world: World
) -> None:
    before = _without_key_use(_stored(client))
    for role, method, path, body, field in FREE_TEXT:
        url = path.format(a=world.assessment_id, c=world.case_id)
        if isinstance(body, str):  # JSON as written, escapes and all
            response = client.request(method, url, content=body, headers={
                **keys[role], "Content-Type": "application/json"})
        else:
            response = client.request(method, url, json=body, headers=keys[role])
        assert response.status_code == 422, (url, field, response.text)
        assert _fields(response) == [field], url
        reason = response.json()["errors"][0]["reason"]
        assert ("pattern" if field == "assessment_id" else "control characters") in reason
    assert _without_key_use(_stored(client)) == before


def test_tabs_and_line_breaks_are_kept_in_a_text_of_several_lines(
    client: TestClient, keys: dict[str, dict[str, str]], world: World
) -> None:
    response = client.post(f"/v1/cases/{world.case_id}/status", headers=keys["brobygger"],
                           json={"status": "active", "note": "ringet op\r\n\tvil gerne ses"})
    assert response.status_code == 200
    assert response.json()["events"][-1]["note"] == "ringet op\n\tvil gerne ses"


@pytest.mark.parametrize(
    ("received_at", "reason"),
    [
        ("0001-01-01T00:00:00+01:00", "on or after 2000-01-01"),
        ("1999-12-31T23:59:59+00:00", "on or after 2000-01-01"),
        ("9999-12-31T23:59:59-12:00", "future"),
    ],
)
def test_a_call_received_outside_any_sane_time_is_refused(
    client: TestClient, keys: dict[str, dict[str, str]], received_at: str, reason: str
) -> None:
    response = client.post("/v1/assessments", headers=keys["dispatch"],
                           json=assessment_body(received_at=received_at))
    assert response.status_code == 422
    assert _fields(response) == ["received_at"]
    assert reason in response.json()["errors"][0]["reason"]
    assert "calls:" not in _stored(client)


def test_a_control_character_anywhere_in_a_directory_refuses_the_whole_import(
    client: TestClient, keys: dict[str, dict[str, str]]
) -> None:
    document = json.loads(DIRECTORY_FILE.read_text(encoding="utf-8"))
    document["services"][0]["name"] += NUL
    document["organizations"][0]["description"] += "\x07"
    response = client.post("/v1/directory/import", json=document, headers=keys["admin"])
    assert response.status_code == 422
    problems = [e for e in response.json()["errors"] if "control characters" in e]
    assert [p.split(":")[0].split("[")[0] for p in problems] == ["organizations", "services"]
    assert "hsds_services:" not in _stored(client)


@pytest.mark.parametrize("received_at", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-12:00"])
def test_a_training_file_with_a_call_outside_any_sane_time_is_refused(
    client: TestClient, keys: dict[str, dict[str, str]], received_at: str
) -> None:
    rows = "call_id,received_at,notes,medical_need,social_need\n"
    rows += "".join(f"c{i},{received_at},ensom,0,1\n" for i in range(3))
    response = client.post("/v1/training-jobs/csv", headers=keys["admin"],
                           files={"file": ("calls.csv", rows.encode(), "text/csv")},
                           data={"reason": "ny model"})
    assert response.status_code == 422
    assert "received_at" in response.json()["detail"]


# (role, method, path with {n}, JSON body); every path id and page is an integer column.
NUMBERS = [
    ("brobygger", "GET", "/v1/cases/{n}", None),
    ("brobygger", "POST", "/v1/cases/{n}/status", {"status": "active", "note": "ok"}),
    ("brobygger", "POST", "/v1/callbacks/{n}/complete", {"outcome": "done"}),
    ("admin", "GET", "/v1/training-jobs/{n}", None),
    ("dispatch", "GET", "/hsds/services?page={n}", None),
    ("dispatch", "GET", "/hsds/organizations?page={n}", None),
    ("dispatch", "GET", "/hsds/taxonomies?page={n}", None),
    ("dispatch", "GET", "/hsds/taxonomy_terms?page={n}", None),
]


def test_an_integer_past_its_column_is_refused(
    client: TestClient, keys: dict[str, dict[str, str]]
) -> None:
    for role, method, path, body in NUMBERS:
        for number in (*HUGE, 0, -1):
            url = path.format(n=number)
            response = client.request(method, url, json=body, headers=keys[role])
            assert response.status_code == 422, (url, response.text)
        largest = client.request(method, path.format(n=2**31 - 1), json=body, headers=keys[role])
        assert largest.status_code in (200, 404), (path, largest.text)  # merely not there


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", "/v1/cases/{c}/status",
         {"status": "handed_over", "note": "videre", "municipality_code": "0751",
          "contact_id": 2**63}, "contact_id"),
        ("PUT", "/v1/response-plans", {"cpr": CPR, "helps": "kaffe", "based_on_version": 2**64},
         "based_on_version"),
    ],
)
def test_an_integer_past_its_column_in_a_body_is_refused(
    client: TestClient, keys: dict[str, dict[str, str]], world: World, method: str, path: str,
    body: dict[str, Any], field: str,
) -> None:
    response = client.request(method, path.format(c=world.case_id), json=body,
                              headers=keys["brobygger"])
    assert response.status_code == 422
    assert _fields(response) == [field]


TYPED = {  # as people type them, and the digits that must not be kept in any form
    "cpr 05.03.61-2345": "0503612345",
    "tlf 28.93.11.22": "28931122",
    "cpr 050362 - 2345": "0503622345",
    "mobil 289 31 133": "28931133",
    "cpr 05 03 63 2345": "0503632345",
    "cpr 050364/2345": "0503642345",
    "ring 28-93-1144": "28931144",
}


def test_a_cpr_or_phone_typed_into_free_text_is_neither_stored_nor_logged(
    client: TestClient, keys: dict[str, dict[str, str]], world: World,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    typed = list(TYPED)
    sent = [
        ("handler", "POST", f"/v1/assessments/{world.assessment_id}/feedback",
         {"accepted": False, "action_taken": "send_ambulance", "reason_code": "other",
          "reason_text": f"kender ham, {typed[0]}, {typed[1]}"}),
        ("handler", "POST", "/v1/citizens/lookup",
         {"cpr": CPR, "purpose": f"opfølgning, {typed[2]}, {typed[3]}"}),
        ("brobygger", "POST", "/v1/cases/lookup", {"cpr": CPR, "purpose": f"sag, {typed[4]}"}),
        ("brobygger", "POST", f"/v1/cases/{world.case_id}/status",
         {"status": "active", "note": f"talt med datteren, {typed[5]}, {typed[6]}"}),
        ("brobygger", "PUT", "/v1/response-plans",
         {"cpr": CPR, "helps": f"ring til søsteren, {typed[1]}", "contacts": typed[0],
          "avoid": typed[6]}),
        ("brobygger", "POST", "/v1/response-plans/lookup",
         {"cpr": CPR, "purpose": f"plan, {typed[3]}"}),
    ]
    for role, method, url, body in sent:
        response = client.request(method, url, json=body, headers=keys[role])
        assert response.status_code in (200, 201), (url, response.text)
    stored, logged = _stored(client), caplog.text
    for as_typed, digits in TYPED.items():
        number = as_typed.split(" ", 1)[1]
        for needle in (number, digits):
            assert needle not in stored, needle
            assert needle not in logged, needle
    assert "[CPR]" in stored and "[TLF]" in stored  # scrubbed, not dropped


def test_a_failing_statement_is_logged_without_its_values(
    client: TestClient, keys: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def failing_find(session, pseudonymiser, *, cpr=None, phone=None):  # type: ignore[no-untyped-def]
        session.execute(text("SELECT * FROM no_such_table WHERE cpr = :cpr"), {"cpr": CPR})

    monkeypatch.setattr(lookup, "identify", failing_find)
    caplog.set_level(logging.DEBUG)
    response = client.post("/v1/citizens/lookup", headers=keys["handler"],
                           json={"cpr": CPR, "purpose": "opfølgning"})
    assert response.status_code == 500
    assert response.json()["degraded"] is True
    assert "no_such_table" in caplog.text  # the failure itself is logged, with its statement
    assert CPR not in caplog.text and CPR.replace("-", "") not in caplog.text


def test_a_streamed_body_over_the_limit_gets_413(
    client: TestClient, keys: dict[str, dict[str, str]]
) -> None:
    chunks = [b" " * 1024] * 70  # 70 KiB without a Content-Length: sent chunked
    for path, role in (("/v1/assessments", "dispatch"), ("/v1/citizens/lookup", "handler")):
        response = client.post(path, content=iter(chunks), headers={
            **keys[role], "Content-Type": "application/json"})
        assert response.status_code == 413, path
        assert "bytes" in response.json()["detail"]


def test_a_lock_looks_the_same_for_a_known_and_an_unknown_name(client: TestClient) -> None:
    data.create_people(client.app.state.session_factory)  # type: ignore[attr-defined]
    answers = {}
    for name in ("handler-1", "nobody-here"):
        attempts = [data.sign_in(client, name, "wrong password!") for _ in range(5)]
        answers[name] = [(a.status_code, a.headers.get("retry-after"),
                          _signin_error(a.text)) for a in attempts]
    assert answers["handler-1"] == answers["nobody-here"]
    assert [status for status, _, _ in answers["nobody-here"]] == [401] * 4 + [429]
    assert answers["nobody-here"][-1][1] == "1"  # locked for a second, as a user would be


def test_an_unknown_name_locks_after_as_many_failures_as_a_user_on_two_replicas(
    settings: Settings, client: TestClient
) -> None:
    """Behind a load balancer the failures land on either replica: counted in the database,
    an unknown name locks at the fifth failure in all, as a user's does."""
    data.create_people(client.app.state.session_factory)  # type: ignore[attr-defined]
    with TestClient(create_app(settings)) as other:
        answers = {}
        for name in ("handler-1", "nobody-here"):
            attempts = [data.sign_in(replica, name, "wrong password!")
                        for replica in (client, other, client, other, client)]
            answers[name] = [a.status_code for a in attempts]
    assert answers["handler-1"] == answers["nobody-here"] == [401] * 4 + [429]


def _signin_error(page: str) -> str:
    start = page.index('id="signin-error"')
    return page[start:page.index("</p>", start)]


def test_the_console_refuses_control_characters_with_a_page(client: TestClient,
                                                          keys: dict[str, dict[str, str]],
                                                          world: World) -> None:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    data.create_people(factory)
    work = data.seed_brobygger_work(factory)
    before = _texts_kept(client)
    forms = {  # role: [(path, the form's fields)]
        "handler": [
            (f"/console/assessments/{world.assessment_id}/feedback",
             {"decision": "override", "action_taken": "send_ambulance", "reason_code": "other",
              "reason_text": f"nej{NUL}"}),
            ("/console/lookup", {"cpr": CPR, "purpose": "other", "purpose_text": f"hvem{NUL}"}),
        ],
        "brobygger": [
            (f"/console/callbacks/{work.callback_id}", {"outcome": "done", "note": f"x{NUL}"}),
            (f"/console/cases/{work.case_id}/status", {"status": "active", "note": f"ok{NUL}"}),
            (f"/console/citizens/{work.pseudonym}/plan", {"helps": f"kaffe{NUL}"}),
        ],
        "admin": [
            ("/console/admin/rollback", {"reason": f"fejl{NUL}"}),
            ("/console/admin/training", {"reason": f"ny{NUL}", "source": "demo"}),
            ("/console/admin/users", {"username": "ny-bruger", "display_name": f"Ny{NUL}",
                                      "role": "handler", "password": "en lang nok adgangskode"}),
            ("/console/admin/users/x%00y/disabled", {"disabled": "true"}),
            ("/console/admin/keys/x%00y/revoke", {}),
        ],
    }
    for role, posts in forms.items():
        data.sign_in(client, f"{role}-1")
        token = data.csrf_of(client.get(ROLE_HOME[role]).text)
        for path, form in posts:
            response = client.post(path, data={**form, "csrf_token": token})
            assert response.status_code == 422, (path, response.status_code)
            assert "text/html" in response.headers["content-type"], path
    assert _texts_kept(client) == before
    assert "\\x00" not in _stored(client)
    signed_in = data.sign_in(client, f"handler-1{NUL}")
    assert signed_in.status_code == 401


def _texts_kept(client: TestClient) -> dict[str, int]:
    # The console's pages audit-log what they show: the rows people's words go into.
    tables = ("feedback", "case_events", "response_plans", "training_jobs", "users")
    with client.app.state.session_factory() as session:  # type: ignore[attr-defined]
        return {table: session.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                for table in tables}


def test_the_console_refuses_ids_and_filters_it_cannot_hold(client: TestClient) -> None:
    data.create_people(client.app.state.session_factory)  # type: ignore[attr-defined]
    data.sign_in(client, "auditor-1")
    for query in ("actor=%00", "citizen=a%00", f"before={2**63}"):
        assert client.get(f"/console/audit?{query}").status_code == 422, query
    for query in ("since=0001-01-01&until=9999-12-31", "since=9999-12-31"):
        assert client.get(f"/console/audit?{query}").status_code == 200, query
    data.sign_in(client, "brobygger-1")
    for number in HUGE:
        assert client.get(f"/console/cases/{number}").status_code == 422
    data.sign_in(client, "admin-1")
    for path in (f"/console/admin/training/{2**63}", "/console/admin/models/a%00b"):
        assert client.get(path).status_code == 422, path
    data.sign_in(client, "handler-1")
    assert client.get("/console/assessments/a%00b").status_code == 422


def test_a_queue_stream_from_year_one_starts_now() -> None:
    assert live.parse_after("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-12:00").year > 2000


def test_the_sqlite_file_is_readable_by_its_owner_alone(
    settings: Settings, tmp_path: Path
) -> None:
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("a PostgreSQL database has no file of ours")
    path = tmp_path / "fresh" / "akutbro.db"
    fresh = settings.model_copy(update={"database_url": f"sqlite:///{path}"})
    old = os.umask(0o022)  # a common default: files world-readable unless made otherwise
    try:
        upgrade(fresh.database_url)
        with TestClient(create_app(fresh)) as client:
            factory = client.app.state.session_factory  # type: ignore[attr-defined]
            with unit_of_work(factory) as session:
                issued = apikeys.create(session, name="t", role="dispatch")
            assert client.post("/v1/assessments", json=assessment_body(), headers={
                "Authorization": f"Bearer {issued.token}"}).status_code == 200
            for each in (path, path.with_name("akutbro.db-wal"), path.with_name("akutbro.db-shm")):
                assert stat.S_IMODE(each.stat().st_mode) == 0o600, each
    finally:
        os.umask(old)


# The connection after an internal error: a real server, as a dispatch client reaches it.


def _boom(request: Request) -> None:
    raise RuntimeError("a bug")


@pytest.fixture
def live_server(settings: Settings) -> Iterator[tuple[int, dict[str, str]]]:
    """The app on uvicorn on a free loopback port, with a route that always fails."""
    app = create_app(settings)
    app.add_api_route("/test-only/boom", _boom)
    with unit_of_work(app.state.session_factory) as session:
        issued = apikeys.create(session, name="t", role="dispatch")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, name="keep-alive-server", daemon=True)
    thread.start()
    try:
        for _ in range(300):
            if server.started:
                break
            threading.Event().wait(0.05)
        assert server.started, "the server did not start"
        yield port, {"Authorization": f"Bearer {issued.token}"}
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _exchange(connection: socket.socket, reader: Any, request: bytes) -> tuple[int, bytes, str]:
    """Send one request on the open connection; its status, body and Connection header."""
    connection.sendall(request)
    status = int(reader.readline().split()[1])
    headers = {}
    while (line := reader.readline().strip()) != b"":
        name, value = line.decode("latin-1").split(":", 1)
        headers[name.lower()] = value.strip()
    body = reader.read(int(headers["content-length"]))
    return status, body, headers.get("connection", "")


def test_after_an_internal_error_the_same_connection_serves_the_next_request(
    live_server: tuple[int, dict[str, str]]
) -> None:
    port, auth = live_server
    body = json.dumps(assessment_body()).encode()
    assessment = (b"POST /v1/assessments HTTP/1.1\r\nHost: akutbro\r\n"
                  + f"Authorization: {auth['Authorization']}\r\n".encode()
                  + b"Content-Type: application/json\r\n"
                  + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        reader = connection.makefile("rb")
        status, answer, close = _exchange(
            connection, reader, b"GET /test-only/boom HTTP/1.1\r\nHost: akutbro\r\n\r\n")
        assert status == 500
        assert b'"degraded":true' in answer and close != "close"
        status, answer, _ = _exchange(connection, reader, assessment)
        assert status == 200, answer
        assert b'"assessment_id"' in answer

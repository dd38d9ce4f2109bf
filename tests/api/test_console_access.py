"""The console's doors: each role sees only its own pages, forms need the CSRF token,
sign-ins are slowed after failures, sessions end, and the cookie is locked down."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.console.auth import ROLE_HOME
from app.db.engine import unit_of_work
from app.models import ConsoleSession, User
from app.services.access import users
from tests.factories import assessment_body
from tests.factories import console as data
from tests.factories.console import fast_password_hashing  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("fast_password_hashing")


@dataclass(frozen=True)
class Seeded:
    """One of everything a console page can show."""

    assessment_id: str
    work: data.BrobyggerWork
    version: str
    job_id: int


@pytest.fixture
def seeded(client: TestClient, keys: dict[str, dict[str, str]]) -> Seeded:
    """People of every role, an assessment, brobygger work, a model version, a training job."""
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    data.create_people(factory)
    answer = client.post("/v1/assessments", headers=keys["dispatch"],
                         json=assessment_body(caller_phone="+45 20 11 22 33"))
    assert answer.status_code == 200
    return Seeded(assessment_id=answer.json()["assessment_id"],
                  work=data.seed_brobygger_work(factory), version=data.seed_version(factory),
                  job_id=data.seed_job(factory))


def pages(s: Seeded) -> dict[str, tuple[str, ...]]:
    """Every console page (GET) and the roles that may see it."""
    return {
        "/console/queue": ("handler",),
        f"/console/assessments/{s.assessment_id}": ("handler",),
        "/console/lookup": ("handler", "brobygger"),
        "/console/callbacks": ("brobygger",),
        "/console/callbacks?status=done": ("brobygger",),
        "/console/cases": ("brobygger",),
        f"/console/cases/{s.work.case_id}": ("brobygger",),
        f"/console/citizens/{s.work.pseudonym}/plan": ("brobygger",),
        "/console/admin/models": ("admin",),
        f"/console/admin/models/{s.version}": ("admin",),
        "/console/admin/training": ("admin",),
        f"/console/admin/training/{s.job_id}": ("admin",),
        f"/console/admin/training/{s.job_id}.json": ("admin",),
        "/console/admin/users": ("admin",),
        "/console/admin/keys": ("admin",),
        "/console/audit": ("auditor",),
    }


@pytest.mark.parametrize("role", data.ROLES)
def test_a_role_sees_only_its_own_pages(client: TestClient, seeded: Seeded, role: str) -> None:
    assert data.sign_in(client, f"{role}-1").status_code == 303
    for path, allowed in pages(seeded).items():
        response = client.get(path, follow_redirects=False)
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, f"{role} {path}"
    if role != "handler":  # (the handler's own stream never ends: test_console_pages reads it)
        assert client.get("/console/queue/events", follow_redirects=False).status_code == 403


def test_without_a_session_every_page_sends_to_sign_in(client: TestClient, seeded: Seeded) -> None:
    client.cookies.clear()
    for path in pages(seeded):
        response = client.get(path, follow_redirects=False)
        if path.endswith(".json"):
            assert response.status_code == 401
            continue
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/console/login?next=/console/")
    assert client.get("/console/queue/events").status_code == 401


def test_sign_in_goes_to_the_page_asked_for_but_never_off_site(
    client: TestClient, seeded: Seeded
) -> None:
    form = client.get("/console/login?next=/console/lookup")
    token = data.csrf_of(form.text)
    fields = {"username": "handler-1", "password": data.PASSWORD, "csrf_token": token}
    going = client.post("/console/login", data={**fields, "next": "/console/lookup"},
                        follow_redirects=False)
    assert going.headers["location"] == "/console/lookup"
    client.cookies.clear()
    token = data.csrf_of(client.get("/console/login").text)
    away = client.post("/console/login", follow_redirects=False,
                       data={**fields, "csrf_token": token, "next": "//evil.example/console/"})
    assert away.headers["location"] == "/console/queue"


def test_every_console_form_refuses_a_post_without_its_csrf_token(
    client: TestClient, seeded: Seeded
) -> None:
    s = seeded
    forms = {
        "handler": [f"/console/assessments/{s.assessment_id}/feedback", "/console/lookup",
                    "/console/logout"],
        "brobygger": [f"/console/callbacks/{s.work.callback_id}",
                      f"/console/cases/{s.work.case_id}/status",
                      f"/console/citizens/{s.work.pseudonym}/plan"],
        "admin": [f"/console/admin/models/{s.version}/promote",
                  f"/console/admin/models/{s.version}/shadow", "/console/admin/rollback",
                  "/console/admin/training", "/console/admin/users",
                  "/console/admin/users/auditor-1/disabled", "/console/admin/keys"],
    }
    for role, paths in forms.items():
        data.sign_in(client, f"{role}-1")
        for path in paths:
            for token in (None, "forged"):
                body = {"reason": "a reason", "decision": "accept"}
                if token:
                    body["csrf_token"] = token
                response = client.post(path, data=body, follow_redirects=False)
                assert response.status_code == 403, f"{role} {path} {token}"
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        assert users.get_by_username(session, "auditor-1").disabled_at is None  # type: ignore[union-attr]


@pytest.mark.parametrize("role", data.ROLES)
def test_a_role_cannot_post_another_roles_forms_even_with_its_own_token(
    client: TestClient, seeded: Seeded, role: str
) -> None:
    s = seeded
    forms = {
        f"/console/assessments/{s.assessment_id}/feedback": ("handler",),
        "/console/lookup": ("handler", "brobygger"),
        f"/console/callbacks/{s.work.callback_id}": ("brobygger",),
        f"/console/cases/{s.work.case_id}/status": ("brobygger",),
        f"/console/citizens/{s.work.pseudonym}/plan": ("brobygger",),
        f"/console/admin/models/{s.version}/promote": ("admin",),
        "/console/admin/rollback": ("admin",),
        "/console/admin/training": ("admin",),
        "/console/admin/users": ("admin",),
        "/console/admin/keys": ("admin",),
    }
    data.sign_in(client, f"{role}-1")
    token = data.csrf_of(client.get(ROLE_HOME[role]).text)  # a valid token of this session
    for path, allowed in forms.items():
        if role in allowed:
            continue
        response = client.post(path, data={"csrf_token": token, "reason": "because"},
                               follow_redirects=False)
        assert response.status_code == 403, f"{role} {path}"


def test_the_sign_in_form_has_its_own_csrf_token(client: TestClient, seeded: Seeded) -> None:
    client.cookies.clear()
    refused = client.post("/console/login", follow_redirects=False,
                          data={"username": "handler-1", "password": data.PASSWORD,
                                "csrf_token": "made-up"})
    assert refused.status_code == 403
    assert "akutbro_session" not in refused.headers.get("set-cookie", "")


def test_failed_sign_ins_lock_the_account_for_longer_and_longer(
    client: TestClient, seeded: Seeded
) -> None:
    for _ in range(users.FREE_ATTEMPTS - 1):
        assert data.sign_in(client, "handler-1", "wrong password!").status_code == 401
    locked = data.sign_in(client, "handler-1", "wrong password!")
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) >= 1
    # During the lock even the right password is refused, without being checked.
    assert data.sign_in(client, "handler-1").status_code == 429
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with unit_of_work(factory) as session:
        user = users.get_by_username(session, "handler-1")
        assert user is not None and user.failed_attempts == users.FREE_ATTEMPTS
        user.locked_until = datetime.now(UTC) - timedelta(seconds=1)
    again = data.sign_in(client, "handler-1", "wrong password!")
    assert again.status_code == 429  # the sixth failure locks again, for two seconds
    with unit_of_work(factory) as session:
        user = users.get_by_username(session, "handler-1")
        assert user is not None and user.locked_until is not None
        assert user.locked_until - datetime.now(UTC) > timedelta(seconds=1)
        user.locked_until = datetime.now(UTC) - timedelta(seconds=1)
    assert data.sign_in(client, "handler-1").status_code == 303
    with unit_of_work(factory) as session:
        assert users.get_by_username(session, "handler-1").failed_attempts == 0  # type: ignore[union-attr]


def test_the_lock_doubles_and_is_capped() -> None:
    assert users.lock_for(4) is None
    assert [users.lock_for(n).total_seconds() for n in (5, 6, 7, 8)] == [1, 2, 4, 8]  # type: ignore[union-attr]
    assert users.lock_for(40) == users.MAX_LOCK


def test_unknown_and_disabled_users_get_the_same_answer(client: TestClient, seeded: Seeded) -> None:
    unknown = data.sign_in(client, "nobody", data.PASSWORD)
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        users.set_disabled(session, "auditor-1", True, actor=data.SEEDER)
    disabled = data.sign_in(client, "auditor-1")
    assert unknown.status_code == disabled.status_code == 401


def _session_row(client: TestClient) -> ConsoleSession:
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        return session.scalars(select(ConsoleSession)).one()


@pytest.mark.parametrize("limit", ["idle", "absolute"])
def test_a_session_expires(client: TestClient, seeded: Seeded, limit: str) -> None:
    data.sign_in(client, "auditor-1")
    assert client.get("/console/audit", follow_redirects=False).status_code == 200
    row = _session_row(client)
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        stored = session.get(ConsoleSession, row.id)
        assert stored is not None
        if limit == "idle":
            stored.last_seen_at = datetime.now(UTC) - timedelta(minutes=31)
        else:
            stored.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    response = client.get("/console/audit", follow_redirects=False)
    assert response.status_code == 303
    data.sign_in(client, "auditor-1")  # a new session; the expired one is purged
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        assert session.get(ConsoleSession, row.id) is None


def test_an_open_live_queue_keeps_the_session_from_idling_out(
    client: TestClient, seeded: Seeded
) -> None:
    from app.console.auth import policy
    from app.console.live import _still_valid
    from app.services.access import sessions

    data.sign_in(client, "handler-1")
    token = client.cookies.get("akutbro_session") or ""
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    last_click = datetime.now(UTC) - timedelta(minutes=25)
    with unit_of_work(factory) as session:
        stored = session.get(ConsoleSession, _session_row(client).id)
        assert stored is not None
        stored.last_seen_at = last_click
    rules = policy(client.app.state.settings)  # type: ignore[attr-defined]
    assert _still_valid(factory, token, rules)  # what the open queue's stream checks
    with unit_of_work(factory) as session:
        later = last_click + timedelta(minutes=35)  # 35 quiet minutes since the last click
        assert sessions.get_valid(session, token, policy=rules, now=later) is not None


def test_sign_out_ends_the_session_everywhere(client: TestClient, seeded: Seeded) -> None:
    data.sign_in(client, "auditor-1")
    cookie = client.cookies.get("akutbro_session")
    page = client.get("/console/audit")
    out = client.post("/console/logout", data={"csrf_token": data.csrf_of(page.text)},
                      follow_redirects=False)
    assert out.status_code == 303
    client.cookies.set("akutbro_session", cookie or "")  # the old cookie, replayed
    assert client.get("/console/audit", follow_redirects=False).status_code == 303


def test_disabling_a_user_ends_their_sessions(client: TestClient, seeded: Seeded) -> None:
    data.sign_in(client, "auditor-1")
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        users.set_disabled(session, "auditor-1", True, actor=data.SEEDER)
    assert client.get("/console/audit", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_http_only_strict_and_secure_behind_tls(
    client: TestClient, seeded: Seeded
) -> None:
    plain = data.sign_in(client, "auditor-1").headers["set-cookie"].lower()
    assert "httponly" in plain and "samesite=strict" in plain and "path=/" in plain
    assert "secure" not in plain  # plain http on loopback: a Secure cookie would not come back
    with TestClient(client.app, base_url="https://testserver") as tls:
        secured = data.sign_in(tls, "auditor-1").headers["set-cookie"].lower()
    assert "secure" in secured and "httponly" in secured and "samesite=strict" in secured
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        stored = session.scalars(select(ConsoleSession.id)).all()
        tokens = {c.split("=", 1)[1].split(";")[0] for c in (plain, secured)}
        assert not tokens & set(stored)  # only hashes of the cookies are stored


def test_a_created_user_has_an_argon2id_hash(client: TestClient, seeded: Seeded) -> None:
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        user = session.scalars(select(User).where(User.username == "admin-1")).one()
        assert user.password_hash.startswith("$argon2id$")
        assert data.PASSWORD not in user.password_hash

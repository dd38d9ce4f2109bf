"""Per-key rate limits: over its role's limit a key gets 429 with Retry-After, other keys and
roles go on; a steady rate within the limit always passes; console users have their own."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db.engine import unit_of_work
from app.main import create_app
from app.ratelimit import RateLimiter, parse_rate_limits
from app.services.access import apikeys
from tests.factories import assessment_body
from tests.factories import console as data
from tests.factories.console import fast_password_hashing  # noqa: F401 - a fixture

LIMITS = "dispatch:3000,admin:3,console:4"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def limited(settings: Settings, clock: Clock) -> Iterator[TestClient]:
    """The app with low limits, on a clock the test moves."""
    app = create_app(settings.model_copy(update={"rate_limits": LIMITS}))
    app.state.rate_limiter = RateLimiter(parse_rate_limits(LIMITS), clock)
    with TestClient(app) as client:
        yield client


def key(client: TestClient, name: str, role: str) -> dict[str, str]:
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        token = apikeys.create(session, name=name, role=role).token
    return {"Authorization": f"Bearer {token}"}


def test_over_its_limit_a_key_gets_429_with_retry_after(limited, clock) -> None:
    admin = key(limited, "admin-script", "admin")
    assert [limited.get("/v1/models", headers=admin).status_code for _ in range(3)] == [200] * 3

    refused = limited.get("/v1/models", headers=admin)

    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "20"  # 3 a minute: one every 20 s
    assert "try again in 20 s" in refused.json()["detail"]
    clock.now += 20
    assert limited.get("/v1/models", headers=admin).status_code == 200


def test_one_keys_limit_holds_back_no_other_key(limited) -> None:
    first, second = key(limited, "admin-a", "admin"), key(limited, "admin-b", "admin")
    for _ in range(4):
        limited.get("/v1/models", headers=first)
    assert limited.get("/v1/models", headers=first).status_code == 429
    assert limited.get("/v1/models", headers=second).status_code == 200


def test_dispatch_at_a_steady_50_a_second_is_never_held_back(limited, clock) -> None:
    dispatch = key(limited, "cad", "dispatch")
    statuses = []
    for _ in range(300):  # six seconds of calls at 50 a second, against 3000 a minute
        clock.now += 0.02
        statuses.append(limited.post("/v1/assessments", headers=dispatch,
                                     json=assessment_body()).status_code)
    assert set(statuses) == {200}


def test_a_key_over_its_limit_is_refused_before_its_role_is_checked(limited) -> None:
    admin = key(limited, "admin-c", "admin")
    for _ in range(3):
        limited.get("/v1/models", headers=admin)
    assert limited.post("/v1/assessments", headers=admin,
                        json=assessment_body()).status_code == 429


@pytest.mark.usefixtures("fast_password_hashing")
def test_a_console_user_has_a_limit_of_their_own(limited) -> None:
    data.create_people(limited.app.state.session_factory)  # type: ignore[attr-defined]
    data.sign_in(limited, "auditor-1")
    pages = [limited.get("/console/audit").status_code for _ in range(5)]
    assert pages[:4] == [200] * 4
    assert pages[4] == 429


def test_limits_can_be_turned_off(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"rate_limits_enabled": False,
                                                 "rate_limits": "admin:1"}))
    with TestClient(app) as client:
        admin = key(client, "admin-d", "admin")
        assert {client.get("/v1/models", headers=admin).status_code for _ in range(5)} == {200}

"""Hot swap: two server processes on one PostgreSQL serve a newly promoted model, with no
restart and no failed request, and never the old one again."""

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from app.db.engine import make_engine, make_session_factory, unit_of_work
from app.services.access import apikeys
from tests.conftest import TEST_SECRET
from tests.factories import assessment_body
from tests.factories.model import promote, register
from tests.waiting import eventually

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def replicas(postgres_url: str) -> Iterator[list[str]]:
    """Two uvicorn processes on the same database, polling the registry every 2 s."""
    env = {
        **os.environ,
        "AKUTBRO_DATABASE_URL": postgres_url,
        "AKUTBRO_PSEUDONYM_SECRET": TEST_SECRET,
        "AKUTBRO_REGISTRY_POLL_SECONDS": "2",
    }
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "app.main:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            _wait_until(lambda url=url: httpx.get(f"{url}/health", timeout=1).status_code == 200)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def _wait_until(condition) -> None:  # type: ignore[no-untyped-def]
    eventually(condition, what="the replicas", ignoring=(httpx.HTTPError,))


def test_every_replica_serves_a_promoted_model_without_a_restart(postgres_url, replicas) -> None:
    factory = make_session_factory(make_engine(postgres_url))
    with unit_of_work(factory) as session:
        first = register(session, under_triage_rate=0.005).version
        promote(session, first)
        token = apikeys.create(session, name="swap", role="dispatch").token
    for url in replicas:
        _wait_until(
            lambda url=url: httpx.get(f"{url}/health/ready").json()["model_version"] == first
        )

    answers: list[tuple[float, int, str, str | None]] = []
    stop = threading.Event()

    def traffic() -> None:
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=5) as client:
            while not stop.is_set():
                for url in replicas:
                    response = client.post(
                        f"{url}/v1/assessments", json=assessment_body(notes="ensom")
                    )
                    version = (
                        response.json().get("model_version")
                        if response.status_code == 200
                        else None
                    )
                    answers.append((time.monotonic(), response.status_code, url, version))

    sender = threading.Thread(target=traffic)
    sender.start()
    eventually(lambda: {url for _, _, url, _ in answers} == set(replicas),
               what="traffic reaching both replicas")
    with unit_of_work(factory) as session:
        second = register(
            session,
            seed=12,
            under_triage_rate=0.005,
            comparison={"production_version": first, "production_roc_auc": 0.5, "rows": 100},
        ).version
        promote(session, second)
    promoted_at = time.monotonic()

    def latest() -> dict[str, str | None]:
        return {url: version for _, _, url, version in list(answers)}

    try:
        eventually(lambda: all(latest().get(url) == second for url in replicas),
                   what="every replica serving the promoted model")
        switched_at = len(answers)
        eventually(lambda: len(answers) >= switched_at + 20, what="20 answers more")
    finally:
        stop.set()
        sender.join()

    assert answers and all(status == 200 for _, status, _, _ in answers)
    for url in replicas:
        switched = min(
            at for at, _, where, version in answers if where == url and version == second
        )
        assert switched > promoted_at
        assert all(
            version == second for at, _, where, version in answers if where == url and at > switched
        )

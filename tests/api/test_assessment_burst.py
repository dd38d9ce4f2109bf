"""A burst of calls: assessments run on threads of their own, at most as many at once as the
database pool has connections, so none waits for a connection; each is answered and recorded."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.config import Settings
from app.db import unit_of_work
from app.main import create_app
from app.models import Assessment
from app.routers import assessments
from app.services import apikeys
from tests.factories import assessment_body

BURST = 16
POOL = 2
SECONDS = 0.05  # each assessment takes at least this long


class Running:
    """The threads that assessed, and the most assessments running at once."""

    def __init__(self) -> None:
        self.threads: set[str] = set()
        self.now = self.most = 0
        self._lock = threading.Lock()

    def around(self, assess):  # type: ignore[no-untyped-def]
        def slow_assess(*args, **kwargs):  # type: ignore[no-untyped-def]
            with self._lock:
                self.threads.add(threading.current_thread().name)
                self.now += 1
                self.most = max(self.most, self.now)
            try:
                time.sleep(SECONDS)
                return assess(*args, **kwargs)
            finally:
                with self._lock:
                    self.now -= 1
        return slow_assess


def test_a_burst_runs_no_more_assessments_at_once_than_the_pool_has_connections(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = Running()
    monkeypatch.setattr(assessments, "assess", running.around(assessments.assess))
    with TestClient(create_app(settings.model_copy(update={"db_pool_size": POOL}))) as client:
        factory = client.app.state.session_factory  # type: ignore[attr-defined]
        with unit_of_work(factory) as session:
            token = apikeys.create(session, name="cad", role="dispatch").token
        headers = {"Authorization": f"Bearer {token}"}

        def call(n: int) -> dict[str, object]:
            body = assessment_body(call_id=f"CAD-BURST-{n}", caller_phone=f"+45 30 00 00 {n:02d}")
            response = client.post("/v1/assessments", json=body, headers=headers)
            assert response.status_code == 200
            return response.json()

        with ThreadPoolExecutor(BURST) as callers:
            answers = list(callers.map(call, range(BURST)))
        with unit_of_work(factory) as session:
            recorded = session.scalar(select(func.count()).select_from(Assessment))

    assert 1 < running.most <= POOL
    assert all(name.startswith("assessment") for name in running.threads)
    unavailable = [reason for answer in answers for reason in answer["degraded_reasons"]
                   if "Database unavailable" in reason]  # no model here: that reason is fine
    assert unavailable == []
    assert recorded == BURST

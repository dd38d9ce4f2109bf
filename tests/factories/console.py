"""Data for the console's tests: people who sign in, brobygger work, model versions."""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import unit_of_work
from app.models import TrainingJob
from app.services.access import users
from app.services.access.audit import Actor
from app.services.brobygger import callbacks, cases
from app.services.flag_model import registry
from app.triage.availability import DutySchedule
from tests.factories import brobygger as rows

PASSWORD = "korrekt-hest-batteri"
ROLES = ("handler", "brobygger", "admin", "auditor")
SEEDER = Actor(name="seed", role="admin")
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class BrobyggerWork:
    """A citizen with an open callback and an open case."""

    callback_id: int
    case_id: int
    pseudonym: str


def create_people(factory: sessionmaker[Session]) -> dict[str, str]:
    """One console user per role, named after the role; all with PASSWORD."""
    with unit_of_work(factory) as session:
        for role in ROLES:
            person = users.UserCreate(username=f"{role}-1", display_name=f"Test {role}",
                                      role=role, password=PASSWORD)
            users.create(session, person, actor=SEEDER)
    return {role: f"{role}-1" for role in ROLES}


def seed_brobygger_work(
    factory: sessionmaker[Session], *, now: datetime | None = None
) -> BrobyggerWork:
    """A lonely frequent caller: a callback booked last night and a referred case."""
    now = now or datetime.now(UTC)
    with unit_of_work(factory) as session:
        person = rows.citizen(session)
        for days in (40, 25, 20, 9, 3):
            rows.call(session, person, now - timedelta(days=days),
                      ambulance="B" if days == 20 else None)
        last = rows.call(session, person, now - timedelta(hours=10))
        advice = rows.assessment(session, last, needs=["loneliness", "alcohol"])
        answer = rows.feedback(session, advice)
        callback = callbacks.book(session, assessment=advice, feedback=answer,
                                  schedule=DutySchedule())
        assert callback is not None
        callback.due_at = now - timedelta(hours=1)  # due this morning
        case = cases.create(session, citizen=person, needs=["loneliness"], municipality_code="0751",
                            source="handler", actor="handler-1", call_id=last.call_id,
                            note="henvist fra opkald")
        session.flush()
        return BrobyggerWork(callback_id=callback.id, case_id=case.id, pseudonym=person.pseudonym)


def pedigree(*, under_triage: float, auc: float, rows_: int = 5000) -> dict[str, Any]:
    """A pedigree with the holdout figures and curves the console draws."""
    roc = [{"fpr": x / 10, "tpr": min(1.0, (x / 10) ** 0.4), "threshold": 1 - x / 10}
           for x in range(11)]
    calibration = [{"predicted": x / 10 + 0.05, "observed": x / 10 + 0.04, "rows": 100}
                   for x in range(10)]
    test = {"rows": rows_ // 10, "social_rows": rows_ // 40, "roc_auc": auc, "pr_auc": 0.7,
            "brier": 0.08, "ece": 0.02, "under_triage_rate": under_triage, "social_recall": 0.6,
            "curves": {"roc": roc, "calibration": calibration}}
    return {"data": {"source": "test", "rows": rows_, "social_share": 0.25},
            "thresholds": {"social": 0.7, "medical": 0.3}, "metrics": test}


def seed_version(factory: sessionmaker[Session], *, under_triage: float = 0.005,
                 auc: float = 0.9, tag: str = "a") -> str:
    """A candidate model version (its artefact is a placeholder: it is never loaded)."""
    artefact = f"placeholder-{tag}".encode()
    with unit_of_work(factory) as session:
        row = registry.register(session, artefact=artefact,
                                sha256=hashlib.sha256(artefact).hexdigest(),
                                pedigree=pedigree(under_triage=under_triage, auc=auc),
                                actor=SEEDER, reason="test")
        return row.version


def seed_job(factory: sessionmaker[Session]) -> int:
    """A finished training job row."""
    with unit_of_work(factory) as session:
        job = TrainingJob(status="failed", source="demo", progress=1.0, message="test",
                          requested_by="admin-1", finished_at=datetime.now(UTC), error="test")
        session.add(job)
        session.flush()
        return job.id


def sign_in(client: Any, username: str, password: str = PASSWORD) -> Any:
    """Sign in through the form as a browser would; returns the POST's response."""
    client.cookies.clear()
    form = client.get("/console/login")
    token = CSRF_FIELD.search(form.text)
    assert token is not None
    return client.post("/console/login", follow_redirects=False,
                       data={"username": username, "password": password,
                             "csrf_token": token.group(1)})


def csrf_of(page_text: str) -> str:
    """The CSRF token in a console page's forms."""
    found = CSRF_FIELD.search(page_text)
    assert found is not None
    return found.group(1)


@pytest.fixture
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters for tests (the real ones take half a second per hash)."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024,
                                                         parallelism=1))

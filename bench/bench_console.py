"""Time every console page against a database holding a year of demo data; prints figures.

    .venv/bin/akutbro demo                        # once: a year of synthetic calls
    .venv/bin/python bench/bench_console.py       # AKUTBRO_DATABASE_URL, or var/akutbro.db

The demo has calls but nothing live, so this first adds what the console shows (once):
console users `bench-<role>`, 200 assessments of the demo's own citizens made now (linked
by CPR to their year of calls), callbacks and cases. Then it serves the app with uvicorn
in its own process, signs in as each role, and fetches each page --repeat times.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.config import Settings  # noqa: E402
from app.db.engine import make_engine, make_session_factory, unit_of_work  # noqa: E402
from app.demo.generator import generate  # noqa: E402
from app.models import (  # noqa: E402
    Assessment,
    BrobyggerCase,
    Call,
    Callback,
    Citizen,
    ModelVersion,
    Municipality,
    User,
)
from app.schemas.outcome import FeedbackCreate  # noqa: E402
from app.seed.directory import seed_directory  # noqa: E402
from app.services.access import users  # noqa: E402
from app.services.access.audit import Actor  # noqa: E402
from app.services.assessment import feedback  # noqa: E402
from app.services.brobygger import cases  # noqa: E402

PASSWORD = "bench-password-not-secret"
ACTOR = Actor(name="bench", role="admin")
LIVE = 200


def _prepare(url: str, base: str, token: str, settings: Settings) -> None:
    factory = make_session_factory(make_engine(url))
    with unit_of_work(factory) as session:
        if session.scalar(select(User).where(User.username == "bench-handler")) is None:
            for role in users.ROLES:
                users.create(session, users.UserCreate(f"bench-{role}", f"Bench {role}", role,
                                                       PASSWORD), actor=ACTOR)
        if not session.scalar(select(func.count()).select_from(Municipality)):
            seed_directory(session)
        first = session.scalar(select(func.min(Call.received_at)))
        live = session.scalar(select(func.count()).select_from(Call)
                              .where(Call.call_id.like("BENCH-%")))
    if not live:
        _post_live(factory, base, token, first)
    _book_work(factory, settings)


def _post_live(factory, base: str, token: str, first: datetime | None) -> None:  # type: ignore[no-untyped-def]
    if first is None:
        raise SystemExit("no calls: run `akutbro demo` first")
    # The demo's own citizens, from the demo's seed and first day: their CPRs link to their year.
    demo = generate(seed=2016, start=first.astimezone(ZoneInfo("Europe/Copenhagen")).date(),
                    days=365)
    known = [c for c in demo.calls if c.cpr][-LIVE:]
    with httpx.Client(base_url=base, timeout=30,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        for number, call in enumerate(known):
            client.post("/v1/assessments", json={
                "call_id": f"BENCH-{number:05d}", "received_at": datetime.now(UTC).isoformat(),
                "caller_phone": call.caller_phone,
                "patient": {"cpr": call.cpr, "municipality_code": call.municipality_code},
                "symptoms": list(call.symptoms), "notes": call.notes,
            }).raise_for_status()


def _book_work(factory, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work(factory) as session:
        if session.scalar(select(func.count()).select_from(Callback)):
            return
        rows = session.execute(select(Assessment, Call).join(Call, Call.id == Assessment.call_pk)
                               .where(Call.call_id.like("BENCH-%"))).all()
        for assessment, call in rows[:60]:
            feedback.create(session, assessment.id, FeedbackCreate(  # books the callback
                accepted=False, action_taken="brobygger_callback", reason_code="no_brobygger"),
                actor=Actor("bench-handler", "handler"), schedule=settings.brobygger_schedule)
            citizen = session.get(Citizen, call.citizen_id) if call.citizen_id else None
            if citizen is not None and cases.open_case(session, citizen.id) is None:
                cases.create(session, citizen=citizen, needs=["loneliness"], source="handler",
                             municipality_code=call.municipality_code, actor="bench-handler",
                             at=datetime.now(UTC) - timedelta(days=20))


def _pages(url: str) -> dict[str, list[str]]:
    factory = make_session_factory(make_engine(url))
    with unit_of_work(factory) as session:
        calls_of = (select(func.count()).select_from(Call.__table__.alias("earlier"))
                    .where(text("earlier.citizen_id = calls.citizen_id")).scalar_subquery())
        assessment = session.scalar(  # the live caller with the longest history
            select(Assessment.id).join(Call, Call.id == Assessment.call_pk)
            .where(Call.call_id.like("BENCH-%")).order_by(calls_of.desc()).limit(1))
        case = session.scalar(select(BrobyggerCase).order_by(BrobyggerCase.id.desc()).limit(1))
        pseudonym = session.get(Citizen, case.citizen_id).pseudonym if case else ""  # type: ignore[union-attr]
        version = session.scalar(select(ModelVersion.version).limit(1))
    return {
        "handler": ["/console/queue", f"/console/assessments/{assessment}", "/console/lookup"],
        "brobygger": ["/console/callbacks", "/console/cases",
                      f"/console/cases/{case.id if case else 0}",
                      f"/console/citizens/{pseudonym}/plan"],
        "admin": ["/console/admin/models", f"/console/admin/models/{version}",
                  "/console/admin/training", "/console/admin/users", "/console/admin/keys"],
        "auditor": ["/console/audit", "/console/audit?actor=bench-handler",
                    f"/console/audit?citizen={pseudonym}"],
    }


def _sign_in(client: httpx.Client, username: str) -> None:
    form = client.get("/console/login")
    token = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    signed = client.post("/console/login", data={"username": username, "password": PASSWORD,
                                                 "csrf_token": token})
    if signed.status_code != 303:
        raise SystemExit(f"could not sign in as {username}: {signed.status_code}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    """Prepare, serve, time, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    settings = Settings()
    url = settings.database_url
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "AKUTBRO_DATABASE_URL": url}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
                               "--port", str(port), "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        from app.services.access import apikeys

        with unit_of_work(make_session_factory(make_engine(url))) as session:
            token = apikeys.create(session, name=f"bench-{time.time_ns()}", role="dispatch").token
        _prepare(url, base, token, settings)
        print(f"{'page':<58} {'median ms':>9} {'max ms':>7} {'kB':>6}")
        for role, paths in _pages(url).items():
            with httpx.Client(base_url=base, timeout=30) as client:
                _sign_in(client, f"bench-{role}")
                for path in paths:
                    times, size = [], 0
                    for _ in range(args.repeat):
                        started = time.perf_counter()
                        response = client.get(path)
                        times.append((time.perf_counter() - started) * 1000)
                        response.raise_for_status()
                        size = len(response.content)
                    print(f"{role + ' ' + path[:48]:<58} {statistics.median(times):>9.0f} "
                          f"{max(times):>7.0f} {size / 1024:>6.1f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

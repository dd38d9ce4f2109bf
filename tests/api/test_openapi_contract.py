"""The OpenAPI document tells the truth: schemathesis against a live server on loopback, for
every operation and with every role's key; and the document is valid OpenAPI.

A failure names the operation and the request (schemathesis prints a curl line to repeat it).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from openapi_spec_validator import validate

from app.config import Settings
from app.db.engine import unit_of_work
from app.main import create_app
from app.seed.directory import DIRECTORY_FILE
from app.services.access import apikeys
from app.services.access.apikeys import ROLES
from app.services.directory import hsds_io, municipalities
from app.services.flag_model import training
from tests.conftest import TEST_SECRET, emptied
from tests.factories.model import ADMIN, promote, register

pytestmark = pytest.mark.xdist_group("openapi-contract")  # one server per database

CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "response_headers_conformance"]
# Bounded for a 2-core CI machine (every operation x every role x both databases); set
# AKUTBRO_CONTRACT_EXAMPLES higher for a deeper search by hand.
EXAMPLES_PER_OPERATION = int(os.environ.get("AKUTBRO_CONTRACT_EXAMPLES", "12"))


@dataclass
class Live:
    """The running service: its address, one key per role and the document it serves."""

    url: str
    keys: dict[str, dict[str, str]]
    document: dict[str, object]


def _listening_socket() -> socket.socket:
    """A loopback socket already listening: a request sent before the server has started
    waits in the backlog instead of being refused, so nothing has to poll for it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


def _no_training(job_id: int, **_: object) -> subprocess.Popen[bytes]:
    """A training process that ends at once: the contract is the HTTP answer, and a real
    trainer per generated request would hold both cores for minutes."""
    return subprocess.Popen([sys.executable, "-c", ""], stdin=subprocess.DEVNULL)


def _seed(app: FastAPI) -> dict[str, dict[str, str]]:
    """Municipalities, the demo directory, a promoted model and a key per role."""
    headers = {}
    with unit_of_work(app.state.session_factory) as session:
        municipalities.seed_municipalities(session)
        hsds_io.import_document(session, json.loads(DIRECTORY_FILE.read_text("utf-8")),
                                actor=ADMIN)
        promote(session, register(session, under_triage_rate=0.005).version)
        for role in ROLES:
            token = apikeys.create(session, name=f"contract-{role}", role=role).token
            headers[role] = {"Authorization": f"Bearer {token}"}
    return headers


def _calls(client: httpx.Client, keys: dict[str, dict[str, str]]) -> None:
    """Two calls, a case and a booked callback, so that lists and ids lead somewhere."""
    now = datetime.now(UTC)
    for number, notes in enumerate(["ensom, vil gerne snakke", "har drukket, ingen smerter"]):
        answer = client.post("/v1/assessments", headers=keys["dispatch"], json={
            "call_id": f"CONTRACT-{number}", "received_at": (now - timedelta(hours=number))
            .isoformat(), "caller_phone": "+45 20 12 34 56", "notes": notes,
            "patient": {"cpr": "010190-1234", "municipality_code": "0751"},
        })
        assert answer.status_code == 200, answer.text
    case = client.post("/v1/cases", headers=keys["handler"],
                       json={"phone": "+45 20 12 34 56", "needs": ["loneliness"], "note": "test"})
    assert case.status_code == 201, case.text
    feedback = client.post(f"/v1/assessments/{answer.json()['assessment_id']}/feedback",
                           headers=keys["handler"],
                           json={"accepted": True, "action_taken": "brobygger_callback"})
    assert feedback.status_code == 201, feedback.text


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The service on a loopback port, on a seeded database of each engine."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("contract") / "akutbro.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        database_url = f"sqlite:///{path}"
    else:
        database_url = emptied(request.getfixturevalue("postgres_database"))
    app = create_app(Settings(
        environment="test", database_url=database_url, pseudonym_secret=TEST_SECRET,
        log_level="WARNING", rate_limits_enabled=False, metrics_enabled=False))
    keys = _seed(app)
    sock = _listening_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    # Errors only: schemathesis's malformed requests would each log a warning.
    server = uvicorn.Server(uvicorn.Config(app, log_level="error", log_config=None))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    with pytest.MonkeyPatch.context() as patch, httpx.Client(base_url=url, timeout=60) as client:
        patch.setattr(training, "launch", _no_training)
        thread.start()
        try:
            _calls(client, keys)
            yield Live(url=url, keys=keys, document=client.get("/openapi.json").json())
        finally:
            server.should_exit = True
            thread.join(timeout=30)
            sock.close()


@pytest.mark.parametrize("role", ROLES)
def test_every_answer_is_documented(live: Live, role: str, tmp_path: Path) -> None:
    """No 5xx; every status, content type, header and body as the document says: the
    schemathesis command line, as an integrator would run it, with this role's key."""
    run = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", f"{live.url}/openapi.json",
         "--header", f"Authorization:{live.keys[role]['Authorization']}",
         "--checks", ",".join(CHECKS), "--max-examples", str(EXAMPLES_PER_OPERATION),
         "--seed", "2112", "--generation-database", "none",
         "--phases", "examples,coverage,fuzzing", "--workers", "1", "--mode", "all",
         "--suppress-health-check", "all", "--request-timeout", "10", "--no-color",
         "--warnings", "off"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout[-20_000:] + run.stderr[-2_000:]


def test_the_document_is_valid_openapi(live: Live) -> None:
    validate(live.document)

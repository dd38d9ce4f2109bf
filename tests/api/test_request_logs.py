"""Logs an operator can follow: each request's id on the answer and on every record logged
while serving it, JSON lines when asked, and no personal data in any of it."""

import io
import json
import logging
import subprocess
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.observability.logging import formatter
from tests.factories import assessment_body

CPR = "050361-2345"
PHONE = "+45 28 93 11 22"
NOTES = "ensom, ringer fra 28931122, har drukket"


@pytest.fixture
def logged_client(settings: Settings) -> Iterator[TestClient]:
    """The app with one route that logs, as any route's code may."""
    app = create_app(settings)

    @app.get("/test-logs")
    def logs() -> dict[str, str]:
        logging.getLogger("app.test").warning("serving a request")
        return {"ok": "yes"}

    with TestClient(app) as client:
        yield client


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """What the root logger writes as JSON lines, as the service does with
    AKUTBRO_LOG_FORMAT=json."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter("json"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield out
    root.removeHandler(handler)


@pytest.mark.parametrize(("sent", "kept"), [
    ("lb-7f3a9c", True),
    ("0a1b2c3d-4e5f-6789-abcd-ef0123456789", True),
    ("cad:112:2026-12-05T10:00", True),
    ("x" * 65, False),  # too long
    ("has space", False),
    (f"cpr {CPR}", False),
    ("<script>", False),
])
def test_a_safe_incoming_request_id_is_kept_and_another_replaced(
    logged_client, sent: str, kept: bool
) -> None:
    answered = logged_client.get("/health", headers={"X-Request-ID": sent}).headers["X-Request-ID"]
    if kept:
        assert answered == sent
    else:
        assert answered != sent and len(answered) == 32 and answered.isalnum()


def test_each_request_without_an_id_gets_its_own(logged_client) -> None:
    ids = {logged_client.get("/health").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_every_record_of_a_request_carries_its_id_as_json(logged_client, json_lines) -> None:
    logged_client.get("/test-logs", headers={"X-Request-ID": "req-42"})
    logged_client.get("/test-logs", headers={"X-Request-ID": "req-43"})

    records = [json.loads(line) for line in json_lines.getvalue().splitlines()]
    ours = [record for record in records if record["logger"] == "app.test"]
    assert [(r["request_id"], r["level"], r["message"]) for r in ours] == [
        ("req-42", "WARNING", "serving a request"), ("req-43", "WARNING", "serving a request")]
    assert all("time" in record for record in ours)


def test_no_cpr_phone_or_notes_in_the_logs_of_an_assessment(
    client, keys, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answer = client.post("/v1/assessments", headers=keys["dispatch"], json=assessment_body(
        caller_phone=PHONE, patient={"cpr": CPR}, notes=NOTES))
    assert answer.status_code == 200
    client.get("/v1/cases/999999", headers=keys["brobygger"])  # a 404 logs too, maybe

    text = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    for secret in (CPR, CPR.replace("-", ""), "28931122", "28 93 11 22", NOTES, "ensom"):
        assert secret not in text


def test_the_service_logs_json_lines_when_told_to() -> None:
    """AKUTBRO_LOG_FORMAT=json as the service starts it: uvicorn's own records included."""
    script = ("import logging; from app.observability.logging import configure_logging; "
              "configure_logging('INFO', 'json'); "
              "logging.getLogger('uvicorn.error').warning('server says'); "
              "logging.getLogger('app.x').info('app says')")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert [(line["logger"], line["message"], line["request_id"]) for line in lines] == [
        ("uvicorn.error", "server says", "-"), ("app.x", "app says", "-")]


@pytest.mark.parametrize(("environment", "log_format", "expected"), [
    ("development", "auto", "text"),
    ("test", "auto", "text"),
    ("production", "auto", "json"),
    ("development", "json", "json"),
    ("production", "text", "text"),
])
def test_logs_are_json_in_production_unless_set(environment, log_format, expected) -> None:
    settings = Settings.model_construct(environment=environment, log_format=log_format)
    assert settings.logs_as == expected

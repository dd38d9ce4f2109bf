"""The Dockerfile's start command works when run directly (no Docker engine runs here):
production mode on PostgreSQL, migrations first, then healthy."""

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, inspect

from tests.conftest import TEST_SECRET
from tests.waiting import eventually

ROOT = Path(__file__).resolve().parents[2]
AKUTBRO = str(Path(sys.executable).parent / "akutbro")  # the installed console script
pytestmark = pytest.mark.slow


def _dockerfile_cmd() -> list[str]:
    text = (ROOT / "Dockerfile").read_text()
    return json.loads(re.search(r"^CMD (\[.*\])$", text, re.MULTILINE).group(1))


def test_the_container_command_migrates_and_serves_in_production(postgres_database: str) -> None:
    engine = create_engine(postgres_database)
    with engine.begin() as connection:  # an empty database, as on first deployment
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    command = _dockerfile_cmd()
    assert command[:2] == ["akutbro", "serve"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command[command.index("--port") + 1] = str(port)  # 8000 may be taken on a developer's machine
    command[command.index("--host") + 1] = "127.0.0.1"
    command[0] = AKUTBRO
    env = {**os.environ, "AKUTBRO_ENVIRONMENT": "production", "PYTHONPATH": str(ROOT),
           "AKUTBRO_DATABASE_URL": postgres_database, "AKUTBRO_PSEUDONYM_SECRET": TEST_SECRET,
           "AKUTBRO_SESSION_SECRET": TEST_SECRET}
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        def healthy() -> bool:
            if process.poll() is not None:
                raise AssertionError(process.stderr.read().decode())  # it exited: say why
            return httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200

        eventually(healthy, within=120, what="the container's health",
                   ignoring=(httpx.HTTPError,))
        ready = httpx.get(f"http://127.0.0.1:{port}/health/ready").json()
        assert ready["database"] == "ok"
        assert "alembic_version" in inspect(engine).get_table_names()
    finally:
        process.terminate()
        process.wait(timeout=15)
        engine.dispose()


def test_production_refuses_to_start_without_secrets(postgres_database: str) -> None:
    env = {**os.environ, "AKUTBRO_ENVIRONMENT": "production",
           "AKUTBRO_DATABASE_URL": postgres_database}
    env.pop("AKUTBRO_PSEUDONYM_SECRET", None)
    result = subprocess.run([AKUTBRO, "serve", "--no-migrate"],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "AKUTBRO_PSEUDONYM_SECRET" in result.stderr + result.stdout

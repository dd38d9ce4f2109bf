"""`akutbro serve --workers 2` with PROMETHEUS_MULTIPROC_DIR: whichever worker answers the
scrape, it counts every worker's requests."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.api.test_metrics import FAMILIES
from tests.waiting import eventually

SERVED_WITHOUT_ASSESSMENTS = set(FAMILIES) - {"akutbro_assessments"}  # none made here

ROOT = Path(__file__).resolve().parents[2]
AKUTBRO = str(Path(sys.executable).parent / "akutbro")
REQUESTS = 40
pytestmark = pytest.mark.slow


def test_every_workers_requests_are_in_the_scrape(tmp_path: Path, sqlite_template: Path) -> None:
    folder = tmp_path / "prometheus"
    folder.mkdir()
    (folder / "counter_999999.db").write_bytes(b"")  # an earlier run's: `serve` clears it
    database = tmp_path / "akutbro.db"
    database.write_bytes(sqlite_template.read_bytes())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "AKUTBRO_DATABASE_URL": f"sqlite:///{database}",
           "AKUTBRO_ENVIRONMENT": "test", "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    process = subprocess.Popen([AKUTBRO, "serve", "--port", str(port), "--workers", "2"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        def answers() -> bool:
            assert process.poll() is None, "the server exited"
            return _answers(f"{base}/health")

        eventually(answers, within=60, what="the server's health")
        # A new connection each: either worker may accept it, once both have started (the
        # second may still be importing when the first answers).
        sent, deadline = 0, time.monotonic() + 60
        while sent < REQUESTS or (len(_workers(folder)) < 2 and time.monotonic() < deadline):
            assert httpx.get(f"{base}/health", timeout=10).status_code == 200
            sent += 1
        text = httpx.get(f"{base}/metrics", timeout=10).text
        workers = _workers(folder)
    finally:
        process.terminate()
        process.wait(timeout=30)

    families = {family.name: family for family in text_string_to_metric_families(text)}
    assert families.keys() >= SERVED_WITHOUT_ASSESSMENTS
    health = sum(sample.value for sample in families["akutbro_http_requests"].samples
                 if sample.labels.get("route") == "/health" and sample.name.endswith("_total"))
    assert health >= REQUESTS + 1  # the wait's own first answer too
    assert len(workers) == 2 and "999999.db" not in workers


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _workers(folder: Path) -> set[str]:
    """The worker pids that have written a counter file."""
    return {path.name.rsplit("_", 1)[-1] for path in folder.glob("counter_*.db")}

"""Training jobs through the API: one process at a time on a replica, the rest shown as
`queued` and started in turn; every trainer process waited for, none left a zombie."""

import os
import subprocess
import sys
import threading

import psutil
import pytest

from app.services.flag_model import training

DEADLINE = 120.0  # a real training run on demo data, on a busy two-core machine
BODY = {"source": "demo", "demo_days": 14, "reason": "test"}


def job(client, keys, job_id: int) -> dict:  # type: ignore[no-untyped-def]
    return client.get(f"/v1/training-jobs/{job_id}", headers=keys["admin"]).json()


def assert_reaped(pids: list[int]) -> None:
    """Each trainer was waited for: not a zombie child, gone from the process table."""
    zombies = {child.pid for child in psutil.Process().children()
               if child.status() == psutil.STATUS_ZOMBIE}
    assert not zombies & set(pids)
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


class StandIns:
    """Trainer processes that run until the test lets them end, without training."""

    def __init__(self) -> None:
        self.processes: dict[int, subprocess.Popen[bytes]] = {}
        self._changed = threading.Condition()

    def launch(self, job_id: int, **_: object) -> subprocess.Popen[bytes]:
        process = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                                   stdin=subprocess.PIPE)
        with self._changed:
            self.processes[job_id] = process
            self._changed.notify_all()
        return process

    def started(self, job_id: int) -> bool:
        """Wait until the job's process has started; False after the deadline."""
        with self._changed:
            return self._changed.wait_for(lambda: job_id in self.processes, DEADLINE)

    def end(self, job_id: int) -> None:
        stdin = self.processes[job_id].stdin
        assert stdin is not None
        stdin.close()


def test_a_second_job_is_queued_until_the_first_process_ends(client, keys, monkeypatch) -> None:
    trainers = StandIns()
    monkeypatch.setattr(training, "launch", trainers.launch)
    ids = [client.post("/v1/training-jobs", json=BODY, headers=keys["admin"]).json()["id"]
           for _ in range(3)]
    first, second, third = ids
    assert trainers.started(first)
    assert [job(client, keys, i)["status"] for i in (second, third)] == ["queued", "queued"]
    assert list(trainers.processes) == [first]

    trainers.end(first)  # ends without reporting a result, as a crashed trainer would
    assert trainers.started(second)
    ended = job(client, keys, first)
    assert ended["status"] == "failed"
    assert "ended (exit code 0) before it finished" in ended["error"]
    assert job(client, keys, third)["status"] == "queued"
    trainers.end(second)
    assert trainers.started(third)
    trainers.end(third)
    assert client.app.state.training_queue.wait_idle(DEADLINE)
    assert_reaped([process.pid for process in trainers.processes.values()])


def test_a_job_still_queued_when_the_service_stops_says_so(client, keys, monkeypatch) -> None:
    trainers = StandIns()
    monkeypatch.setattr(training, "launch", trainers.launch)
    first, second = [
        client.post("/v1/training-jobs", json=BODY, headers=keys["admin"]).json()["id"]
        for _ in range(2)]
    assert trainers.started(first)

    client.app.state.training_queue.close()  # what the service's shutdown does

    stopped, never_started = job(client, keys, first), job(client, keys, second)
    assert stopped["status"] == "failed" and "exit code -15" in stopped["error"]
    assert never_started["status"] == "failed"
    assert never_started["error"] == "the service stopped before this job started: start it again"
    assert_reaped([trainers.processes[first].pid])


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_real_trainer_registers_its_candidate_and_is_reaped(client, keys, monkeypatch) -> None:
    pids: list[int] = []
    launch = training.launch

    def launch_and_note(*args, **kwargs):  # type: ignore[no-untyped-def]
        process = launch(*args, **kwargs)
        pids.append(process.pid)
        return process

    monkeypatch.setattr(training, "launch", launch_and_note)
    job_id = client.post("/v1/training-jobs", json=BODY, headers=keys["admin"]).json()["id"]
    assert client.app.state.training_queue.wait_idle(DEADLINE)
    assert job(client, keys, job_id)["status"] == "succeeded"
    assert len(pids) == 1
    assert_reaped(pids)


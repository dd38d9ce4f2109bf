"""Job processes in turn: one at a time (or as many as configured) across a replica's workers,
the rest waiting in order, and every process waited for: no zombie is left behind."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import psutil
import pytest

from app.services.flag_model.job_queue import JobQueue

DEADLINE = 30.0  # seconds a test waits for a process to start or end before it fails


class Jobs:
    """Child processes that run until the test lets them end, and what the queue said."""

    def __init__(self) -> None:
        self.processes: dict[int, subprocess.Popen[bytes]] = {}
        self.started: dict[int, threading.Event] = {}
        self.ended: dict[int, int | None] = {}
        self.ended_events: dict[int, threading.Event] = {}
        self.order: list[int] = []
        self._lock = threading.Lock()

    def start(self, job_id: int):  # type: ignore[no-untyped-def]
        self.started[job_id] = threading.Event()
        self.ended_events[job_id] = threading.Event()

        def run() -> subprocess.Popen[bytes]:
            # Runs until its stdin closes, as a training run runs until it is done.
            process = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                                       stdin=subprocess.PIPE)
            with self._lock:
                self.processes[job_id] = process
                self.order.append(job_id)
            self.started[job_id].set()
            return process

        return run

    def on_end(self, job_id: int, returncode: int | None) -> None:
        self.ended[job_id] = returncode
        self.ended_events[job_id].set()

    def finish(self, job_id: int) -> None:
        """Let the job's process end, and wait until the queue has heard of it."""
        stdin = self.processes[job_id].stdin
        assert stdin is not None
        stdin.close()
        assert self.ended_events[job_id].wait(DEADLINE)

    def wait_started(self, job_id: int) -> None:
        assert self.started[job_id].wait(DEADLINE), f"job {job_id} never started"


def assert_reaped(pids: list[int]) -> None:
    """Each process was waited for: gone from the process table, not a zombie child."""
    zombies = [child.pid for child in psutil.Process().children()
               if child.status() == psutil.STATUS_ZOMBIE]
    assert not set(pids) & set(zombies)
    for pid in pids:
        with pytest.raises(ChildProcessError):  # already waited for by the queue
            os.waitpid(pid, os.WNOHANG)


@pytest.fixture
def jobs() -> Jobs:
    return Jobs()


def queue(tmp_path: Path, jobs: Jobs, slots: int = 1) -> JobQueue:
    return JobQueue("test", slots, jobs.on_end, folder=tmp_path)


def test_jobs_run_one_at_a_time_in_order_and_every_process_is_reaped(tmp_path, jobs) -> None:
    line = queue(tmp_path, jobs)
    for job_id in (1, 2, 3):
        line.submit(job_id, jobs.start(job_id))
    jobs.wait_started(1)
    assert line.waiting() == [2, 3]
    assert list(line.running()) == [1]

    jobs.finish(1)
    jobs.wait_started(2)
    assert line.waiting() == [3]
    jobs.finish(2)
    jobs.wait_started(3)
    jobs.finish(3)

    assert line.wait_idle(DEADLINE)
    assert jobs.order == [1, 2, 3]
    assert jobs.ended == {1: 0, 2: 0, 3: 0}
    assert_reaped([process.pid for process in jobs.processes.values()])
    line.close()


def test_two_slots_run_two_jobs_at_once(tmp_path, jobs) -> None:
    line = queue(tmp_path, jobs, slots=2)
    for job_id in (1, 2, 3):
        line.submit(job_id, jobs.start(job_id))
    jobs.wait_started(1)
    jobs.wait_started(2)
    assert line.waiting() == [3]
    jobs.finish(2)
    jobs.wait_started(3)
    jobs.finish(1)
    jobs.finish(3)
    assert line.wait_idle(DEADLINE)
    line.close()


def test_the_workers_of_one_replica_share_the_slots(tmp_path, jobs) -> None:
    """Two queues with the same key, as two uvicorn workers have: one process at a time."""
    worker_a, worker_b = queue(tmp_path, jobs), queue(tmp_path, jobs)
    worker_a.submit(1, jobs.start(1))
    jobs.wait_started(1)
    worker_b.submit(2, jobs.start(2))
    assert not jobs.started[2].wait(1.0)  # a bounded wait for something that must not happen
    assert worker_b.waiting() == [2]
    jobs.finish(1)
    jobs.wait_started(2)
    jobs.finish(2)
    assert worker_a.wait_idle(DEADLINE) and worker_b.wait_idle(DEADLINE)
    worker_a.close()
    worker_b.close()


def test_closing_stops_the_running_process_and_never_starts_the_waiting_ones(
    tmp_path, jobs
) -> None:
    line = queue(tmp_path, jobs)
    line.submit(1, jobs.start(1))
    line.submit(2, jobs.start(2))
    jobs.wait_started(1)

    line.close()

    assert jobs.ended[1] == -15  # SIGTERM
    assert jobs.ended[2] is None  # never started
    assert 2 not in jobs.processes
    assert_reaped([jobs.processes[1].pid])
    line.submit(3, jobs.start(3))  # after close: told at once that it will not start
    assert jobs.ended[3] is None


def test_a_job_that_cannot_start_is_reported_and_the_next_one_runs(tmp_path, jobs) -> None:
    def broken() -> subprocess.Popen[bytes]:
        raise OSError("no such interpreter")

    line = queue(tmp_path, jobs)
    jobs.ended_events[1] = threading.Event()
    line.submit(1, broken)
    line.submit(2, jobs.start(2))
    jobs.wait_started(2)
    assert jobs.ended[1] is None
    jobs.finish(2)
    assert line.wait_idle(DEADLINE)
    line.close()

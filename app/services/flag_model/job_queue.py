"""Job processes started in turn: at most a few at once on this replica, each waited for.

A job submitted while every slot is taken waits, in order. A slot is a lock file in the
temporary folder, held while its process runs, so the uvicorn workers of one replica share
the slots (`key` names them: replicas of different databases on one machine do not). Each
process is waited for by a thread of its own, which frees the slot and starts the next job:
no process outlives its usefulness as a zombie.
"""

import fcntl
import logging
import os
import subprocess
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
SLOT_RETRY_SECONDS = 0.5  # another worker holds every slot: look again this often
STOP_SECONDS = 10.0  # a job process asked to stop gets this long before it is killed

Start = Callable[[], "subprocess.Popen[bytes]"]
# Told (job id, the process's exit code, or None when it never started) on a queue thread.
Ended = Callable[[int, int | None], None]


@dataclass
class _Job:
    job_id: int
    start: Start


@dataclass
class _Running:
    process: "subprocess.Popen[bytes]"
    slot: int  # the lock file's descriptor
    reaper: threading.Thread


class JobQueue:
    """Jobs run in order, at most `slots` at once across this replica's workers."""

    def __init__(self, key: str, slots: int, ended: Ended,
                 folder: Path | None = None) -> None:
        folder = folder or Path(tempfile.gettempdir()) / "akutbro-job-slots"
        folder.mkdir(mode=0o700, exist_ok=True)
        self._slot_paths = [folder / f"{key}-{i}.lock" for i in range(slots)]
        self._ended = ended
        self._waiting: deque[_Job] = deque()
        self._running: dict[int, _Running] = {}
        self._changed = threading.Condition()
        self._stopping = False
        self._dispatcher: threading.Thread | None = None

    def submit(self, job_id: int, start: Start) -> None:
        """Queue a job; `start` launches its process when a slot is free."""
        with self._changed:
            if not self._stopping:
                self._waiting.append(_Job(job_id, start))
                self._start_dispatcher()
                self._changed.notify_all()
                return
        self._tell_ended(job_id, None)

    def waiting(self) -> list[int]:
        """The ids of the jobs waiting for a slot, first first."""
        with self._changed:
            return [job.job_id for job in self._waiting]

    def running(self) -> dict[int, int]:
        """The running jobs: job id -> process id."""
        with self._changed:
            return {job_id: run.process.pid for job_id, run in self._running.items()}

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no job waits or runs (and every process is reaped); False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._waiting and not self._running,
                                          timeout)

    def close(self) -> None:
        """Stop: waiting jobs never start; running processes are stopped and waited for."""
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        if self._dispatcher is not None:
            self._dispatcher.join()  # a launch under way ends first, and is stopped below
        with self._changed:
            never_started = [job.job_id for job in self._waiting]
            self._waiting.clear()
            running = list(self._running.values())
        for run in running:
            run.process.terminate()
        for run in running:
            run.reaper.join(STOP_SECONDS)
            if run.reaper.is_alive():
                run.process.kill()
                run.reaper.join()
        for job_id in never_started:
            self._tell_ended(job_id, None)

    def _start_dispatcher(self) -> None:
        if self._dispatcher is None:
            self._dispatcher = threading.Thread(target=self._dispatch, name="job-queue",
                                                daemon=True)
            self._dispatcher.start()

    def _dispatch(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._stopping or (
                    self._waiting and len(self._running) < len(self._slot_paths)))
                if self._stopping:
                    return
            slot = self._take_slot()
            if slot is None:  # another worker of this replica holds every slot
                with self._changed:
                    self._changed.wait(SLOT_RETRY_SECONDS)
                continue
            with self._changed:
                if self._stopping or not self._waiting:
                    os.close(slot)
                    continue
                job = self._waiting[0]  # waiting until its process runs (`wait_idle`)
            self._launch(job, slot)

    def _launch(self, job: _Job, slot: int) -> None:
        try:
            process = job.start()
        except Exception:
            log.exception("job %s could not start its process", job.job_id)
            os.close(slot)
            self._tell_ended(job.job_id, None)
            with self._changed:
                self._waiting.popleft()
                self._changed.notify_all()
            return
        reaper = threading.Thread(target=self._reap, args=(job.job_id,), daemon=True,
                                  name=f"job-{job.job_id}-reaper")
        with self._changed:
            self._waiting.popleft()
            self._running[job.job_id] = _Running(process, slot, reaper)
        reaper.start()

    def _reap(self, job_id: int) -> None:
        with self._changed:
            run = self._running[job_id]
        returncode = run.process.wait()
        os.close(run.slot)  # closing the descriptor releases the lock
        self._tell_ended(job_id, returncode)
        with self._changed:
            del self._running[job_id]
            self._changed.notify_all()

    def _tell_ended(self, job_id: int, returncode: int | None) -> None:
        try:
            self._ended(job_id, returncode)
        except Exception:  # the queue goes on; the job's row may say less than it should
            log.exception("job %s: recording its end failed", job_id)

    def _take_slot(self) -> int | None:
        """A free slot's locked descriptor, or None."""
        for path in self._slot_paths:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            return fd
        return None

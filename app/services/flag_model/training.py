"""Training jobs: run in their own process, report progress, register a candidate.

The candidate is compared with the production model on the candidate's own holdout, so
that the promotion gate can weigh both on the same calls.
"""

import hashlib
import logging
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from sklearn.metrics import roc_auc_score
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db.engine import after_commit, unit_of_work
from app.demo.generator import generate
from app.models import TrainingJob
from app.services.access.audit import Actor
from app.services.flag_model import challenge_set, registry
from app.services.flag_model.job_queue import JobQueue
from app.services.flag_model.training_data import examples_from_database
from app.triage.model import artefact
from app.triage.model.examples import Example, examples_from_timeline
from app.triage.model.train import Progress, holdout, train
from app.triage.model.training_csv import CsvValidationError, parse_examples, read_examples
from app.triage.notes.scrub import scrub_identifiers

log = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 0.5
UPLOADS = Path(tempfile.gettempdir()) / "akutbro-training-uploads"


class TrainingDataError(ValueError):
    """The data cannot train a model; the message says why."""


class JobNotFound(LookupError):
    """No training job with that id."""


def get(session: Session, job_id: int) -> TrainingJob:
    """One job, or JobNotFound."""
    job = session.get(TrainingJob, job_id)
    if job is None:
        raise JobNotFound(job_id)
    return job


def get_all(session: Session, limit: int = 20) -> list[TrainingJob]:
    """The latest jobs, newest first."""
    return list(session.scalars(select(TrainingJob).order_by(TrainingJob.id.desc()).limit(limit)))


def start(
    session: Session,
    *,
    source: str,
    actor: Actor,
    reason: str,
    settings: Settings,
    queue: JobQueue,
    demo_days: int = 120,
    csv_path: Path | None = None,
) -> TrainingJob:
    """Queue a job once this transaction has committed; its process starts in its turn."""
    job = TrainingJob(source=source, requested_by=actor.name,
                      message=scrub_identifiers(reason), status="queued")
    session.add(job)
    session.flush()
    job_id = job.id
    after_commit(session, lambda: queue.submit(job_id, lambda: launch(
        job_id, settings=settings, demo_days=demo_days, csv_path=csv_path)))
    return job


def job_queue(settings: Settings, factory: sessionmaker[Session]) -> JobQueue:
    """This replica's training queue: `training_jobs_at_once` processes, the rest wait."""
    key = hashlib.sha256(settings.database_url.encode()).hexdigest()[:12]
    return JobQueue(f"training-{key}", settings.training_jobs_at_once,
                    lambda job_id, returncode: record_end(factory, job_id, returncode))


def record_end(factory: sessionmaker[Session], job_id: int, returncode: int | None) -> None:
    """A job whose process ended, or never started, without saying how it went: failed."""
    with unit_of_work(factory) as session:
        job = session.get(TrainingJob, job_id)
        if job is None or job.status not in ("queued", "running"):
            return  # the process recorded its own end
        job.status, job.finished_at = "failed", datetime.now(UTC)
        job.error = ("the service stopped before this job started: start it again"
                     if returncode is None else
                     f"the training process ended (exit code {returncode}) before it finished")


def start_from_csv(
    session: Session, upload: IO[bytes], *, actor: Actor, reason: str, settings: Settings,
    queue: JobQueue,
) -> TrainingJob:
    """Validate an uploaded CSV export whole, keep it for the job, and queue the job."""
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TrainingDataError(f"the file is not UTF-8 text (byte {error.start})") from None
    try:
        parse_examples(text)
    except CsvValidationError as error:
        raise TrainingDataError(str(error)) from None
    UPLOADS.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=".csv", dir=UPLOADS)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    return start(session, source="csv", actor=actor, reason=reason, settings=settings,
                 queue=queue, csv_path=Path(name))


def launch(
    job_id: int, *, settings: Settings, demo_days: int = 120, csv_path: Path | None = None
) -> subprocess.Popen[bytes]:
    """Run the job in a child process with the same settings."""
    env = {**os.environ, **settings_env(settings), "AKUTBRO_JOB_DEMO_DAYS": str(demo_days)}
    if csv_path is not None:
        env["AKUTBRO_JOB_CSV"] = str(csv_path)
    return subprocess.Popen(
        [sys.executable, "-m", "app.jobs.train", str(job_id)], env=env, stdin=subprocess.DEVNULL
    )


def settings_env(settings: Settings) -> dict[str, str]:
    """The settings as AKUTBRO_* environment variables, for a child process."""
    env = {}
    for name, value in settings.model_dump().items():
        raw = value.get_secret_value() if hasattr(value, "get_secret_value") else value
        env[f"AKUTBRO_{name.upper()}"] = str(raw)
    return env


def run(factory: sessionmaker[Session], job_id: int, *, settings: Settings) -> None:
    """The child's work: load data, train, compare, register; the job row tells the story."""
    with unit_of_work(factory) as session:
        job = get(session, job_id)
        job.status, source, actor = "running", job.source, Actor(job.requested_by, "admin")
        reason = job.message
    progress = _job_progress(factory, job_id)
    try:
        version = train_now(
            factory,
            settings=settings,
            source=source,
            actor=actor,
            reason=reason,
            progress=progress,
            csv_path=_env_path("AKUTBRO_JOB_CSV"),
            demo_days=int(os.environ.get("AKUTBRO_JOB_DEMO_DAYS", "120")),
        )
    except Exception as error:
        log.exception("training job %s failed", job_id)
        _finish(factory, job_id, status="failed", error=str(error))
        return
    _finish(factory, job_id, status="succeeded", version=version)


def train_now(
    factory: sessionmaker[Session],
    *,
    settings: Settings,
    source: str,
    actor: Actor,
    reason: str,
    progress: Progress,
    csv_path: Path | None = None,
    demo_days: int = 120,
) -> str:
    """Train on the chosen source in this process and register the candidate."""
    progress(0.0, f"loading {source} data")
    examples = load_examples(
        factory, source=source, settings=settings, csv_path=csv_path, demo_days=demo_days
    )
    try:
        trained = train(
            examples,
            max_under_triage=settings.max_under_triage,
            source=source,
            progress=lambda f, m: progress(0.05 + 0.85 * f, m),
        )
    except ValueError as error:
        raise TrainingDataError(str(error)) from None
    progress(0.9, "assessing the challenge set")
    blob = artefact.dump(trained)
    sha256 = artefact.sha256(blob)
    pedigree = dict(trained.pedigree)
    pedigree["challenge"] = challenge_set.measure(
        settings.challenge_set_path, model_sha256=sha256,
        load=lambda: artefact.load(blob, expected_sha256=sha256, version="candidate"),
    ).as_json()
    pedigree["under_triage"] = under_triage_summary(pedigree)
    progress(0.92, "comparing with the production model")
    with unit_of_work(factory) as session:
        pedigree["comparison"] = _compare_with_production(session, examples)
        row = registry.register(
            session,
            artefact=blob,
            sha256=sha256,
            pedigree=pedigree,
            actor=actor,
            reason=reason,
        )
        version = row.version
    progress(1.0, f"registered {version}")
    return version


def under_triage_summary(pedigree: dict[str, Any]) -> dict[str, Any]:
    """Under-triage on the generator's (or the export's) holdout and on the challenge set,
    side by side and never mixed: the holdout's words are the training data's own."""
    holdout_rate = (pedigree.get("metrics") or {}).get("under_triage_rate")
    challenge = pedigree.get("challenge") or {}
    if not challenge.get("measured"):
        on_challenge: dict[str, Any] = {"measured": False, "reason": challenge.get("reason")}
    else:
        routed = challenge["medical_routed_away"]
        on_challenge = {
            "measured": True,
            "model_only_rate": challenge["model_under_triage_rate"],
            "routed_away": {urgency: figures["count"] for urgency, figures in routed.items()},
            "medical_notes": challenge["rows"].get("medical", 0),
        }
    source = (pedigree.get("data") or {}).get("source")
    return {"holdout": {"rate": holdout_rate, "source": source}, "challenge": on_challenge}


def load_examples(
    factory: sessionmaker[Session],
    *,
    source: str,
    settings: Settings,
    csv_path: Path | None = None,
    demo_days: int = 120,
) -> list[Example]:
    """Labelled examples from the database, a CSV export, or fresh synthetic demo data."""
    if source == "database":
        with unit_of_work(factory) as session:
            return examples_from_database(session, rule=settings.caller_rule)
    if source == "csv":
        if csv_path is None:
            raise TrainingDataError("source 'csv' needs a CSV file")
        try:
            return read_examples(csv_path)
        except CsvValidationError as error:
            raise TrainingDataError(str(error)) from None
    if source == "demo":
        data = generate(seed=7, start=date.today() - timedelta(days=demo_days), days=demo_days)
        return examples_from_timeline(
            data.calls, data.outcomes, data.cases, rule=settings.caller_rule
        )
    raise TrainingDataError(f"unknown source '{source}': use database, csv or demo")


def _compare_with_production(session: Session, examples: list[Example]) -> dict[str, Any] | None:
    production = registry.get_by_status(session, "production")
    if production is None:
        return None
    model = artefact.load(
        production.artefact, expected_sha256=production.sha256, version=production.version
    )
    test = holdout(examples)
    labels = [example.social for example in test]
    scores = [model.predict(example.features, limit=0).social_probability for example in test]
    return {
        "production_version": production.version,
        "production_roc_auc": float(roc_auc_score(labels, scores)),
        "rows": len(test),
    }


def _job_progress(factory: sessionmaker[Session], job_id: int) -> Progress:
    last = [0.0]

    def report(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY_SECONDS and fraction < 1.0:
            return
        last[0] = now
        with unit_of_work(factory) as session:
            job = get(session, job_id)
            job.progress, job.message = round(fraction, 3), message

    return report


def _finish(
    factory: sessionmaker[Session],
    job_id: int,
    *,
    status: str,
    version: str | None = None,
    error: str | None = None,
) -> None:
    with unit_of_work(factory) as session:
        job = get(session, job_id)
        job.status, job.model_version, job.error = status, version, error
        job.finished_at = datetime.now(UTC)
        if status == "succeeded":
            job.progress = 1.0


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None

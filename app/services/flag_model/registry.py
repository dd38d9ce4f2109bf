"""The model registry: versions, the gated promotion, shadow, rollback; all audit-logged.

Versions live in the database so that every replica sees the same registry; each replica's
`ModelStore` notices a change of production or shadow within a few seconds.
"""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Assessment, ModelVersion
from app.schemas.registry import ModelVersionSummary
from app.services.access import audit
from app.services.access.audit import Actor
from app.services.flag_model import challenge_set
from app.triage.model import artefact
from app.triage.model.predict import FlagModel
from app.triage.promotion import HoldoutFigures, Verdict, promotion_verdict

STATUSES = ("candidate", "shadow", "production", "retired")
DEFAULT_CHALLENGE_SET = "tests/challenge/calls.csv"  # the settings' default


class VersionNotFound(LookupError):
    """No model version by that name."""


class RegistryRefused(ValueError):
    """The registry action is not allowed; the message says why."""

    def __init__(self, message: str, verdict: Verdict | None = None) -> None:
        super().__init__(message)
        self.verdict = verdict


def get_all(session: Session) -> list[ModelVersion]:
    """Every version, newest first."""
    return list(
        session.scalars(
            select(ModelVersion).order_by(ModelVersion.created_at.desc(), ModelVersion.id.desc())
        )
    )


def get(session: Session, version: str) -> ModelVersion:
    """One version, or VersionNotFound."""
    row = session.scalar(select(ModelVersion).where(ModelVersion.version == version))
    if row is None:
        raise VersionNotFound(version)
    return row


def get_by_status(session: Session, status: str) -> ModelVersion | None:
    """The production or shadow version, if any."""
    return session.scalar(select(ModelVersion).where(ModelVersion.status == status))


def register(
    session: Session,
    *,
    artefact: bytes,
    sha256: str,
    pedigree: dict[str, Any],
    actor: Actor,
    reason: str,
) -> ModelVersion:
    """Store a newly trained model as a candidate."""
    created = datetime.now(UTC)
    row = ModelVersion(
        version=f"flag-{created:%Y%m%d-%H%M%S}-{sha256[:8]}",
        status="candidate",
        artefact=artefact,
        sha256=sha256,
        pedigree=pedigree,
        created_at=created,
        created_by=actor.name,
        status_changed_at=created,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor=actor, action="model.train", purpose=f"{row.version}: {reason}")
    return row


def gate(
    session: Session, candidate: ModelVersion, *, max_under_triage: float, max_auc_drop: float,
    challenge: str = DEFAULT_CHALLENGE_SET,
) -> Verdict:
    """The safety gate's verdict on promoting this candidate now, every failing figure named;
    `challenge` is the challenge set's path setting (its notes are assessed under the model)."""
    production = get_by_status(session, "production")
    comparison = candidate.pedigree.get("comparison") or {}
    production_auc, stale = None, None
    if production is not None and production.id != candidate.id:
        if comparison.get("production_version") == production.version:
            production_auc = float(comparison["production_roc_auc"])
        else:
            stale = (
                f"the candidate was not compared with the current production model "
                f"{production.version} on the same holdout: train a new candidate"
            )
    measured, blocked = _run_challenge(candidate, challenge)
    verdict = promotion_verdict(
        holdout_figures(candidate.pedigree),
        production_auc,
        max_under_triage=max_under_triage,
        max_auc_drop=max_auc_drop,
        challenge=measured.result.gate_figures() if measured and measured.result else None,
        challenge_unmeasured=measured.unmeasured if measured else None,
    )
    refusals = tuple(reason for reason in (stale, blocked) if reason)
    if not refusals:
        return verdict
    failed = verdict.reasons if not verdict.allowed else ()
    return Verdict(False, (*failed, *refusals))


def _run_challenge(
    candidate: ModelVersion, challenge: str
) -> tuple[challenge_set.Measured | None, str | None]:
    """The candidate's figures on the challenge set, and why the gate must refuse if it
    cannot tell (an artefact that fails to load, a set that cannot be read)."""
    def load() -> FlagModel:
        return artefact.load(candidate.artefact, expected_sha256=candidate.sha256,
                             version=candidate.version)

    try:
        measured = challenge_set.measure(challenge, model_sha256=candidate.sha256, load=load)
    except artefact.ArtefactError as error:
        return None, f"the challenge set could not be run: {error}"
    return measured, measured.unmeasured if measured.unreadable else None


def holdout_figures(pedigree: dict[str, Any]) -> HoldoutFigures:
    """The gate's two figures from a pedigree's holdout metrics."""
    test = pedigree["metrics"]  # measured on the time-ordered test split
    return HoldoutFigures(
        under_triage_rate=float(test["under_triage_rate"]), roc_auc=float(test["roc_auc"])
    )


def promote(
    session: Session,
    version: str,
    *,
    actor: Actor,
    reason: str,
    max_under_triage: float,
    max_auc_drop: float,
    challenge: str = DEFAULT_CHALLENGE_SET,
) -> tuple[ModelVersion, Verdict]:
    """Make a candidate (or the shadow) the production model, if the gate allows it."""
    candidate = get(session, version)
    if candidate.status == "production":
        raise RegistryRefused(f"{version} is already the production model")
    verdict = gate(session, candidate, max_under_triage=max_under_triage,
                   max_auc_drop=max_auc_drop, challenge=challenge)
    if not verdict.allowed:
        audit.record(
            session,
            actor=actor,
            action="model.promote.refused",
            purpose=f"{version}: {'; '.join(verdict.reasons)}",
        )
        raise RegistryRefused("promotion refused: " + "; ".join(verdict.reasons), verdict)
    current = get_by_status(session, "production")
    if current is not None:
        _set_status(session, current, "retired")
        candidate.previous_production_id = current.id
    _set_status(session, candidate, "production")
    audit.record(
        session,
        actor=actor,
        action="model.promote",
        purpose=f"{version}: {reason} ({'; '.join(verdict.reasons)})",
    )
    return candidate, verdict


def rollback(session: Session, *, actor: Actor, reason: str) -> ModelVersion:
    """Return to the previous production model; always allowed."""
    current = get_by_status(session, "production")
    if current is None or current.previous_production_id is None:
        raise RegistryRefused("there is no previous production model to roll back to")
    previous = session.get(ModelVersion, current.previous_production_id)
    assert previous is not None
    _set_status(session, current, "retired")
    _set_status(session, previous, "production")
    audit.record(
        session,
        actor=actor,
        action="model.rollback",
        purpose=f"{current.version} -> {previous.version}: {reason}",
    )
    return previous


def set_shadow(session: Session, version: str, *, actor: Actor, reason: str) -> ModelVersion:
    """Let a candidate score every assessment beside production, unseen."""
    row = get(session, version)
    if row.status not in ("candidate", "retired"):
        raise RegistryRefused(
            f"{version} is {row.status}; only a candidate or retired model can shadow"
        )
    current = get_by_status(session, "shadow")
    if current is not None:
        _set_status(session, current, "candidate")
    _set_status(session, row, "shadow")
    audit.record(session, actor=actor, action="model.shadow", purpose=f"{version}: {reason}")
    return row


def retire(session: Session, version: str, *, actor: Actor, reason: str) -> ModelVersion:
    """Take a candidate or shadow model out of use."""
    row = get(session, version)
    if row.status == "production":
        raise RegistryRefused(
            "the production model is retired by promoting another or rolling back"
        )
    _set_status(session, row, "retired")
    audit.record(session, actor=actor, action="model.retire", purpose=f"{version}: {reason}")
    return row


def shadow_report(session: Session, version: str) -> dict[str, Any]:
    """How often the shadow model would have disagreed with the production model."""
    rows = session.execute(
        select(Assessment.model_flag, Assessment.shadow_flag, func.count())
        .where(Assessment.shadow_model_version == version, Assessment.model_flag.is_not(None))
        .group_by(Assessment.model_flag, Assessment.shadow_flag)
    ).all()
    scored = sum(count for _, _, count in rows)
    pairs = {f"{production}->{shadow}": count for production, shadow, count in rows}
    disagreed = sum(count for production, shadow, count in rows if production != shadow)
    return {
        "version": version,
        "assessments_scored": scored,
        "disagreements": disagreed,
        "disagreement_rate": round(disagreed / scored, 4) if scored else None,
        "by_flags": pairs,
    }


def summary(row: ModelVersion) -> ModelVersionSummary:
    """A version's headline figures."""
    test = row.pedigree.get("metrics") or {}
    return ModelVersionSummary(
        version=row.version,
        status=row.status,
        created_at=row.created_at,
        created_by=row.created_by,
        roc_auc=test.get("roc_auc"),
        under_triage_rate=test.get("under_triage_rate"),
        rows=(row.pedigree.get("data") or {}).get("rows"),
    )


def _set_status(session: Session, row: ModelVersion, status: str) -> None:
    row.status = status
    row.status_changed_at = datetime.now(UTC)
    session.flush()  # one at a time: the database allows one production and one shadow

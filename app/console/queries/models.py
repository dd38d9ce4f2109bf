"""The model registry as the admin's console shows it: versions without their artefacts,
one version with its figures and curves, and what the safety gate would say now.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from app.config import Settings
from app.models import ModelVersion
from app.services.flag_model import registry
from app.triage.promotion import Verdict


@dataclass(frozen=True)
class VersionView:
    """One version: its row, its holdout figures, and the gate's verdict on promoting it."""

    row: ModelVersion
    test: dict[str, Any]
    verdict: Verdict | None
    shadow_report: dict[str, Any] | None


def holdout_metrics(pedigree: dict[str, Any]) -> dict[str, Any]:
    """The holdout (test split) figures of a pedigree."""
    return pedigree.get("metrics") or {}  # measured on the time-ordered test split


def get_all(session: Session) -> list[ModelVersion]:
    """Every version, newest first, without loading the artefacts."""
    return list(session.scalars(
        select(ModelVersion).options(defer(ModelVersion.artefact))
        .order_by(ModelVersion.created_at.desc(), ModelVersion.id.desc())))


def get(session: Session, version: str, *, settings: Settings) -> VersionView:
    """One version with the gate's verdict; VersionNotFound when unknown."""
    row = registry.get(session, version)
    verdict = None
    if row.status != "production":
        try:
            verdict = registry.gate(session, row, max_under_triage=settings.max_under_triage,
                                    max_auc_drop=settings.max_auc_drop,
                                    challenge=settings.challenge_set_path)
        except (KeyError, TypeError, ValueError) as error:
            verdict = Verdict(False, (f"the pedigree lacks a holdout figure: {error}",))
    report = registry.shadow_report(session, version) if row.status == "shadow" else None
    return VersionView(row=row, test=holdout_metrics(row.pedigree), verdict=verdict,
                       shadow_report=report)

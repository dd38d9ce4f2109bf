"""A real flag model trained once per test session on a few weeks of synthetic calls."""

import copy
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.demo.generator import generate
from app.models import ModelVersion
from app.services.access.audit import Actor
from app.services.flag_model import registry
from app.triage.model import artefact
from app.triage.model.examples import examples_from_timeline
from app.triage.model.train import TrainedModel, train

ADMIN = Actor(name="test-admin", role="admin")
# A small challenge set of our own: tests of other things must not hang on the real one.
CHALLENGE_FIXTURE = str(Path(__file__).parent / "model" / "challenge_fixture.csv")


@dataclass(frozen=True)
class Artefact:
    blob: bytes
    sha256: str
    pedigree: dict[str, Any]


@cache
def trained_model(seed: int = 11) -> TrainedModel:
    """Train on 35 days of demo calls (a few seconds); cached for the session."""
    # Fewer days leave so few medical calls to choose the threshold on that one told in
    # lay words beside loneliness sets it: the model then flags hardly anything social.
    data = generate(seed=seed, start=date(2026, 3, 2), days=35)
    return train(examples_from_timeline(data.calls, data.outcomes, data.cases), source="demo")


@cache
def trained_artefact(seed: int = 11) -> Artefact:
    """The trained model as an artefact; cached for the session."""
    trained = trained_model(seed)
    blob = artefact.dump(trained)
    return Artefact(blob, artefact.sha256(blob), trained.pedigree)


def register(session: Session, *, seed: int = 11, **figures: Any) -> ModelVersion:
    """Register the trained model as a candidate, its holdout figures overridden if given."""
    made = trained_artefact(seed)
    pedigree = copy.deepcopy(made.pedigree)
    comparison = figures.pop("comparison", None)
    pedigree["metrics"].update(figures)
    pedigree["comparison"] = comparison
    row = registry.register(
        session,
        artefact=made.blob,
        sha256=made.sha256,
        pedigree=pedigree,
        actor=ADMIN,
        reason="test",
    )
    # Versions are named by the second; make each test's versions distinct.
    row.version = f"{row.version}-{row.id}"
    session.flush()
    return row


def promote(session: Session, version: str) -> None:
    """Promote through the real gate with the default limits and the fixture challenge set."""
    registry.promote(
        session, version, actor=ADMIN, reason="test", max_under_triage=0.01, max_auc_drop=0.02,
        challenge=CHALLENGE_FIXTURE,
    )

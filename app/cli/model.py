"""`akutbro model ...`: train, list, inspect, promote, shadow, roll back."""

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from app.cli.common import progress_bar, session_factory
from app.config import Settings
from app.db.engine import unit_of_work
from app.services.access.audit import Actor
from app.services.flag_model import registry, training
from app.services.flag_model.registry import RegistryRefused

model_app = typer.Typer(
    help="The flag model: train, inspect, promote, shadow, roll back.", no_args_is_help=True
)
ADMIN = Actor(name="cli", role="admin")
Reason = Annotated[str, typer.Option(help="Why: written to the audit log.")]



@model_app.command("train")
def train(
    reason: Reason = "retraining",
    source: Annotated[
        str, typer.Option(help="'database' (recorded outcomes), 'demo' or 'csv'.")
    ] = "database",
    csv: Annotated[Path | None, typer.Option(help="The dispatch system's CSV export.")] = None,
    demo_days: Annotated[int, typer.Option(help="Days of demo data for source 'demo'.")] = 120,
) -> None:
    """Train a candidate here, with a progress bar; it is registered, not promoted."""
    settings = Settings()
    factory = session_factory(settings)
    with progress_bar("training") as progress:
        try:
            version = training.train_now(
                factory,
                settings=settings,
                source=source,
                csv_path=csv,
                demo_days=demo_days,
                actor=ADMIN,
                reason=reason,
                progress=progress,
            )
        except training.TrainingDataError as error:
            raise typer.BadParameter(str(error)) from None
    typer.echo(f"registered candidate {version}")
    with unit_of_work(factory) as session:
        pedigree = registry.get(session, version).pedigree
    holdout = (pedigree.get("metrics") or {}).get("under_triage_rate")
    typer.echo(f"holdout under-triage {_pct(holdout, 2)}; {_challenge_line(pedigree)}")


@model_app.command("list")
def list_versions() -> None:
    """Every version with status and headline figures."""
    with unit_of_work(session_factory()) as session:
        for row in registry.get_all(session):
            s = registry.summary(row)
            auc = f"{s.roc_auc:.3f}" if s.roc_auc is not None else "-"
            under = f"{s.under_triage_rate:.2%}" if s.under_triage_rate is not None else "-"
            typer.echo(
                f"{s.version:<34} {s.status:<10} auc {auc}  under-triage {under}  rows {s.rows}"
            )
            typer.echo(f"{'':<34} {_challenge_line(row.pedigree)}")


def _challenge_line(pedigree: dict[str, Any]) -> str:
    """The challenge set's figures, apart from the holdout's: they are other words."""
    figures = pedigree.get("challenge") or {}
    if not figures.get("measured"):
        return f"challenge set: not measured ({figures.get('reason') or 'trained before it'})"
    routed = figures["medical_routed_away"]
    away = ", ".join(f"{v['count']} at urgency {u}" for u, v in routed.items())
    recall = figures["social_recall_at_e"]
    return (
        f"challenge set: {figures['rows'].get('medical', 0)} medical notes, routed away {away};"
        f" model alone calls {_pct(figures['model_under_triage_rate'], 2)} social;"
        f" social recall at E {_pct(recall.get('social'))} (incidental"
        f" {_pct(recall.get('incidental'))}, negated {_pct(recall.get('negated'))})"
    )


def _pct(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}%}"


@model_app.command("show")
def show(version: str) -> None:
    """One version's whole pedigree as JSON."""
    with unit_of_work(session_factory()) as session:
        typer.echo(json.dumps(registry.get(session, version).pedigree, indent=2, default=str))


@model_app.command("promote")
def promote(version: str, reason: Reason = "promoted from the CLI") -> None:
    """Promote through the safety gate; a refusal says which figure failed."""
    settings = Settings()
    try:
        with unit_of_work(session_factory()) as session:
            row, verdict = registry.promote(
                session,
                version,
                actor=ADMIN,
                reason=reason,
                max_under_triage=settings.max_under_triage,
                max_auc_drop=settings.max_auc_drop,
                challenge=settings.challenge_set_path,
            )
    except RegistryRefused as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{row.version} is now in production ({'; '.join(verdict.reasons)})")


@model_app.command("shadow")
def shadow(version: str, reason: Reason = "shadowing from the CLI") -> None:
    """Let a version score every assessment beside production, unseen."""
    _act(
        lambda session: registry.set_shadow(session, version, actor=ADMIN, reason=reason),
        "is shadowing",
    )


@model_app.command("rollback")
def rollback(reason: Reason = "rolled back from the CLI") -> None:
    """Return to the previous production model."""
    _act(
        lambda session: registry.rollback(session, actor=ADMIN, reason=reason),
        "is in production again",
    )


@model_app.command("report")
def report(version: str) -> None:
    """How often a shadow model would have disagreed with production."""
    with unit_of_work(session_factory()) as session:
        typer.echo(json.dumps(registry.shadow_report(session, version), indent=2))


def _act(action, done: str) -> None:  # type: ignore[no-untyped-def]
    try:
        with unit_of_work(session_factory()) as session:
            row = action(session)
    except (RegistryRefused, registry.VersionNotFound) as error:
        typer.echo(f"refused: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{row.version} {done}")

"""`akutbro demo`: synthetic data, a trained and promoted model, and keys to try it with."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from app.cli.common import progress_bar, session_factory
from app.config import Settings
from app.db.engine import unit_of_work
from app.db.migrate import upgrade
from app.demo.generator import generate
from app.seed import demo_keys, demo_loader, demo_users
from app.seed.directory import seed_directory
from app.services.access.audit import Actor
from app.services.citizens.pseudonym import Pseudonymiser
from app.services.flag_model import registry, training

KEYS_FILE = Path("var/demo-keys.env")
USERS_FILE = Path("var/demo-users.txt")
DEMO_ADMIN = Actor(name="demo", role="admin")


def demo(
    days: Annotated[int, typer.Option(help="Days of synthetic calls, ending today.")] = 365,
    seed: Annotated[int, typer.Option(help="Seed of the generator.")] = 2016,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Skip the data if calls exist.")
    ] = False,
) -> None:
    """Load SYNTHETIC demo data, train and promote a model, print API keys for every role."""
    from tqdm import tqdm

    settings = Settings()
    upgrade(settings.database_url)
    factory = session_factory(settings)
    with unit_of_work(factory) as session:
        empty = not demo_loader.has_calls(session)
    if not empty and not if_empty:
        typer.echo(
            "the database has calls already: demo data go only into an empty database "
            "(use --if-empty to skip this step)",
            err=True,
        )
        raise typer.Exit(1)
    if empty:
        start = (datetime.now(UTC) - timedelta(days=days)).date()
        typer.echo(f"generating {days} days of synthetic calls (demo data, not real people)")
        data = generate(seed=seed, start=start, days=days)
        pseudonymiser = Pseudonymiser(settings.pseudonym_secret.get_secret_value())
        with tqdm(total=len(data.calls), unit="call", desc="loading") as bar:

            def advance(done: int, _total: int) -> None:
                bar.update(done - bar.n)

            demo_loader.load(factory, data, pseudonymiser, progress=advance)
        with unit_of_work(factory) as session:
            seed_directory(session)
        typer.echo("loaded the region's municipalities and a demo directory of social offers")
    with unit_of_work(factory) as session:
        production = registry.get_by_status(session, "production")
    if production is None:
        _train_and_promote(factory, settings)
    with unit_of_work(factory) as session:
        tokens = demo_keys.ensure(session, KEYS_FILE)
        passwords = demo_users.ensure(session, USERS_FILE)
    typer.echo(f"\nAPI keys (also in {KEYS_FILE}):")
    for role, token in tokens.items():
        typer.echo(f"  {role:<10} {token}")
    typer.echo(f"\nConsole users at /console/ (also in {USERS_FILE}):")
    for name, password in passwords.items():
        typer.echo(f"  {name:<16} {password}")


def _train_and_promote(factory, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    with progress_bar("training") as progress:
        version = training.train_now(
            factory,
            settings=settings,
            source="database",
            actor=DEMO_ADMIN,
            reason="demo model",
            progress=progress,
        )
    try:
        with unit_of_work(factory) as session:
            _, verdict = registry.promote(
                session,
                version,
                actor=DEMO_ADMIN,
                reason="demo model",
                max_under_triage=settings.max_under_triage,
                max_auc_drop=settings.max_auc_drop,
                challenge=settings.challenge_set_path,
            )
        typer.echo(f"promoted {version}: {'; '.join(verdict.reasons)}")
    except registry.RegistryRefused as error:
        typer.echo(f"the demo model was not promoted: {error}", err=True)

"""The `akutbro` command: serve, migrate, keys, and what admins need."""

import os
from pathlib import Path
from typing import Annotated

import typer

from app.cli.common import session_factory
from app.cli.demo import demo
from app.cli.directory import directory_app
from app.cli.model import model_app
from app.cli.users import users_app
from app.config import Settings
from app.db.engine import unit_of_work

app = typer.Typer(help="akutbro: triage decision support for 112 dispatch.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys: create, list, revoke.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(model_app, name="model")
app.add_typer(directory_app, name="directory")
app.add_typer(users_app, name="users")
app.command("demo")(demo)



@app.command()
def migrate() -> None:
    """Bring the database schema to the newest migration."""
    from app.db.migrate import upgrade

    settings = Settings()
    upgrade(settings.database_url)
    typer.echo("database is at the newest migration")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    migrate_first: Annotated[bool, typer.Option("--migrate/--no-migrate",
                                                help="Run migrations before serving.")] = True,
) -> None:
    """Serve the API and the console."""
    import uvicorn

    if migrate_first:
        migrate()
    _empty_metrics_folder()
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=False)


def _empty_metrics_folder() -> None:
    """Remove an earlier run's figures from PROMETHEUS_MULTIPROC_DIR before the workers
    start (app.observability.metrics); not imported here, or this process would write
    figures of its own there."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for path in Path(folder).glob("*.db"):
            path.unlink()


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Argument(help="A name for the key, e.g. 'cad-prod'.")],
    role: Annotated[str, typer.Option(help="dispatch, handler, brobygger, admin or auditor.")],
) -> None:
    """Create an API key; its secret is printed once and never stored."""
    from app.services.access import apikeys

    try:
        with unit_of_work(session_factory()) as session:
            issued = apikeys.create(session, name=name, role=role)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    typer.echo(issued.token)


@keys_app.command("revoke")
def keys_revoke(name: Annotated[str, typer.Argument(help="The key's name.")]) -> None:
    """Revoke an API key; every replica refuses it within seconds."""
    from app.services.access import apikeys

    try:
        with unit_of_work(session_factory()) as session:
            apikeys.revoke(session, name=name)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    typer.echo(f"revoked {name}")


@keys_app.command("list")
def keys_list() -> None:
    """List API keys (never their secrets)."""
    from app.services.access import apikeys

    with unit_of_work(session_factory()) as session:
        for key in apikeys.get_all(session):
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            typer.echo(f"{key.name:<24} {key.role:<10} {state}")


def main() -> None:
    """Entry point of the `akutbro` script."""
    app()

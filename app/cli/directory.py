"""`akutbro directory`: import and export the offers directory (HSDS 3.1), load municipalities."""

import json
from pathlib import Path
from typing import Annotated

import typer

from app.cli.common import session_factory
from app.db.engine import unit_of_work
from app.services.access.audit import Actor

directory_app = typer.Typer(
    help="The offers directory (Open Referral HSDS 3.1) and municipalities.", no_args_is_help=True
)
CLI_ACTOR = Actor(name="cli", role="admin")



@directory_app.command("import")
def import_(path: Annotated[Path, typer.Argument(help="An HSDS JSON document.", exists=True,
                                                  dir_okay=False)]) -> None:
    """Replace the directory with an HSDS document; nothing is imported if any record is invalid."""
    from app.services.directory.hsds_io import HsdsInvalid, import_document

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise typer.BadParameter(f"{path} is not JSON: {error}") from None
    try:
        with unit_of_work(session_factory()) as session:
            result = import_document(session, document, actor=CLI_ACTOR)
    except HsdsInvalid as error:
        typer.echo(f"{path}: nothing imported.\n{error}", err=True)
        raise typer.Exit(1) from None
    counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
    typer.echo(f"imported {counts}; directory version {result.version}")
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)


@directory_app.command("export")
def export(path: Annotated[Path, typer.Argument(help="Where to write the HSDS JSON document.",
                                                 dir_okay=False)]) -> None:
    """Write the whole directory as one HSDS document."""
    from app.services.directory.hsds_io import export_document

    with unit_of_work(session_factory()) as session:
        document = export_document(session)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    typer.echo(f"wrote {len(document['services'])} services to {path}")


@directory_app.command("seed-municipalities")
def seed_municipalities(
    path: Annotated[Path | None, typer.Argument(
        help="A municipalities JSON file; default: the shipped (demo) list.", dir_okay=False
    )] = None,
) -> None:
    """Load or update the region's municipalities and their contact persons."""
    from app.services.directory import municipalities

    with unit_of_work(session_factory()) as session:
        count = municipalities.seed_municipalities(session, path or municipalities.DATA_FILE)
    typer.echo(f"loaded {count} municipalities")

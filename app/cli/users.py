"""`akutbro users`: the people who sign in to the console: create, list, disable, enable."""

import sys
from typing import Annotated

import typer

from app.cli.common import session_factory
from app.db.engine import unit_of_work
from app.services.access import users
from app.services.access.audit import Actor

users_app = typer.Typer(help="Console users: create, list, disable, enable.", no_args_is_help=True)
CLI = Actor(name="cli", role="admin")



def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@users_app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="The sign-in name, e.g. 'anne.holm'.")],
    role: Annotated[str, typer.Option(help="handler, brobygger, admin or auditor.")],
    display_name: Annotated[str, typer.Option(help="The name shown in the console.")],
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from standard input's first line.")] = False,
) -> None:
    """Create a console user; the password is stored only as an argon2id hash."""
    new = users.UserCreate(username=username, display_name=display_name, role=role,
                           password=_password(password_stdin))
    try:
        with unit_of_work(session_factory()) as session:
            users.create(session, new, actor=CLI)
    except users.UserInvalid as error:
        raise typer.BadParameter(str(error)) from None
    typer.echo(f"created {new.username.strip().lower()} ({role})")


@users_app.command("list")
def list_users() -> None:
    """List console users (never their passwords)."""
    with unit_of_work(session_factory()) as session:
        for user in users.get_all(session):
            state = f"disabled {user.disabled_at:%Y-%m-%d}" if user.disabled_at else "active"
            typer.echo(f"{user.username:<24} {user.role:<10} {state:<20} {user.display_name}")


def _set_disabled(username: str, disabled: bool) -> None:
    try:
        with unit_of_work(session_factory()) as session:
            users.set_disabled(session, username, disabled, actor=CLI)
    except users.UserInvalid as error:
        raise typer.BadParameter(str(error)) from None
    typer.echo(f"{'disabled' if disabled else 'enabled'} {username}")


@users_app.command("disable")
def disable(username: Annotated[str, typer.Argument(help="The user's sign-in name.")]) -> None:
    """Disable a user; their console sessions end at once."""
    _set_disabled(username, True)


@users_app.command("enable")
def enable(username: Annotated[str, typer.Argument(help="The user's sign-in name.")]) -> None:
    """Enable a disabled user again."""
    _set_disabled(username, False)

"""`akutbro users`: create (password from stdin, never echoed), list, disable, enable."""

import pytest
from typer.testing import CliRunner

from app.cli.users import users_app
from app.db.engine import make_engine, make_session_factory, unit_of_work
from app.services.access import users
from tests.factories.console import fast_password_hashing  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("fast_password_hashing")


def test_users_are_created_listed_disabled_and_enabled(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AKUTBRO_DATABASE_URL", database_url)
    run = CliRunner().invoke
    created = run(users_app, ["create", "Anne.Holm", "--role", "handler", "--display-name",
                              "Anne Holm", "--password-stdin"], input="en lang nok adgangskode\n")
    assert created.exit_code == 0 and "created anne.holm (handler)" in created.output
    assert "adgangskode" not in created.output
    short = run(users_app, ["create", "bo", "--role", "handler", "--display-name", "Bo",
                            "--password-stdin"], input="kort\n")
    assert short.exit_code != 0 and "12 characters" in short.output
    assert "anne.holm" in run(users_app, ["list"]).output
    assert run(users_app, ["disable", "anne.holm"]).exit_code == 0
    assert "disabled" in run(users_app, ["list"]).output
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session, pytest.raises(users.SignInRefused):
        users.authenticate(session, "anne.holm", "en lang nok adgangskode")
    assert run(users_app, ["enable", "anne.holm"]).exit_code == 0
    with unit_of_work(factory) as session:
        assert users.authenticate(session, "anne.holm", "en lang nok adgangskode").role == "handler"
    engine.dispose()

"""Run Alembic migrations from code (CLI, tests, the container's prestart)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from app.db.engine import ensure_sqlite_folder

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointed at this project's migrations and the given database."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database to the given revision."""
    ensure_sqlite_folder(database_url)
    command.upgrade(alembic_config(database_url), revision)

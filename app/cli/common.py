"""What every `akutbro` subcommand shares: the database from the settings, a progress bar."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker
from tqdm import tqdm

from app.config import Settings
from app.db.engine import make_engine, make_session_factory


def session_factory(settings: Settings | None = None) -> sessionmaker[Session]:
    """Sessions on the database the settings name."""
    return make_session_factory(make_engine((settings or Settings()).database_url))


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[float, str], None]]:
    """A terminal bar fed with (fraction done, what is happening), as training reports it."""
    with tqdm(total=100, desc=description, bar_format="{desc}: {bar}| {n:.0f}% {postfix}") as bar:

        def report(fraction: float, message: str) -> None:
            bar.n = round(fraction * 100)
            bar.set_postfix_str(message)
            bar.refresh()

        yield report

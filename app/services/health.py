"""What readiness checks: the database answers."""

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker


def database_status(factory: sessionmaker[Session]) -> str:
    """'ok', or why the database does not answer; never raises."""
    try:
        with factory() as session:
            session.execute(text("SELECT 1"))
    except Exception as error:  # a health check reports, it does not fail
        return f"unavailable: {type(error).__name__}"
    return "ok"

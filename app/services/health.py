"""What readiness checks: the database answers."""

import asyncio

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


async def database_status_within(factory: sessionmaker[Session], seconds: float) -> str:
    """`database_status`, or 'unavailable: no answer within N s' when the database hangs."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(database_status, factory), seconds)
    except TimeoutError:
        return f"unavailable: no answer within {seconds:g} s"

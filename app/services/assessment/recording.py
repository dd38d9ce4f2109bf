"""The rows an assessment leaves: the call, the assessment and (for a known citizen) the
audit record of the history read, in the request's transaction: all of them or none.

The two databases differ here in one thing only: each spells the call's
INSERT ... ON CONFLICT in its own dialect. The service makes its `Recorder` once at
start-up, for the database it runs on (`Recorder.for_engine`), so the use case never asks
which database that is.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from app.db.engine import table_of
from app.models import Assessment
from app.services.access import audit
from app.services.assessment import calls

_INSERT_ASSESSMENT = insert(table_of(Assessment))


@dataclass(frozen=True)
class Recorder:
    """Writes an assessment's rows with its database's upsert of the call."""

    upsert_call: Executable

    @classmethod
    def for_engine(cls, engine: Engine) -> "Recorder":
        """The recorder for the engine's database (SQLite or PostgreSQL)."""
        return cls(calls.upsert_statement(engine.dialect.name))

    def write(
        self, session: Session, *, call: dict[str, Any], assessment: dict[str, Any],
        audit_record: dict[str, Any] | None,
    ) -> None:
        """Record the call (or update it, when re-sent), the assessment of it, and the audit
        record; `assessment` without its `call_pk`, which the call's row gives.

        Core statements on the session's connection, in its transaction, after the session's
        pending rows (a citizen linked anew): the ORM's execution path would cost more than
        the statements."""
        session.flush()
        connection = session.connection()
        call_pk = connection.execute(self.upsert_call, call).scalar_one()
        connection.execute(_INSERT_ASSESSMENT, {**assessment, "call_pk": call_pk})
        if audit_record is not None:
            connection.execute(audit.INSERT, audit_record)

"""The rows an assessment leaves: the call, the assessment and (for a known citizen) the
audit record of the history read, all of them or none.

On PostgreSQL they are one statement, two data-modifying CTEs and an INSERT: one round
trip instead of three, and atomic without a transaction around it. On SQLite, in the same
process, a statement costs microseconds and SQLite has no data-modifying CTEs: three
statements, in the request's transaction.
"""

from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam, insert, select

from app.db.engine import Executor, dialect_of, execute_prebuilt
from app.models import Assessment, AuditEvent
from app.services.access import audit
from app.services.assessment import calls

_ASSESSMENTS: Table = Assessment.__table__  # type: ignore[assignment]
_AUDIT: Table = AuditEvent.__table__  # type: ignore[assignment]
_INSERT_ASSESSMENT = insert(_ASSESSMENTS)


def writes_in_one_statement(executor: Executor) -> bool:
    """True where `write` is one statement, atomic without a transaction around it."""
    return dialect_of(executor).name == "postgresql"


def write(
    session: Executor, *, call: dict[str, Any], assessment: dict[str, Any],
    audit_record: dict[str, Any] | None,
) -> None:
    """Record the call (or update it, when re-sent), the assessment of it, and the audit
    record; `assessment` without its `call_pk`, which the call's row gives."""
    if writes_in_one_statement(session):
        params = {**call, **_prefixed("assessment", assessment)}
        if audit_record is not None:
            params.update(_prefixed("audit", audit_record))
        execute_prebuilt(session, _in_one_statement(audited=audit_record is not None), params)
        return
    dialect = dialect_of(session).name
    call_pk = execute_prebuilt(session, calls.upsert_statement(dialect), call).scalar_one()
    execute_prebuilt(session, _INSERT_ASSESSMENT, {**assessment, "call_pk": call_pk})
    if audit_record is not None:
        execute_prebuilt(session, audit.INSERT, audit_record)


@cache
def _in_one_statement(*, audited: bool) -> Any:
    """WITH call AS (upsert RETURNING id), assessment AS (INSERT ... SELECT FROM call
    RETURNING id) INSERT INTO audit_events SELECT ... FROM assessment (or SELECT the id)."""
    call = calls.upsert_statement("postgresql").cte("call")
    columns = [c for c in _ASSESSMENTS.columns if c.name != "call_pk"]
    assessment = (
        insert(_ASSESSMENTS)
        .from_select(
            [c.name for c in columns] + ["call_pk"],
            select(*_bound("assessment", columns), call.c.id),
        )
        .returning(_ASSESSMENTS.c.id)
        .cte("assessment")
    )
    if not audited:
        return select(assessment.c.id).add_cte(call, assessment)
    audit_columns = [c for c in _AUDIT.columns if c.name != "id"]
    return (
        insert(_AUDIT)
        .from_select([c.name for c in audit_columns],
                     select(*_bound("audit", audit_columns)).select_from(assessment))
        .add_cte(call, assessment)
    )


def _bound(prefix: str, columns: list[Any]) -> list[Any]:
    return [bindparam(f"{prefix}_{c.name}", type_=c.type).label(c.name) for c in columns]


def _prefixed(prefix: str, values: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}_{name}": value for name, value in values.items()}

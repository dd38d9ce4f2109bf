"""Statements built once at import, compiled once per database, run on the driver's cursor.

For the assessment's hot path. `Connection.execute` costs more than the query itself for
these statements: on every execution it rebuilds the statement's cache key (a walk of the
whole statement tree), hashes it into the compiled cache, builds an execution context and
a result with its metadata; on PostgreSQL the metadata reads the cursor's description, which
psycopg builds anew each time (29 columns for an assessment's read). Here the statement is
compiled once, its parameter and result conversions looked up once, and each execution is
the driver's `execute` with the same SQL and parameters SQLAlchemy would have sent.

What SQLAlchemy gives a statement stays: it runs in the session's transaction on its
connection, the engine's `before_cursor_execute` and `after_cursor_execute` listeners see it
(statement logs, tracing), and a driver error is raised as SQLAlchemy's `DBAPIError`, a lost
connection invalidated and marked `connection_invalidated` (`db.retry_once_on_disconnect`).
A statement this path does not cover (defaults computed in Python, expanding IN lists,
result columns that are no Python names) runs through `Connection.execute` as before.
"""

from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Executable
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, NoResultFound
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any]


class Rows:
    """A statement's rows, fetched: the part of SQLAlchemy's `Result` the services use."""

    __slots__ = ("_rows",)

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def all(self) -> list[Any]:
        return self._rows

    def first(self) -> Any | None:
        return self._rows[0] if self._rows else None

    def scalar_one(self) -> Any:
        if len(self._rows) != 1:
            raise NoResultFound(f"expected one row, got {len(self._rows)}")
        return self._rows[0][0]


@dataclass(slots=True)
class _Compiled:
    """One statement as one dialect runs it, with the conversions of its values."""

    compiled: SQLCompiler
    sql: str
    positions: tuple[str, ...] | None  # parameter names in order, for positional drivers
    to_driver: tuple[tuple[str, Processor], ...]
    row: type | None  # the named tuple of a result row; None for a statement without rows
    column_types: tuple[Any, ...]  # the result columns' SQLAlchemy types
    from_driver: list[tuple[int, Processor]] | None = None  # looked up at the first result


_NOT_COVERED = object()
_compiled: dict[tuple[Executable, str, frozenset[str]], Any] = {}


def execute(connection: Connection, statement: Executable, params: Mapping[str, Any]) -> Any:
    """Run `statement` with `params` on `connection`; `Rows`, or SQLAlchemy's `Result` for a
    statement this path does not cover."""
    dialect = connection.dialect
    key = (statement, dialect.name, frozenset(params))
    prepared = _compiled.get(key)
    if prepared is None:
        prepared = _compiled[key] = _compile(statement, dialect, params)
    if prepared is _NOT_COVERED:
        return connection.execute(statement, params)
    return _run(connection, prepared, params)


def _compile(statement: Executable, dialect: Dialect, params: Mapping[str, Any]) -> Any:
    compiled = statement.compile(dialect=dialect, column_keys=sorted(params))
    assert isinstance(compiled, SQLCompiler)
    exported = list(getattr(statement, "exported_columns", ()))
    columns = [column.key for column in exported]
    if (compiled.insert_prefetch or compiled.update_prefetch or compiled.post_compile_params
            or compiled.literal_execute_params or compiled.escaped_bind_names
            or not all(name.isidentifier() and not name.startswith("_") for name in columns)
            or len(set(columns)) != len(columns)):
        return _NOT_COVERED
    to_driver: dict[str, Processor] = {}
    for bind, name in compiled.bind_names.items():  # a name may stand for several binds
        processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            to_driver.setdefault(name, processor)
    positional = dialect.positional and compiled.positiontup is not None
    return _Compiled(
        compiled=compiled,
        sql=compiled.string,
        positions=tuple(compiled.positiontup) if positional else None,  # type: ignore[arg-type]
        to_driver=tuple(to_driver.items()),
        row=namedtuple("Row", columns) if columns else None,  # type: ignore[misc]  # noqa: PYI024
        column_types=tuple(column.type for column in exported),
    )


def _driver_values(prepared: _Compiled, params: Mapping[str, Any]) -> Any:
    # construct_params is compiled in SQLAlchemy 2.1: a Python loop over precomputed sources
    # of each value was slower (the read: 74 against 64 us).
    values = prepared.compiled.construct_params(params)
    for name, processor in prepared.to_driver:
        values[name] = processor(values[name])
    if prepared.positions is None:
        return values
    return tuple([values[name] for name in prepared.positions])  # a tuple, as SQLAlchemy sends


def _run(connection: Connection, prepared: _Compiled, params: Mapping[str, Any]) -> Rows:
    sent: Sequence[Any] | Mapping[str, Any] = _driver_values(prepared, params)
    sql = prepared.sql
    cursor = connection.connection.cursor()
    try:
        # As Connection.execute calls them: a listener may return other SQL or parameters.
        for listener in connection.dispatch.before_cursor_execute:
            sql, sent = listener(connection, cursor, sql, sent, None, False)
        connection.dialect.do_execute(cursor, sql, sent)
        for listener in connection.dispatch.after_cursor_execute:
            listener(connection, cursor, sql, sent, None, False)
        rows = _fetch(prepared, cursor) if prepared.row is not None else []
    except connection.dialect.loaded_dbapi.Error as error:
        raise _translated(connection, cursor, sql, sent, error) from error
    finally:
        cursor.close()
    return Rows(rows)


def _fetch(prepared: _Compiled, cursor: Any) -> list[Any]:
    fetched = cursor.fetchall()
    make = prepared.row._make  # type: ignore[union-attr]
    convert = prepared.from_driver
    if convert is None:  # once, with the driver's column types, as SQLAlchemy looks them up
        convert = _result_processors(prepared, cursor)
    if not convert:
        return [make(values) for values in fetched]
    rows = []
    for values in fetched:
        values = list(values)
        for i, processor in convert:
            values[i] = processor(values[i])
        rows.append(make(values))
    return rows


def _result_processors(prepared: _Compiled, cursor: Any) -> list[tuple[int, Processor]]:
    dialect = prepared.compiled.dialect
    type_codes = [entry[1] for entry in cursor.description]
    processors = [(i, type_.dialect_impl(dialect).result_processor(dialect, code))
                  for i, (type_, code) in enumerate(zip(prepared.column_types, type_codes,
                                                        strict=True))]
    prepared.from_driver = [(i, processor) for i, processor in processors if processor]
    return prepared.from_driver


def _translated(connection: Connection, cursor: Any, sql: str, sent: Any,
                error: Exception) -> DBAPIError:
    """The driver's error as SQLAlchemy raises it; a lost connection is invalidated, so that
    the pool replaces it and the caller may try once more."""
    dialect = connection.dialect
    lost = dialect.is_disconnect(error, connection.connection.dbapi_connection, cursor)
    if lost:
        connection.invalidate(error)
    return DBAPIError.instance(sql, sent, error, dialect.loaded_dbapi.Error,
                               hide_parameters=connection.engine.hide_parameters,
                               connection_invalidated=lost, dialect=dialect)

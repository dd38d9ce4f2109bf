"""Everything a history shows about a citizen at a moment, read in one statement.

An assessment, a look-up and the console each need a citizen's calls counted in the
history's windows, the last five calls, the brobygger cases and the newest response plan.
Four statements cost four round trips on PostgreSQL, so the four statements of `history`,
`cases` and `plans` are sent as one `UNION ALL`: each part keeps its own columns (the
others NULL) and a `kind`, and its rows are handed back to the module that owns it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, cast, literal_column, null, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.visitors import replacement_traverse
from sqlalchemy.types import TypeEngine

from app.db.engine import AnyRow, AnySelect
from app.schemas.citizen import CaseRead, HistoryRead
from app.services.brobygger import cases, plans
from app.services.citizens import history, identity
from app.services.citizens.history import CallsSeen
from app.services.citizens.identity import Identity
from app.triage.history import FrequentCallerRule, HistoryMetrics
from app.triage.history import windows as history_windows
from app.triage.phase import Phase


def _parts(windows: tuple[int, ...]) -> dict[str, AnySelect]:
    return {
        "counts": history.counts(windows),  # one row: the calls in each window
        "recent": history.LAST_CALLS,
        "case": cases.CITIZEN_CASES,
        "plan": plans.NEWEST_PLAN,
    }


def _columns(parts: dict[str, AnySelect]) -> dict[str, TypeEngine[Any]]:
    """Every column of every part, by name, with its type; the parts agree where names meet."""
    columns: dict[str, TypeEngine[Any]] = {}
    for part in parts.values():
        for column in part.selected_columns:
            assert column.key is not None  # every column of the parts is named
            known = columns.setdefault(column.key, column.type)
            assert known._type_affinity is column.type._type_affinity, column.key
    return columns


def _union(parts: dict[str, AnySelect]) -> Any:
    columns = _columns(parts)
    selects: list[AnySelect] = []
    for kind, part in parts.items():
        own = part.subquery(f"{kind}_part")  # keeps each part's ORDER BY and LIMIT
        # The first select names and types every column; the union takes them from it.
        # (An untyped NULL there would be text to PostgreSQL.) Later NULLs need neither,
        # and the statement stays short: the driver re-reads it on every call.
        first = not selects
        selects.append(own.select().with_only_columns(
            literal_column(f"'{kind}'").label("kind"),
            *(own.c[name] if name in own.c
              else cast(null(), type_).label(name) if first else literal_column("NULL")
              for name, type_ in columns.items()),
        ))
    return union_all(*selects)


@cache
def _snapshot(windows: tuple[int, ...]) -> Any:
    """The UNION ALL of the parts, for a frequent-caller rule's windows."""
    return _union(_parts(windows))


@cache
def _snapshot_for_call(windows: tuple[int, ...]) -> Any:
    """The call's identifiers looked up, and the snapshot of the citizen they point at when
    linking changes nothing (`identity.PRESUMED_CITIZEN`), in one statement."""
    presumed = select(identity.PRESUMED_CITIZEN.label("citizen_id")).cte("presumed")
    of_presumed = select(presumed.c.citizen_id).scalar_subquery()

    def citizen_is_presumed(element: Any, **kw: Any) -> Any:
        if isinstance(element, BindParameter) and element.key == "citizen_id":
            return of_presumed
        return None

    parts = {"line": identity.LINE, "cpr": identity.CPR_CITIZEN,
             "presumed": select(presumed.c.citizen_id.label("presumed_id")),
             **_parts(windows)}
    return replacement_traverse(_union(parts), {}, citizen_is_presumed)


@dataclass(frozen=True)
class CitizenContext:
    """The brobygger side of a citizen's history at a moment."""

    phase: Phase = "none"
    case: CaseRead | None = None
    response_plan: str | None = None

    @property
    def open_case(self) -> bool:
        return self.phase == "during"


@dataclass(frozen=True)
class CitizenSnapshot:
    calls: CallsSeen
    context: CitizenContext

    def history(self, identity: Identity, figures: HistoryMetrics) -> HistoryRead:
        """The history as the API shows it, with these counts (the caller decides whether
        the call being assessed is among them)."""
        shown = history.history_read(identity, figures, self.calls.recent)
        shown.case, shown.phase = self.context.case, self.context.phase
        shown.response_plan = self.context.response_plan
        return shown


@dataclass(frozen=True)
class CallSnapshot:
    """What is known of a call's identifiers, and the snapshot of the citizen presumed."""

    known: identity.Known
    presumed_id: int | None
    snapshot: "CitizenSnapshot"

    def of(self, found: Identity) -> "CitizenSnapshot | None":
        """The snapshot, when it is of the citizen the call was found to be about."""
        citizen = found.citizen
        return self.snapshot if citizen is not None and citizen.id == self.presumed_id else None


def read(
    session: Session, citizen_id: int, *, as_of: datetime, rule: FrequentCallerRule,
    leave_out: str | None = None,
) -> CitizenSnapshot:
    """The citizen's calls, case, phase and plan as of `as_of`, without the call `leave_out`;
    the calls counted in the windows that `rule` needs."""
    windows = history_windows(rule)
    params = history.params(citizen_id, as_of, leave_out, windows)
    return _from_rows(_rows(session, _snapshot(windows), params), as_of=as_of, windows=windows)


def read_for_call(
    session: Session, hashes: dict[str, str | None], *, as_of: datetime,
    rule: FrequentCallerRule, leave_out: str,
) -> CallSnapshot:
    """`identity.look_up` and `read` of the citizen the identifiers point at, in one
    statement: for a call whose linking changes nothing (`identity.settled`)."""
    windows = history_windows(rule)
    params = {**history.params(0, as_of, leave_out, windows), **hashes}
    rows = _rows(session, _snapshot_for_call(windows), params)
    line, cpr = rows["line"], rows["cpr"]
    return CallSnapshot(
        known=identity.Known.of(hashes, line[0] if line else None, cpr[0] if cpr else None),
        presumed_id=rows["presumed"][0].presumed_id,
        snapshot=_from_rows(rows, as_of=as_of, windows=windows),
    )


def _rows(session: Session, statement: Any, params: dict[str, Any]) -> dict[str, list[AnyRow]]:
    rows: dict[str, list[AnyRow]] = defaultdict(list)
    # A Core statement on the session's connection, in its transaction: the ORM's own
    # execution path would cost more than the query (bench/README.md, run O).
    for row in session.connection().execute(statement, params).all():
        rows[row.kind].append(row)
    return rows


def _from_rows(
    rows: dict[str, list[AnyRow]], *, as_of: datetime, windows: tuple[int, ...]
) -> CitizenSnapshot:
    # A union keeps no order: each part's own, newest first, is restored here.
    recent = sorted(rows["recent"], key=lambda row: row.received_at, reverse=True)
    citizen_cases = sorted(rows["case"], key=lambda row: (row.opened_at, row.id), reverse=True)
    phase, case = cases.phase_of(citizen_cases, as_of=as_of)
    plan = rows["plan"][0] if rows["plan"] else None
    return CitizenSnapshot(
        calls=history.calls_seen(rows["counts"][0], recent, windows=windows),
        context=CitizenContext(
            phase=phase,
            case=cases.case_read(case) if case else None,
            response_plan=plans.text(plan) if plan else None,
        ),
    )

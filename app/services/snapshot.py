"""Everything a history shows about a citizen at a moment, read in one statement.

An assessment, a look-up and the console each need a citizen's calls of the year, the
last five calls, the brobygger cases and the newest response plan. Four statements cost
four round trips on PostgreSQL, so the four prebuilt statements of `history`, `cases` and
`plans` are sent as one `UNION ALL`: each part keeps its own columns (the others NULL) and
a `kind`, and its rows are handed back to the module that owns it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, cast, literal, null, union_all
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from app.db import execute_prebuilt
from app.schemas.citizen import CaseRead, HistoryRead
from app.services import cases, history, plans
from app.services.history import CallsSeen
from app.services.identity import Identity
from app.triage.history import HistoryMetrics
from app.triage.phase import Phase

_PARTS: dict[str, Select[Any]] = {
    "year": history.YEAR_AND_THIS_CALL,  # the year's calls and the call being assessed
    "recent": history.LAST_CALLS,
    "case": cases.CITIZEN_CASES,
    "plan": plans.NEWEST_PLAN,
}


def _columns() -> dict[str, TypeEngine[Any]]:
    """Every column of every part, by name, with its type; the parts agree where names meet."""
    columns: dict[str, TypeEngine[Any]] = {}
    for part in _PARTS.values():
        for column in part.selected_columns:
            known = columns.setdefault(column.key, column.type)
            assert known._type_affinity is column.type._type_affinity, column.key
    return columns


def _union() -> Any:
    columns = _columns()
    selects = []
    for kind, part in _PARTS.items():
        own = part.subquery(f"{kind}_part")  # keeps each part's ORDER BY and LIMIT
        # Each NULL says its type: PostgreSQL would take an untyped one for text.
        selects.append(own.select().with_only_columns(
            literal(kind).label("kind"),
            *(own.c[name] if name in own.c else cast(null(), type_).label(name)
              for name, type_ in columns.items()),
        ))
    return union_all(*selects)


_SNAPSHOT = _union()


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


def read(
    session: Session, citizen_id: int, *, as_of: datetime, leave_out: str | None = None
) -> CitizenSnapshot:
    """The citizen's calls, case, phase and plan as of `as_of`, without the call `leave_out`."""
    rows: dict[str, list[Row[Any]]] = defaultdict(list)
    for row in execute_prebuilt(session, _SNAPSHOT, history.params(citizen_id, as_of, leave_out)):
        rows[row.kind].append(row)
    # A union keeps no order: each part's own, newest first, is restored here.
    recent = sorted(rows["recent"], key=lambda row: row.received_at, reverse=True)
    citizen_cases = sorted(rows["case"], key=lambda row: (row.opened_at, row.id), reverse=True)
    phase, case = cases.phase_of(citizen_cases, as_of=as_of)
    plan = rows["plan"][0] if rows["plan"] else None
    return CitizenSnapshot(
        calls=history.calls_seen(rows["year"], recent, leave_out=leave_out),
        context=CitizenContext(
            phase=phase,
            case=cases.case_read(case) if case else None,
            response_plan=plans.text(plan) if plan else None,
        ),
    )

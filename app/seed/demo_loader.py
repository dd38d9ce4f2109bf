"""Load generated demo data fast: the linking rules replayed in memory, then bulk inserts.

The rules are the same pure decisions the live resolver applies (`app.triage.linking`),
so demo citizens are linked exactly as live calls would link them.
"""

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import Base, table_of, unit_of_work
from app.demo import records
from app.demo.generator import DemoData
from app.identifiers import normalise_phone, parse_cpr
from app.models import Call, CallOutcome, Citizen, PhoneLine
from app.models.case import BrobyggerCase, CaseEvent
from app.services.citizens.pseudonym import Pseudonymiser, new_pseudonym
from app.triage import linking
from app.triage.notes.scrub import scrub_identifiers


class NotEmpty(RuntimeError):
    """Demo data go only into a database without calls."""


def has_calls(session: Session) -> bool:
    """Whether the database holds any call yet."""
    return bool(session.scalar(select(func.count()).select_from(Call)))


class _Linker:
    """Citizens and phone lines in memory, linked by the live rules."""

    def __init__(self) -> None:
        self.cpr_of: list[str | None] = []  # local citizen number -> CPR hash
        self.by_cpr: dict[str, int] = {}
        self.lines: dict[str, linking.Line[int]] = {}
        self.merged_into: dict[int, int] = {}

    def resolve(self, cpr_hash: str | None, phone_hash: str) -> int | None:
        line = self.lines.get(phone_hash)
        if cpr_hash is not None:
            citizen = self.by_cpr.get(cpr_hash)
            if citizen is None:
                citizen = self.by_cpr[cpr_hash] = self._new(cpr_hash)
            other = self.find(line.citizen) if line and line.citizen is not None else None
            decision = linking.phone_with_cpr(
                line and linking.Line(other, line.shared),
                cpr_citizen=citizen,
                line_citizen_has_cpr=other is not None and self.cpr_of[other] is not None,
            )
            if decision == "link":
                self.lines[phone_hash] = linking.Line(citizen)
            elif decision == "merge":
                assert other is not None  # a merge joins the line's citizen
                self.merged_into[other] = citizen
                self.lines[phone_hash] = linking.Line(citizen)
            elif decision == "share":
                self.lines[phone_hash] = linking.Line(None, shared=True)
            return citizen
        alone = linking.phone_alone(line)
        if alone == "new":
            citizen = self._new(None)
            self.lines[phone_hash] = linking.Line(citizen)
            return citizen
        if alone == "shared" or line is None or line.citizen is None:
            return None
        return self.find(line.citizen)

    def find(self, citizen: int) -> int:
        while citizen in self.merged_into:
            citizen = self.merged_into[citizen]
        return citizen

    def _new(self, cpr_hash: str | None) -> int:
        self.cpr_of.append(cpr_hash)
        return len(self.cpr_of) - 1


def load(
    factory: sessionmaker[Session],
    data: DemoData,
    pseudonymiser: Pseudonymiser,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Store every demo call and outcome in one transaction; returns the number of calls."""
    linker = _Linker()
    calls = sorted(data.calls, key=lambda call: call.received_at)
    linked: list[tuple[int | None, str]] = []
    for call in calls:
        cpr = pseudonymiser.cpr(parse_cpr(call.cpr).digits) if call.cpr else None
        phone = pseudonymiser.phone(normalise_phone(call.caller_phone))
        linked.append((linker.resolve(cpr, phone), phone))
    now = datetime.now(UTC)
    with unit_of_work(factory) as session:
        if has_calls(session):
            raise NotEmpty("the database has calls already; demo data go only into an empty one")
        alive = sorted(
            {linker.find(c) for c, _ in linked if c is not None}
            | {
                linker.find(line.citizen)
                for line in linker.lines.values()
                if line.citizen is not None
            }
        )
        # Keys are given here, not returned: a RETURNING per row would make this quadratic.
        first_citizen = _next_id(session, Citizen)
        db_id = {c: first_citizen + n for n, c in enumerate(alive)}
        session.execute(
            insert(table_of(Citizen)),
            [
                {
                    "id": db_id[c],
                    "pseudonym": new_pseudonym(),
                    "cpr_hash": linker.cpr_of[c],
                    "created_at": now,
                }
                for c in alive
            ],
        )
        session.execute(
            insert(table_of(PhoneLine)),
            [
                {
                    "phone_hash": phone,
                    "shared": line.shared,
                    "first_seen_at": now,
                    "citizen_id": None
                    if line.citizen is None
                    else db_id[linker.find(line.citizen)],
                }
                for phone, line in linker.lines.items()
            ],
        )
        if progress:
            progress(len(calls) // 3, len(calls))
        first_call = _next_id(session, Call)
        call_ids = range(first_call, first_call + len(calls))
        session.execute(
            insert(table_of(Call)),
            [
                {
                    "id": pk,
                    **_call_row(call, db_id[linker.find(c)] if c is not None else None, phone, now),
                }
                for pk, call, (c, phone) in zip(call_ids, calls, linked, strict=True)
            ],
        )
        outcomes = data.outcomes_by_call()
        session.execute(
            insert(table_of(CallOutcome)),
            [
                _outcome_row(outcomes[call.call_id], pk, now)
                for call, pk in zip(calls, call_ids, strict=True)
                if call.call_id in outcomes
            ],
        )
        person = {
            call.citizen_key: db_id[linker.find(c)]
            for call, (c, _) in zip(calls, linked, strict=True)
            if c is not None
        }
        _load_cases(session, data, person)
        _advance_sequences(session, (Citizen, Call))
    if progress:
        progress(len(calls), len(calls))
    return len(calls)


def _next_id(session: Session, model: type[Citizen | Call]) -> int:
    return (session.scalar(select(func.max(model.id))) or 0) + 1


def _advance_sequences(session: Session, models: tuple[type[Base], ...]) -> None:
    """PostgreSQL's id sequences must move past keys given explicitly."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        )


def _load_cases(session: Session, data: DemoData, person: dict[str, int]) -> None:
    """The generator's brobygger cases, opened by a brobygger, closed when the data say so."""
    for case in data.cases:
        citizen_id = person.get(case.citizen_key)
        if citizen_id is None:  # never identified on any call: no one to attach it to
            continue
        closed = case.closed_at is not None
        row = BrobyggerCase(
            citizen_id=citizen_id,
            status="closed" if closed else "active",
            source="brobygger",
            needs=[],
            opened_at=case.opened_at,
            closed_at=case.closed_at,
            updated_at=case.closed_at or case.opened_at,
        )
        session.add(row)
        session.flush()
        session.add(
            CaseEvent(
                case_id=row.id,
                at=case.opened_at,
                actor="demo",
                from_status=None,
                to_status="active",
                note="demo case",
            )
        )
        if closed:
            session.add(
                CaseEvent(
                    case_id=row.id,
                    at=case.closed_at,
                    actor="demo",
                    from_status="active",
                    to_status="closed",
                    note="demo case",
                )
            )


def _call_row(
    call: records.Call, citizen_id: int | None, phone_hash: str, now: datetime
) -> dict[str, object]:
    return {
        "call_id": call.call_id,
        "received_at": call.received_at,
        "citizen_id": citizen_id,
        "phone_hash": phone_hash,
        "cpr_given": call.cpr is not None,
        "age": call.age,
        "sex": call.sex,
        "municipality_code": call.municipality_code,
        "index_chapter": call.index_chapter,
        "urgency": call.urgency,
        "symptoms": list(call.symptoms),
        "notes": scrub_identifiers(call.notes),
        "created_at": now,
        "updated_at": now,
    }


def _outcome_row(outcome: records.Outcome, call_pk: int, now: datetime) -> dict[str, object]:
    return {
        "call_pk": call_pk,
        "dispatched": outcome.dispatched,
        "ambulance_urgency": outcome.ambulance_urgency,
        "medical_need": outcome.medical_need,
        "social_need": outcome.social_need,
        "conveyed": outcome.conveyed,
        "recorded_by": "demo",
        "recorded_at": now,
        "updated_at": now,
    }

"""The brobyggere's use cases behind the API: find the citizen, act, audit-log every read."""

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.models import BrobyggerCase, Citizen
from app.schemas.brobygger import (
    CallbackComplete,
    CallbackRead,
    CaseCreate,
    CaseDetail,
    CaseStatusChange,
    CaseSummary,
    CitizenLookup,
    CitizenRef,
    ResponsePlanRead,
    ResponsePlanWrite,
)
from app.services.access import audit
from app.services.access.audit import Actor
from app.services.brobygger import callbacks, cases, plans
from app.services.citizens.citizen_ref import get_citizen
from app.services.citizens.pseudonym import Pseudonymiser


def create_case(
    session: Session, pseudonymiser: Pseudonymiser, body: CaseCreate, *, actor: Actor
) -> CaseDetail:
    """Refer a known caller to the brobyggere (by a call-handler or a brobygger)."""
    citizen = get_citizen(session, pseudonymiser, body)
    municipality = body.municipality_code or cases.last_known_municipality(session, citizen.id)
    case = cases.create(session, citizen=citizen, needs=body.needs,
                        municipality_code=municipality, source=actor.role,
                        actor=actor.name, call_id=body.call_id, note=body.note)
    audit.record(session, actor=actor, action="case.create", citizen_pseudonym=citizen.pseudonym,
                 call_id=body.call_id)
    return cases.detail(session, case, citizen.pseudonym)


def get_all_cases(
    session: Session, *, actor: Actor, status: str | None, citizen_pseudonym: str | None = None
) -> list[CaseSummary]:
    """Cases by status (or the open ones), each listed citizen audit-logged."""
    citizen_id = None
    if citizen_pseudonym is not None:
        citizen = get_citizen(session, None, CitizenRef(citizen_pseudonym=citizen_pseudonym))
        citizen_id = citizen.id
    rows = cases.get_all(session, status=status, citizen_id=citizen_id)
    return _summaries(session, rows, actor=actor, purpose=f"case list ({status or 'all'})")


def look_up_cases(
    session: Session, pseudonymiser: Pseudonymiser, body: CitizenLookup, *, actor: Actor
) -> list[CaseSummary]:
    """A citizen's cases, found by CPR and/or phone; the purpose is audit-logged."""
    citizen = get_citizen(session, pseudonymiser, body)
    return _summaries(session, cases.get_all(session, citizen_id=citizen.id), actor=actor,
                      purpose=body.purpose, always=citizen.pseudonym)


def get_case(session: Session, case_id: int, *, actor: Actor) -> CaseDetail:
    """One case with its events; audit-logged."""
    case = cases.get(session, case_id)
    pseudonym = _pseudonyms(session, [case.citizen_id])[case.citizen_id]
    audit.record(session, actor=actor, action="case.read", citizen_pseudonym=pseudonym)
    return cases.detail(session, case, pseudonym)


def change_case_status(
    session: Session, case_id: int, body: CaseStatusChange, *, actor: Actor
) -> CaseDetail:
    """Move a case on, with who, when and why."""
    case = cases.get(session, case_id)
    cases.change_status(session, case, status=body.status, note=body.note, actor=actor.name,
                        municipality_code=body.municipality_code, contact_id=body.contact_id,
                        needs=body.needs)
    pseudonym = _pseudonyms(session, [case.citizen_id])[case.citizen_id]
    audit.record(session, actor=actor, action=f"case.status.{body.status}",
                 citizen_pseudonym=pseudonym)
    return cases.detail(session, case, pseudonym)


def callback_worklist(
    session: Session, *, actor: Actor, settings: Settings, status: str = "open"
) -> list[CallbackRead]:
    """The callback worklist; every listed citizen audit-logged."""
    items = callbacks.worklist(session, rule=settings.caller_rule, now=datetime.now(UTC),
                               status=status)
    for pseudonym in dict.fromkeys(i.citizen_pseudonym for i in items if i.citizen_pseudonym):
        audit.record(session, actor=actor, action="callbacks.read.worklist",
                     citizen_pseudonym=pseudonym)
    return items


def complete_callback(
    session: Session, callback_id: int, body: CallbackComplete, *, actor: Actor, settings: Settings
) -> CallbackRead:
    """Record that the callback was made, or that nobody answered."""
    callback = callbacks.get(session, callback_id)
    now = datetime.now(UTC)
    callbacks.complete(session, callback, outcome=body.outcome, note=body.note, actor=actor.name,
                       schedule=settings.brobygger_schedule, now=now)
    item = callbacks.read(session, callback, rule=settings.caller_rule, now=now)
    audit.record(session, actor=actor, action=f"callback.{body.outcome}",
                 citizen_pseudonym=item.citizen_pseudonym, call_id=item.call_id)
    return item


def read_plan(
    session: Session, pseudonymiser: Pseudonymiser | None, ref: CitizenRef, *, actor: Actor,
    with_history: bool = False, purpose: str | None = None,
) -> ResponsePlanRead | None:
    """The citizen's newest response plan (None when there is none); audit-logged."""
    citizen = get_citizen(session, pseudonymiser, ref)
    audit.record(session, actor=actor, action="response_plan.read",
                 citizen_pseudonym=citizen.pseudonym, purpose=purpose)
    return plans.read(session, citizen, with_history=with_history)


def write_plan(
    session: Session, pseudonymiser: Pseudonymiser, body: ResponsePlanWrite, *, actor: Actor
) -> ResponsePlanRead:
    """Save a new version of the citizen's response plan."""
    citizen = get_citizen(session, pseudonymiser, body)
    plans.save(session, citizen, helps=body.helps, contacts=body.contacts, avoid=body.avoid,
               actor=actor.name, based_on_version=body.based_on_version)
    audit.record(session, actor=actor, action="response_plan.write",
                 citizen_pseudonym=citizen.pseudonym)
    shown = plans.read(session, citizen)
    assert shown is not None
    return shown


def _summaries(
    session: Session, rows: list[BrobyggerCase], *, actor: Actor, purpose: str,
    always: str | None = None,
) -> list[CaseSummary]:
    names = _pseudonyms(session, {row.citizen_id for row in rows})
    for pseudonym in dict.fromkeys([*([always] if always else []), *names.values()]):
        audit.record(session, actor=actor, action="cases.read.list",
                     citizen_pseudonym=pseudonym, purpose=purpose)
    return [cases.summary(row, names[row.citizen_id]) for row in rows]


def _pseudonyms(session: Session, citizen_ids: Iterable[int]) -> dict[int, str]:
    ids = list(citizen_ids)
    rows = session.execute(select(Citizen.id, Citizen.pseudonym).where(Citizen.id.in_(ids)))
    return {citizen_id: pseudonym for citizen_id, pseudonym in rows}

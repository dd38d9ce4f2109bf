"""Linking calls to citizens by CPR and by phone number, through keyed hashes only.

Rules: a CPR number identifies a citizen. A phone number links to the one citizen it was
seen with. A phone-only citizen is joined to the CPR citizen when a call brings both. A
phone seen with two different CPR numbers is a shared line and links no one by itself.
"""

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.identifiers import Cpr
from app.models import BrobyggerCase, Call, Callback, Citizen, PhoneLine, ResponsePlan
from app.services.pseudonym import Pseudonymiser, new_pseudonym
from app.triage import linking

LinkedBy = Literal["cpr", "phone"]


@dataclass(frozen=True)
class Identity:
    """Who a call or look-up is about, as far as the identifiers tell."""

    citizen: Citizen | None
    linked_by: LinkedBy | None
    shared_phone: bool
    phone_hash: str | None


def resolve(
    session: Session, hasher: Pseudonymiser, *, cpr: Cpr | None, phone: str | None
) -> Identity:
    """Find or create the citizen behind a call, linking and merging as the rules say."""
    phone_hash = hasher.phone(phone) if phone else None
    line = session.get(PhoneLine, phone_hash) if phone_hash else None
    if cpr is not None:
        citizen = _get_or_create_by_cpr(session, hasher.cpr(cpr.digits))
        if phone_hash is not None:
            line = _link_phone(session, line, phone_hash, citizen)
        return Identity(citizen, "cpr", bool(line and line.shared), phone_hash)
    if phone_hash is None:
        return Identity(None, None, False, None)
    decision = linking.phone_alone(_state(line))
    if decision == "new":
        citizen = _create_citizen(session, cpr_hash=None)
        session.add(PhoneLine(phone_hash=phone_hash, citizen_id=citizen.id))
        session.flush()
        return Identity(citizen, "phone", False, phone_hash)
    if decision == "shared":
        return Identity(None, None, True, phone_hash)
    assert line is not None
    return Identity(session.get(Citizen, line.citizen_id), "phone", False, phone_hash)


def find(
    session: Session, hasher: Pseudonymiser, *, cpr: Cpr | None, phone: str | None
) -> Identity:
    """Find the citizen without creating or linking anything (look-ups)."""
    phone_hash = hasher.phone(phone) if phone else None
    line = session.get(PhoneLine, phone_hash) if phone_hash else None
    shared = bool(line and line.shared)
    if cpr is not None:
        citizen = session.scalar(select(Citizen).where(Citizen.cpr_hash == hasher.cpr(cpr.digits)))
        if citizen is not None:
            return Identity(current(session, citizen), "cpr", shared, phone_hash)
    if line is not None and line.citizen_id is not None and not line.shared:
        citizen = session.get(Citizen, line.citizen_id)
        return Identity(current(session, citizen), "phone", False, phone_hash)
    return Identity(None, None, shared, phone_hash)


def current(session: Session, citizen: Citizen | None) -> Citizen | None:
    """The citizen a merged citizen was joined into (or the citizen itself)."""
    while citizen is not None and citizen.merged_into_id is not None:
        citizen = session.get(Citizen, citizen.merged_into_id)
    return citizen


def _get_or_create_by_cpr(session: Session, cpr_hash: str) -> Citizen:
    existing = session.scalar(select(Citizen).where(Citizen.cpr_hash == cpr_hash))
    if existing is not None:
        return existing
    try:
        # A savepoint, so that a concurrent insert of the same CPR costs a retry, not the request.
        with session.begin_nested():
            return _create_citizen(session, cpr_hash=cpr_hash)
    except IntegrityError:
        return session.scalars(select(Citizen).where(Citizen.cpr_hash == cpr_hash)).one()


def _create_citizen(session: Session, *, cpr_hash: str | None) -> Citizen:
    citizen = Citizen(pseudonym=new_pseudonym(), cpr_hash=cpr_hash)
    session.add(citizen)
    session.flush()
    return citizen


def _link_phone(
    session: Session, line: PhoneLine | None, phone_hash: str, citizen: Citizen
) -> PhoneLine:
    other = session.get(Citizen, line.citizen_id) if line and line.citizen_id is not None else None
    decision = linking.phone_with_cpr(_state(line), cpr_citizen=citizen.id,
                                      line_citizen_has_cpr=bool(other and other.cpr_hash))
    if decision == "link":
        line = PhoneLine(phone_hash=phone_hash, citizen_id=citizen.id)
        session.add(line)
    elif decision == "merge":
        assert other is not None
        merge(session, source=other, target=citizen)
    elif decision == "share":
        assert line is not None
        line.shared, line.citizen_id = True, None
    session.flush()
    assert line is not None
    return line


def _state(line: PhoneLine | None) -> linking.Line | None:
    return None if line is None else linking.Line(citizen=line.citizen_id, shared=line.shared)


def merge(session: Session, *, source: Citizen, target: Citizen) -> None:
    """Join a phone-only citizen into the citizen a CPR number identified."""
    for model in MERGED_TABLES:
        session.execute(
            update(model).where(model.citizen_id == source.id).values(citizen_id=target.id)
        )
    source.merged_into_id = target.id
    session.flush()


# Every table that points at a citizen moves with a merge; later features add theirs here.
MERGED_TABLES: list[type] = [Call, PhoneLine, BrobyggerCase, Callback, ResponsePlan]

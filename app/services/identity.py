"""Linking calls to citizens by CPR and by phone number, through keyed hashes only.

Rules: a CPR number identifies a citizen. A phone number links to the one citizen it was
seen with. A phone-only citizen is joined to the CPR citizen when a call brings both. A
phone seen with two different CPR numbers is a shared line and links no one by itself.
"""

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import execute_prebuilt
from app.identifiers import Cpr
from app.models import BrobyggerCase, Call, Callback, Citizen, PhoneLine, ResponsePlan
from app.services.pseudonym import Pseudonymiser, new_pseudonym
from app.triage import linking

LinkedBy = Literal["cpr", "phone"]


@dataclass(frozen=True)
class KnownCitizen:
    """A citizen as a call or look-up needs them: the key, and the pseudonym shown and logged."""

    id: int
    pseudonym: str

    @classmethod
    def of(cls, citizen: Citizen) -> "KnownCitizen":
        return cls(citizen.id, citizen.pseudonym)


@dataclass(frozen=True)
class Identity:
    """Who a call or look-up is about, as far as the identifiers tell."""

    citizen: KnownCitizen | None
    linked_by: LinkedBy | None
    shared_phone: bool
    phone_hash: str | None


# Built once: every assessment reads a phone line and, with a CPR number, a citizen.
_PHONE_LINE = (
    select(PhoneLine.citizen_id, PhoneLine.shared, Citizen.pseudonym, Citizen.cpr_hash)
    .outerjoin(Citizen, Citizen.id == PhoneLine.citizen_id)
    .where(PhoneLine.phone_hash == bindparam("phone_hash"))
)
_BY_CPR = select(Citizen.id, Citizen.pseudonym).where(Citizen.cpr_hash == bindparam("cpr_hash"))


def resolve(
    session: Session, hasher: Pseudonymiser, *, cpr: Cpr | None, phone: str | None
) -> Identity:
    """Find or create the citizen behind a call, linking and merging as the rules say."""
    phone_hash = hasher.phone(phone) if phone else None
    line = _phone_line(session, phone_hash)
    if cpr is not None:
        citizen = _get_or_create_by_cpr(session, hasher.cpr(cpr.digits))
        shared = _link_phone(session, line, phone_hash, citizen) if phone_hash else False
        return Identity(citizen, "cpr", shared, phone_hash)
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
    return Identity(KnownCitizen(line.citizen_id, line.pseudonym), "phone", False, phone_hash)


def find(
    session: Session, hasher: Pseudonymiser, *, cpr: Cpr | None, phone: str | None
) -> Identity:
    """Find the citizen without creating or linking anything (look-ups)."""
    phone_hash = hasher.phone(phone) if phone else None
    line = _phone_line(session, phone_hash)
    shared = bool(line and line.shared)
    if cpr is not None:
        citizen = _by_cpr(session, hasher.cpr(cpr.digits))
        if citizen is not None:
            return Identity(citizen, "cpr", shared, phone_hash)
    if line is not None and line.citizen_id is not None and not line.shared:
        return Identity(KnownCitizen(line.citizen_id, line.pseudonym), "phone", False, phone_hash)
    return Identity(None, None, shared, phone_hash)


def current(session: Session, citizen: Citizen | None) -> Citizen | None:
    """The citizen a merged citizen was joined into (or the citizen itself)."""
    while citizen is not None and citizen.merged_into_id is not None:
        citizen = session.get(Citizen, citizen.merged_into_id)
    return citizen


def _phone_line(session: Session, phone_hash: str | None) -> Row[Any] | None:
    # Lines never point at a merged citizen: a merge moves them to the citizen joined into.
    if phone_hash is None:
        return None
    return execute_prebuilt(session, _PHONE_LINE, {"phone_hash": phone_hash}).first()


def _by_cpr(session: Session, cpr_hash: str) -> KnownCitizen | None:
    # Citizens with a CPR number are never merged into another: only phone-only ones are.
    row = execute_prebuilt(session, _BY_CPR, {"cpr_hash": cpr_hash}).first()
    return KnownCitizen(row.id, row.pseudonym) if row else None


def _get_or_create_by_cpr(session: Session, cpr_hash: str) -> KnownCitizen:
    existing = _by_cpr(session, cpr_hash)
    if existing is not None:
        return existing
    try:
        # A savepoint, so that a concurrent insert of the same CPR costs a retry, not the request.
        with session.begin_nested():
            return _create_citizen(session, cpr_hash=cpr_hash)
    except IntegrityError:
        found = _by_cpr(session, cpr_hash)
        assert found is not None
        return found


def _create_citizen(session: Session, *, cpr_hash: str | None) -> KnownCitizen:
    citizen = Citizen(pseudonym=new_pseudonym(), cpr_hash=cpr_hash)
    session.add(citizen)
    session.flush()
    return KnownCitizen.of(citizen)


def _link_phone(
    session: Session, line: Row[Any] | None, phone_hash: str, citizen: KnownCitizen
) -> bool:
    """Apply the linking rule for a call with CPR and phone; True when the line is shared."""
    decision = linking.phone_with_cpr(_state(line), cpr_citizen=citizen.id,
                                      line_citizen_has_cpr=bool(line and line.cpr_hash))
    if decision == "keep":
        return bool(line and line.shared)
    if decision == "link":
        session.add(PhoneLine(phone_hash=phone_hash, citizen_id=citizen.id))
    elif decision == "merge":
        assert line is not None
        merge(session, source_id=line.citizen_id, target_id=citizen.id)
    else:  # share
        session.execute(update(PhoneLine).where(PhoneLine.phone_hash == phone_hash)
                        .values(shared=True, citizen_id=None))
    session.flush()
    return decision == "share"


def _state(line: Row[Any] | None) -> linking.Line | None:
    return None if line is None else linking.Line(citizen=line.citizen_id, shared=line.shared)


def merge(session: Session, *, source_id: int, target_id: int) -> None:
    """Join a phone-only citizen into the citizen a CPR number identified."""
    for model in MERGED_TABLES:
        session.execute(
            update(model).where(model.citizen_id == source_id).values(citizen_id=target_id)
        )
    session.execute(update(Citizen).where(Citizen.id == source_id)
                    .values(merged_into_id=target_id))
    session.flush()


# Every table that points at a citizen moves with a merge; later features add theirs here.
MERGED_TABLES: list[type] = [Call, PhoneLine, BrobyggerCase, Callback, ResponsePlan]

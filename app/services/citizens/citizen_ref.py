"""Finding the citizen a brobygger means: by CPR and/or phone, or by pseudonym; never creating."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Citizen
from app.schemas.brobygger import CitizenRef
from app.services.citizens.identity import current, identify
from app.services.citizens.pseudonym import Pseudonymiser


class CitizenNotFound(LookupError):
    """No known citizen matches; the message says which identifiers were tried."""


def get_citizen(session: Session, pseudonymiser: Pseudonymiser | None, ref: CitizenRef) -> Citizen:
    """The (current, after merges) citizen the reference names, or CitizenNotFound."""
    if ref.citizen_pseudonym is not None:
        citizen = session.scalar(select(Citizen).where(Citizen.pseudonym == ref.citizen_pseudonym))
        found = current(session, citizen)
        if found is None:
            raise CitizenNotFound(f"no citizen with pseudonym '{ref.citizen_pseudonym}'")
        return found
    if pseudonymiser is None:
        raise ValueError("finding a citizen by CPR or phone needs the pseudonymiser")
    identity = identify(session, pseudonymiser, cpr=ref.cpr, phone=ref.phone)
    if identity.citizen is None:
        given = (("CPR", ref.cpr), ("phone", ref.phone))
        tried = " or ".join(name for name, value in given if value)
        shared = " (the phone line is shared: give the CPR number)" if identity.shared_phone else ""
        raise CitizenNotFound(f"no earlier 112 caller is known by this {tried}{shared}")
    citizen = session.get(Citizen, identity.citizen.id)
    assert citizen is not None
    return citizen


def by_id(session: Session, citizen_id: int | None) -> Citizen | None:
    """A citizen by key."""
    return session.get(Citizen, citizen_id) if citizen_id is not None else None

"""Linking calls to citizens by CPR and by phone number, through keyed hashes only.

Rules: a CPR number identifies a citizen. A phone number links to the one citizen it was
seen with. A phone-only citizen is joined to the CPR citizen when a call brings both. A
phone seen with two different CPR numbers is a shared line and links no one by itself.
"""

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import String, bindparam, func, literal, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.engine import AnyRow
from app.identifiers import Cpr
from app.models import BrobyggerCase, Call, Callback, Citizen, PhoneLine, ResponsePlan
from app.services.citizens.pseudonym import Pseudonymiser, new_pseudonym
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


# Built once: every assessment reads what is known of its phone number and CPR number, in
# one statement (one round trip): the phone's line with the citizen it links, and the
# citizen with the CPR number. A NULL hash matches nothing. `snapshot` sends them with the
# citizen's history.
LINE = (
    select(PhoneLine.citizen_id, PhoneLine.shared, Citizen.pseudonym, Citizen.cpr_hash)
    .outerjoin(Citizen, Citizen.id == PhoneLine.citizen_id)
    .where(PhoneLine.phone_hash == bindparam("phone_hash", type_=String))
)
CPR_CITIZEN = (
    select(Citizen.id.label("citizen_id"), literal(False).label("shared"), Citizen.pseudonym,
           Citizen.cpr_hash)
    .where(Citizen.cpr_hash == bindparam("cpr_hash", type_=String))
)
_KNOWN = union_all(LINE.add_columns(literal("line").label("kind")),
                   CPR_CITIZEN.add_columns(literal("cpr").label("kind")))
# The citizen the identifiers point at if linking changes nothing (`settled`): the CPR
# number's; without a CPR number, the one an unshared line links.
PRESUMED_CITIZEN = func.coalesce(
    CPR_CITIZEN.with_only_columns(Citizen.id).scalar_subquery(),
    LINE.with_only_columns(PhoneLine.citizen_id)
    .where(PhoneLine.shared.is_(False), bindparam("cpr_hash", type_=String).is_(None))
    .scalar_subquery(),
)


@dataclass(frozen=True)
class Known:
    """What the database knows of a call's identifiers, before anything is linked."""

    phone_hash: str | None
    cpr_hash: str | None
    line: linking.Line[int] | None
    line_citizen: KnownCitizen | None
    line_citizen_has_cpr: bool
    cpr_citizen: KnownCitizen | None

    @classmethod
    def of(cls, hashes: dict[str, str | None], line: AnyRow | None,
           cpr_citizen: AnyRow | None) -> "Known":
        """From the rows of LINE and CPR_CITIZEN (None where there was none)."""
        line_citizen = None
        if line is not None and line.citizen_id is not None:
            # Lines never point at a merged citizen: a merge moves them to the citizen
            # joined into.
            line_citizen = KnownCitizen(line.citizen_id, line.pseudonym)
        return cls(
            phone_hash=hashes["phone_hash"],
            cpr_hash=hashes["cpr_hash"],
            line=linking.Line(line.citizen_id, line.shared) if line is not None else None,
            line_citizen=line_citizen,
            line_citizen_has_cpr=line is not None and line.cpr_hash is not None,
            cpr_citizen=KnownCitizen(cpr_citizen.citizen_id, cpr_citizen.pseudonym)
            if cpr_citizen is not None else None,
        )


def hashes(
    pseudonymiser: Pseudonymiser, *, cpr: Cpr | None, phone: str | None
) -> dict[str, str | None]:
    """The keyed hashes of the identifiers, as the statements here bind them."""
    return {"phone_hash": pseudonymiser.phone(phone) if phone else None,
            "cpr_hash": pseudonymiser.cpr(cpr.digits) if cpr is not None else None}


def look_up(
    session: Session, pseudonymiser: Pseudonymiser, *, cpr: Cpr | None, phone: str | None
) -> Known:
    """Read what is known of the identifiers, in one statement (none without identifiers)."""
    params = hashes(pseudonymiser, cpr=cpr, phone=phone)
    rows = {}
    if params["phone_hash"] is not None or params["cpr_hash"] is not None:
        rows = {row.kind: row for row in session.execute(_KNOWN, params)}
    return Known.of(params, rows.get("line"), rows.get("cpr"))


def settled(known: Known) -> Identity | None:
    """The identity, when linking the call changes nothing in the database; None when it
    must create a citizen, link or share a phone line, or merge two citizens."""
    if known.cpr_hash is not None:
        citizen = known.cpr_citizen
        if citizen is None:
            return None
        if known.phone_hash is None:
            return Identity(citizen, "cpr", False, None)
        if _phone_with_cpr(known, citizen) != "keep":
            return None
        return Identity(citizen, "cpr", bool(known.line and known.line.shared), known.phone_hash)
    if known.phone_hash is None:
        return Identity(None, None, False, None)
    decision = linking.phone_alone(known.line)
    if decision == "new":
        return None
    if decision == "shared":
        return Identity(None, None, True, known.phone_hash)
    return Identity(known.line_citizen, "phone", False, known.phone_hash)


def resolve(session: Session, known: Known) -> Identity:
    """Find or create the citizen behind a call, linking and merging as the rules say;
    `known` read by `look_up` in the same transaction."""
    identity = settled(known)
    if identity is not None:
        return identity
    phone_hash = known.phone_hash
    if known.cpr_hash is not None:
        citizen = known.cpr_citizen or _get_or_create_by_cpr(session, known.cpr_hash)
        shared = _link_phone(session, known, citizen) if phone_hash else False
        return Identity(citizen, "cpr", shared, phone_hash)
    # A phone seen before links or is shared, which `settled` answers: this one is new.
    assert phone_hash is not None and known.line is None
    citizen = _create_citizen(session, cpr_hash=None)
    session.add(PhoneLine(phone_hash=phone_hash, citizen_id=citizen.id))
    session.flush()
    return Identity(citizen, "phone", False, phone_hash)


def identify(
    session: Session, pseudonymiser: Pseudonymiser, *, cpr: Cpr | None, phone: str | None
) -> Identity:
    """Find the citizen without creating or linking anything (look-ups)."""
    known = look_up(session, pseudonymiser, cpr=cpr, phone=phone)
    shared = bool(known.line and known.line.shared)
    if known.cpr_citizen is not None:
        return Identity(known.cpr_citizen, "cpr", shared, known.phone_hash)
    if known.line_citizen is not None and not shared:
        return Identity(known.line_citizen, "phone", False, known.phone_hash)
    return Identity(None, None, shared, known.phone_hash)


def current(session: Session, citizen: Citizen | None) -> Citizen | None:
    """The citizen a merged citizen was joined into (or the citizen itself)."""
    while citizen is not None and citizen.merged_into_id is not None:
        citizen = session.get(Citizen, citizen.merged_into_id)
    return citizen


def _by_cpr(session: Session, cpr_hash: str) -> KnownCitizen | None:
    # Citizens with a CPR number are never merged into another: only phone-only ones are.
    row = session.execute(CPR_CITIZEN, {"cpr_hash": cpr_hash}).first()
    return KnownCitizen(row.citizen_id, row.pseudonym) if row else None


def _get_or_create_by_cpr(session: Session, cpr_hash: str) -> KnownCitizen:
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


def _phone_with_cpr(known: Known, citizen: KnownCitizen) -> linking.PhoneWithCpr:
    return linking.phone_with_cpr(known.line, cpr_citizen=citizen.id,
                                  line_citizen_has_cpr=known.line_citizen_has_cpr)


def _link_phone(session: Session, known: Known, citizen: KnownCitizen) -> bool:
    """Apply the linking rule for a call with CPR and phone; True when the line is shared."""
    decision = _phone_with_cpr(known, citizen)
    line = known.line
    if decision == "keep":
        return bool(line and line.shared)
    if decision == "link":
        session.add(PhoneLine(phone_hash=known.phone_hash, citizen_id=citizen.id))
    elif decision == "merge":
        assert line is not None and known.line_citizen is not None
        merge(session, source_id=known.line_citizen.id, target_id=citizen.id)
    else:  # share
        session.execute(update(PhoneLine).where(PhoneLine.phone_hash == known.phone_hash)
                        .values(shared=True, citizen_id=None))
    session.flush()
    return decision == "share"


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
MERGED_TABLES: list[type[Call | PhoneLine | BrobyggerCase | Callback | ResponsePlan]] = [
    Call, PhoneLine, BrobyggerCase, Callback, ResponsePlan]

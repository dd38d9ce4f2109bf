"""Brobygger cases: referral, work, hand-over to the municipality, closing; and the phase.

Phase: a case counts as "during" from its opening (the referral) until it is closed, so
`handed_over` is still "during": the brobygger has not stepped back until the municipality
has taken over and the case is closed. Measuring from the referral is intention-to-treat:
a referral that never became active still belongs to the intervention period.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.db.engine import AnyRow
from app.models import BrobyggerCase, Call, CaseEvent, Citizen, MunicipalContact, Municipality
from app.schemas.brobygger import CaseDetail, CaseEventRead, CaseSummary
from app.schemas.citizen import CaseRead
from app.services import directory
from app.triage.notes.scrub import scrub_identifiers
from app.triage.phase import CaseSpan, Phase, case_phase

OPEN = ("referred", "active", "handed_over")
TRANSITIONS = {
    "referred": ("active", "closed"),
    "active": ("handed_over", "closed"),
    "handed_over": ("active", "closed"),  # back to active when the municipality cannot take over
    "closed": (),
}


class CaseNotFound(LookupError):
    """No case with that id."""


class CaseConflict(ValueError):
    """The citizen has an open case already, or the change is not allowed from this status."""


def create(
    session: Session, *, citizen: Citizen, needs: list[str], municipality_code: str | None,
    source: str, actor: str, call_id: str | None = None, note: str = "",
    at: datetime | None = None,
) -> BrobyggerCase:
    """Refer a citizen to the brobyggere; one open case per citizen."""
    existing = open_case(session, citizen.id)
    if existing is not None:
        raise CaseConflict(f"citizen has an open case already: case {existing.id} "
                           f"({existing.status})")
    when = at or datetime.now(UTC)
    case = BrobyggerCase(citizen_id=citizen.id, status="referred", source=source, call_id=call_id,
                         needs=list(dict.fromkeys(needs)), municipality_code=municipality_code,
                         opened_at=when, updated_at=when)
    session.add(case)
    session.flush()
    _event(session, case, None, "referred", actor, note or f"referred ({source})", when)
    return case


def last_known_municipality(session: Session, citizen_id: int) -> str | None:
    """The kommunekode of the citizen's latest call that gave one."""
    return session.scalar(select(Call.municipality_code).where(
        Call.citizen_id == citizen_id, Call.municipality_code.is_not(None))
        .order_by(Call.received_at.desc()).limit(1))


def get(session: Session, case_id: int) -> BrobyggerCase:
    """The case, or CaseNotFound."""
    case = session.get(BrobyggerCase, case_id)
    if case is None:
        raise CaseNotFound(f"no case {case_id}")
    return case


def get_all(
    session: Session, *, status: str | None = None, citizen_id: int | None = None
) -> list[BrobyggerCase]:
    """Cases, newest first; open ones when status is "open"."""
    query = select(BrobyggerCase).order_by(BrobyggerCase.opened_at.desc(), BrobyggerCase.id.desc())
    if status == "open":
        query = query.where(BrobyggerCase.status.in_(OPEN))
    elif status is not None:
        query = query.where(BrobyggerCase.status == status)
    if citizen_id is not None:
        query = query.where(BrobyggerCase.citizen_id == citizen_id)
    return list(session.scalars(query))


def open_case(session: Session, citizen_id: int) -> BrobyggerCase | None:
    """The citizen's open case, if any."""
    return session.scalar(select(BrobyggerCase).where(
        BrobyggerCase.citizen_id == citizen_id, BrobyggerCase.status.in_(OPEN)))


def change_status(
    session: Session, case: BrobyggerCase, *, status: str, note: str, actor: str,
    municipality_code: str | None = None, contact_id: int | None = None,
    needs: list[str] | None = None, at: datetime | None = None,
) -> BrobyggerCase:
    """Move a case on; a hand-over names the municipality (and, if it has one, the contact)."""
    if status not in TRANSITIONS[case.status]:
        allowed = ", ".join(TRANSITIONS[case.status]) or "nothing (it is closed: open a new case)"
        raise CaseConflict(f"case {case.id} is {case.status}: it can go to {allowed}")
    when = at or datetime.now(UTC)
    if needs is not None:
        case.needs = list(dict.fromkeys(needs))
    if municipality_code is not None:
        case.municipality_code = municipality_code
    if status == "handed_over":
        _hand_over(session, case, contact_id)
    previous = case.status
    case.status, case.updated_at = status, when
    case.closed_at = when if status == "closed" else None
    session.flush()
    _event(session, case, previous, status, actor, note, when)
    return case


def _hand_over(session: Session, case: BrobyggerCase, contact_id: int | None) -> None:
    if case.municipality_code is None:
        raise CaseConflict("a hand-over needs the municipality: give municipality_code")
    if session.get(Municipality, case.municipality_code) is None:
        raise CaseConflict(f"kommunekode {case.municipality_code} is not a municipality "
                           "of the region's contact scheme")
    contact = session.get(MunicipalContact, contact_id) if contact_id is not None else None
    if contact_id is not None and (contact is None
                                   or contact.municipality_code != case.municipality_code):
        raise CaseConflict(f"contact {contact_id} is not a contact person of "
                           f"kommunekode {case.municipality_code}")
    case.contact_id = contact.id if contact else None
    case.contact_name = contact.name if contact else None


def _event(
    session: Session, case: BrobyggerCase, previous: str | None, status: str, actor: str,
    note: str, when: datetime,
) -> None:
    session.add(CaseEvent(case_id=case.id, at=when, actor=actor, from_status=previous,
                          to_status=status, note=scrub_identifiers(note)))
    session.flush()


# Built once: every assessment of a known citizen reads their cases (in `snapshot`).
CITIZEN_CASES = (
    select(BrobyggerCase.id, BrobyggerCase.status, BrobyggerCase.opened_at,
           BrobyggerCase.closed_at, BrobyggerCase.needs, BrobyggerCase.municipality_code)
    .where(BrobyggerCase.citizen_id == bindparam("citizen_id"),
           BrobyggerCase.opened_at <= bindparam("as_of"))
    .order_by(BrobyggerCase.opened_at.desc(), BrobyggerCase.id.desc())
)


def phase_for(
    session: Session, citizen_id: int, *, as_of: datetime
) -> tuple[Phase, AnyRow | None]:
    """The citizen's phase at `as_of`, and the case to show: the open one, else the latest."""
    rows = session.execute(CITIZEN_CASES, {"citizen_id": citizen_id, "as_of": as_of})
    return phase_of(rows.all(), as_of=as_of)


def phase_of(cases: Sequence[AnyRow], *, as_of: datetime) -> tuple[Phase, AnyRow | None]:
    """`phase_for` on the rows of CITIZEN_CASES, newest first."""
    spans = [CaseSpan(c.opened_at, c.closed_at if c.closed_at and c.closed_at <= as_of else None)
             for c in cases]
    phase = case_phase(spans, as_of=as_of)
    shown = next((c for c, s in zip(cases, spans, strict=True) if s.closed_at is None), None)
    return phase, shown or (cases[0] if cases else None)


def case_read(case: BrobyggerCase | AnyRow) -> CaseRead:
    """The case as shown in a history."""
    return CaseRead(case_id=case.id, status=case.status, opened_at=case.opened_at,
                    closed_at=case.closed_at, needs=list(case.needs),
                    municipality_code=case.municipality_code)


def summary(case: BrobyggerCase, pseudonym: str) -> CaseSummary:
    """The case in a list."""
    return CaseSummary(**case_read(case).model_dump(), citizen_pseudonym=pseudonym,
                       source=case.source, call_id=case.call_id, updated_at=case.updated_at)


def detail(session: Session, case: BrobyggerCase, pseudonym: str) -> CaseDetail:
    """The case with its events, phase and municipal contact."""
    events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                             .order_by(CaseEvent.at, CaseEvent.id))
    phase, _ = phase_for(session, case.citizen_id, as_of=datetime.now(UTC))
    return CaseDetail(
        **summary(case, pseudonym).model_dump(),
        phase=phase,
        handed_over_to=case.contact_name,
        contact=directory.contact_for(session, case.municipality_code),
        events=[CaseEventRead.model_validate(e, from_attributes=True) for e in events],
    )

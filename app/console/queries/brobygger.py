"""What the brobygger's console pages need beyond the use cases: a case with its choices."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.models import MunicipalContact, Municipality
from app.schemas.brobygger import CaseDetail
from app.services.access.audit import Actor
from app.services.brobygger import cases, use_cases
from app.services.directory import municipalities


@dataclass(frozen=True)
class CasePage:
    """A case (read audit-logged), where it may go next, and whom it may be handed to."""

    case: CaseDetail
    next_statuses: tuple[str, ...]
    municipalities: list[Municipality]
    contacts: list[MunicipalContact]


def case_page(session: Session, case_id: int, *, actor: Actor) -> CasePage:
    """The case page's content; CaseNotFound when there is no such case."""
    detail = use_cases.get_case(session, case_id, actor=actor)
    code = detail.municipality_code
    return CasePage(
        case=detail,
        next_statuses=cases.TRANSITIONS[detail.status],
        municipalities=[m for m in municipalities.get_all(session) if m.participates],
        contacts=municipalities.contacts(session, code) if code else [],
    )

"""Brobygger cases: refer, list, read, move on. Identifiers only in the body."""

from typing import Literal

from fastapi import APIRouter, Query

from app.api_route import ApiRoute
from app.deps import BrobyggerActor, PseudonymiserDep, ReferrerActor, SessionDep
from app.schemas.brobygger import (
    CaseCreate,
    CaseDetail,
    CaseStatusChange,
    CaseSummary,
    CitizenLookup,
)
from app.schemas.errors import problem
from app.schemas.fields import RowId
from app.services.brobygger import use_cases

router = APIRouter(prefix="/v1/cases", tags=["brobygger"], route_class=ApiRoute)
NO_CITIZEN = problem("No known citizen matches the CPR number, phone or pseudonym.")
NO_CASE = problem("No case with this id.")
StatusFilter = Literal["open", "referred", "active", "handed_over", "closed"]


@router.post("", response_model=CaseDetail, status_code=201, responses={
    404: NO_CITIZEN, 409: problem("The citizen has an open case already."),
})
def create_case(
    body: CaseCreate, session: SessionDep, actor: ReferrerActor, pseudonymiser: PseudonymiserDep
) -> CaseDetail:
    """Refer a known caller to the brobyggere; 409 when the citizen has an open case."""
    return use_cases.create_case(session, pseudonymiser, body, actor=actor)


@router.get("", response_model=list[CaseSummary], responses={404: NO_CITIZEN})
def list_cases(
    session: SessionDep,
    actor: BrobyggerActor,
    status: StatusFilter | None = "open",
    citizen_pseudonym: str | None = Query(default=None, pattern=r"^[A-Za-z0-9_-]{1,32}$"),
) -> list[CaseSummary]:
    """Cases, newest first: the open ones unless a status is given."""
    return use_cases.get_all_cases(session, actor=actor, status=status,
                               citizen_pseudonym=citizen_pseudonym)


@router.post("/lookup", response_model=list[CaseSummary], responses={404: NO_CITIZEN})
def look_up_cases(
    body: CitizenLookup, session: SessionDep, actor: BrobyggerActor, pseudonymiser: PseudonymiserDep
) -> list[CaseSummary]:
    """A citizen's cases by CPR and/or phone; the purpose is audit-logged."""
    return use_cases.look_up_cases(session, pseudonymiser, body, actor=actor)


@router.get("/{case_id}", response_model=CaseDetail, responses={404: NO_CASE})
def get_case(case_id: RowId, session: SessionDep, actor: BrobyggerActor) -> CaseDetail:
    """One case with every status change, its phase and the municipal contact."""
    return use_cases.get_case(session, case_id, actor=actor)


@router.post("/{case_id}/status", response_model=CaseDetail, responses={
    404: NO_CASE,
    409: problem("The case cannot move to that status, or the hand-over lacks a "
                 "participating municipality or one of its contact persons."),
})
def change_status(
    case_id: RowId, body: CaseStatusChange, session: SessionDep, actor: BrobyggerActor
) -> CaseDetail:
    """Move a case on (referred -> active -> handed_over -> closed) with a note."""
    return use_cases.change_case_status(session, case_id, body, actor=actor)

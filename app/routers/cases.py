"""Brobygger cases: refer, list, read, move on. Identifiers only in the body."""

from typing import Literal

from fastapi import APIRouter, Query

from app.deps import BrobyggerActor, HasherDep, ReferrerActor, SessionDep
from app.schemas.bridging import (
    CaseCreate,
    CaseDetail,
    CaseStatusChange,
    CaseSummary,
    CitizenLookup,
)
from app.services import casework

router = APIRouter(prefix="/v1/cases", tags=["brobygger"])
StatusFilter = Literal["open", "referred", "active", "handed_over", "closed"]


@router.post("", response_model=CaseDetail, status_code=201)
def create_case(
    body: CaseCreate, session: SessionDep, actor: ReferrerActor, hasher: HasherDep
) -> CaseDetail:
    """Refer a known caller to the brobyggere; 409 when the citizen has an open case."""
    return casework.create_case(session, hasher, body, actor=actor)


@router.get("", response_model=list[CaseSummary])
def list_cases(
    session: SessionDep,
    actor: BrobyggerActor,
    status: StatusFilter | None = "open",
    citizen_pseudonym: str | None = Query(default=None, pattern=r"^[A-Za-z0-9_-]{1,32}$"),
) -> list[CaseSummary]:
    """Cases, newest first: the open ones unless a status is given."""
    return casework.list_cases(session, actor=actor, status=status,
                               citizen_pseudonym=citizen_pseudonym)


@router.post("/lookup", response_model=list[CaseSummary])
def lookup_cases(
    body: CitizenLookup, session: SessionDep, actor: BrobyggerActor, hasher: HasherDep
) -> list[CaseSummary]:
    """A citizen's cases by CPR and/or phone; the purpose is audit-logged."""
    return casework.lookup_cases(session, hasher, body, actor=actor)


@router.get("/{case_id}", response_model=CaseDetail)
def get_case(case_id: int, session: SessionDep, actor: BrobyggerActor) -> CaseDetail:
    """One case with every status change, its phase and the municipal contact."""
    return casework.get_case(session, case_id, actor=actor)


@router.post("/{case_id}/status", response_model=CaseDetail)
def change_status(
    case_id: int, body: CaseStatusChange, session: SessionDep, actor: BrobyggerActor
) -> CaseDetail:
    """Move a case on (referred -> active -> handed_over -> closed) with a note."""
    return casework.change_case_status(session, case_id, body, actor=actor)

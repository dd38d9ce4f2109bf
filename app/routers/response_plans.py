"""Response plans: read and save; the citizen by CPR/phone in the body, or by pseudonym."""

from fastapi import APIRouter, HTTPException, Path

from app.api_route import ApiRoute
from app.deps import BrobyggerActor, PseudonymiserDep, SessionDep
from app.schemas.brobygger import CitizenLookup, CitizenRef, ResponsePlanRead, ResponsePlanWrite
from app.schemas.errors import problem
from app.services.brobygger import use_cases

router = APIRouter(prefix="/v1/response-plans", tags=["brobygger"], route_class=ApiRoute)
NO_CITIZEN = problem("No known citizen matches the CPR number, phone or pseudonym.")
NO_PLAN = problem("No known citizen matches, or the citizen has no response plan yet.")


@router.put("", response_model=ResponsePlanRead, responses={
    404: NO_CITIZEN,
    409: problem("Someone saved a newer version since `based_on_version`: read it first."),
})
def save_plan(
    body: ResponsePlanWrite, session: SessionDep, actor: BrobyggerActor,
    pseudonymiser: PseudonymiserDep,
) -> ResponsePlanRead:
    """Save a new version; the newest is shown in every assessment of the citizen."""
    return use_cases.write_plan(session, pseudonymiser, body, actor=actor)


@router.post("/lookup", response_model=ResponsePlanRead, responses={404: NO_PLAN})
def lookup_plan(
    body: CitizenLookup, session: SessionDep, actor: BrobyggerActor,
    pseudonymiser: PseudonymiserDep, history: bool = False,
) -> ResponsePlanRead:
    """The newest plan of a citizen found by CPR and/or phone; 404 when there is none."""
    plan = use_cases.read_plan(session, pseudonymiser, body, actor=actor, with_history=history,
                              purpose=body.purpose)
    if plan is None:
        raise HTTPException(404, "no response plan for this citizen yet")
    return plan


@router.get("/{citizen_pseudonym}", response_model=ResponsePlanRead, responses={404: NO_PLAN})
def get_plan(
    session: SessionDep, actor: BrobyggerActor, history: bool = False,
    citizen_pseudonym: str = Path(pattern=r"^[A-Za-z0-9_-]{1,32}$"),
) -> ResponsePlanRead:
    """The newest plan (and earlier versions with ?history=true); 404 when there is none."""
    plan = use_cases.read_plan(session, None, CitizenRef(citizen_pseudonym=citizen_pseudonym),
                              actor=actor, with_history=history)
    if plan is None:
        raise HTTPException(404, "no response plan for this citizen yet")
    return plan

"""POST /v1/calls/{call_id}/outcome: what was dispatched and found."""

from fastapi import APIRouter, Path

from app.api_route import ApiRoute
from app.deps import DispatchActor, SessionDep
from app.schemas.errors import problem
from app.schemas.outcome import OutcomeCreate, OutcomeRead
from app.services.assessment import calls

router = APIRouter(prefix="/v1/calls", tags=["calls"], route_class=ApiRoute)


@router.post("/{call_id}/outcome", response_model=OutcomeRead,
             responses={404: problem("No call with this id: assess the call first.")})
def record_outcome(
    body: OutcomeCreate,
    session: SessionDep,
    actor: DispatchActor,
    call_id: str = Path(pattern=r"^[A-Za-z0-9._:-]{1,64}$"),
) -> OutcomeRead:
    """Record (or complete) a call's outcome; ambulance counts in history come from these."""
    row = calls.record_outcome(session, call_id, body, recorded_by=actor.name)
    return OutcomeRead(
        call_id=call_id,
        dispatched=row.dispatched,
        ambulance_urgency=row.ambulance_urgency,
        medical_need=row.medical_need,
        social_need=row.social_need,
        conveyed=row.conveyed,
        recorded_at=row.recorded_at,
    )

"""POST /v1/citizens/lookup: history without a call; identifiers only in the body."""

from fastapi import APIRouter

from app.api_route import ApiRoute
from app.deps import LookupActor, PseudonymiserDep, SessionDep, SettingsDep
from app.schemas.citizen import HistoryRead, LookupRequest
from app.services.citizens.lookup import look_up

router = APIRouter(prefix="/v1/citizens", tags=["citizens"], route_class=ApiRoute)


@router.post("/lookup", response_model=HistoryRead)
def lookup_citizen(
    body: LookupRequest,
    session: SessionDep,
    actor: LookupActor,
    pseudonymiser: PseudonymiserDep,
    settings: SettingsDep,
) -> HistoryRead:
    """A citizen's history now; the look-up and its purpose are audit-logged."""
    return look_up(session, body, actor=actor, pseudonymiser=pseudonymiser, settings=settings)

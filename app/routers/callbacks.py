"""The brobyggere's callback worklist."""

from typing import Literal

from fastapi import APIRouter

from app.api_route import ApiRoute
from app.deps import BrobyggerActor, SessionDep, SettingsDep
from app.schemas.brobygger import CallbackComplete, CallbackRead
from app.schemas.errors import problem
from app.schemas.fields import RowId
from app.services.brobygger import use_cases

router = APIRouter(prefix="/v1/callbacks", tags=["brobygger"], route_class=ApiRoute)


@router.get("", response_model=list[CallbackRead])
def worklist(
    session: SessionDep, actor: BrobyggerActor, settings: SettingsDep,
    status: Literal["open", "done", "no_answer"] = "open",
) -> list[CallbackRead]:
    """Callbacks by due time, frequent callers first among those due together."""
    return use_cases.callback_worklist(session, actor=actor, settings=settings, status=status)


@router.post("/{callback_id}/complete", response_model=CallbackRead, responses={
    404: problem("No callback with this id."),
    409: problem("The callback is closed already (done, or given up after three tries)."),
})
def complete(
    callback_id: RowId, body: CallbackComplete, session: SessionDep, actor: BrobyggerActor,
    settings: SettingsDep,
) -> CallbackRead:
    """Done, or no answer (tried again later, up to three times), with a note."""
    return use_cases.complete_callback(session, callback_id, body, actor=actor,
                                      settings=settings)

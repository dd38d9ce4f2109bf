"""The brobyggere's callback worklist."""

from typing import Literal

from fastapi import APIRouter

from app.deps import BrobyggerActor, SessionDep, SettingsDep
from app.schemas.bridging import CallbackComplete, CallbackRead
from app.services import casework

router = APIRouter(prefix="/v1/callbacks", tags=["brobygger"])


@router.get("", response_model=list[CallbackRead])
def worklist(
    session: SessionDep, actor: BrobyggerActor, settings: SettingsDep,
    status: Literal["open", "done", "no_answer"] = "open",
) -> list[CallbackRead]:
    """Callbacks by due time, frequent callers first among those due together."""
    return casework.callback_worklist(session, actor=actor, settings=settings, status=status)


@router.post("/{callback_id}/complete", response_model=CallbackRead)
def complete(
    callback_id: int, body: CallbackComplete, session: SessionDep, actor: BrobyggerActor,
    settings: SettingsDep,
) -> CallbackRead:
    """Done, or no answer (tried again later, up to three times), with a note."""
    return casework.complete_callback(session, callback_id, body, actor=actor,
                                      settings=settings)

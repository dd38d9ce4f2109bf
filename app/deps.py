"""Every shared dependency of the routes: sessions, settings, the caller and role checks."""

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import unit_of_work
from app.services.apikeys import InvalidKey, KeyCache
from app.services.audit import Actor
from app.services.model_store import ModelStore
from app.services.pseudonym import Pseudonymiser


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_session_factory(request: Request) -> sessionmaker[Session]:
    return request.app.state.session_factory


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: commit on success, roll back on error."""
    with unit_of_work(request.app.state.session_factory) as session:
        yield session


async def get_hasher(request: Request) -> Pseudonymiser:
    return request.app.state.hasher


async def get_model_store(request: Request) -> ModelStore:
    return request.app.state.model_store


_bearer = HTTPBearer(auto_error=False, description="API key: `Authorization: Bearer akb_...`")


async def get_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The caller, from the bearer API key or the console's signed-in session."""
    console_actor = getattr(request.state, "console_actor", None)
    if console_actor is not None:
        return console_actor
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing API key: send 'Authorization: Bearer <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    cache: KeyCache = request.app.state.key_cache
    token = credentials.credentials
    try:
        if cache.answers_from_memory(token):
            return cache.verify(token)
        return await run_in_threadpool(cache.verify, token)  # reads the keys from the database
    except InvalidKey as error:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, f"invalid API key: {error}",
            headers={"WWW-Authenticate": "Bearer"},
        ) from None


def require(*roles: str) -> Callable[[Actor], Actor]:
    """A dependency that admits only the given roles."""

    async def check(actor: Annotated[Actor, Depends(get_actor)]) -> Actor:
        if actor.role not in roles:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"role '{actor.role}' may not do this; allowed: {', '.join(roles)}",
            )
        return actor

    return check


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_session_factory)]
HasherDep = Annotated[Pseudonymiser, Depends(get_hasher)]
ModelStoreDep = Annotated[ModelStore, Depends(get_model_store)]
DispatchActor = Annotated[Actor, Depends(require("dispatch"))]
FeedbackActor = Annotated[Actor, Depends(require("dispatch", "handler"))]
LookupActor = Annotated[Actor, Depends(require("handler", "brobygger"))]
AdminActor = Annotated[Actor, Depends(require("admin"))]
BrobyggerActor = Annotated[Actor, Depends(require("brobygger"))]
ReferrerActor = Annotated[Actor, Depends(require("handler", "brobygger"))]
AuditorActor = Annotated[Actor, Depends(require("auditor"))]
AnyActor = Annotated[Actor, Depends(get_actor)]

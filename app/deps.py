"""Every shared dependency of the routes: sessions, settings, the caller and role checks."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from app import ratelimit
from app.config import Settings
from app.db.engine import unit_of_work
from app.services.access.apikeys import InvalidKey, KeyCache, KeyStoreUnreachable
from app.services.access.audit import Actor
from app.services.citizens.pseudonym import Pseudonymiser
from app.services.flag_model.job_queue import JobQueue
from app.services.flag_model.model_store import ModelStore


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_session_factory(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    return factory


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: commit on success, roll back on error."""
    with unit_of_work(request.app.state.session_factory) as session:
        yield session


async def get_pseudonymiser(request: Request) -> Pseudonymiser:
    pseudonymiser: Pseudonymiser = request.app.state.pseudonymiser
    return pseudonymiser


async def get_model_store(request: Request) -> ModelStore:
    store: ModelStore = request.app.state.model_store
    return store


async def get_training_queue(request: Request) -> JobQueue:
    queue: JobQueue = request.app.state.training_queue
    return queue


class Caller(HTTPBearer):
    """The caller, from the bearer API key or the console's signed-in session; given roles,
    only those. One dependency that is itself the bearer scheme in the OpenAPI document:
    each level of nested dependencies cost FastAPI 50-60 µs per request, the assessment's
    hot path included."""

    def __init__(self, *roles: str) -> None:
        super().__init__(auto_error=False, scheme_name="HTTPBearer",
                         description="API key: `Authorization: Bearer akb_...`")
        self.roles = roles

    async def __call__(self, request: Request) -> Actor:  # type: ignore[override]
        actor = await _caller(request, await super().__call__(request))
        ratelimit.check_api_key(request, actor)  # 429 before the role's 403
        if self.roles and actor.role not in self.roles:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"role '{actor.role}' may not do this; allowed: {', '.join(self.roles)}",
            )
        return actor


async def _caller(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Actor:
    console_actor: Actor | None = getattr(request.state, "console_actor", None)
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
    except KeyStoreUnreachable as error:  # not the caller's fault: try again soon
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            f"{error}; follow the protocol and try again in a few seconds",
            headers={"Retry-After": "5"},
        ) from None


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_session_factory)]
PseudonymiserDep = Annotated[Pseudonymiser, Depends(get_pseudonymiser)]
ModelStoreDep = Annotated[ModelStore, Depends(get_model_store)]
TrainingQueueDep = Annotated[JobQueue, Depends(get_training_queue)]
DispatchActor = Annotated[Actor, Depends(Caller("dispatch"))]
FeedbackActor = Annotated[Actor, Depends(Caller("dispatch", "handler"))]
LookupActor = Annotated[Actor, Depends(Caller("handler", "brobygger"))]
AdminActor = Annotated[Actor, Depends(Caller("admin"))]
BrobyggerActor = Annotated[Actor, Depends(Caller("brobygger"))]
ReferrerActor = Annotated[Actor, Depends(Caller("handler", "brobygger"))]
AuditorActor = Annotated[Actor, Depends(Caller("auditor"))]
AnyActor = Annotated[Actor, Depends(Caller())]

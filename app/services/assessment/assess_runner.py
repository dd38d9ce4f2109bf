"""Where assessments run: on threads of their own, or on the event loop (PostgreSQL).

An assessment waits for the database twice: its read, then its write. On a thread, each
assessment is handed from the event loop to the thread and back, and under load the GIL
passes to and fro between a worker's eleven threads. PostgreSQL's driver can wait on the
event loop instead: `assess` runs unchanged in a greenlet (SQLAlchemy's asyncio bridge),
and each database wait is an `await` that lets the loop serve other requests. Its engine
is in autocommit, so that a known caller's read and write run on a bare connection, with
no ORM session around them (`assess.read_and_write`); a unit of work there is still a
transaction (`db.unit_of_work`). SQLite has no asynchronous driver, so its assessments
keep their threads.

Either way no more assessments run at once than the pool has connections: a burst queues
for a turn, not for a connection, whose wait would time out and answer degraded.

Either way an assessment not done within its budget (`Settings.assess_budget_ms`: a hung
or overloaded database) is answered from the pure core alone, degraded, and left
unrecorded (`within_budget`).

Code on the event-loop path must not hold a `threading.Lock` across a database read: two
greenlets share one thread, and the second would block the thread on the first's lock
while the first waits to be resumed on that thread (`directory_snapshot` shows the way).
"""

import asyncio
import logging
import time
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.util import greenlet_spawn

from app.config import Settings
from app.db.engine import make_async_engine, make_session_factory
from app.schemas.assessment import AssessmentCreate, AssessmentRead
from app.services.assessment.assess import AssessContext, answer_without_database, assess
from app.services.assessment.warmup import warm_up
from app.services.citizens.pseudonym import Pseudonymiser

log = logging.getLogger(__name__)


class AssessmentRunner(Protocol):
    """Runs `assess` for the route; one per started service."""

    where: str  # "threads" or "event loop", for the logs and the tests

    async def __call__(self, request: AssessmentCreate, context: AssessContext) -> AssessmentRead:
        """The assessment of one call (never raises for want of a database: `assess`)."""
        ...

    async def warm_up(self, settings: Settings, hasher: Pseudonymiser) -> None:
        """Pay the first assessment's one-off costs now (`warmup.warm_up`)."""
        ...

    async def close(self) -> None:
        """Wait for the assessments under way (they are recorded), then let go."""
        ...


class OnThreads:
    """Each assessment on one of `threads` threads, with the service's session factory."""

    where = "threads"

    def __init__(self, factory: sessionmaker[Session], threads: int) -> None:
        self._factory = factory
        self._threads = ThreadPoolExecutor(threads, "assessment")

    async def __call__(self, request: AssessmentCreate, context: AssessContext) -> AssessmentRead:
        deadline = _deadline(context)
        # asyncio's hand-over costs less than anyio's (`run_in_threadpool`).
        work = asyncio.get_running_loop().run_in_executor(
            self._threads, partial(assess, deadline=deadline), self._factory, request, context)
        return await within_budget(work, deadline, request, context)

    async def warm_up(self, settings: Settings, hasher: Pseudonymiser) -> None:
        pass  # the service's factory: create_app's lifespan warms it up

    async def close(self) -> None:
        await asyncio.to_thread(self._threads.shutdown, wait=True)


class OnEventLoop:
    """Each assessment in a greenlet on the event loop, over PostgreSQL's async driver,
    at most `turns` at once (the engine's pool has as many connections)."""

    where = "event loop"

    def __init__(self, engine: AsyncEngine, turns: int) -> None:
        self._engine = engine
        self._factory = make_session_factory(engine.sync_engine, commits_alone=True)
        self._turns = asyncio.Semaphore(turns)

    async def __call__(self, request: AssessmentCreate, context: AssessContext) -> AssessmentRead:
        deadline = _deadline(context)
        return await within_budget(self._run(request, context, deadline), deadline, request,
                                   context)

    async def _run(self, request: AssessmentCreate, context: AssessContext,
                   deadline: float) -> AssessmentRead:
        async with self._turns:
            return await greenlet_spawn(assess, self._factory, request, context,
                                        deadline=deadline)

    async def warm_up(self, settings: Settings, hasher: Pseudonymiser) -> None:
        # The async dialect compiles its own statements; its pool opens its first connection.
        await greenlet_spawn(warm_up, self._factory, settings, hasher)

    async def close(self) -> None:
        await self._engine.dispose()


def _deadline(context: AssessContext) -> float:
    return time.monotonic() + context.settings.assess_budget_ms / 1000


async def within_budget(
    work: Awaitable[AssessmentRead], deadline: float, request: AssessmentCreate,
    context: AssessContext,
) -> AssessmentRead:
    """The assessment, or past `deadline` (or on an error `assess` let through) the
    degraded answer of the pure core alone."""
    try:
        return await asyncio.wait_for(work, max(deadline - time.monotonic(), 0))
    except TimeoutError:
        budget = context.settings.assess_budget_ms
        reason = (f"The database did not answer within {budget} ms: no history shown, and "
                  "this assessment was not recorded.")
    except Exception:
        log.exception("an assessment failed; answering from the pure core alone")
        reason = "Internal error: no history shown, and this assessment was not recorded."
    return answer_without_database(request, context, reason)


def assessment_runner(settings: Settings, factory: sessionmaker[Session]) -> AssessmentRunner:
    """On the event loop where the database allows it and settings do not forbid it;
    otherwise on threads. Made at each start-up: an async pool belongs to its event loop."""
    engine = make_async_engine(settings.database_url, pool_size=settings.db_pool_size,
                               statement_timeout_ms=settings.db_statement_timeout_ms) \
        if settings.assess_on_event_loop else None
    if engine is None:
        return OnThreads(factory, settings.db_pool_size)
    return OnEventLoop(engine, settings.db_pool_size)

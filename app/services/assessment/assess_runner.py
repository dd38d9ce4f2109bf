"""Where assessments run: on threads of their own, within a time budget.

`assess` is synchronous code that waits for the database. Each assessment runs on one of
as many threads as the pool has connections, so a burst queues for a thread, not for a
connection, whose wait would time out and answer degraded.

An assessment not done within its budget (`Settings.assess_budget_ms`: a hung or
overloaded database) is answered from the pure core alone, degraded, and left unrecorded
(`within_budget`).
"""

import asyncio
import logging
import time
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from app.schemas.assessment import AssessmentCreate, AssessmentRead
from app.services.assessment.assess import AssessContext, answer_without_database, assess

log = logging.getLogger(__name__)


class AssessmentRunner:
    """Runs `assess` for the route on `threads` threads; one per started service."""

    def __init__(self, factory: sessionmaker[Session], threads: int) -> None:
        self._factory = factory
        self._threads = ThreadPoolExecutor(threads, "assessment")

    async def __call__(self, request: AssessmentCreate, context: AssessContext) -> AssessmentRead:
        """The assessment of one call (never raises for want of a database: `assess`)."""
        deadline = time.monotonic() + context.settings.assess_budget_ms / 1000
        # asyncio's hand-over costs less than anyio's (`run_in_threadpool`).
        work = asyncio.get_running_loop().run_in_executor(
            self._threads, partial(assess, deadline=deadline), self._factory, request, context)
        return await within_budget(work, deadline, request, context)

    async def close(self) -> None:
        """Wait for the assessments under way (they are recorded), then let go."""
        await asyncio.to_thread(self._threads.shutdown, wait=True)


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

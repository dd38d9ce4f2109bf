"""The live queue as server-sent events: each new assessment is pushed as an HTML fragment.

Every connection polls the assessments table twice a second, so an assessment stored by
any replica reaches every open queue within a second. The session is checked again every
few seconds, which also counts as activity; when it has ended, the stream says so and closes.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

from anyio import to_thread
from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker

from app.console import queries
from app.console.queries.queue import QueueItem
from app.db.engine import unit_of_work
from app.services.access import sessions
from app.services.access.sessions import SessionPolicy

POLL_SECONDS = 0.5
RECHECK_SESSION = timedelta(seconds=10)
KEEPALIVE = timedelta(seconds=15)


def parse_after(*values: str | None) -> datetime:
    """The latest of the page's newest row (`after=`) and the last event id, or now."""
    moments = []
    for value in values:
        try:
            moment = datetime.fromisoformat(value or "")
            if moment.tzinfo is not None:
                moments.append(moment.astimezone(UTC))
        except (ValueError, OverflowError):  # year 1 at +01:00 has no UTC
            continue
    return max(moments) if moments else datetime.now(UTC)


def event(name: str, data: str, event_id: str | None = None) -> str:
    """One server-sent event; every line of data gets its own `data:` field."""
    lines = [f"event: {name}"]
    if event_id:
        lines.append(f"id: {event_id}")
    lines += [f"data: {line}" for line in data.splitlines() or [""]]
    return "\n".join(lines) + "\n\n"


async def queue_events(
    request: Request,
    factory: sessionmaker[Session],
    *,
    token: str,
    policy: SessionPolicy,
    after: datetime,
    render: Callable[[QueueItem], str],
) -> AsyncIterator[str]:
    """New assessments as events, until the client leaves or the session ends."""
    seen: dict[str, datetime] = {}
    newest = after
    checked = kept_alive = datetime.now(UTC)
    yield "retry: 1000\n\n"
    while not await request.is_disconnected():
        items = await to_thread.run_sync(_newer, factory, newest)
        for item in items:
            if item.id in seen:  # the page drops any it already shows
                continue
            seen[item.id] = item.created_at
            newest = max(newest, item.created_at)
            yield event("assessment", render(item), f"{item.created_at.isoformat()}")
        seen = {k: v for k, v in seen.items() if v > newest - 2 * queries.queue.LOOK_BACK}
        now = datetime.now(UTC)
        if now - checked >= RECHECK_SESSION:
            checked = now
            if not await to_thread.run_sync(_still_valid, factory, token, policy):
                yield event("expired", "/console/login")
                return
        if now - kept_alive >= KEEPALIVE:
            kept_alive = now
            yield ": keep-alive\n\n"
        await asyncio.sleep(POLL_SECONDS)


def _newer(factory: sessionmaker[Session], after: datetime) -> list[QueueItem]:
    with factory() as session:
        return queries.queue.newer(session, after=after)


def _still_valid(factory: sessionmaker[Session], token: str, policy: SessionPolicy) -> bool:
    # An open, connected queue is a call-handler at work: it keeps the session from idling
    # out mid-shift (the absolute lifetime still ends it).
    with unit_of_work(factory) as session:
        return sessions.get_valid(session, token, policy=policy, touch=True) is not None

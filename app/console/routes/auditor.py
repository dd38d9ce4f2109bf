"""The auditor's page: the audit log, filtered by person, citizen, action and time."""

from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.console.auth import AuditorUser
from app.console.render import LOCAL, page
from app.deps import SessionDep
from app.schemas.fields import EARLIEST_CALL, CleanLine, RowId
from app.services.access import audit_log
from app.services.access.audit_log import AuditFilter

router = APIRouter(prefix="/console", include_in_schema=False)
Filter = Annotated[CleanLine, Query(max_length=64)]
LATEST_DAY = date(9000, 1, 1)  # far enough; a day after date.max would not compute


def _day(value: str | None, *, end: bool = False) -> datetime | None:
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    if not EARLIEST_CALL.date() <= day < LATEST_DAY:
        return None  # ignored, as a malformed day is: nothing can be logged then
    start = datetime.combine(day + timedelta(days=1) if end else day, time(), tzinfo=LOCAL)
    return start


@router.get("/audit")
def audit_page(
    request: Request, user: AuditorUser, session: SessionDep,
    actor: Filter = "", citizen: Filter = "", action: Filter = "", since: str = "",
    until: str = "", before: RowId | None = None,
) -> HTMLResponse:
    """Who read whose data, when and why."""
    wanted = AuditFilter(actor=actor.strip() or None, citizen=citizen.strip() or None,
                         action=action.strip() or None, since=_day(since),
                         until=_day(until, end=True), before_id=before)
    events = audit_log.search(session, wanted)
    query = {"actor": actor, "citizen": citizen, "action": action, "since": since, "until": until}
    return page(request, "auditor/audit.html", {
        "events": events, "query": query,
        "older": events[-1].id if len(events) == audit_log.PAGE else None,
    })

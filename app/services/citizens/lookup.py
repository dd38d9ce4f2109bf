"""History without a call: for the console and the brobyggere, always audit-logged."""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.config import Settings
from app.schemas.citizen import HistoryRead, LookupRequest
from app.services.access import audit
from app.services.access.audit import Actor
from app.services.assessment import snapshot
from app.services.citizens import history
from app.services.citizens.identity import identify
from app.services.citizens.pseudonym import Pseudonymiser
from app.triage.history import history_from_counts


def look_up(
    session: Session,
    request: LookupRequest,
    *,
    actor: Actor,
    pseudonymiser: Pseudonymiser,
    settings: Settings,
    now: datetime | None = None,
) -> HistoryRead:
    """A citizen's history now, found by CPR and/or phone, with the look-up audit-logged."""
    as_of = now or datetime.now(UTC)
    identity = identify(session, pseudonymiser, cpr=request.cpr, phone=request.phone)
    citizen = identity.citizen
    audit.record(
        session,
        actor=actor,
        action="history.read.lookup",
        citizen_pseudonym=citizen.pseudonym if citizen else None,
        purpose=request.purpose,
    )
    if citizen is None:
        return history.history_read(identity, None, [])
    seen = snapshot.read(session, citizen.id, as_of=as_of, rule=settings.caller_rule)
    return seen.history(identity, history_from_counts(seen.calls.counts, settings.caller_rule))

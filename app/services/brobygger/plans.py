"""Response plans: what helps this person, whom to call, what to avoid; every save a version.

Free text is scrubbed of CPR- and phone-like numbers like every note: name the person or
service to call; their numbers live in the contact list and the offers directory.
"""

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from app.db.engine import AnyRow
from app.models import Citizen, ResponsePlan
from app.schemas.brobygger import ResponsePlanRead
from app.triage.notes.scrub import scrub_identifiers


class PlanConflict(ValueError):
    """Someone saved a newer version since the one the writer edited."""


def latest(session: Session, citizen_id: int) -> ResponsePlan | None:
    """The newest version of the citizen's plan, if any."""
    return session.scalar(select(ResponsePlan).where(ResponsePlan.citizen_id == citizen_id)
                          .order_by(ResponsePlan.created_at.desc(), ResponsePlan.id.desc())
                          .limit(1))


def count(session: Session, citizen_id: int) -> int:
    """How many versions the plan has."""
    return session.scalar(select(func.count()).select_from(ResponsePlan)
                          .where(ResponsePlan.citizen_id == citizen_id)) or 0


def save(
    session: Session, citizen: Citizen, *, helps: str, contacts: str, avoid: str, actor: str,
    based_on_version: int | None = None,
) -> ResponsePlan:
    """Save a new version; refused when based on a version that is no longer the newest."""
    versions = count(session, citizen.id)
    if based_on_version is not None and based_on_version != versions:
        raise PlanConflict(f"the plan is at version {versions} now, not {based_on_version}: "
                           "read it again and merge your change")
    plan = ResponsePlan(citizen_id=citizen.id, helps=scrub_identifiers(helps.strip()),
                        contacts=scrub_identifiers(contacts.strip()),
                        avoid=scrub_identifiers(avoid.strip()), written_by=actor)
    session.add(plan)
    session.flush()
    return plan


def text(plan: ResponsePlan | AnyRow) -> str:
    """The plan in a few lines, as the call-handler sees it beside the history."""
    parts = [f"Hjælper: {plan.helps}"]
    if plan.contacts:
        parts.append(f"Ring til: {plan.contacts}")
    if plan.avoid:
        parts.append(f"Undgå: {plan.avoid}")
    return "\n".join(parts)


# Built once: every assessment of a known citizen reads their plan (in `snapshot`).
NEWEST_PLAN = (
    select(ResponsePlan.helps, ResponsePlan.contacts, ResponsePlan.avoid)
    .where(ResponsePlan.citizen_id == bindparam("citizen_id"))
    .order_by(ResponsePlan.created_at.desc(), ResponsePlan.id.desc())
    .limit(1)
)


def current_text(session: Session, citizen_id: int) -> str | None:
    """The newest plan's text for an assessment, or None."""
    plan = session.execute(NEWEST_PLAN, {"citizen_id": citizen_id}).first()
    return text(plan) if plan else None


def read(
    session: Session, citizen: Citizen, *, with_history: bool = False
) -> ResponsePlanRead | None:
    """The newest version (and, if asked, the earlier ones, newest first)."""
    rows = list(session.scalars(select(ResponsePlan).where(ResponsePlan.citizen_id == citizen.id)
                                .order_by(ResponsePlan.created_at, ResponsePlan.id)))
    if not rows:
        return None
    shown = [_read(row, number, citizen.pseudonym) for number, row in enumerate(rows, start=1)]
    newest = shown[-1]
    if with_history:
        newest.previous = list(reversed(shown[:-1]))
    return newest


def _read(plan: ResponsePlan, version: int, pseudonym: str) -> ResponsePlanRead:
    return ResponsePlanRead(
        citizen_pseudonym=pseudonym, version=version, helps=plan.helps, contacts=plan.contacts,
        avoid=plan.avoid, written_by=plan.written_by, created_at=plan.created_at, text=text(plan),
    )

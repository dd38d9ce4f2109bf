"""The call-handlers' live queue: the centre's latest assessments, and the ones that are new.

New rows are found by polling the table, so every replica sees every assessment. An
assessment's `created_at` is set before its transaction commits, so a poll looks back a
few seconds and skips the ids it already sent.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session, aliased

from app.models import Assessment, Call, Feedback

WINDOW = timedelta(hours=12)
LIMIT = 50
LOOK_BACK = timedelta(seconds=10)  # longer than any assessment's transaction
# An assessment with its call's id, age, sex and kommunekode.
_Columns = tuple[Assessment, str, int | None, str, str | None]


@dataclass(frozen=True)
class QueueItem:
    """One assessment as the queue shows it."""

    id: str
    call_id: str
    created_at: datetime
    flag: str
    action: str
    urgency: str | None
    degraded: bool
    social_probability: float | None
    red_flags: list[str]
    social_needs: list[str]
    age: int | None
    sex: str
    municipality_code: str | None
    feedback: str | None  # "accepted", "overridden" or None


def _query() -> Select[*_Columns]:
    # One row per call: a re-sent call's earlier assessments are superseded, never answered.
    later = aliased(Assessment)
    latest = (select(later.id).where(later.call_pk == Assessment.call_pk)
              .order_by(later.created_at.desc(), later.id.desc()).limit(1)
              .correlate(Assessment).scalar_subquery())
    return (select(Assessment, Call.call_id, Call.age, Call.sex, Call.municipality_code)
            .join(Call, Call.id == Assessment.call_pk).where(Assessment.id == latest))


def recent(session: Session, *, now: datetime | None = None, limit: int = LIMIT) -> list[QueueItem]:
    """The latest assessment of each call of the last twelve hours, newest first."""
    now = now or datetime.now(UTC)
    rows = session.execute(
        _query().where(Assessment.created_at > now - WINDOW)
        .order_by(Assessment.created_at.desc(), Assessment.id.desc()).limit(limit)
    ).all()
    return _items(session, rows)


def newer(session: Session, *, after: datetime) -> list[QueueItem]:
    """Calls' latest assessments created after a moment (less the look-back), oldest first."""
    rows = session.execute(
        _query().where(Assessment.created_at > after - LOOK_BACK)
        .order_by(Assessment.created_at, Assessment.id).limit(LIMIT * 4)
    ).all()
    return _items(session, rows)


def _items(session: Session, rows: Sequence[Row[*_Columns]]) -> list[QueueItem]:
    ids = [row[0].id for row in rows]
    answers: dict[str, bool] = {}
    if ids:
        for assessment_id, accepted in session.execute(
            select(Feedback.assessment_id, Feedback.accepted)
            .where(Feedback.assessment_id.in_(ids)).order_by(Feedback.created_at)
        ):
            answers[assessment_id] = accepted
    return [_item(row, answers.get(row[0].id)) for row in rows]


def _item(row: Row[*_Columns], accepted: bool | None) -> QueueItem:
    assessment, call_id, age, sex, municipality_code = row
    detail = assessment.detail or {}
    return QueueItem(
        id=assessment.id, call_id=call_id, created_at=assessment.created_at, flag=assessment.flag,
        action=assessment.action, urgency=assessment.urgency, degraded=assessment.degraded,
        social_probability=assessment.social_probability,
        red_flags=[flag["code"] for flag in detail.get("red_flags", [])],
        social_needs=list(detail.get("social_needs", [])),
        age=age, sex=sex, municipality_code=municipality_code,
        feedback=None if accepted is None else ("accepted" if accepted else "overridden"),
    )

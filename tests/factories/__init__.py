"""Request bodies as a dispatch system would send them, with overridable parts."""

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

_counter = itertools.count(1)
# A Tuesday in a normal working week (no holiday), 10:00 Copenhagen time.
WORKDAY_MORNING = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
SATURDAY_NIGHT = datetime(2026, 11, 21, 22, 0, tzinfo=UTC)


def assessment_body(**changes: Any) -> dict[str, Any]:
    """A valid POST /v1/assessments body; keyword arguments replace or add fields."""
    body: dict[str, Any] = {
        "call_id": f"CAD-{next(_counter):07d}",
        "received_at": WORKDAY_MORNING.isoformat(),
        "caller_phone": "+45 20 12 34 56",
        "patient": {"age": 54, "sex": "male", "municipality_code": "0751"},
        "notes": "",
    }
    body.update(changes)
    return body


def at(moment: datetime, **delta: float) -> str:
    """An ISO timestamp shifted by a timedelta's keyword arguments."""
    return (moment + timedelta(**delta)).isoformat()

"""The citizen's brobygger phase (none, during, after) and the time at risk spent in each."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

Phase = Literal["none", "during", "after"]
PHASES: tuple[Phase, ...] = ("none", "during", "after")


@dataclass(frozen=True)
class CaseSpan:
    opened_at: datetime
    closed_at: datetime | None  # None while the case is open

    def __post_init__(self) -> None:
        opened = _utc(self.opened_at, "opened_at")
        if self.closed_at is not None and _utc(self.closed_at, "closed_at") < opened:
            raise ValueError(
                f"case closed at {self.closed_at.isoformat()} before it opened"
                f" at {self.opened_at.isoformat()}"
            )


def case_phase(cases: Sequence[CaseSpan], *, as_of: datetime) -> Phase:
    """The phase at `as_of`: "during" if a case is open, "after" if all are closed, else "none"."""
    moment = _utc(as_of, "as_of")
    opened = [span for span in _spans(cases) if span[0] <= moment]
    if not opened:
        return "none"
    if any(moment < closed for _, closed in opened):
        return "during"
    return "after"


def phase_spans(
    cases: Sequence[CaseSpan], *, start: datetime, end: datetime
) -> dict[str, timedelta]:
    """Time at risk spent in each phase within [start, end); overlapping cases count once."""
    lo, hi = _utc(start, "start"), _utc(end, "end")
    if hi < lo:
        raise ValueError(f"end {end.isoformat()} is before start {start.isoformat()}")
    spans = sorted(_spans(cases))
    first_opened = spans[0][0] if spans else hi
    none = _overlap(lo, hi, lo, first_opened)
    during = timedelta(0)
    for opened, closed in _union(spans):
        during += _overlap(lo, hi, opened, closed)
    # Every moment from the first opening on is either during a case or after one.
    return {"none": none, "during": during, "after": (hi - lo) - none - during}


def _spans(cases: Sequence[CaseSpan]) -> list[tuple[datetime, datetime]]:
    # In UTC, because subtracting aware datetimes that share a tzinfo ignores a DST change.
    return [
        (
            _utc(case.opened_at, "opened_at"),
            datetime.max.replace(tzinfo=UTC)
            if case.closed_at is None
            else _utc(case.closed_at, "closed_at"),
        )
        for case in cases
    ]


def _union(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for opened, closed in spans:  # sorted by opening
        if merged and opened <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closed))
        else:
            merged.append((opened, closed))
    return merged


def _overlap(lo: datetime, hi: datetime, a: datetime, b: datetime) -> timedelta:
    return max(timedelta(0), min(hi, b) - max(lo, a))


def _utc(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)

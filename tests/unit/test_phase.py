from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.triage.phase import CaseSpan, case_phase, phase_spans

T0 = datetime(2026, 1, 1, tzinfo=UTC)
CPH = ZoneInfo("Europe/Copenhagen")


def d(n: float) -> datetime:
    return T0 + timedelta(days=n)


def days(*numbers: float) -> list[timedelta]:
    return [timedelta(days=n) for n in numbers]


def cases(*spans: tuple[float, float | None]) -> list[CaseSpan]:
    """Cases from (opened day, closed day or None) offsets from T0."""
    return [CaseSpan(d(o), None if c is None else d(c)) for o, c in spans]


@pytest.mark.parametrize(
    ("spans", "as_of", "expected"),
    [
        ((), 5, "none"),
        (((10, 20),), 5, "none"),  # the case opens later
        (((10, 20),), 10, "during"),  # opening moment is during
        (((10, 20),), 19.99, "during"),
        (((10, 20),), 20, "after"),  # closing moment is after
        (((10, 20),), 300, "after"),
        (((10, None),), 100, "during"),  # still open
        (((10, 10),), 10, "after"),  # opened and closed at once
        # Reopened: a second case after the first was closed.
        (((10, 20), (30, None)), 25, "after"),
        (((10, 20), (30, None)), 30, "during"),
        (((10, 20), (30, 40)), 45, "after"),
        (((10, 20), (30, 40)), 25, "after"),  # a case opened after as_of is not seen
        # Overlapping: the phase stays "during" while any case is open.
        (((10, 30), (20, 25)), 26, "during"),
        (((20, 25), (10, 30)), 26, "during"),  # order of the cases does not matter
    ],
)
def test_case_phase(
    spans: tuple[tuple[float, float | None], ...], as_of: float, expected: str
) -> None:
    assert case_phase(cases(*spans), as_of=d(as_of)) == expected


def test_case_phase_across_timezones() -> None:
    opened = datetime(2026, 3, 30, 8, 0, tzinfo=CPH)  # 06:00 UTC
    case = [CaseSpan(opened, None)]
    assert case_phase(case, as_of=datetime(2026, 3, 30, 5, 59, tzinfo=UTC)) == "none"
    assert case_phase(case, as_of=datetime(2026, 3, 30, 6, 0, tzinfo=UTC)) == "during"


@pytest.mark.parametrize(
    ("spans", "window", "expected_days"),
    [
        ((), (0, 100), (100, 0, 0)),
        (((10, 20),), (0, 100), (10, 10, 80)),
        (((50, None),), (0, 100), (50, 50, 0)),
        (((-10, 20),), (0, 30), (0, 20, 10)),  # opened before the window
        (((1, 2),), (10, 20), (0, 0, 10)),  # window wholly after
        (((60, 70),), (0, 50), (50, 0, 0)),  # case wholly after the window
        (((10, 30), (20, 40)), (0, 50), (10, 30, 10)),  # overlap counted once
        (((10, 30), (15, 20)), (0, 50), (10, 20, 20)),  # nested
        (((10, 20), (20, 30)), (0, 50), (10, 20, 20)),  # adjacent
        (((10, 20), (30, 40)), (0, 50), (10, 20, 20)),  # reopened
        (((30, 40), (10, 20)), (0, 50), (10, 20, 20)),  # given in any order
        (((10, 10),), (0, 20), (10, 0, 10)),  # zero-length case: straight to after
        (((10, 20),), (15, 15), (0, 0, 0)),  # empty window
    ],
)
def test_phase_spans(
    spans: tuple[tuple[float, float | None], ...],
    window: tuple[float, float],
    expected_days: tuple[float, float, float],
) -> None:
    start, end = d(window[0]), d(window[1])
    result = phase_spans(cases(*spans), start=start, end=end)
    assert result == dict(zip(("none", "during", "after"), days(*expected_days), strict=True))
    assert sum(result.values(), timedelta(0)) == end - start


@pytest.mark.parametrize(
    ("local_day", "hours"),
    [
        ((2026, 3, 29), 23),  # summer time starts: a 23-hour day
        ((2026, 10, 25), 25),  # summer time ends: a 25-hour day
        ((2026, 6, 1), 24),
    ],
)
def test_phase_spans_measure_real_time_across_dst(
    local_day: tuple[int, int, int], hours: int
) -> None:
    start = datetime(*local_day, tzinfo=CPH)
    end = start.replace(day=start.day + 1)
    assert phase_spans([], start=start, end=end)["none"] == timedelta(hours=hours)
    assert phase_spans([CaseSpan(start, end)], start=start, end=end)["during"] == timedelta(
        hours=hours
    )


def test_phase_spans_rejects_reversed_window() -> None:
    with pytest.raises(ValueError, match="before start"):
        phase_spans([], start=d(10), end=d(5))


def test_case_closed_before_opened_is_rejected() -> None:
    with pytest.raises(ValueError, match="before it opened"):
        CaseSpan(d(10), d(5))


@pytest.mark.parametrize(
    "call",
    [
        lambda: CaseSpan(datetime(2026, 1, 1), None),
        lambda: CaseSpan(d(1), datetime(2026, 1, 5)),
        lambda: case_phase([], as_of=datetime(2026, 1, 1)),
        lambda: phase_spans([], start=datetime(2026, 1, 1), end=d(5)),
        lambda: phase_spans([], start=d(1), end=datetime(2026, 1, 5)),
    ],
)
def test_naive_datetimes_are_rejected(call) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call()

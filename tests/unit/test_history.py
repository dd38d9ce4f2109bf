from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.triage.history import CallEvent, FrequentCallerRule, HistoryMetrics, compute_history

AS_OF = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
CPH = ZoneInfo("Europe/Copenhagen")


def calls(*ages: timedelta) -> list[CallEvent]:
    """Calls made `age` before AS_OF (a negative age is after it)."""
    return [CallEvent(at=AS_OF - age) for age in ages]


def days(*numbers: float) -> list[timedelta]:
    return [timedelta(days=n) for n in numbers]


@pytest.mark.parametrize(
    ("ages", "expected_reason"),
    [
        ([], None),
        (days(1, 2, 3, 4), None),  # 4 in 30 days: one short
        (days(1, 2, 3, 4, 5), "5 calls in 30 days (rule: 5 or more)"),
        (days(0, 0, 0, 0, 0), "5 calls in 30 days (rule: 5 or more)"),  # at as_of counts
        # A call exactly 30 days before as_of is outside the window; a second later, inside.
        (days(1, 2, 3, 4, 30), None),
        (
            [*days(1, 2, 3, 4), 30 * DAY - timedelta(seconds=1)],
            "5 calls in 30 days (rule: 5 or more)",
        ),
        # 90-day window: 4 recent calls plus older ones, never 5 in any 30 days.
        (days(1, 2, 3, 4, 40, 45, 50, 55, 60, 70, 80), None),  # 11 in 90 days
        (
            days(1, 2, 3, 4, 40, 45, 50, 55, 60, 70, 80, 89),
            "12 calls in 90 days (rule: 12 or more)",
        ),
        (days(1, 2, 3, 4, 40, 45, 50, 55, 60, 70, 80, 90), None),  # the 12th is exactly 90 days
        # Both windows hit: the reason names the first in rule order.
        (days(*range(12)), "12 calls in 30 days (rule: 5 or more)"),
        # Future calls never count, however many.
        ([*days(1, 2, 3, 4), *days(-1, -2, -3)], None),
        ([*days(1, 2, 3, 4), -timedelta(seconds=1)], None),
    ],
)
def test_frequent_caller_rule(ages: list[timedelta], expected_reason: str | None) -> None:
    metrics = compute_history(calls(*ages), as_of=AS_OF)
    assert metrics.frequent_caller is (expected_reason is not None)
    assert metrics.frequent_caller_reason == expected_reason


@pytest.mark.parametrize(
    ("windows", "ages", "expected_reason"),
    [
        (((90, 12), (30, 5)), days(*range(12)), "12 calls in 90 days (rule: 12 or more)"),
        (((1, 1),), days(0.5), "1 call in 1 day (rule: 1 or more)"),
        (((7, 3),), days(1, 2, 7), None),
        (((7, 3), (365, 20)), days(*range(0, 200, 10)), "20 calls in 365 days (rule: 20 or more)"),
    ],
)
def test_custom_rule(
    windows: tuple[tuple[int, int], ...], ages: list[timedelta], expected_reason: str | None
) -> None:
    rule = FrequentCallerRule(windows=windows)
    metrics = compute_history(calls(*ages), as_of=AS_OF, rule=rule)
    assert metrics.frequent_caller_reason == expected_reason


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        # (24h, 7d, 30d, 90d, 365d) for one call at that age.
        (timedelta(0), (1, 1, 1, 1, 1)),
        (DAY - timedelta(seconds=1), (1, 1, 1, 1, 1)),
        (DAY, (0, 1, 1, 1, 1)),
        (7 * DAY, (0, 0, 1, 1, 1)),
        (30 * DAY, (0, 0, 0, 1, 1)),
        (90 * DAY, (0, 0, 0, 0, 1)),
        (364 * DAY, (0, 0, 0, 0, 1)),
        (365 * DAY, (0, 0, 0, 0, 0)),
        (-timedelta(seconds=1), (0, 0, 0, 0, 0)),
    ],
)
def test_window_edges(age: timedelta, expected: tuple[int, ...]) -> None:
    m = compute_history(calls(age), as_of=AS_OF)
    assert (m.calls_24h, m.calls_7d, m.calls_30d, m.calls_90d, m.calls_365d) == expected


@pytest.mark.parametrize(
    ("events", "expected_a", "expected_b"),
    [
        ([], 0, 0),
        ([(10, "A"), (20, "A"), (30, "B"), (40, "C"), (50, "D"), (60, "E"), (70, None)], 2, 1),
        ([(364, "A"), (364, "B")], 1, 1),
        ([(365, "A"), (400, "B")], 0, 0),  # a year ago or more
        ([(-1, "A"), (-1, "B")], 0, 0),  # after as_of
    ],
)
def test_ambulances_by_urgency(
    events: list[tuple[int, str | None]], expected_a: int, expected_b: int
) -> None:
    history = [CallEvent(at=AS_OF - n * DAY, ambulance_urgency=u) for n, u in events]
    metrics = compute_history(history, as_of=AS_OF)
    assert (metrics.ambulances_a_365d, metrics.ambulances_b_365d) == (expected_a, expected_b)


def test_full_metrics() -> None:
    history = [
        CallEvent(AS_OF - timedelta(hours=2), "B"),
        CallEvent(AS_OF - 3 * DAY),
        CallEvent(AS_OF - 20 * DAY, "A"),
        CallEvent(AS_OF - 60 * DAY, "C"),
        CallEvent(AS_OF - 200 * DAY, "A"),
        CallEvent(AS_OF + DAY, "A"),
    ]
    assert compute_history(iter(history), as_of=AS_OF) == HistoryMetrics(
        calls_24h=1,
        calls_7d=2,
        calls_30d=3,
        calls_90d=4,
        calls_365d=5,
        ambulances_a_365d=2,
        ambulances_b_365d=1,
        frequent_caller=False,
        frequent_caller_reason=None,
    )


@pytest.mark.parametrize(
    ("event_local", "counted"),
    [
        # as_of is 30 March 12:00 summer time (10:00 UTC); 30 x 24 hours earlier is
        # 28 February 11:00 winter time. Days are 24 hours, not wall-clock days.
        (datetime(2026, 2, 28, 11, 0, tzinfo=CPH), False),
        (datetime(2026, 2, 28, 11, 30, tzinfo=CPH), True),
    ],
)
def test_windows_are_exact_days_across_dst(event_local: datetime, counted: bool) -> None:
    as_of = datetime(2026, 3, 30, 12, 0, tzinfo=CPH)
    metrics = compute_history([CallEvent(event_local)], as_of=as_of)
    assert metrics.calls_30d == int(counted)


def test_naive_as_of_is_rejected() -> None:
    with pytest.raises(ValueError, match="as_of must be timezone-aware"):
        compute_history([], as_of=datetime(2026, 6, 15, 12, 0))


def test_naive_event_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CallEvent(at=datetime(2026, 6, 15, 12, 0))


@pytest.mark.parametrize("urgency", ["a", "F", "", "AB"])
def test_unknown_urgency_is_rejected(urgency: str) -> None:
    with pytest.raises(ValueError, match="ambulance_urgency"):
        CallEvent(at=AS_OF, ambulance_urgency=urgency)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30:5,90:12", ((30, 5), (90, 12))),
        ("30:5, 90:12", ((30, 5), (90, 12))),
        (" 7:3 ", ((7, 3),)),
        ("90:12,30:5", ((90, 12), (30, 5))),  # order is kept: it decides the reason
    ],
)
def test_rule_parse(text: str, expected: tuple[tuple[int, int], ...]) -> None:
    assert FrequentCallerRule.parse(text) == FrequentCallerRule(windows=expected)


def test_default_rule_matches_settings_text() -> None:
    assert FrequentCallerRule.parse("30:5,90:12") == FrequentCallerRule()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is not DAYS:CALLS"),
        ("30", "'30' is not DAYS:CALLS"),
        ("30:", "is not DAYS:CALLS"),
        ("30:5;90:12", "is not DAYS:CALLS"),
        ("30:5,", "'' is not DAYS:CALLS"),
        ("a:b", "is not DAYS:CALLS"),
        ("-30:5", "is not DAYS:CALLS"),
        ("30:5.5", "is not DAYS:CALLS"),
        ("0:5", "days and calls must be at least 1"),
        ("30:0", "days and calls must be at least 1"),
    ],
)
def test_rule_parse_rejects_bad_text(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"bad frequent-caller rule.*{message}"):
        FrequentCallerRule.parse(text)

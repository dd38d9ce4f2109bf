"""A caller's history of 112 calls and ambulances, and the frequent-caller rule."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

URGENCIES = frozenset({"A", "B", "C", "D", "E"})


@dataclass(frozen=True)
class CallEvent:
    at: datetime
    ambulance_urgency: str | None = None  # "A".."E" when an ambulance was sent

    def __post_init__(self) -> None:
        _utc(self.at, "CallEvent.at")
        if self.ambulance_urgency is not None and self.ambulance_urgency not in URGENCIES:
            raise ValueError(
                f"ambulance_urgency must be one of A-E or None, got {self.ambulance_urgency!r}"
            )


@dataclass(frozen=True)
class FrequentCallerRule:
    windows: tuple[tuple[int, int], ...] = ((30, 5), (90, 12))  # (days, at least calls)

    def __post_init__(self) -> None:
        for days, calls in self.windows:
            if days < 1 or calls < 1:
                raise ValueError(
                    f"rule window ({days}, {calls}): days and calls must be at least 1"
                )

    @classmethod
    def parse(cls, text: str) -> "FrequentCallerRule":
        """Read a rule from settings text such as "30:5,90:12" (days:at least calls, in order)."""
        windows = []
        for part in text.replace(" ", "").split(","):
            days, sep, calls = part.partition(":")
            if not (sep and days.isdecimal() and calls.isdecimal()):
                raise ValueError(
                    f"bad frequent-caller rule {text!r}: {part!r} is not DAYS:CALLS"
                    " (write e.g. '30:5,90:12')"
                )
            windows.append((int(days), int(calls)))
        try:
            return cls(windows=tuple(windows))
        except ValueError as exc:
            raise ValueError(f"bad frequent-caller rule {text!r}: {exc}") from None


DEFAULT_RULE = FrequentCallerRule()


@dataclass(frozen=True)
class HistoryMetrics:
    calls_24h: int
    calls_7d: int
    calls_30d: int
    calls_90d: int
    calls_365d: int
    ambulances_a_365d: int
    ambulances_b_365d: int
    frequent_caller: bool
    frequent_caller_reason: str | None  # e.g. "6 calls in 30 days (rule: 5 or more)"


# The windows every history shows, in days; a frequent-caller rule may add its own.
SHOWN_WINDOWS = (1, 7, 30, 90, 365)


def windows(rule: FrequentCallerRule = DEFAULT_RULE) -> tuple[int, ...]:
    """The windows, in days, whose calls a history needs: those shown and the rule's."""
    return tuple(sorted({*SHOWN_WINDOWS, *(days for days, _ in rule.windows)}))


@dataclass(frozen=True)
class CallCounts:
    """A caller's calls in the windows ending at one moment, and the year's ambulances.

    The database counts them for an assessment, so that a caller with hundreds of calls
    costs no more than one with two; `count_calls` counts them from the calls themselves.
    """

    calls_in: Mapping[int, int]  # days -> calls in (moment - days, moment], for `windows()`
    ambulances_a_365d: int = 0
    ambulances_b_365d: int = 0

    def plus_call_now(self, ambulance_urgency: str | None = None) -> "CallCounts":
        """The counts with one more call at the moment itself: it falls in every window."""
        return CallCounts(
            calls_in={days: calls + 1 for days, calls in self.calls_in.items()},
            ambulances_a_365d=self.ambulances_a_365d + (ambulance_urgency == "A"),
            ambulances_b_365d=self.ambulances_b_365d + (ambulance_urgency == "B"),
        )


def count_calls(
    events: Iterable[CallEvent], *, as_of: datetime, rule: FrequentCallerRule = DEFAULT_RULE
) -> CallCounts:
    """Count the calls in each window ending at `as_of`, and the year's ambulances A and B."""
    end = _utc(as_of, "as_of")
    # Events after as_of never count: no leakage from the future.
    past = [(_utc(e.at, "CallEvent.at"), e) for e in events]
    past = [(at, e) for at, e in past if at <= end]

    def in_window(days: int) -> list[CallEvent]:
        start = end - timedelta(days=days)
        return [e for at, e in past if start < at]

    year = in_window(365)
    return CallCounts(
        calls_in={days: len(in_window(days)) for days in windows(rule)},
        ambulances_a_365d=sum(e.ambulance_urgency == "A" for e in year),
        ambulances_b_365d=sum(e.ambulance_urgency == "B" for e in year),
    )


def history_from_counts(
    counts: CallCounts, rule: FrequentCallerRule = DEFAULT_RULE
) -> HistoryMetrics:
    """The figures a history shows, and the frequent-caller rule applied to them."""
    reason = None
    for days, at_least in rule.windows:
        count = counts.calls_in[days]
        if count >= at_least:
            reason = f"{_calls(count)} in {_days(days)} (rule: {at_least} or more)"
            break
    calls_in = counts.calls_in
    return HistoryMetrics(
        calls_24h=calls_in[1],
        calls_7d=calls_in[7],
        calls_30d=calls_in[30],
        calls_90d=calls_in[90],
        calls_365d=calls_in[365],
        ambulances_a_365d=counts.ambulances_a_365d,
        ambulances_b_365d=counts.ambulances_b_365d,
        frequent_caller=reason is not None,
        frequent_caller_reason=reason,
    )


def compute_history(
    events: Iterable[CallEvent],
    *,
    as_of: datetime,
    rule: FrequentCallerRule = DEFAULT_RULE,
) -> HistoryMetrics:
    """Count calls and ambulances in the windows ending at `as_of` and apply the rule."""
    return history_from_counts(count_calls(events, as_of=as_of, rule=rule), rule)


def _calls(n: int) -> str:
    return f"{n} call" if n == 1 else f"{n} calls"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _utc(value: datetime, name: str) -> datetime:
    # Windows are exact multiples of 24 hours: arithmetic on aware datetimes sharing a tzinfo
    # is wall-clock arithmetic in Python, which would stretch a window across a DST change.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)

"""Weekly opening hours of an offer (HSDS schedules), in local wall-clock time.

A schedule row opens on its weekdays at `opens` and closes at `closes` the same day; when
`closes` is not after `opens` it closes the next day (past midnight), and `opens == closes`
means open the whole 24 hours from `opens`. Rows that meet or overlap join up, so seven
rows of 00:00-00:00 make an offer open around the clock.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES_DA = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
# An offer open for more than a week without a break is open around the clock.
AROUND_THE_CLOCK = timedelta(days=7)
LOOKAHEAD_DAYS = 14


@dataclass(frozen=True)
class WeeklyHours:
    """One weekly schedule row: the weekdays (Monday = 0) and the local opening times."""

    weekdays: frozenset[int]
    opens: time
    closes: time
    valid_from: date | None = None
    valid_to: date | None = None

    def __post_init__(self) -> None:
        if not self.weekdays or not self.weekdays <= frozenset(range(7)):
            raise ValueError(f"weekdays must be a non-empty set of 0..6, got {set(self.weekdays)}")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")

    def applies(self, day: date) -> bool:
        """True when the row opens on this local date."""
        if day.weekday() not in self.weekdays:
            return False
        return not (self.valid_from and day < self.valid_from) and not (
            self.valid_to and day > self.valid_to
        )

    def covers(self, moment: datetime) -> bool:
        """True when this row has the offer open at a naive local moment (the quick test)."""
        clock, today = moment.time(), moment.date()
        overnight = self.closes <= self.opens
        if self.applies(today) and self.opens <= clock and (overnight or clock < self.closes):
            return True
        return overnight and clock < self.closes and self.applies(today - timedelta(days=1))

    def interval(self, day: date) -> tuple[datetime, datetime]:
        """The opening on `day` as a naive local wall-clock [start, end) pair."""
        start = datetime.combine(day, self.opens)
        close_day = day if self.closes > self.opens else day + timedelta(days=1)
        return start, datetime.combine(close_day, self.closes)


@dataclass(frozen=True)
class Opening:
    """An offer is open now: until when (None: around the clock)."""

    until: datetime | None


def parse_byday(text: str) -> frozenset[int]:
    """HSDS/RFC 5545 weekly BYDAY ("MO,TU,WE") as weekday numbers; refuses monthly forms."""
    days = set()
    for part in text.upper().replace(" ", "").split(","):
        if part not in DAY_CODES:
            raise ValueError(f"byday {text!r}: {part!r} is not one of {','.join(DAY_CODES)}")
        days.add(DAY_CODES.index(part))
    return frozenset(days)


def parse_clock(text: str) -> time:
    """A local wall-clock time "HH:MM" or "HH:MM:SS"; "24:00" means midnight."""
    value = text.strip()
    if value in ("24:00", "24:00:00"):
        return time(0, 0)
    try:
        parsed = time.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{text!r} is not a time HH:MM") from None
    if parsed.tzinfo is not None:
        raise ValueError(f"{text!r}: give local Copenhagen time without an offset, e.g. '08:00'")
    return parsed


def open_now(hours: Sequence[WeeklyHours], at: datetime, zone: ZoneInfo) -> Opening | None:
    """Whether the offer is open at `at`, and until when; None when closed."""
    # Opening hours are wall-clock times, so they are compared as local wall-clock times.
    moment = _local(at, zone)
    today = moment.date()
    if not any(row.covers(moment) for row in hours):
        return None
    end: datetime | None = None
    for day in (today - timedelta(days=1), today):
        for start, stop in _day_intervals(hours, day):
            if start <= moment < stop:
                end = stop if end is None else max(end, stop)
    if end is None:
        return None
    # Follow openings that begin before the current one ends, day by day.
    horizon = moment + AROUND_THE_CLOCK
    for offset in range(LOOKAHEAD_DAYS):
        day = today + timedelta(days=offset)
        for start, stop in _day_intervals(hours, day):
            if start <= end < stop:
                end = stop
        if end >= horizon:
            return Opening(until=None)
        if end < datetime.combine(day + timedelta(days=1), time(0)):
            break  # later days open after midnight, so nothing more can join
    return Opening(until=end.replace(tzinfo=zone))


def next_opening(hours: Sequence[WeeklyHours], at: datetime, zone: ZoneInfo) -> datetime | None:
    """The first opening after `at` within two weeks, in local time; None when there is none."""
    moment = _local(at, zone)
    for offset in range(LOOKAHEAD_DAYS):
        day = moment.date() + timedelta(days=offset)
        starts = [start for start, _ in _day_intervals(hours, day) if start > moment]
        if starts:
            return min(starts).replace(tzinfo=zone)
    return None


def describe_da(moment: datetime, now: datetime, zone: ZoneInfo) -> str:
    """A local time in Danish relative to now: "kl. 02:00", "i morgen kl. 09:00", "mandag ..."."""
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    clock = f"kl. {local:%H:%M}"
    if local.date() == today:
        return clock
    if local.date() == today + timedelta(days=1):
        return f"i morgen {clock}"
    if local.date() < today + timedelta(days=7):
        return f"{DAY_NAMES_DA[local.weekday()]} {clock}"
    return f"{local:%d.%m.} {clock}"


def _day_intervals(hours: Sequence[WeeklyHours], day: date) -> list[tuple[datetime, datetime]]:
    return sorted(row.interval(day) for row in hours if row.applies(day))


def _local(value: datetime, zone: ZoneInfo) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"at must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(zone).replace(tzinfo=None)


@cache
def zone(name: str) -> ZoneInfo:
    """A cached time zone."""
    return ZoneInfo(name)

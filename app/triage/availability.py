"""When a brobygger is on duty: weekday daytime hours, never on Danish public holidays."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Easter (Maundy Thursday to Easter Monday) is the longest Danish run of days off: 5 days.
# 60 days leaves room for sparse schedules such as "mon" only.
SEARCH_DAYS = 60
_HOURS = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class DutySchedule:
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    start: time = time(8, 0)
    end: time = time(16, 0)
    timezone: str = "Europe/Copenhagen"

    def __post_init__(self) -> None:
        if not self.weekdays or not self.weekdays <= frozenset(range(7)):
            raise ValueError(f"weekdays must be a non-empty set of 0..6, got {set(self.weekdays)}")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("start and end are local wall-clock times: give them without tzinfo")
        # Duty is daytime; a shift across midnight is not supported.
        if not self.start < self.end:
            raise ValueError(f"start {self.start:%H:%M} must be before end {self.end:%H:%M}")
        _zone(self.timezone)


def is_danish_holiday(day: date) -> bool:
    """True when `day` is a Danish public holiday."""
    return day in _danish_holidays(day.year)


def is_on_duty(schedule: DutySchedule, now: datetime) -> bool:
    """True when a brobygger is on duty at `now`: a duty weekday, not a holiday, in [start, end)."""
    local = _local(schedule, now)
    return _is_duty_day(schedule, local.date()) and schedule.start <= local.time() < schedule.end


def next_duty_start(schedule: DutySchedule, now: datetime) -> datetime:
    """The next moment a brobygger is on duty, in the schedule's timezone; `now` if on duty."""
    local = _local(schedule, now)
    if is_on_duty(schedule, local):
        return local  # the same instant as `now`, expressed in the schedule's timezone
    zone = _zone(schedule.timezone)
    for offset in range(SEARCH_DAYS + 1):
        day = local.date() + timedelta(days=offset)
        if not _is_duty_day(schedule, day):
            continue
        candidate = datetime.combine(day, schedule.start, tzinfo=zone)
        if candidate > local:
            return candidate
    raise ValueError(f"no duty start within {SEARCH_DAYS} days of {local.isoformat()}")


def parse_schedule(weekdays: str, hours: str, timezone: str) -> DutySchedule:
    """Build a schedule from settings: weekdays "mon-fri" or "mon,tue,thu", hours "08:00-16:00"."""
    start, end = _parse_hours(hours)
    return DutySchedule(weekdays=_parse_weekdays(weekdays), start=start, end=end, timezone=timezone)


def _parse_weekdays(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.lower().replace(" ", "").split(","):
        first, sep, last = part.partition("-")
        lo = _weekday_index(first, text)
        hi = _weekday_index(last, text) if sep else lo
        # Ranges follow the week round, so "fri-mon" means Friday to Monday.
        days.update((lo + step) % 7 for step in range((hi - lo) % 7 + 1))
    return frozenset(days)


def _weekday_index(name: str, text: str) -> int:
    if name not in WEEKDAY_NAMES:
        raise ValueError(
            f"bad weekdays {text!r}: {name!r} is not one of {', '.join(WEEKDAY_NAMES)}"
            " (write e.g. 'mon-fri' or 'mon,tue,thu')"
        )
    return WEEKDAY_NAMES.index(name)


def _parse_hours(text: str) -> tuple[time, time]:
    match = _HOURS.match(text.replace(" ", ""))
    if match is None:
        raise ValueError(f"bad hours {text!r}: write HH:MM-HH:MM, e.g. '08:00-16:00'")
    h1, m1, h2, m2 = (int(group) for group in match.groups())
    try:
        start, end = time(h1, m1), time(h2, m2)
    except ValueError as exc:
        raise ValueError(f"bad hours {text!r}: {exc}") from None
    if not start < end:
        raise ValueError(f"bad hours {text!r}: the start must be before the end")
    return start, end


def _is_duty_day(schedule: DutySchedule, day: date) -> bool:
    return day.weekday() in schedule.weekdays and not is_danish_holiday(day)


def _local(schedule: DutySchedule, now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got naive {now.isoformat()}")
    return now.astimezone(_zone(schedule.timezone))


@cache
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {name!r}, e.g. 'Europe/Copenhagen'") from None


@cache
def _danish_holidays(year: int) -> frozenset[date]:
    # A plain set of dates: a HolidayBase membership test parses its argument every time.
    return frozenset(holidays.country_holidays("DK", years=year))

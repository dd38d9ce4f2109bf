from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.triage import availability
from app.triage.availability import (
    DutySchedule,
    is_danish_holiday,
    is_on_duty,
    next_duty_start,
    parse_schedule,
)

CPH = ZoneInfo("Europe/Copenhagen")
WEEKDAYS = DutySchedule()


def at(text: str) -> datetime:
    """An aware datetime from ISO text; without an offset it is Copenhagen wall-clock time."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=CPH)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Duty is [08:00, 16:00) local on an ordinary Tuesday.
        ("2026-03-10T07:59", False),
        ("2026-03-10T08:00", True),
        ("2026-03-10T15:59", True),
        ("2026-03-10T15:59:59.999999", True),
        ("2026-03-10T16:00", False),
        ("2026-03-10T00:00", False),
        # Weekends.
        ("2026-03-14T10:00", False),
        ("2026-03-15T10:00", False),
        # Friday before summer time starts (29 March 2026): Copenhagen is UTC+1.
        ("2026-03-27T06:59Z", False),
        ("2026-03-27T07:00Z", True),
        ("2026-03-27T14:59Z", True),
        ("2026-03-27T15:00Z", False),
        # Monday after: UTC+2, so duty starts 06:00 UTC.
        ("2026-03-30T05:59Z", False),
        ("2026-03-30T06:00Z", True),
        ("2026-03-30T13:59Z", True),
        ("2026-03-30T14:00Z", False),
        # Friday before winter time returns (25 October 2026): still UTC+2.
        ("2026-10-23T05:59Z", False),
        ("2026-10-23T06:00Z", True),
        ("2026-10-23T14:00Z", False),
        # Monday after: UTC+1 again; 06:00 UTC is only 07:00 local.
        ("2026-10-26T06:00Z", False),
        ("2026-10-26T06:59Z", False),
        ("2026-10-26T07:00Z", True),
        ("2026-10-26T14:59Z", True),
        ("2026-10-26T15:00Z", False),
        # Any aware input is read in the schedule's timezone: 03:00 New York = 09:00 Copenhagen.
        ("2026-03-10T03:00-05:00", True),
    ],
)
def test_duty_hours(now: str, expected: bool) -> None:
    assert is_on_duty(WEEKDAYS, at(now)) is expected


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        ("2026-01-01", True),  # New Year's Day
        ("2026-04-02", True),  # Maundy Thursday
        ("2026-04-03", True),  # Good Friday
        ("2026-04-06", True),  # Easter Monday
        ("2026-05-14", True),  # Ascension Day
        ("2026-05-25", True),  # Whit Monday
        ("2026-12-25", True),  # Christmas Day
        ("2025-12-26", True),  # Second Day of Christmas
        ("2023-05-05", True),  # Store Bededag, abolished from 2024
        ("2024-04-26", False),  # where Store Bededag would have fallen in 2024
        # Not statutory: the package lists these only in its "optional" category.
        ("2026-12-24", False),  # Christmas Eve
        ("2026-06-05", False),  # Constitution Day (Grundlovsdag)
        ("2026-12-31", False),  # New Year's Eve
        ("2026-05-01", False),  # Workers' Day
        ("2026-03-10", False),
    ],
)
def test_danish_holidays(day: str, holiday: bool) -> None:
    assert is_danish_holiday(date.fromisoformat(day)) is holiday


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-01-01T10:00", False),  # New Year's Day, Thursday
        ("2026-04-02T10:00", False),  # Maundy Thursday
        ("2026-04-03T10:00", False),  # Good Friday
        ("2026-04-06T10:00", False),  # Easter Monday
        ("2026-05-14T10:00", False),  # Ascension Day
        ("2026-05-25T10:00", False),  # Whit Monday
        ("2026-12-25T10:00", False),  # Christmas Day, Friday
        ("2025-12-26T10:00", False),  # Second Day of Christmas, Friday
        ("2023-05-05T10:00", False),  # Store Bededag 2023
        ("2024-04-26T10:00", True),  # its date in 2024 is an ordinary Friday
        ("2026-12-24T10:00", True),  # Christmas Eve is a working day per the package
        ("2026-06-05T10:00", True),  # so is Constitution Day
        ("2026-12-31T10:00", True),
        # UTC inputs: Easter Monday 08:00 local is off; the Tuesday after is on.
        ("2026-04-06T06:00Z", False),
        ("2026-04-07T06:00Z", True),
    ],
)
def test_no_duty_on_holidays(now: str, expected: bool) -> None:
    assert is_on_duty(WEEKDAYS, at(now)) is expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-03-13T17:00", "2026-03-16T08:00:00+01:00"),  # Friday evening -> Monday
        ("2026-03-13T16:00", "2026-03-16T08:00:00+01:00"),  # end of duty is off duty
        ("2026-03-14T12:00", "2026-03-16T08:00:00+01:00"),  # Saturday
        ("2026-03-10T00:00", "2026-03-10T08:00:00+01:00"),  # early morning -> same day
        ("2026-03-10T07:59", "2026-03-10T08:00:00+01:00"),
        ("2026-03-10T16:00", "2026-03-11T08:00:00+01:00"),
        # Across summer time: UTC input, answer in Copenhagen time at UTC+2.
        ("2026-03-28T12:00Z", "2026-03-30T08:00:00+02:00"),
        ("2026-03-27T15:00Z", "2026-03-30T08:00:00+02:00"),
        # Across winter time: back to UTC+1.
        ("2026-10-24T12:00Z", "2026-10-26T08:00:00+01:00"),
        ("2026-10-23T14:00Z", "2026-10-26T08:00:00+01:00"),
        # Easter: Maundy Thursday to Easter Monday are all days off.
        ("2026-04-01T18:00", "2026-04-07T08:00:00+02:00"),
        ("2026-04-02T20:00", "2026-04-07T08:00:00+02:00"),
        ("2026-05-13T17:00", "2026-05-15T08:00:00+02:00"),  # Ascension Day
        ("2026-05-22T17:00", "2026-05-26T08:00:00+02:00"),  # Whit Monday
        ("2026-12-24T16:30", "2026-12-28T08:00:00+01:00"),  # Christmas Day, then weekend
        ("2025-12-31T16:00", "2026-01-02T08:00:00+01:00"),  # across the new year
        ("2023-05-04T17:00", "2023-05-08T08:00:00+02:00"),  # Store Bededag 2023
        ("2024-04-25T17:00", "2024-04-26T08:00:00+02:00"),  # no Store Bededag in 2024
    ],
)
def test_next_duty_start(now: str, expected: str) -> None:
    result = next_duty_start(WEEKDAYS, at(now))
    assert result.isoformat() == expected
    assert result.tzinfo == CPH
    assert is_on_duty(WEEKDAYS, result)


@pytest.mark.parametrize("now", ["2026-03-10T09:00Z", "2026-03-10T08:00", "2026-03-10T15:59"])
def test_next_duty_start_is_now_when_on_duty(now: str) -> None:
    moment = at(now)
    result = next_duty_start(WEEKDAYS, moment)
    assert result == moment
    assert result.tzinfo == CPH


def test_next_duty_start_search_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(availability, "SEARCH_DAYS", 3)
    mondays = DutySchedule(weekdays=frozenset({0}))
    with pytest.raises(ValueError, match="no duty start within 3 days"):
        next_duty_start(mondays, at("2026-03-10T10:00"))


@pytest.mark.parametrize("call", [is_on_duty, next_duty_start])
def test_naive_now_is_rejected(call) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call(WEEKDAYS, datetime(2026, 3, 10, 10, 0))


@pytest.mark.parametrize(
    ("weekdays", "hours", "expected_days", "expected_start", "expected_end"),
    [
        ("mon-fri", "08:00-16:00", {0, 1, 2, 3, 4}, time(8), time(16)),
        ("mon,tue,thu", "08:00-16:00", {0, 1, 3}, time(8), time(16)),
        (" MON - Fri ", " 8:00 - 16:00 ", {0, 1, 2, 3, 4}, time(8), time(16)),
        ("mon-fri,sat", "09:30-12:15", {0, 1, 2, 3, 4, 5}, time(9, 30), time(12, 15)),
        ("sat-sun", "10:00-14:00", {5, 6}, time(10), time(14)),
        ("fri-mon", "08:00-16:00", {4, 5, 6, 0}, time(8), time(16)),  # round the week
        ("wed", "00:00-23:59", {2}, time(0), time(23, 59)),
    ],
)
def test_parse_schedule(
    weekdays: str, hours: str, expected_days: set[int], expected_start: time, expected_end: time
) -> None:
    schedule = parse_schedule(weekdays, hours, "Europe/Copenhagen")
    assert schedule == DutySchedule(
        weekdays=frozenset(expected_days), start=expected_start, end=expected_end
    )


def test_parsed_schedule_drives_duty() -> None:
    schedule = parse_schedule("mon,wed", "09:30-12:00", "Europe/Copenhagen")
    assert not is_on_duty(schedule, at("2026-03-10T10:00"))  # Tuesday
    assert next_duty_start(schedule, at("2026-03-10T10:00")).isoformat() == (
        "2026-03-11T09:30:00+01:00"
    )


@pytest.mark.parametrize(
    ("weekdays", "hours", "timezone", "message"),
    [
        ("", "08:00-16:00", "Europe/Copenhagen", "bad weekdays"),
        ("monday-friday", "08:00-16:00", "Europe/Copenhagen", "'monday' is not one of"),
        ("mon-", "08:00-16:00", "Europe/Copenhagen", "bad weekdays"),
        ("mon,,tue", "08:00-16:00", "Europe/Copenhagen", "bad weekdays"),
        ("1-5", "08:00-16:00", "Europe/Copenhagen", "bad weekdays"),
        ("mon-tue-wed", "08:00-16:00", "Europe/Copenhagen", "bad weekdays"),
        ("mon-fri", "8-16", "Europe/Copenhagen", "write HH:MM-HH:MM"),
        ("mon-fri", "08:00", "Europe/Copenhagen", "write HH:MM-HH:MM"),
        ("mon-fri", "16:00-08:00", "Europe/Copenhagen", "start must be before the end"),
        ("mon-fri", "08:00-08:00", "Europe/Copenhagen", "start must be before the end"),
        ("mon-fri", "25:00-26:00", "Europe/Copenhagen", "bad hours"),
        ("mon-fri", "08:60-16:00", "Europe/Copenhagen", "bad hours"),
        ("mon-fri", "08:00-16:00", "Mars/Olympus_Mons", "unknown timezone"),
        ("mon-fri", "08:00-16:00", "", "unknown timezone"),
    ],
)
def test_parse_schedule_rejects_bad_settings(
    weekdays: str, hours: str, timezone: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        parse_schedule(weekdays, hours, timezone)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weekdays": frozenset()},
        {"weekdays": frozenset({7})},
        {"start": time(16), "end": time(8)},
        {"start": time(8, tzinfo=UTC)},
        {"timezone": "Nowhere/Atlantis"},
    ],
)
def test_duty_schedule_rejects_impossible_values(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        DutySchedule(**kwargs)

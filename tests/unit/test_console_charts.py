"""The console's small charts: a year of months in Copenhagen time, bars to scale, curves."""

from datetime import UTC, datetime

from app.console import charts
from app.triage.history import CallEvent

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_twelve_months_ending_with_this_one_in_copenhagen_time() -> None:
    events = [
        CallEvent(at=datetime(2026, 10, 31, 23, 30, tzinfo=UTC)),  # 1 November in Copenhagen
        CallEvent(at=datetime(2026, 11, 2, 12, 0, tzinfo=UTC), ambulance_urgency="A"),
        CallEvent(at=datetime(2026, 3, 5, 12, 0, tzinfo=UTC), ambulance_urgency="B"),
        CallEvent(at=datetime(2025, 11, 30, 12, 0, tzinfo=UTC)),  # thirteen months ago: out
    ]
    months = charts.months_of(events, now=NOW)
    assert [(m.year, m.month) for m in (months[0], months[-1])] == [(2025, 12), (2026, 11)]
    assert (months[-1].calls, months[-1].ambulances_a, months[-1].ambulances_b) == (2, 1, 0)
    march = next(m for m in months if m.month == 3)
    assert (march.calls, march.ambulances_b) == (1, 1)
    assert sum(m.calls for m in months) == 3


def test_bars_are_drawn_to_one_scale_with_the_tallest_filling_the_chart() -> None:
    june = CallEvent(at=datetime(2026, 6, 1, tzinfo=UTC))
    months = charts.months_of([CallEvent(at=NOW)] * 4 + [june], now=NOW)
    chart = charts.bar_chart(months, width=360, height=96)
    assert chart.top == 4
    tallest = chart.months[-1].calls_height
    assert tallest == 96 - 14
    assert next(m for m in chart.months if m.month == 6).calls_height == tallest / 4


def test_an_empty_year_draws_no_bars_and_no_division_by_zero() -> None:
    chart = charts.bar_chart(charts.months_of([], now=NOW))
    assert chart.top == 1 and all(m.calls_height == 0 for m in chart.months)


def test_a_curve_maps_the_unit_square_with_y_upwards() -> None:
    drawn = charts.curve([0.0, 1.0], [0.0, 1.0], size=100, pad=10)
    assert drawn.points == "10.0,90.0 90.0,10.0"

"""The console's small charts, computed on the server and drawn as inline SVG by templates."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from app.triage.history import CallEvent

LOCAL = ZoneInfo("Europe/Copenhagen")


@dataclass(frozen=True)
class Month:
    """One month's calls and ambulances by urgency, with the bars' geometry."""

    year: int
    month: int
    calls: int
    ambulances_a: int
    ambulances_b: int
    x: float = 0.0
    calls_height: float = 0.0
    a_height: float = 0.0
    b_height: float = 0.0


@dataclass(frozen=True)
class BarChart:
    """Twelve months of bars in a `width` x `height` box, the newest month last."""

    months: list[Month]
    width: int
    height: int
    bar: float
    top: int


def months_of(events: Iterable[CallEvent], *, now: datetime, count: int = 12) -> list[Month]:
    """The last `count` months, this one included, with their counts."""
    here = now.astimezone(LOCAL)
    keys = []
    year, month = here.year, here.month
    for _ in range(count):
        keys.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    keys.reverse()
    counts = {key: [0, 0, 0] for key in keys}
    for event in events:
        at = event.at.astimezone(LOCAL)
        bucket = counts.get((at.year, at.month))
        if bucket is None:
            continue
        bucket[0] += 1
        if event.ambulance_urgency == "A":
            bucket[1] += 1
        elif event.ambulance_urgency == "B":
            bucket[2] += 1
    return [Month(y, m, *counts[(y, m)]) for y, m in keys]


def bar_chart(months: Sequence[Month], *, width: int = 360, height: int = 96) -> BarChart:
    """Place each month's three bars: calls, ambulances A, ambulances B."""
    top = max([m.calls for m in months] + [1])
    slot = width / max(len(months), 1)
    bar = slot / 4
    scale = (height - 14) / top  # room below for the month's initial
    placed = [
        Month(m.year, m.month, m.calls, m.ambulances_a, m.ambulances_b,
              x=round(i * slot + bar / 2, 1), calls_height=round(m.calls * scale, 1),
              a_height=round(m.ambulances_a * scale, 1), b_height=round(m.ambulances_b * scale, 1))
        for i, m in enumerate(months)
    ]
    return BarChart(months=placed, width=width, height=height, bar=round(bar, 1), top=top)


@dataclass(frozen=True)
class Curve:
    """A curve in the unit square drawn in a `size` box: SVG points and the raw pairs."""

    points: str
    pairs: list[tuple[float, float]]
    size: int
    pad: int


def curve(xs: Sequence[float], ys: Sequence[float], *, size: int = 240, pad: int = 28) -> Curve:
    """A polyline of (x, y) in [0, 1]^2, y upwards."""
    inner = size - 2 * pad
    pairs = [(float(x), float(y)) for x, y in zip(xs, ys, strict=False)]
    points = " ".join(f"{pad + x * inner:.1f},{size - pad - y * inner:.1f}" for x, y in pairs)
    return Curve(points=points, pairs=pairs, size=size, pad=pad)

"""The offers directory in memory for the matcher, reloaded when its version changes.

Every assessment matches offers, so the directory is read from the database once and
kept as a pure `Directory`; the version row is checked at most every few seconds, so an
import reaches every replica within that interval.
"""

import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict, TypeVar

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.db.engine import engine_of
from app.models import Municipality
from app.services.directory import hsds_rows
from app.services.directory.hsds_io import current_version
from app.triage.hours import WeeklyHours, parse_byday, parse_clock
from app.triage.offers import Directory, Offer

CHECK_SECONDS = 5.0
TIMEZONE = "Europe/Copenhagen"  # HSDS opening hours are read as Copenhagen wall-clock time


@dataclass
class _Entry:
    directory: Directory
    version: int
    checked: float
    memo: dict[object, object] = field(default_factory=dict)


class _ServiceFields(TypedDict):
    """What every offer of one service shares (`Offer`'s fields of that name)."""

    service_id: str
    name: str
    needs: frozenset[str]
    municipality_codes: frozenset[str]
    organization: str


_entries: "weakref.WeakKeyDictionary[Engine, _Entry]" = weakref.WeakKeyDictionary()
# Held only to load, and never waited for: an assessment that finds it taken serves the
# directory it has meanwhile, rather than wait behind another's read of the database.
_loading = threading.Lock()


def get(session: Session) -> Directory:
    """The directory for this session's database, reloaded when an import changed it."""
    return _entry(session).directory


def _entry(session: Session) -> _Entry:
    engine = engine_of(session)
    entry = _entries.get(engine)
    now = time.monotonic()
    if entry is not None and now - entry.checked < CHECK_SECONDS:
        return entry
    version = current_version(session)
    if entry is not None and entry.version == version:
        entry.checked = now
        return entry
    if not _loading.acquire(blocking=False):
        # Another is loading it: the directory at hand, or a load of our own for the first.
        return entry or _Entry(load(session), version, now)
    try:
        entry = _entries[engine] = _Entry(load(session), version, now)
    finally:
        _loading.release()
    return entry


T = TypeVar("T")


def memo(session: Session, key: object, compute: Callable[[], T]) -> T:
    """A value derived from the directory, kept until the directory's version changes."""
    entry = _entry(session)
    if key not in entry.memo:
        entry.memo[key] = compute()
    return entry.memo[key]  # type: ignore[return-value]


def forget(session: Session) -> None:
    """Drop the cached directory of this session's database (tests, the CLI)."""
    _entries.pop(engine_of(session), None)


def load(session: Session) -> Directory:
    """Read the whole directory into a pure `Directory`: one offer per service and place."""
    rows = hsds_rows.load(session)
    offers = []
    for service in rows.services:
        if service.status != "active":
            continue
        needs = frozenset().union(*(rows.need_codes(a.taxonomy_term_id)
                                    for a in rows.attributes.get(service.id, [])))
        if not needs:
            continue
        codes = frozenset(a.municipality_code for a in rows.areas.get(service.id, [])
                          if a.municipality_code)
        base = _ServiceFields(
            service_id=service.id, name=service.name, needs=needs, municipality_codes=codes,
            organization=rows.organizations[service.organization_id].name,
        )
        service_phone = _first_number(rows.phones.get(service.id))
        service_hours = _hours(rows.schedules.get(service.id))
        places = rows.sals.get(service.id, [])
        if not places:
            offers.append(Offer(**base, hours=service_hours, phone=service_phone))
        for sal in places:
            place = rows.locations[sal.location_id]
            hours = (_hours(rows.sal_schedules.get(sal.id)) or service_hours
                     or _hours(rows.location_schedules.get(place.id)))
            point = ((place.latitude, place.longitude)
                     if place.latitude is not None and place.longitude is not None else None)
            address = ", ".join(p for p in (place.address_1, f"{place.postal_code or ''} "
                                            f"{place.city or ''}".strip()) if p) or None
            offers.append(Offer(**base, hours=hours, point=point, address=address,
                                phone=_first_number(rows.sal_phones.get(sal.id)) or service_phone))
    centroids = {m.code: (m.latitude, m.longitude) for m in session.scalars(select(Municipality))}
    return Directory(offers=offers, centroids=centroids, timezone=TIMEZONE)


def _hours(schedules: list | None) -> tuple[WeeklyHours, ...]:  # type: ignore[type-arg]
    return tuple(
        WeeklyHours(weekdays=parse_byday(s.byday), opens=parse_clock(s.opens_at),
                    closes=parse_clock(s.closes_at), valid_from=s.valid_from, valid_to=s.valid_to)
        for s in schedules or ()
    )


def _first_number(phones: list | None) -> str | None:  # type: ignore[type-arg]
    return phones[0].number if phones else None

"""Matching local social offers to a caller: the need, the municipality, open now, nearest.

Pure: the directory comes in as a plain `Directory` snapshot (built by the service layer
from the HSDS tables), `at` is given, and the answer says why when nothing fits.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from app.triage.hours import Opening, WeeklyHours, describe_da, next_opening, open_now

EARTH_RADIUS_KM = 6371.0
Point = tuple[float, float]  # (latitude, longitude) in WGS84 degrees


@dataclass(frozen=True)
class Offer:
    """One service at one place (or by phone), with what it helps with and where it serves."""

    service_id: str
    name: str
    organization: str
    needs: frozenset[str]
    municipality_codes: frozenset[str]  # empty: the whole region
    hours: tuple[WeeklyHours, ...]
    phone: str | None = None
    address: str | None = None
    point: Point | None = None


@dataclass(frozen=True)
class OfferMatch:
    """An offer that fits and is open now."""

    offer: Offer
    needs: tuple[str, ...]  # the caller's needs it meets
    open_until: datetime | None  # None: open around the clock
    distance_km: float | None


@dataclass(frozen=True)
class MatchResult:
    """Up to `limit` open offers, best first, and a note when there are none."""

    matches: tuple[OfferMatch, ...]
    note: str | None


@dataclass
class Directory:
    """The offers, indexed by need, with municipality centroids for a fallback location."""

    offers: Sequence[Offer]
    centroids: dict[str, Point] = field(default_factory=dict)
    timezone: str = "Europe/Copenhagen"
    by_need: dict[str, list[Offer]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_need = {}
        for offer in self.offers:
            for need in offer.needs:
                self.by_need.setdefault(need, []).append(offer)


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2
    ) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def match_offers(
    directory: Directory,
    *,
    needs: Sequence[str],
    municipality_code: str | None,
    at: datetime,
    near: Point | None = None,
    limit: int = 3,
) -> MatchResult:
    """Offers that meet a need, serve the municipality (or the region) and are open at `at`.

    Best first: more of the caller's needs met, then nearest (from `near`, or the
    municipality's centroid), offers without a place (phone lines) after those with one.
    """
    wanted = tuple(dict.fromkeys(needs))
    if not wanted:
        return MatchResult((), None)
    zone = ZoneInfo(directory.timezone)
    origin = near or (directory.centroids.get(municipality_code) if municipality_code else None)
    fitting = _fitting(directory, wanted, municipality_code)
    if not fitting:
        return MatchResult((), "Ingen tilbud i kataloget passer til behovet her.")
    matches = []
    for offer in fitting:
        opening = open_now(offer.hours, at, zone)
        if opening is not None:
            matches.append(_match(offer, wanted, opening, origin))
    matches.sort(key=_rank)
    if matches:
        return MatchResult(tuple(_one_place_per_service(matches)[:limit]), None)
    return MatchResult((), _none_open_note(fitting, at, zone))


def _fitting(directory: Directory, wanted: Sequence[str], code: str | None) -> list[Offer]:
    seen: dict[str, Offer] = {}
    for need in wanted:
        for offer in directory.by_need.get(need, ()):
            if _serves(offer, code):
                seen.setdefault(f"{offer.service_id}|{offer.address}", offer)
    return list(seen.values())


def _serves(offer: Offer, code: str | None) -> bool:
    return not offer.municipality_codes or (code is not None and code in offer.municipality_codes)


def _match(
    offer: Offer, wanted: Sequence[str], opening: Opening, origin: Point | None
) -> OfferMatch:
    distance = haversine_km(origin, offer.point) if origin and offer.point else None
    return OfferMatch(
        offer=offer,
        needs=tuple(need for need in wanted if need in offer.needs),
        open_until=opening.until,
        distance_km=round(distance, 1) if distance is not None else None,
    )


def _rank(match: OfferMatch) -> tuple[int, int, float, str]:
    distance = match.distance_km
    return (-len(match.needs), distance is None, distance or 0.0, match.offer.name)


def _none_open_note(fitting: Iterable[Offer], at: datetime, zone: ZoneInfo) -> str:
    upcoming = [(when, offer) for offer in fitting
                if (when := next_opening(offer.hours, at, zone)) is not None]
    if not upcoming:
        return "Ingen passende tilbud har åbent nu, og ingen har kendte åbningstider."
    when, offer = min(upcoming, key=lambda pair: (pair[0], pair[1].name))
    return (f"Ingen passende tilbud har åbent nu; næste åbner {describe_da(when, at, zone)}: "
            f"{offer.name} ({offer.organization}).")


def _one_place_per_service(matches: Iterable[OfferMatch]) -> list[OfferMatch]:
    seen: dict[str, OfferMatch] = {}
    for match in matches:
        seen.setdefault(match.offer.service_id, match)
    return list(seen.values())

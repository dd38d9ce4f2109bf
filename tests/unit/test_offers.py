"""The offers matcher: the need, the municipality, open now by weekly hours, nearest first."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.triage.hours import WeeklyHours, open_now, parse_byday, parse_clock
from app.triage.offers import Directory, MatchResult, Offer, haversine_km, match_offers

CPH = ZoneInfo("Europe/Copenhagen")
EVERY_DAY = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
AARHUS, RANDERS = "0751", "0730"
AARHUS_C = (56.157, 10.211)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=CPH)  # type: ignore[misc]


def hours(days: frozenset[int], opens: str, closes: str) -> tuple[WeeklyHours, ...]:
    return (WeeklyHours(days, parse_clock(opens), parse_clock(closes)),)


SHELTER = Offer("shelter", "Herberget", "Fonden", frozenset({"homelessness"}), frozenset({AARHUS}),
                hours(EVERY_DAY, "00:00", "00:00"), point=(56.150, 10.205))
CAFE = Offer("cafe", "Café Fællesskab", "Frivillige", frozenset({"loneliness"}),
             frozenset({AARHUS}), hours(WEEKDAYS, "10:00", "15:00"), point=(56.159, 10.209))
NIGHT_CAFE = Offer("night", "Natcaféen", "Frivillige", frozenset({"loneliness", "homelessness"}),
                   frozenset({AARHUS}), hours(frozenset({4, 5}), "22:00", "04:00"),
                   point=(56.158, 10.212))
HELPLINE = Offer("line", "Samtalelinjen", "Foreningen", frozenset({"loneliness"}), frozenset(),
                 hours(EVERY_DAY, "17:00", "02:00"))
RANDERS_CAFE = Offer("randers", "Værestedet Randers", "Kommunen", frozenset({"loneliness"}),
                     frozenset({RANDERS}), hours(EVERY_DAY, "08:00", "20:00"),
                     point=(56.462, 10.038))
DIRECTORY = Directory([SHELTER, CAFE, NIGHT_CAFE, HELPLINE, RANDERS_CAFE],
                      centroids={AARHUS: AARHUS_C, RANDERS: (56.461, 10.036)})


@pytest.mark.parametrize(
    ("offer", "moment", "open_until"),
    [
        (SHELTER, at(2026, 11, 22, 3, 0), "24/7"),  # Sunday night
        (SHELTER, at(2026, 11, 18, 12, 0), "24/7"),
        (CAFE, at(2026, 11, 17, 11, 0), at(2026, 11, 17, 15, 0)),  # Tuesday
        (CAFE, at(2026, 11, 17, 10, 0), at(2026, 11, 17, 15, 0)),  # opening minute
        (CAFE, at(2026, 11, 17, 15, 0), None),  # closing minute: closed
        (CAFE, at(2026, 11, 17, 9, 59), None),
        (CAFE, at(2026, 11, 21, 11, 0), None),  # Saturday
        (NIGHT_CAFE, at(2026, 11, 20, 23, 0), at(2026, 11, 21, 4, 0)),  # Friday night
        (NIGHT_CAFE, at(2026, 11, 21, 1, 30), at(2026, 11, 21, 4, 0)),  # after midnight
        (NIGHT_CAFE, at(2026, 11, 22, 3, 59), at(2026, 11, 22, 4, 0)),  # Saturday's night
        (NIGHT_CAFE, at(2026, 11, 21, 4, 0), None),
        (NIGHT_CAFE, at(2026, 11, 19, 23, 0), None),  # Thursday: not its night
        (NIGHT_CAFE, at(2026, 11, 23, 1, 0), None),  # Monday 01:00: Sunday had no night
        (HELPLINE, at(2026, 3, 29, 1, 30), at(2026, 3, 29, 2, 0)),  # the night clocks go forward
    ],
)
def test_open_now_by_weekly_hours(offer: Offer, moment: datetime, open_until: object) -> None:
    opening = open_now(offer.hours, moment, CPH)
    if open_until is None:
        assert opening is None
    elif open_until == "24/7":
        assert opening is not None and opening.until is None
    else:
        assert opening is not None and opening.until == open_until


def test_meeting_openings_join_up() -> None:
    evening = WeeklyHours(EVERY_DAY, time(16, 0), time(0, 0))
    night = WeeklyHours(EVERY_DAY, time(0, 0), time(8, 0))
    opening = open_now((evening, night), at(2026, 11, 17, 20, 0), CPH)
    assert opening is not None and opening.until == at(2026, 11, 18, 8, 0)


def test_the_utc_moment_counts_not_the_offset_it_was_given_in() -> None:
    tuesday_11_in_utc = datetime(2026, 11, 17, 10, 0, tzinfo=ZoneInfo("UTC"))
    assert open_now(CAFE.hours, tuesday_11_in_utc, CPH) is not None


@pytest.mark.parametrize(
    ("needs", "code", "moment", "expected"),
    [
        (["homelessness"], AARHUS, at(2026, 11, 17, 11, 0), ["Herberget"]),
        (["loneliness"], AARHUS, at(2026, 11, 17, 11, 0), ["Café Fællesskab"]),
        (["loneliness"], AARHUS, at(2026, 11, 20, 23, 0), ["Natcaféen", "Samtalelinjen"]),
        # More of the needs met first, then nearest, phone lines after places.
        (["homelessness", "loneliness"], AARHUS, at(2026, 11, 20, 23, 0),
         ["Natcaféen", "Herberget", "Samtalelinjen"]),
        (["loneliness"], RANDERS, at(2026, 11, 17, 11, 0), ["Værestedet Randers"]),
        (["loneliness"], RANDERS, at(2026, 11, 17, 18, 0), ["Værestedet Randers", "Samtalelinjen"]),
        (["loneliness"], None, at(2026, 11, 17, 18, 0), ["Samtalelinjen"]),  # region-wide only
        (["loneliness"], "0101", at(2026, 11, 17, 18, 0), ["Samtalelinjen"]),
        (["dementia_safety"], AARHUS, at(2026, 11, 17, 11, 0), []),
    ],
)
def test_offers_fit_the_need_the_municipality_and_are_open(
    needs: list[str], code: str | None, moment: datetime, expected: list[str]
) -> None:
    result = match_offers(DIRECTORY, needs=needs, municipality_code=code, at=moment)
    assert [m.offer.name for m in result.matches] == expected


def test_nearest_first_from_the_callers_location() -> None:
    near_the_cafe = (56.1592, 10.2091)
    places = Directory([SHELTER, NIGHT_CAFE], centroids={AARHUS: AARHUS_C})
    result = match_offers(places, needs=["homelessness"], municipality_code=AARHUS,
                          at=at(2026, 11, 20, 23, 0), near=near_the_cafe)
    assert [m.offer.name for m in result.matches] == ["Natcaféen", "Herberget"]
    assert result.matches[0].distance_km is not None and result.matches[0].distance_km < 0.5


def test_the_municipality_centroid_gives_distances_when_no_location_is_known() -> None:
    result = match_offers(DIRECTORY, needs=["homelessness"], municipality_code=AARHUS,
                          at=at(2026, 11, 17, 11, 0))
    assert result.matches[0].distance_km == pytest.approx(haversine_km(AARHUS_C, SHELTER.point),
                                                          abs=0.1)


def test_at_most_limit_offers_and_one_place_per_service() -> None:
    twin = Offer("shelter", "Herberget", "Fonden", SHELTER.needs, SHELTER.municipality_codes,
                 SHELTER.hours, address="Andet sted 2", point=(56.20, 10.10))
    many = Directory([SHELTER, twin, NIGHT_CAFE, HELPLINE, CAFE], centroids={AARHUS: AARHUS_C})
    result = match_offers(many, needs=["homelessness", "loneliness"], municipality_code=AARHUS,
                          at=at(2026, 11, 20, 23, 0), limit=2)
    assert [m.offer.service_id for m in result.matches] == ["night", "shelter"]
    one = match_offers(many, needs=["homelessness"], municipality_code=AARHUS,
                       at=at(2026, 11, 17, 11, 0))
    assert [m.offer.address for m in one.matches] == [None]  # the nearer of the two places


def test_none_open_says_so_and_when_the_next_opens() -> None:
    result = match_offers(DIRECTORY, needs=["loneliness"], municipality_code=AARHUS,
                          at=at(2026, 11, 22, 9, 0))  # Sunday morning
    assert result.matches == ()
    assert result.note == ("Ingen passende tilbud har åbent nu; næste åbner kl. 17:00: "
                           "Samtalelinjen (Foreningen).")
    weekend = Directory([CAFE])
    note = match_offers(weekend, needs=["loneliness"], municipality_code=AARHUS,
                        at=at(2026, 11, 21, 9, 0)).note
    assert note is not None and note.endswith("næste åbner mandag kl. 10:00: Café Fællesskab "
                                              "(Frivillige).")


def test_no_fitting_offer_and_no_need() -> None:
    nothing = match_offers(DIRECTORY, needs=["dementia_safety"], municipality_code=AARHUS,
                           at=at(2026, 11, 17, 11, 0))
    assert nothing.note is not None and "Ingen tilbud" in nothing.note
    no_need = match_offers(DIRECTORY, needs=[], municipality_code=AARHUS,
                           at=at(2026, 11, 17, 11, 0))
    assert no_need == MatchResult((), None)


def test_haversine_aarhus_to_randers() -> None:
    assert haversine_km(AARHUS_C, (56.461, 10.036)) == pytest.approx(35.8, abs=0.5)


@pytest.mark.parametrize("text", ["MO,XX", "1MO", ""])
def test_byday_refuses_what_is_not_weekly(text: str) -> None:
    with pytest.raises(ValueError, match="byday"):
        parse_byday(text)


@pytest.mark.parametrize(("text", "expected"), [("08:00", time(8)), ("24:00", time(0)),
                                                 ("21:30:00", time(21, 30))])
def test_clock_times(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["8", "08:00+01:00", "25:00"])
def test_clock_refuses_offsets_and_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)

"""What the recommendation adds for a social need: the municipal contact and open offers."""

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.models import Municipality
from app.schemas.assessment import ContactRead, OfferRead
from app.services.directory import directory_cache, municipalities
from app.triage.hours import describe_da, zone
from app.triage.offers import OfferMatch, Point, match_offers

HANDOVER_WORDS = {
    "contact_person_only": (
        "{name} wants every hand-over through the contact person: do not call the staff "
        "around the citizen directly."
    ),
    "direct_to_staff": (
        "{name} wants the brobygger to call the staff around the citizen directly (home care, "
        "housing support, case worker); the contact person helps when they are not known."
    ),
}


def contact_for(session: Session, municipality_code: str | None) -> ContactRead | None:
    """The municipality's contact person and hand-over preference, said in words."""
    if not municipality_code:
        return None
    # Asked in every social assessment, changed by a directory or municipality load: memoised.
    contact = directory_cache.memo(session, ("contact", municipality_code),
                                      lambda: _contact_for(session, municipality_code))
    return contact.model_copy()


def _contact_for(session: Session, municipality_code: str) -> ContactRead:
    row = session.get(Municipality, municipality_code)
    name = municipalities.display_name(municipality_code, row)
    if row is None:
        in_region = municipality_code in municipalities.region_codes()
        note = (f"No contact data loaded for {name}: load the municipalities "
                "(akutbro directory seed-municipalities)." if in_region else
                f"Kommunekode {municipality_code} is outside Region Midtjylland: there is no "
                "contact person in this scheme; refer through that municipality's own "
                "citizen service.")
        return ContactRead(municipality_code=municipality_code, municipality=name,
                           participates=False, note=note)
    if not row.participates:
        return ContactRead(
            municipality_code=row.code, municipality=name, participates=False,
            note=(f"{name} does not take part in the contact person scheme: there is no "
                  "contact person to hand over to; refer through the municipality's citizen "
                  "service or the citizen's own GP."),
        )
    people = municipalities.contacts(session, row.code)
    handover = HANDOVER_WORDS[row.handover].format(name=name)
    if not people:
        return ContactRead(municipality_code=row.code, municipality=name, participates=True,
                           handover=row.handover,
                           note=f"{name} takes part, but no contact person is on file. {handover}")
    first = people[0]
    return ContactRead(
        municipality_code=row.code, municipality=name, participates=True, name=first.name,
        phone=first.phone, email=first.email, hours=first.hours, handover=row.handover,
        note=f"Hand-over: {handover}",
    )


def offers_for(
    session: Session,
    *,
    needs: Sequence[str],
    municipality_code: str | None,
    at: datetime,
    near: Point | None = None,
    limit: int = 3,
) -> tuple[list[OfferRead], str | None]:
    """Up to `limit` offers that meet a need, serve the municipality and are open at `at`."""
    directory = directory_cache.get(session)
    result = match_offers(directory, needs=needs, municipality_code=municipality_code, at=at,
                          near=near, limit=limit)
    tz = zone(directory.timezone)
    return [_offer_read(match, at, tz) for match in result.matches], result.note


def _offer_read(match: OfferMatch, at: datetime, tz: ZoneInfo) -> OfferRead:
    offer = match.offer
    return OfferRead(
        service_id=offer.service_id,
        name=offer.name,
        organization=offer.organization,
        phone=offer.phone,
        address=offer.address,
        needs=list(match.needs),
        open_until=("døgnåbent" if match.open_until is None
                    else describe_da(match.open_until, at, tz)),
        distance_km=match.distance_km,
    )

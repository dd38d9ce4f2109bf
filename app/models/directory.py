"""The directory of local social offers, stored as Open Referral HSDS 3.1 objects.

Only the HSDS fields the service uses are kept; ids are the HSDS UUID strings. A term's
social-need code is its `code` (or its parent's, for a narrower term).
"""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.engine import Base
from app.models._types import UTCDateTime, utcnow

HsdsId = String(36)


class HsdsOrganization(Base):
    """HSDS organization: who runs the offers."""

    __tablename__ = "hsds_organizations"

    id: Mapped[str] = mapped_column(HsdsId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(500))


class HsdsService(Base):
    """HSDS service: an offer."""

    __tablename__ = "hsds_services"

    id: Mapped[str] = mapped_column(HsdsId, primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("hsds_organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(24), default="active")
    email: Mapped[str | None] = mapped_column(String(254))
    url: Mapped[str | None] = mapped_column(String(500))
    eligibility_description: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class HsdsServiceArea(Base):
    """HSDS service_area: a municipality (kommunekode) or the whole region."""

    __tablename__ = "hsds_service_areas"

    id: Mapped[str] = mapped_column(HsdsId, primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("hsds_services.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    uri: Mapped[str | None] = mapped_column(String(500))
    municipality_code: Mapped[str | None] = mapped_column(String(4))  # None: the region


class HsdsLocation(Base):
    """HSDS location with its one address: a physical place, or virtual (phone, web)."""

    __tablename__ = "hsds_locations"

    id: Mapped[str] = mapped_column(HsdsId, primary_key=True)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("hsds_organizations.id"))
    location_type: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    address_id: Mapped[str | None] = mapped_column(HsdsId)
    address_1: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(16))
    city: Mapped[str | None] = mapped_column(String(100))
    state_province: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))


class HsdsServiceAtLocation(Base):
    """HSDS service_at_location: a service offered at a location."""

    __tablename__ = "hsds_service_at_locations"

    id: Mapped[str] = mapped_column(HsdsId, primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("hsds_services.id"), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("hsds_locations.id"), index=True)


class HsdsPhone(Base):
    """HSDS phone of a service, a location or a service at a location."""

    __tablename__ = "hsds_phones"

    id: Mapped[str] = mapped_column(HsdsId, primary_key=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("hsds_services.id"), index=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey("hsds_locations.id"))
    service_at_location_id: Mapped[str | None] = mapped_column(
        ForeignKey("hsds_service_at_locations.id")
    )
    number: Mapped[str] = mapped_column(String(32))
    type: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)


class HsdsSchedule(Base):
    """HSDS schedule: weekly opening hours (RFC 5545 WEEKLY rule) in Copenhagen time."""

    __tablename__ = "hsds_schedules"

    id: Mapped[str] = mapped_column(HsdsId, primary_key=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("hsds_services.id"), index=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey("hsds_locations.id"))
    service_at_location_id: Mapped[str | None] = mapped_column(
        ForeignKey("hsds_service_at_locations.id")
    )
    freq: Mapped[str] = mapped_column(String(8), default="WEEKLY")
    byday: Mapped[str] = mapped_column(String(32))
    opens_at: Mapped[str] = mapped_column(String(8))
    closes_at: Mapped[str] = mapped_column(String(8))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)


class HsdsTaxonomy(Base):
    """HSDS taxonomy: the vocabulary the offers are classified by."""

    __tablename__ = "hsds_taxonomies"

    id: Mapped[str] = mapped_column(HsdsId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    uri: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[str | None] = mapped_column(String(32))


class HsdsTaxonomyTerm(Base):
    """HSDS taxonomy_term; `code` is a social-need code of the vocabulary."""

    __tablename__ = "hsds_taxonomy_terms"

    id: Mapped[str] = mapped_column(HsdsId, primary_key=True)
    taxonomy_id: Mapped[str | None] = mapped_column(ForeignKey("hsds_taxonomies.id"), index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("hsds_taxonomy_terms.id"))
    code: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(8))


class HsdsAttribute(Base):
    """HSDS attribute: a service classified by a taxonomy term (what need it meets)."""

    __tablename__ = "hsds_attributes"

    id: Mapped[str] = mapped_column(HsdsId, primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("hsds_services.id"), index=True)
    taxonomy_term_id: Mapped[str] = mapped_column(ForeignKey("hsds_taxonomy_terms.id"))
    link_type: Mapped[str | None] = mapped_column(String(64))


class DirectoryState(Base):
    """One row: the directory's version, raised by every import, so replicas reload it."""

    __tablename__ = "directory_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(64), default="")

"""Stored directory rows as HSDS 3.1 JSON objects, for the export and the HSDS API."""

from typing import Any

from app.models import (
    HsdsLocation,
    HsdsOrganization,
    HsdsPhone,
    HsdsSchedule,
    HsdsService,
    HsdsServiceAtLocation,
    HsdsTaxonomy,
    HsdsTaxonomyTerm,
)
from app.services.directory.hsds_rows import Rows

HSDS_VERSION = "3.1"


def organization(row: HsdsOrganization) -> dict[str, Any]:
    """An organization's one-to-one fields."""
    return _clean(id=row.id, name=row.name, description=row.description, email=row.email,
                  website=row.website)


def taxonomy(row: HsdsTaxonomy) -> dict[str, Any]:
    """A taxonomy."""
    return _clean(id=row.id, name=row.name, description=row.description, uri=row.uri,
                  version=row.version)


def taxonomy_term(row: HsdsTaxonomyTerm) -> dict[str, Any]:
    """A taxonomy term."""
    return _clean(id=row.id, code=row.code, name=row.name, description=row.description,
                  parent_id=row.parent_id, taxonomy_id=row.taxonomy_id, language=row.language)


def service_summary(row: HsdsService, rows: Rows) -> dict[str, Any]:
    """A service's one-to-one fields with its organization (the list form)."""
    summary = _clean(id=row.id, organization_id=row.organization_id, name=row.name,
                     description=row.description, status=row.status, email=row.email,
                     url=row.url, eligibility_description=row.eligibility_description,
                     last_modified=row.updated_at.isoformat())
    owner = rows.organizations.get(row.organization_id)
    if owner is not None:
        summary["organization"] = organization(owner)
    return summary


def service(row: HsdsService, rows: Rows, *, for_export: bool = False) -> dict[str, Any]:
    """A fully nested service: phones, schedules, areas, places and need terms."""
    nested = service_summary(row, rows)
    if for_export:  # the export lists organizations once, and round-trips exactly
        nested.pop("organization", None)
        nested.pop("last_modified", None)
    nested["phones"] = [phone(p) for p in rows.phones.get(row.id, [])]
    nested["schedules"] = [schedule(s) for s in rows.schedules.get(row.id, [])]
    nested["service_areas"] = [
        _clean(id=a.id, service_id=a.service_id, name=a.name, uri=a.uri)
        for a in rows.areas.get(row.id, [])
    ]
    nested["service_at_locations"] = [
        service_at_location(sal, rows) for sal in rows.sals.get(row.id, [])
    ]
    nested["attributes"] = [
        _clean(id=a.id, link_id=row.id, link_type=a.link_type, link_entity="service",
               taxonomy_term_id=a.taxonomy_term_id,
               taxonomy_term=taxonomy_term(rows.terms[a.taxonomy_term_id]))
        for a in rows.attributes.get(row.id, [])
    ]
    return nested


def service_at_location(row: HsdsServiceAtLocation, rows: Rows) -> dict[str, Any]:
    """A service at a location, with the location nested."""
    nested = _clean(id=row.id, service_id=row.service_id, location_id=row.location_id)
    if rows.sal_phones.get(row.id):
        nested["phones"] = [phone(p) for p in rows.sal_phones[row.id]]
    if rows.sal_schedules.get(row.id):
        nested["schedules"] = [schedule(s) for s in rows.sal_schedules[row.id]]
    nested["location"] = location(rows.locations[row.location_id], rows)
    return nested


def location(row: HsdsLocation, rows: Rows) -> dict[str, Any]:
    """A location with its address."""
    nested = _clean(id=row.id, location_type=row.location_type,
                    organization_id=row.organization_id, name=row.name,
                    description=row.description, latitude=row.latitude,
                    longitude=row.longitude)
    if row.address_id and row.address_1:
        nested["addresses"] = [_clean(
            id=row.address_id, location_id=row.id, address_1=row.address_1, city=row.city,
            state_province=row.state_province, postal_code=row.postal_code,
            country=row.country, address_type="physical",
        )]
    if rows.location_schedules.get(row.id):
        nested["schedules"] = [schedule(s) for s in rows.location_schedules[row.id]]
    return nested


def phone(row: HsdsPhone) -> dict[str, Any]:
    """A phone number."""
    return _clean(id=row.id, service_id=row.service_id,
                  service_at_location_id=row.service_at_location_id,
                  number=row.number, type=row.type, description=row.description)


def schedule(row: HsdsSchedule) -> dict[str, Any]:
    """A weekly schedule row."""
    return _clean(
        id=row.id, service_id=row.service_id, location_id=row.location_id,
        service_at_location_id=row.service_at_location_id, freq=row.freq, byday=row.byday,
        opens_at=row.opens_at, closes_at=row.closes_at,
        valid_from=row.valid_from.isoformat() if row.valid_from else None,
        valid_to=row.valid_to.isoformat() if row.valid_to else None,
        description=row.description,
    )


def _clean(**fields: Any) -> dict[str, Any]:
    # HSDS fields are optional but typed: an absent value is left out, never sent as null.
    return {name: value for name, value in fields.items() if value is not None}

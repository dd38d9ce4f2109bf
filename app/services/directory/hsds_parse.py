"""An HSDS directory document checked in full and turned into rows, before anything is written.

Beyond the HSDS schemas, akutbro needs: every service's organization and need terms in the
file, weekly opening hours it can read (Copenhagen wall-clock time), and service areas
that name a kommunekode or the region (a service without one serves the whole region).
Every problem is reported, each with its record.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.db.engine import Base
from app.models import (
    HsdsAttribute,
    HsdsLocation,
    HsdsOrganization,
    HsdsPhone,
    HsdsSchedule,
    HsdsService,
    HsdsServiceArea,
    HsdsServiceAtLocation,
    HsdsTaxonomy,
    HsdsTaxonomyTerm,
)
from app.services.directory.hsds_schema import COLLECTIONS, label, record_errors
from app.triage.hours import parse_byday, parse_clock
from app.triage.vocabulary import SOCIAL_NEED_CODES

REGION_CODE = "1082"  # Region Midtjylland
_AREA_URI = re.compile(r"/(kommuner|regioner)/(\d{4})/?$")
AREA_HINT = ("give uri https://api.dataforsyningen.dk/kommuner/<kommunekode> "
             f"or https://api.dataforsyningen.dk/regioner/{REGION_CODE} (the whole region)")


class HsdsInvalid(ValueError):
    """The document is not a directory akutbro can import; `errors` names every problem."""

    def __init__(self, errors: list[str]) -> None:
        shown = errors[:50] + ([f"... and {len(errors) - 50} more"] if len(errors) > 50 else [])
        super().__init__("invalid HSDS directory:\n" + "\n".join(shown))
        self.errors = errors


@dataclass
class Parsed:
    """Rows ready to insert, by table, in an order that respects the foreign keys."""

    tables: dict[type[Base], dict[str, Any]] = field(default_factory=lambda: {
        model: {} for model in (HsdsTaxonomy, HsdsTaxonomyTerm, HsdsOrganization, HsdsLocation,
                                HsdsService, HsdsServiceArea, HsdsServiceAtLocation,
                                HsdsAttribute, HsdsPhone, HsdsSchedule)})
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, where: str, row: Any) -> None:
        rows = self.tables[type(row)]
        if row.id in rows:
            self.errors.append(f"{where}: field 'id': {row.id} is used twice")
        rows[row.id] = row
        for column in row.__table__.columns:
            value, limit = getattr(row, column.key), getattr(column.type, "length", None)
            if limit and isinstance(value, str) and len(value) > limit:
                self.errors.append(f"{where}: {row.__tablename__} field '{column.key}': "
                                   f"longer than {limit} characters")


def parse(document: Any) -> Parsed:
    """Every record validated and converted; raises HsdsInvalid listing all problems."""
    if not isinstance(document, dict) or not isinstance(document.get("services"), list):
        raise HsdsInvalid(["not an HSDS directory document: expected a JSON object with a "
                           "'services' list (and 'organizations', 'taxonomies', 'taxonomy_terms')"])
    parsed = Parsed()
    valid: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for collection in COLLECTIONS:
        records = document.get(collection, [])
        if not isinstance(records, list):
            parsed.errors.append(f"'{collection}' must be a list")
            continue
        valid[collection] = []
        for index, record in enumerate(records):
            problems = record_errors(collection, index, record)
            parsed.errors.extend(problems)
            if not problems:
                valid[collection].append((label(collection, index, record), record))
    for where, record in valid.get("taxonomies", []):
        parsed.add(where, _taxonomy(record))
    for where, record in valid.get("taxonomy_terms", []):
        parsed.add(where, _term(record))
    for where, record in valid.get("organizations", []):
        parsed.add(where, HsdsOrganization(
            id=record["id"], name=record["name"], description=record["description"],
            email=record.get("email"), website=record.get("website"),
        ))
    for where, record in valid.get("services", []):
        _service(parsed, where, record)
    _check_references(parsed)
    if parsed.errors:
        raise HsdsInvalid(parsed.errors)
    _warn_without_needs(parsed, valid.get("services", []))
    return parsed


def _taxonomy(record: dict[str, Any]) -> HsdsTaxonomy:
    return HsdsTaxonomy(id=record["id"], name=record["name"], description=record["description"],
                        uri=record.get("uri"), version=record.get("version"))


def _term(record: dict[str, Any]) -> HsdsTaxonomyTerm:
    return HsdsTaxonomyTerm(
        id=record["id"], taxonomy_id=record.get("taxonomy_id"), parent_id=record.get("parent_id"),
        code=record.get("code"), name=record["name"], description=record["description"],
        language=record.get("language"),
    )


def _service(parsed: Parsed, where: str, record: dict[str, Any]) -> None:
    service_id = record["id"]
    owner = record.get("organization")
    organization_id = record.get("organization_id") or (owner or {}).get("id")
    if owner and owner["id"] not in parsed.tables[HsdsOrganization]:
        parsed.add(where, HsdsOrganization(id=owner["id"], name=owner["name"],
                                           description=owner["description"]))
    if organization_id is None:
        parsed.errors.append(f"{where}: field 'organization_id': is required here "
                             "(every offer needs the organization that runs it)")
    parsed.add(where, HsdsService(
        id=service_id, organization_id=organization_id, name=record["name"],
        description=record.get("description", ""), status=record["status"],
        email=record.get("email"), url=record.get("url"),
        eligibility_description=record.get("eligibility_description"),
    ))
    for i, area in enumerate(record.get("service_areas", [])):
        _area(parsed, where, f"service_areas[{i}]", service_id, area)
    for item in record.get("phones", []):
        parsed.add(where, _phone(item, service_id=service_id))
    for i, item in enumerate(record.get("schedules", [])):
        _schedule(parsed, where, f"schedules[{i}]", item, service_id=service_id)
    for i, sal in enumerate(record.get("service_at_locations", [])):
        _service_at_location(parsed, where, f"service_at_locations[{i}]", service_id, sal)
    for item in record.get("attributes", []):
        _attribute(parsed, where, service_id, item)
    if not record.get("schedules") and not any(
        sal.get("schedules") for sal in record.get("service_at_locations", [])
    ):
        parsed.warnings.append(f"{where}: no opening hours, so never suggested as open now")


def _area(parsed: Parsed, where: str, path: str, service_id: str, area: dict[str, Any]) -> None:
    match = _AREA_URI.search(area.get("uri") or "")
    if match is None or (match[1] == "regioner" and match[2] != REGION_CODE):
        parsed.errors.append(f"{where}: field '{path}.uri': {AREA_HINT}")
        return
    code = match[2] if match[1] == "kommuner" else None
    parsed.add(where, HsdsServiceArea(id=area["id"], service_id=service_id,
                                      name=area.get("name", ""), uri=area["uri"],
                                      municipality_code=code))


def _phone(item: dict[str, Any], **owner: str | None) -> HsdsPhone:
    return HsdsPhone(id=item["id"], number=item["number"], type=item.get("type"),
                     description=item.get("description"), **owner)


def _schedule(
    parsed: Parsed, where: str, path: str, item: dict[str, Any], **owner: str | None
) -> None:
    if item.get("freq", "WEEKLY") != "WEEKLY":
        parsed.errors.append(f"{where}: field '{path}.freq': only WEEKLY schedules are supported")
        return
    values: dict[str, Any] = {}
    for name, parser in (("byday", parse_byday), ("opens_at", parse_clock),
                         ("closes_at", parse_clock), ("valid_from", date.fromisoformat),
                         ("valid_to", date.fromisoformat)):
        text = item.get(name)
        if text is None:
            if name in ("byday", "opens_at", "closes_at"):
                parsed.errors.append(
                    f"{where}: field '{path}.{name}': is required for opening hours")
            continue
        try:
            value = parser(text)
        except ValueError as error:
            parsed.errors.append(f"{where}: field '{path}.{name}': {error}")
            continue
        values[name] = value if name.startswith("valid") else text.strip().upper()
    if {"byday", "opens_at", "closes_at"} <= values.keys():
        parsed.add(where, HsdsSchedule(id=item["id"], freq="WEEKLY",
                                       description=item.get("description"), **values, **owner))


def _service_at_location(
    parsed: Parsed, where: str, path: str, service_id: str, sal: dict[str, Any]
) -> None:
    place = sal.get("location")
    location_id = sal.get("location_id") or (place or {}).get("id")
    if place and place["id"] not in parsed.tables[HsdsLocation]:
        parsed.add(where, _location(place))
    if location_id is None:
        parsed.errors.append(f"{where}: field '{path}.location': is required (nest the location, "
                             "or give location_id of a location nested elsewhere in the file)")
        return
    parsed.add(where, HsdsServiceAtLocation(id=sal["id"], service_id=service_id,
                                            location_id=location_id))
    for item in sal.get("phones", []):
        parsed.add(where, _phone(item, service_at_location_id=sal["id"]))
    for i, item in enumerate(sal.get("schedules", [])):
        _schedule(parsed, where, f"{path}.schedules[{i}]", item, service_at_location_id=sal["id"])


def _location(place: dict[str, Any]) -> HsdsLocation:
    address: dict[str, Any] = next(
        (a for a in place.get("addresses", []) if a.get("address_1")), {})
    return HsdsLocation(
        id=place["id"], location_type=place["location_type"],
        organization_id=place.get("organization_id"), name=place.get("name"),
        description=place.get("description"), latitude=place.get("latitude"),
        longitude=place.get("longitude"), address_id=address.get("id"),
        address_1=address.get("address_1"), postal_code=address.get("postal_code"),
        city=address.get("city"), state_province=address.get("state_province"),
        country=address.get("country"),
    )


def _attribute(parsed: Parsed, where: str, service_id: str, item: dict[str, Any]) -> None:
    term = item.get("taxonomy_term")
    term_id = item.get("taxonomy_term_id") or (term or {}).get("id")
    if term and term["id"] not in parsed.tables[HsdsTaxonomyTerm]:
        parsed.add(where, _term(term))
    if term_id is None:
        return  # an attribute without a term classifies nothing akutbro reads
    parsed.add(where, HsdsAttribute(id=item["id"], service_id=service_id,
                                    taxonomy_term_id=term_id, link_type=item.get("link_type")))


def _warn_without_needs(parsed: Parsed, services: list[tuple[str, dict[str, Any]]]) -> None:
    terms = parsed.tables[HsdsTaxonomyTerm]

    def need(term_id: str | None, hops: int = 0) -> bool:
        term = terms.get(term_id or "")
        return term is not None and hops < len(terms) and (
            term.code in SOCIAL_NEED_CODES or need(term.parent_id, hops + 1))

    classified = {a.service_id for a in parsed.tables[HsdsAttribute].values()
                  if need(a.taxonomy_term_id)}
    for where, record in services:
        if record["id"] not in classified:
            parsed.warnings.append(f"{where}: no taxonomy term names a social need (code), "
                                   "so never suggested")


def _check_references(parsed: Parsed) -> None:
    tables = parsed.tables
    checks = [
        (HsdsService, "organization_id", HsdsOrganization, "organization"),
        (HsdsAttribute, "taxonomy_term_id", HsdsTaxonomyTerm, "taxonomy term"),
        (HsdsTaxonomyTerm, "taxonomy_id", HsdsTaxonomy, "taxonomy"),
        (HsdsTaxonomyTerm, "parent_id", HsdsTaxonomyTerm, "taxonomy term"),
        (HsdsServiceAtLocation, "location_id", HsdsLocation, "location"),
        (HsdsLocation, "organization_id", HsdsOrganization, "organization"),
    ]
    for model, column, target, noun in checks:
        for row in tables[model].values():
            value = getattr(row, column)
            if value is not None and value not in tables[target]:
                parsed.errors.append(f"{model.__tablename__} {row.id}: field '{column}': "
                                     f"no {noun} with id {value} in this file")
    terms = tables[HsdsTaxonomyTerm]
    for term in terms.values():
        seen, parent = {term.id}, terms.get(term.parent_id or "")
        while parent is not None:
            if parent.id in seen:
                parsed.errors.append(f"taxonomy_terms {term.id}: field 'parent_id': the terms' "
                                     "parents go round in a circle")
                break
            seen.add(parent.id)
            parent = terms.get(parent.parent_id or "")

"""The directory's HSDS rows loaded in bulk, grouped for serialising and for the matcher."""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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
from app.triage.vocabulary import SOCIAL_NEED_CODES


@dataclass
class Rows:
    """Services and everything hanging off them, by id and by service id."""

    services: list[HsdsService]
    organizations: dict[str, HsdsOrganization]
    locations: dict[str, HsdsLocation]
    terms: dict[str, HsdsTaxonomyTerm]
    taxonomies: dict[str, HsdsTaxonomy]
    areas: dict[str, list[HsdsServiceArea]] = field(default_factory=dict)
    sals: dict[str, list[HsdsServiceAtLocation]] = field(default_factory=dict)
    attributes: dict[str, list[HsdsAttribute]] = field(default_factory=dict)
    phones: dict[str | None, list[HsdsPhone]] = field(default_factory=dict)  # by service
    sal_phones: dict[str | None, list[HsdsPhone]] = field(default_factory=dict)
    schedules: dict[str | None, list[HsdsSchedule]] = field(default_factory=dict)  # by service
    sal_schedules: dict[str | None, list[HsdsSchedule]] = field(default_factory=dict)
    location_schedules: dict[str | None, list[HsdsSchedule]] = field(default_factory=dict)

    def need_codes(self, term_id: str) -> frozenset[str]:
        """The social-need code of a term: its own code, or the nearest parent's."""
        seen: set[str] = set()
        term = self.terms.get(term_id)
        while term is not None and term.id not in seen:
            if term.code in SOCIAL_NEED_CODES:
                return frozenset({term.code})
            seen.add(term.id)
            term = self.terms.get(term.parent_id) if term.parent_id else None
        return frozenset()


def load(session: Session, service_ids: Collection[str] | None = None) -> Rows:
    """All services (or the given ones) with their parts, in a fixed number of queries."""
    query = select(HsdsService).order_by(HsdsService.name, HsdsService.id)
    if service_ids is not None:
        query = query.where(HsdsService.id.in_(service_ids))
    services = list(session.scalars(query))
    ids = [service.id for service in services]
    sals = _by(session, HsdsServiceAtLocation, HsdsServiceAtLocation.service_id, ids)
    sal_ids = [sal.id for group in sals.values() for sal in group]
    location_ids = {sal.location_id for group in sals.values() for sal in group}
    phones = list(session.scalars(select(HsdsPhone).where(
        HsdsPhone.service_id.in_(ids) | HsdsPhone.service_at_location_id.in_(sal_ids)
    ).order_by(HsdsPhone.id)))
    schedules = list(session.scalars(select(HsdsSchedule).where(
        HsdsSchedule.service_id.in_(ids) | HsdsSchedule.service_at_location_id.in_(sal_ids)
        | HsdsSchedule.location_id.in_(location_ids)
    ).order_by(HsdsSchedule.id)))
    return Rows(
        services=services,
        organizations=_all(session, HsdsOrganization),
        locations={row.id: row for row in session.scalars(
            select(HsdsLocation).where(HsdsLocation.id.in_(location_ids)))},
        terms=_all(session, HsdsTaxonomyTerm),
        taxonomies=_all(session, HsdsTaxonomy),
        areas=_by(session, HsdsServiceArea, HsdsServiceArea.service_id, ids),
        sals=sals,
        attributes=_by(session, HsdsAttribute, HsdsAttribute.service_id, ids),
        phones=_group(phones, "service_id"),
        sal_phones=_group(phones, "service_at_location_id"),
        schedules=_group(schedules, "service_id"),
        sal_schedules=_group(schedules, "service_at_location_id"),
        location_schedules=_group(schedules, "location_id"),
    )


def _all(session: Session, model: Any) -> dict[str, Any]:
    return {row.id: row for row in session.scalars(select(model).order_by(model.id))}


def _by(session: Session, model: Any, column: Any, ids: list[str]) -> dict[str, list[Any]]:
    return _group(session.scalars(select(model).where(column.in_(ids)).order_by(model.id)),
                  column.key)


def _group(rows: Iterable[Any], attribute: str) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        key = getattr(row, attribute)
        if key is not None:
            grouped[key].append(row)
    return dict(grouped)

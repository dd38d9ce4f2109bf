"""The read-only HSDS 3.1 API: paginated lists and the fully nested service."""

import math
from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from app.models import HsdsAttribute, HsdsOrganization, HsdsService, HsdsTaxonomy, HsdsTaxonomyTerm
from app.services.directory import hsds_rows, hsds_serialize

OPENREFERRAL_PROFILE = "https://docs.openreferral.org/en/latest/hsds/"


class HsdsNotFound(LookupError):
    """No record with that id."""


def info(openapi_url: str) -> dict[str, str]:
    """What the HSDS root answers: the HSDS version and where the API is described."""
    return {"version": hsds_serialize.HSDS_VERSION, "profile": OPENREFERRAL_PROFILE,
            "openapi_url": openapi_url}


def services_page(
    session: Session, *, page: int, per_page: int, search: str | None = None,
    taxonomy_term_id: str | None = None, taxonomy_id: str | None = None,
    organization_id: str | None = None, full: bool = False,
) -> dict[str, Any]:
    """Services, by name; one-to-one fields unless `full`."""
    query = select(HsdsService).order_by(HsdsService.name, HsdsService.id)
    if search:
        query = query.where(_matches(search, HsdsService.name, HsdsService.description))
    if organization_id:
        query = query.where(HsdsService.organization_id == organization_id)
    if taxonomy_term_id or taxonomy_id:
        terms = select(HsdsAttribute.service_id).join(
            HsdsTaxonomyTerm, HsdsTaxonomyTerm.id == HsdsAttribute.taxonomy_term_id)
        if taxonomy_term_id:
            terms = terms.where(HsdsAttribute.taxonomy_term_id == taxonomy_term_id)
        if taxonomy_id:
            terms = terms.where(HsdsTaxonomyTerm.taxonomy_id == taxonomy_id)
        query = query.where(HsdsService.id.in_(terms))

    def serialise(rows: list[HsdsService]) -> list[dict[str, Any]]:
        loaded = hsds_rows.load(session, [row.id for row in rows])
        shape = hsds_serialize.service if full else hsds_serialize.service_summary
        return [shape(row, loaded) for row in loaded.services]

    return _page(session, query, page=page, per_page=per_page, serialise=serialise)


def service(session: Session, service_id: str) -> dict[str, Any]:
    """One fully nested service."""
    rows = hsds_rows.load(session, [service_id])
    if not rows.services:
        raise HsdsNotFound(f"no service '{service_id}'")
    return hsds_serialize.service(rows.services[0], rows)


def organizations_page(
    session: Session, *, page: int, per_page: int, search: str | None = None
) -> dict[str, Any]:
    """Organizations, by name."""
    query = select(HsdsOrganization).order_by(HsdsOrganization.name, HsdsOrganization.id)
    if search:
        query = query.where(_matches(search, HsdsOrganization.name, HsdsOrganization.description))
    return _page(session, query, page=page, per_page=per_page,
                 serialise=lambda rows: [hsds_serialize.organization(r) for r in rows])


def taxonomies_page(
    session: Session, *, page: int, per_page: int, search: str | None = None
) -> dict[str, Any]:
    """Taxonomies, by name."""
    query = select(HsdsTaxonomy).order_by(HsdsTaxonomy.name, HsdsTaxonomy.id)
    if search:
        query = query.where(_matches(search, HsdsTaxonomy.name, HsdsTaxonomy.description))
    return _page(session, query, page=page, per_page=per_page,
                 serialise=lambda rows: [hsds_serialize.taxonomy(r) for r in rows])


def taxonomy_terms_page(
    session: Session, *, page: int, per_page: int, search: str | None = None,
    taxonomy_id: str | None = None, parent_id: str | None = None, top_only: bool = False,
) -> dict[str, Any]:
    """Taxonomy terms, by name; `top_only` leaves out narrower terms."""
    query = select(HsdsTaxonomyTerm).order_by(HsdsTaxonomyTerm.name, HsdsTaxonomyTerm.id)
    if search:
        query = query.where(_matches(search, HsdsTaxonomyTerm.name, HsdsTaxonomyTerm.description))
    if taxonomy_id:
        query = query.where(HsdsTaxonomyTerm.taxonomy_id == taxonomy_id)
    if parent_id:
        query = query.where(HsdsTaxonomyTerm.parent_id == parent_id)
    if top_only:
        query = query.where(HsdsTaxonomyTerm.parent_id.is_(None))
    return _page(session, query, page=page, per_page=per_page,
                 serialise=lambda rows: [hsds_serialize.taxonomy_term(r) for r in rows])


def _matches(search: str, *columns: Any) -> Any:
    pattern = f"%{search.lower()}%"
    return or_(*(func.lower(column).like(pattern) for column in columns))


def _page(
    session: Session, query: Select[Any], *, page: int, per_page: int,
    serialise: Callable[[list[Any]], list[dict[str, Any]]],
) -> dict[str, Any]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    contents = serialise(rows)
    pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }

"""The read-only HSDS 3.1 API over the offers directory, for any authenticated caller."""

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request

from app.api_route import ApiRoute
from app.deps import AnyActor, SessionDep
from app.schemas.errors import problem
from app.schemas.fields import MAX_ROW_ID, CleanLine
from app.services.directory import hsds_api

router = APIRouter(prefix="/hsds", tags=["hsds"], route_class=ApiRoute)
Page = Annotated[int, Query(ge=1, le=MAX_ROW_ID, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=200, description="Results per page.")]
Search = Annotated[CleanLine | None,
                   Query(max_length=100, description="Text in name or description.")]
Id = Annotated[CleanLine | None, Query(max_length=250)]


@router.get("/")
def root(request: Request, actor: AnyActor) -> dict[str, str]:
    """The HSDS version of this API and where it is described."""
    return hsds_api.info(str(request.base_url).rstrip("/") + (request.app.openapi_url or ""))


@router.get("/services")
def list_services(
    session: SessionDep, actor: AnyActor, page: Page = 1, per_page: PerPage = 50,
    search: Search = None, taxonomy_term_id: Id = None, taxonomy_id: Id = None,
    organization_id: Id = None, full: bool = False,
) -> dict[str, Any]:
    """Services, paginated; fully nested with full=true."""
    return hsds_api.services_page(
        session, page=page, per_page=per_page, search=search, taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id, organization_id=organization_id, full=full,
    )


@router.get("/services/{service_id}", responses={404: problem("No service with this id.")})
def get_service(
    service_id: Annotated[CleanLine, Path(max_length=250)], session: SessionDep,
    actor: AnyActor,
) -> dict[str, Any]:
    """A fully nested service."""
    try:
        return hsds_api.service(session, service_id)
    except hsds_api.HsdsNotFound as error:
        raise HTTPException(404, str(error)) from None


@router.get("/organizations")
def list_organizations(
    session: SessionDep, actor: AnyActor, page: Page = 1, per_page: PerPage = 50,
    search: Search = None,
) -> dict[str, Any]:
    """Organizations, paginated."""
    return hsds_api.organizations_page(session, page=page, per_page=per_page, search=search)


@router.get("/taxonomies")
def list_taxonomies(
    session: SessionDep, actor: AnyActor, page: Page = 1, per_page: PerPage = 50,
    search: Search = None,
) -> dict[str, Any]:
    """Taxonomies, paginated."""
    return hsds_api.taxonomies_page(session, page=page, per_page=per_page, search=search)


@router.get("/taxonomy_terms")
def list_taxonomy_terms(
    session: SessionDep, actor: AnyActor, page: Page = 1, per_page: PerPage = 50,
    search: Search = None, taxonomy_id: Id = None, parent_id: Id = None,
    top_only: bool = False,
) -> dict[str, Any]:
    """Taxonomy terms, paginated."""
    return hsds_api.taxonomy_terms_page(session, page=page, per_page=per_page, search=search,
                                        taxonomy_id=taxonomy_id, parent_id=parent_id,
                                        top_only=top_only)

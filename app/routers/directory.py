"""The offers directory for admins (HSDS import and export) and the municipal contact list."""

from typing import Annotated, Any

from fastapi import APIRouter, Body

from app.api_route import ApiRoute
from app.deps import AdminActor, ReferrerActor, SessionDep
from app.schemas.directory import (
    HSDS_EXAMPLE,
    ImportRead,
    MunicipalContactRead,
    MunicipalityRead,
)
from app.schemas.errors import HsdsInvalidRead, ValidationErrorRead, problem
from app.services.directory import hsds_io, municipalities

router = APIRouter(tags=["directory"], route_class=ApiRoute)


@router.post("/v1/directory/import", response_model=ImportRead, responses={
    422: problem("Not JSON, or not an HSDS directory akutbro can import: every problem "
                 "is listed and nothing was imported.", HsdsInvalidRead | ValidationErrorRead),
})
def import_directory(
    session: SessionDep, actor: AdminActor, document: Annotated[dict[str, Any], Body(
        description="An Open Referral HSDS 3.1 directory: `services`, `organizations`, "
        "`taxonomies` and `taxonomy_terms` lists, as `GET /v1/directory/export` gives it.",
        examples=[HSDS_EXAMPLE])]
) -> ImportRead:
    """Replace the offers directory with an HSDS 3.1 document; all or nothing."""
    result = hsds_io.import_document(session, document, actor=actor)
    return ImportRead(version=result.version, counts=result.counts, warnings=result.warnings)


@router.get("/v1/directory/export")
def export_directory(session: SessionDep, actor: AdminActor) -> dict[str, Any]:
    """The whole directory as one HSDS 3.1 document, ready to import elsewhere."""
    return hsds_io.export_document(session)


@router.get("/v1/municipalities", response_model=list[MunicipalityRead])
def list_municipalities(session: SessionDep, actor: ReferrerActor) -> list[MunicipalityRead]:
    """The region's municipalities: taking part or not, hand-over preference, contact persons."""
    return [
        MunicipalityRead(code=row.code, name=row.name, participates=row.participates,
                         handover=row.handover, note=row.note, demo=row.demo,
                         contacts=[MunicipalContactRead.model_validate(c) for c in people])
        for row, people in municipalities.directory(session)
    ]

"""GET /v1/vocabulary: the symptom codes the dispatch software may send."""

from fastapi import APIRouter
from pydantic import BaseModel

from app.api_route import ApiRoute
from app.deps import AnyActor
from app.triage.vocabulary import VOCABULARY

router = APIRouter(prefix="/v1/vocabulary", tags=["vocabulary"], route_class=ApiRoute)


class TermRead(BaseModel):
    code: str
    kind: str
    label_da: str
    label_en: str
    life_threatening: bool


@router.get("", response_model=list[TermRead])
def get_vocabulary(actor: AnyActor) -> list[TermRead]:
    """Medical red-flag and social-need codes, each with a Danish and English label."""
    return [TermRead.model_validate(term, from_attributes=True) for term in VOCABULARY]

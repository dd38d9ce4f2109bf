"""The offers directory's admin API and the municipalities' contact list."""

from pydantic import BaseModel, ConfigDict


class MunicipalContactRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    title: str
    phone: str
    email: str
    hours: str
    demo: bool


class MunicipalityRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    participates: bool
    handover: str
    note: str
    demo: bool
    contacts: list[MunicipalContactRead]


class ImportRead(BaseModel):
    version: int
    counts: dict[str, int]
    warnings: list[str]


_TAXONOMY = "4dc388a9-b4a0-5112-8da8-0146b29a25ff"
_TERM = "0b8f3c1e-2a6d-5e4f-9c7b-1d2e3f4a5b6c"
_ORGANIZATION = "faa81f1a-513a-5153-959e-feb21b17421b"
_SERVICE = "f5b49b28-b187-55f7-bd95-6e88115f287d"
# The smallest directory akutbro imports: one service, its organisation and its need.
HSDS_EXAMPLE = {
    "taxonomies": [{"id": _TAXONOMY, "name": "Akutbro behov", "description": "Sociale behov"}],
    "taxonomy_terms": [{"id": _TERM, "code": "loneliness", "name": "Ensomhed",
                        "description": "Nogen at tale med", "taxonomy_id": _TAXONOMY}],
    "organizations": [{"id": _ORGANIZATION, "name": "Aarhus Kommune",
                       "description": "Kommunale sociale tilbud"}],
    "services": [{
        "id": _SERVICE, "organization_id": _ORGANIZATION, "name": "Snakketelefonen",
        "description": "Nogen at tale med, hver aften", "status": "active",
        "attributes": [{"id": "d6c6f00e-1d58-5609-8f62-86640ca5b697", "link_id": _SERVICE,
                        "link_type": "need", "link_entity": "service",
                        "taxonomy_term_id": _TERM}],
    }],
}

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

"""The brobyggere's API: cases, callbacks and response plans."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from app.schemas.assessment import ContactRead
from app.schemas.citizen import CaseRead
from app.schemas.fields import CallId, CprNumber, MunicipalityCode, PhoneNumber
from app.triage.vocabulary import SOCIAL_NEED_CODES

CaseStatus = Literal["referred", "active", "handed_over", "closed"]
Pseudonym = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
Text = Annotated[str, Field(max_length=2000)]


def _need(code: str) -> str:
    if code not in SOCIAL_NEED_CODES:
        raise ValueError(f"unknown social need '{code}'; see GET /v1/vocabulary (kind social_need)")
    return code


NeedCode = Annotated[str, Field(max_length=48), AfterValidator(_need)]


class CitizenRef(BaseModel):
    """Whom it is about: CPR and/or phone (in the body, never the URL), or the pseudonym."""

    model_config = ConfigDict(extra="forbid")

    cpr: CprNumber | None = None
    phone: PhoneNumber | None = None
    citizen_pseudonym: Pseudonym | None = None

    @model_validator(mode="after")
    def _one_identifier(self) -> "CitizenRef":
        if self.cpr is None and self.phone is None and self.citizen_pseudonym is None:
            raise ValueError("give cpr, phone or citizen_pseudonym")
        return self


class CitizenLookup(CitizenRef):
    purpose: str = Field(min_length=3, max_length=200)


class CaseCreate(CitizenRef):
    needs: list[NeedCode] = Field(default_factory=list, max_length=11)
    municipality_code: MunicipalityCode | None = None
    call_id: CallId | None = None
    note: Text = ""


class CaseStatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: CaseStatus
    note: Text = Field(min_length=2)
    municipality_code: MunicipalityCode | None = None
    contact_id: int | None = None
    needs: list[NeedCode] | None = Field(default=None, max_length=11)


class CaseEventRead(BaseModel):
    at: datetime
    actor: str
    from_status: str | None
    to_status: str
    note: str


class CaseSummary(CaseRead):
    citizen_pseudonym: str
    source: str
    call_id: str | None
    updated_at: datetime


class CaseDetail(CaseSummary):
    phase: str
    handed_over_to: str | None
    contact: ContactRead | None
    events: list[CaseEventRead]


class CallbackRead(BaseModel):
    callback_id: int
    status: str
    due_at: datetime
    attempts: int
    call_id: str
    received_at: datetime
    citizen_pseudonym: str | None
    frequent_caller: bool
    frequent_caller_reason: str | None
    calls_30d: int
    needs: list[str]
    municipality_code: str | None
    open_case: bool
    response_plan: bool
    note: str
    booked_by: str
    completed_at: datetime | None
    completed_by: str | None


class CallbackComplete(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["done", "no_answer"]
    note: Text = ""


class ResponsePlanWrite(CitizenRef):
    helps: Text = Field(min_length=3)
    contacts: Text = ""
    avoid: Text = ""
    based_on_version: int | None = Field(
        default=None, description="The version you edited; refused if someone saved since."
    )


class ResponsePlanRead(BaseModel):
    citizen_pseudonym: str
    version: int
    helps: str
    contacts: str
    avoid: str
    written_by: str
    created_at: datetime
    text: str
    previous: list["ResponsePlanRead"] = Field(default_factory=list)

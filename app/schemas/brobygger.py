"""The brobyggere's API: cases, callbacks and response plans."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from app.schemas.assessment import ContactRead
from app.schemas.citizen import CaseRead
from app.schemas.fields import (
    MAX_ROW_ID,
    CallId,
    CleanLine,
    CleanText,
    CprNumber,
    MunicipalityCode,
    PhoneNumber,
    RowId,
)
from app.triage.vocabulary import SOCIAL_NEED_CODES

CaseStatus = Literal["referred", "active", "handed_over", "closed"]
Pseudonym = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
Text = Annotated[CleanText, Field(max_length=2000)]


def _need(code: str) -> str:
    if code not in SOCIAL_NEED_CODES:
        raise ValueError(f"unknown social need '{code}'; see GET /v1/vocabulary (kind social_need)")
    return code


NeedCode = Annotated[str, Field(max_length=48), AfterValidator(_need)]


class CitizenRef(BaseModel):
    """Whom it is about: CPR and/or phone (in the body, never the URL), or the pseudonym."""

    model_config = ConfigDict(extra="forbid")

    cpr: CprNumber | None = Field(default=None, description=(
        "The citizen's CPR number, 10 digits, `DDMMYY-SSSS` (the hyphen may be left out); "
        "pseudonymised at once, never stored or logged."), examples=["010190-1234"])
    phone: PhoneNumber | None = Field(default=None, description=(
        "A phone number the citizen called from, in any common form; pseudonymised at once."),
        examples=["+45 20 12 34 56"])
    citizen_pseudonym: Pseudonym | None = Field(default=None, description=(
        "The citizen's pseudonym, as assessments, cases and callbacks show it. Give this, "
        "the CPR number or the phone."), examples=["3f9a1c07b2e45d68"])

    @model_validator(mode="after")
    def _one_identifier(self) -> "CitizenRef":
        if self.cpr is None and self.phone is None and self.citizen_pseudonym is None:
            raise ValueError("give cpr, phone or citizen_pseudonym")
        return self


class CitizenLookup(CitizenRef):
    """A citizen by CPR, phone or pseudonym, and why you look."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"cpr": "010190-1234", "purpose": "forberedelse af opringning"},
    ]})

    purpose: CleanLine = Field(min_length=3, max_length=200, description=(
        "Why you look: kept in the audit log with your name, 3-200 characters on one line."),
        examples=["forberedelse af opringning"])


class CaseCreate(CitizenRef):
    """Refer a known caller to the brobyggere."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "phone": "+45 20 12 34 56", "needs": ["loneliness", "alcohol"],
        "municipality_code": "0751", "call_id": "CAD-2026-000123",
        "note": "ringer hver aften, vil gerne have besøg",
    }]})

    needs: list[NeedCode] = Field(default_factory=list, max_length=11, description=(
        "Social-need codes from `GET /v1/vocabulary` (kind `social_need`)."),
        examples=[["loneliness", "alcohol"]])
    municipality_code: MunicipalityCode | None = Field(default=None, description=(
        "Kommunekode of the citizen's municipality, 4 digits; the last one known from "
        "the citizen's calls when left out."), examples=["0751"])
    call_id: CallId | None = Field(default=None, description=(
        "The call the referral comes from, if any."), examples=["CAD-2026-000123"])
    note: Text = Field(default="", description=(
        "Free text up to 2,000 characters; scrubbed of CPR and phone numbers."),
        examples=["ringer hver aften, vil gerne have besøg"])


class CaseStatusChange(BaseModel):
    """Move a case on: referred -> active -> handed_over -> closed."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"status": "active", "note": "første samtale holdt"},
        {"status": "handed_over", "note": "overdraget til kommunens kontaktperson",
         "municipality_code": "0751", "contact_id": 3},
    ]})

    status: CaseStatus = Field(description="The new status.", examples=["active"])
    note: Text = Field(min_length=2, description=(
        "What happened, 2-2,000 characters; scrubbed of CPR and phone numbers."),
        examples=["første samtale holdt"])
    municipality_code: MunicipalityCode | None = Field(default=None, description=(
        "Kommunekode, when it changes; a hand-over needs one that takes part in the "
        "contact scheme."), examples=["0751"])
    contact_id: RowId | None = Field(default=None, description=(
        "On a hand-over: the municipal contact person (from `GET /v1/municipalities`)."),
        examples=[3])
    needs: list[NeedCode] | None = Field(default=None, max_length=11, description=(
        "The social needs, when they change: codes of kind `social_need`."),
        examples=[["loneliness"]])


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
    """The callback was made, or nobody answered (tried again later, up to three times)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"outcome": "done", "note": "talt med borgeren, henvist til kommunen"},
    ]})

    outcome: Literal["done", "no_answer"] = Field(description=(
        "`done`, or `no_answer` to try again later."), examples=["done"])
    note: Text = Field(default="", description=(
        "Free text up to 2,000 characters; scrubbed of CPR and phone numbers."),
        examples=["talt med borgeren, henvist til kommunen"])


class ResponsePlanWrite(CitizenRef):
    """A new version of the citizen's response plan, shown with every assessment."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "citizen_pseudonym": "3f9a1c07b2e45d68",
        "helps": "rolig stemme; tilbyd opringning fra brobygger næste hverdag",
        "contacts": "hjemmeplejen, Aarhus Kommune",
        "avoid": "skift ikke kontaktperson uden varsel",
        "based_on_version": 2,
    }]})

    helps: Text = Field(min_length=3, description=(
        "What helps this citizen, 3-2,000 characters; scrubbed of CPR and phone numbers."),
        examples=["rolig stemme; tilbyd opringning fra brobygger næste hverdag"])
    contacts: Text = Field(default="", description=(
        "Who is around the citizen (by role, not number), up to 2,000 characters."),
        examples=["hjemmeplejen, Aarhus Kommune"])
    avoid: Text = Field(default="", description=(
        "What to avoid, up to 2,000 characters."),
        examples=["skift ikke kontaktperson uden varsel"])
    based_on_version: int | None = Field(
        default=None, ge=0, le=MAX_ROW_ID,
        description="The version you edited; refused (409) if someone saved since.",
        examples=[2],
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

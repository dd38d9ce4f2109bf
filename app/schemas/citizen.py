"""A citizen's history as shown with an assessment or on a look-up."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.schemas.fields import CleanLine, CprNumber, PhoneNumber


class RecentCallRead(BaseModel):
    received_at: datetime
    flag: str | None
    action_taken: str | None


class CaseRead(BaseModel):
    case_id: int
    status: str
    opened_at: datetime
    closed_at: datetime | None
    needs: list[str]
    municipality_code: str | None


class HistoryRead(BaseModel):
    citizen_known: bool
    citizen_pseudonym: str | None
    linked_by: str | None
    shared_phone: bool
    calls_24h: int
    calls_7d: int
    calls_30d: int
    calls_365d: int
    ambulances_a_365d: int
    ambulances_b_365d: int
    frequent_caller: bool
    frequent_caller_reason: str | None
    case: CaseRead | None = None
    phase: str = "none"
    response_plan: str | None = None
    recent_calls: list[RecentCallRead] = Field(default_factory=list)
    note: str | None = None


class LookupRequest(BaseModel):
    """CPR and/or phone in the body, never in the URL; the purpose is audit-logged."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"cpr": "010190-1234", "purpose": "opkald om opfølgning"},
        {"phone": "+45 20 12 34 56", "purpose": "opkald om opfølgning"},
    ]})

    cpr: CprNumber | None = Field(default=None, description=(
        "The citizen's CPR number, 10 digits, `DDMMYY-SSSS` (the hyphen may be left out); "
        "pseudonymised at once, never stored or logged. Give it, the phone, or both."),
        examples=["010190-1234"])
    phone: PhoneNumber | None = Field(default=None, description=(
        "A phone number the citizen called from, in any common form; pseudonymised at once."),
        examples=["+45 20 12 34 56"])
    purpose: CleanLine = Field(min_length=3, max_length=200, description=(
        "Why you look: kept in the audit log with your name, 3-200 characters on one line."),
        examples=["opkald om opfølgning"])

    @model_validator(mode="after")
    def _one_identifier(self) -> "LookupRequest":
        if self.cpr is None and self.phone is None:
            raise ValueError("give cpr or phone (or both)")
        return self

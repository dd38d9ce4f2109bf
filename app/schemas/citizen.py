"""A citizen's history as shown with an assessment or on a look-up."""

from datetime import datetime

from pydantic import BaseModel, Field, model_validator

from app.schemas.fields import CprNumber, PhoneNumber


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

    cpr: CprNumber | None = None
    phone: PhoneNumber | None = None
    purpose: str = Field(min_length=3, max_length=200)

    @model_validator(mode="after")
    def _one_identifier(self) -> "LookupRequest":
        if self.cpr is None and self.phone is None:
            raise ValueError("give cpr or phone (or both)")
        return self

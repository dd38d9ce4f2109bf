"""Outcomes of calls and the call-handler's feedback on an assessment."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.schemas.fields import DispatchedAction, Urgency

Dispatched = Literal["ambulance", "sociolance", "brobygger", "none"]


class OutcomeCreate(BaseModel):
    """What was dispatched (first report) and what was found (a later report may add it)."""

    model_config = ConfigDict(extra="forbid")

    dispatched: Dispatched | None = None
    ambulance_urgency: Urgency | None = None
    medical_need: bool | None = None
    social_need: bool | None = None
    conveyed: bool | None = None


class OutcomeRead(BaseModel):
    call_id: str
    dispatched: Dispatched
    ambulance_urgency: Urgency | None
    medical_need: bool | None
    social_need: bool | None
    conveyed: bool | None
    recorded_at: datetime


class FeedbackCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    accepted: bool
    action_taken: DispatchedAction
    reason_code: Literal[
        "agree", "red_flag_missed", "caller_known", "no_brobygger", "caller_refused",
        "clinical_judgement", "other",
    ] | None = None
    reason_text: str | None = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _reason_on_override(self) -> "FeedbackCreate":
        if not self.accepted and self.reason_code is None:
            raise ValueError("reason_code is required when the recommendation is overridden")
        return self


class FeedbackRead(FeedbackCreate):
    id: int
    assessment_id: str
    given_by: str
    created_at: datetime

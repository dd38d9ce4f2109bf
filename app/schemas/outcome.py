"""Outcomes of calls and the call-handler's feedback on an assessment."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.schemas.fields import CleanText, DispatchedAction, Urgency

Dispatched = Literal["ambulance", "sociolance", "brobygger", "none"]


class OutcomeCreate(BaseModel):
    """What was dispatched (first report) and what was found (a later report may add it)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"dispatched": "ambulance", "ambulance_urgency": "B"},
        {"medical_need": False, "social_need": True, "conveyed": False},
    ]})

    dispatched: Dispatched | None = Field(default=None, description=(
        "What was sent; required in a call's first outcome report."), examples=["ambulance"])
    ambulance_urgency: Urgency | None = Field(default=None, description=(
        "The ambulance's urgency: required when `dispatched` is `ambulance`, and only then."),
        examples=["B"])
    medical_need: bool | None = Field(default=None, description=(
        "Whether a medical need was found (a later report may add it)."), examples=[False])
    social_need: bool | None = Field(default=None, description=(
        "Whether a social need was found (a later report may add it)."), examples=[True])
    conveyed: bool | None = Field(default=None, description=(
        "Whether the patient was driven to hospital."), examples=[False])


class OutcomeRead(BaseModel):
    call_id: str
    dispatched: Dispatched
    ambulance_urgency: Urgency | None
    medical_need: bool | None
    social_need: bool | None
    conveyed: bool | None
    recorded_at: datetime


class FeedbackCreate(BaseModel):
    """The call-handler's decision on a recommendation; a reason is required to override."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"accepted": True, "action_taken": "brobygger_callback", "reason_code": "agree"},
        {"accepted": False, "action_taken": "send_ambulance", "reason_code": "clinical_judgement",
         "reason_text": "lyder mere medtaget end noterne siger"},
    ]})

    accepted: bool = Field(description=(
        "True when the recommendation was followed, false when it was overridden."),
        examples=[True])
    action_taken: DispatchedAction = Field(description=(
        "What the call-handler actually did. An accepted `brobygger_callback` books a "
        "callback for the brobyggere."), examples=["brobygger_callback"])
    reason_code: Literal[
        "agree", "red_flag_missed", "caller_known", "no_brobygger", "caller_refused",
        "clinical_judgement", "other",
    ] | None = Field(default=None, description=(
        "Why; required when `accepted` is false."), examples=["clinical_judgement"])
    reason_text: Annotated[CleanText, Field(max_length=1000)] | None = Field(
        default=None, description=(
            "Free text, up to 1,000 characters; scrubbed of CPR and phone numbers."),
        examples=["lyder mere medtaget end noterne siger"])

    @model_validator(mode="after")
    def _reason_on_override(self) -> "FeedbackCreate":
        if not self.accepted and self.reason_code is None:
            raise ValueError("reason_code is required when the recommendation is overridden")
        return self


class FeedbackRead(FeedbackCreate):
    model_config = ConfigDict(json_schema_extra=None)

    id: int
    assessment_id: str
    given_by: str
    created_at: datetime

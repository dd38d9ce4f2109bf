"""POST /v1/assessments: what the dispatch software sends and what it gets back."""

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from app.schemas.citizen import HistoryRead
from app.schemas.fields import (
    CallId,
    CprNumber,
    IndexChapter,
    MunicipalityCode,
    Notes,
    PhoneNumber,
    Sex,
    SymptomCode,
    Urgency,
)


class Strict(BaseModel):
    """Unknown fields are refused: a misspelt `urgncy` must not vanish silently."""

    model_config = ConfigDict(extra="forbid")


class PatientIn(Strict):
    cpr: CprNumber | None = None
    age: int | None = Field(default=None, ge=0, le=120)
    sex: Sex | None = None
    municipality_code: MunicipalityCode | None = None


class AssessmentCreate(Strict):
    call_id: CallId
    received_at: AwareDatetime
    caller_phone: PhoneNumber | None = None
    patient: PatientIn = Field(default_factory=PatientIn)
    index_chapter: IndexChapter | None = None
    urgency: Urgency | None = None
    symptoms: list[SymptomCode] = Field(default_factory=list, max_length=40)
    notes: Notes = ""

    @model_validator(mode="after")
    def _derive_from_cpr(self) -> "AssessmentCreate":
        cpr = self.patient.cpr
        if cpr is not None:
            if self.patient.age is None:
                self.patient.age = cpr.age_on(self.received_at.date())
            if self.patient.sex in (None, "unknown"):
                self.patient.sex = cpr.sex
        return self


class RedFlagRead(BaseModel):
    code: str
    source: str
    evidence: str


class ContactRead(BaseModel):
    municipality_code: str
    municipality: str
    participates: bool
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    handover: str | None = None
    note: str


class OfferRead(BaseModel):
    service_id: str
    name: str
    organization: str
    phone: str | None = None
    address: str | None = None
    needs: list[str]
    open_until: str | None = None
    distance_km: float | None = None


class RecommendationRead(BaseModel):
    action: str
    urgency: Urgency | None
    follow_up: str | None
    rationale: list[str]
    municipal_contact: ContactRead | None = None
    offers: list[OfferRead] = Field(default_factory=list)
    offers_note: str | None = None
    callback_due_at: datetime | None = None


class AssessmentRead(BaseModel):
    assessment_id: str
    call_id: str
    flag: str
    social_probability: float | None
    reasons: list[str]
    red_flags: list[RedFlagRead]
    social_needs: list[str]
    history: HistoryRead | None
    recommendation: RecommendationRead
    model_version: str | None
    degraded: bool
    degraded_reasons: list[str]
    created_at: datetime

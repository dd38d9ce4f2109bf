"""POST /v1/assessments: what the dispatch software sends and what it gets back."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.schemas.citizen import HistoryRead
from app.schemas.fields import (
    CallId,
    CprNumber,
    IndexChapter,
    MunicipalityCode,
    Notes,
    PhoneNumber,
    ReceivedAt,
    Sex,
    SymptomCode,
    Urgency,
)


class Strict(BaseModel):
    """Unknown fields are refused: a misspelt `urgncy` must not vanish silently."""

    model_config = ConfigDict(extra="forbid")


class PatientIn(Strict):
    """The patient, as far as the call-handler knows: every field may be left out."""

    cpr: CprNumber | None = Field(default=None, description=(
        "The patient's CPR number: 10 digits, `DDMMYY-SSSS` (the hyphen may be left out). "
        "Pseudonymised at once: akutbro keeps and logs only a keyed hash, and no answer "
        "contains the number. Age and sex are derived from it when not given."),
        examples=["010190-1234"])
    age: int | None = Field(default=None, ge=0, le=120, description=(
        "Age in years; derived from the CPR number when left out."), examples=[58])
    sex: Sex | None = Field(default=None, description=(
        "Derived from the CPR number when left out or `unknown`."), examples=["male"])
    municipality_code: MunicipalityCode | None = Field(default=None, description=(
        "Kommunekode of the municipality the patient lives in, 4 digits: it chooses the "
        "municipal contact and the offers nearby."), examples=["0751"])


class AssessmentCreate(Strict):
    """A call in progress, as the dispatch software knows it; the CPR number goes in
    `patient.cpr`. Send it again as the call goes on: the same `call_id` updates the call."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "call_id": "CAD-2026-000123",
        "received_at": "2026-11-23T21:15:00+01:00",
        "caller_phone": "+45 20 12 34 56",
        "patient": {"cpr": "010190-1234", "municipality_code": "0751"},
        "index_chapter": "31",
        "urgency": "C",
        "symptoms": ["loneliness", "alcohol"],
        "notes": "mand ringer igen, er ensom og har drukket lidt, ingen brystsmerter",
    }]})

    call_id: CallId = Field(description=(
        "The dispatch system's id of the call: 1-64 letters, digits or `._:-`. Sending the "
        "same id again updates that call's assessment."), examples=["CAD-2026-000123"])
    received_at: ReceivedAt = Field(description=(
        "When the call came in: ISO 8601 with its UTC offset, from 2000 on and not more "
        "than a day ahead."), examples=["2026-11-23T21:15:00+01:00"])
    caller_phone: PhoneNumber | None = Field(default=None, description=(
        "The number the call came from, in any common Danish or international form. "
        "Pseudonymised at once, like the CPR number; it links calls to the caller."),
        examples=["+45 20 12 34 56"])
    patient: PatientIn = Field(default_factory=PatientIn, description=(
        "The patient; the CPR number goes in `patient.cpr`."),
        examples=[{"cpr": "010190-1234", "municipality_code": "0751"}])
    index_chapter: IndexChapter | None = Field(default=None, description=(
        "The chapter of Dansk Indeks for Akuthjælp the call-handler chose, `00`-`37`."),
        examples=["31"])
    urgency: Urgency | None = Field(default=None, description=(
        "The urgency (hastegrad) set, A (most urgent) to E. A or B always gives "
        "`send_ambulance`."), examples=["C"])
    symptoms: list[SymptomCode] = Field(default_factory=list, max_length=40, description=(
        "Codes from `GET /v1/vocabulary`: medical red flags and social needs, at most 40."),
        examples=[["loneliness", "alcohol"]])
    notes: Notes = Field(default="", description=(
        "The call-handler's notes, free Danish text up to 4,000 characters; read for red "
        "flags and social needs, and scrubbed of CPR and phone numbers before they are kept."),
        examples=["mand ringer igen, er ensom og har drukket lidt, ingen brystsmerter"])

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


class MedicalContentRead(BaseModel):
    group: str
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
    prepared_route: str | None = None
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
    medical_content: list[MedicalContentRead] = Field(default_factory=list)
    social_needs: list[str]
    history: HistoryRead | None
    recommendation: RecommendationRead
    model_version: str | None
    degraded: bool
    degraded_reasons: list[str]
    created_at: datetime

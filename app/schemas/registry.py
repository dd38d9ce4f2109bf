"""The model registry as admins see it."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.fields import CleanText


class ModelVersionRead(BaseModel):
    version: str
    status: str
    sha256: str
    created_at: datetime
    created_by: str
    status_changed_at: datetime
    pedigree: dict[str, Any]


class ModelVersionSummary(BaseModel):
    version: str
    status: str
    created_at: datetime
    created_by: str
    roc_auc: float | None
    under_triage_rate: float | None
    rows: int | None


class RegistryAction(BaseModel):
    """Why an admin promotes, shadows, retires or rolls back: kept in the audit log."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"reason": "quarterly retraining passed review"},
    ]})

    reason: CleanText = Field(min_length=3, max_length=500, description=(
        "Why, 3-500 characters; kept in the audit log with your name."),
        examples=["quarterly retraining passed review"])


class PromotionRead(BaseModel):
    version: str
    status: str
    verdict: list[str]


class TrainingJobCreate(BaseModel):
    """Train a candidate model in its own process; it is not served until promoted."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"source": "database", "reason": "quarterly retraining"},
        {"source": "demo", "reason": "try the pipeline", "demo_days": 14},
    ]})

    source: Literal["database", "demo"] = Field(default="database", description=(
        "`database`: the calls, outcomes and feedback recorded here; `demo`: synthetic "
        "calls."), examples=["database"])
    reason: CleanText = Field(min_length=3, max_length=500, description=(
        "Why, 3-500 characters; kept with the job and the candidate it makes."),
        examples=["quarterly retraining"])
    demo_days: int = Field(default=120, ge=7, le=730, description=(
        "Days of synthetic calls to make; for `source: demo` only."), examples=[14])


class TrainingJobRead(BaseModel):
    id: int
    status: str
    source: str
    progress: float
    message: str
    requested_by: str
    created_at: datetime
    finished_at: datetime | None
    model_version: str | None
    error: str | None

"""The model registry as admins see it."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


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
    reason: str = Field(min_length=3, max_length=500)


class PromotionRead(BaseModel):
    version: str
    status: str
    verdict: list[str]


class TrainingJobCreate(BaseModel):
    source: Literal["database", "demo"] = "database"
    reason: str = Field(min_length=3, max_length=500)
    demo_days: int = Field(default=120, ge=7, le=730)


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

"""The floor for bench_assessments.py: FastAPI parsing the same body, and nothing else.

`uvicorn --app-dir bench bare_app:app` with the same settings as the service; the
difference between its figures and the service's is what akutbro itself costs.
"""

from datetime import datetime
from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel, Field


class Patient(BaseModel):
    cpr: str | None = None
    age: int | None = Field(default=None, ge=0, le=120)
    sex: Literal["female", "male", "unknown"] | None = None
    municipality_code: str | None = None


class Body(BaseModel):
    call_id: str
    received_at: datetime
    caller_phone: str | None = None
    patient: Patient = Field(default_factory=Patient)
    index_chapter: str | None = None
    urgency: str | None = None
    symptoms: list[str] = Field(default_factory=list)
    notes: str = ""


app = FastAPI()


@app.post("/v1/assessments")
def assess(body: Body) -> dict[str, bool]:
    """Parse and answer; a plain `def` like the real route, so it also pays the thread hop."""
    return {"ok": True}


@app.get("/health")
def health() -> dict[str, str]:
    """The process answers."""
    return {"status": "ok"}

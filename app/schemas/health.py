"""Readiness as the load balancer and the operators read it."""

from typing import Literal

from pydantic import BaseModel, Field


class ReadinessRead(BaseModel):
    status: Literal["ready", "degraded"] = Field(
        description="`ready` when the database answers and a model is served.")
    database: str = Field(description="`ok`, or why the database does not answer.",
                          examples=["ok", "unavailable: no answer within 1 s"])
    model_version: str | None = Field(description="The production model served; null when none.")

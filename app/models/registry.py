"""The flag model registry: versions with artefact and pedigree, and training jobs."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.engine import Base
from app.models._types import UTCDateTime, utcnow


class ModelVersion(Base):
    """A trained flag model: candidate, shadow, production or retired."""

    __tablename__ = "model_versions"
    __table_args__ = (
        # At most one production and one shadow model at a time, enforced by the database.
        Index(
            "uq_model_versions_one_production",
            "status",
            unique=True,
            sqlite_where=text("status IN ('production', 'shadow')"),
            postgresql_where=text("status IN ('production', 'shadow')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="candidate")
    artefact: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    pedigree: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    previous_production_id: Mapped[int | None]


class TrainingJob(Base):
    """A training run in its own process, with progress the admin can follow."""

    __tablename__ = "training_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    source: Mapped[str] = mapped_column(String(32))
    progress: Mapped[float] = mapped_column(default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    requested_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    model_version: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)

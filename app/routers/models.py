"""Admin routes for the flag model: train, inspect, promote, shadow, roll back."""

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, UploadFile

from app.api_route import ApiRoute
from app.deps import AdminActor, SessionDep, SettingsDep, TrainingQueueDep
from app.schemas.errors import ErrorRead, RefusalRead, ValidationErrorRead, problem
from app.schemas.fields import CleanText, RowId
from app.schemas.registry import (
    ModelVersionRead,
    ModelVersionSummary,
    PromotionRead,
    RegistryAction,
    TrainingJobCreate,
    TrainingJobRead,
)
from app.services.flag_model import registry, training

router = APIRouter(prefix="/v1/models", tags=["models"], route_class=ApiRoute)
NO_VERSION = problem("No model version with this name.")
REFUSED = problem("The registry refused, saying why.", RefusalRead)
BAD_DATA = problem("A field does not fit the schema, or the training data are unusable.",
                   ValidationErrorRead | ErrorRead)
Version = Annotated[str, Path(pattern=r"^[A-Za-z0-9._-]{1,64}$")]


@router.get("", response_model=list[ModelVersionSummary])
def list_versions(session: SessionDep, actor: AdminActor) -> list[ModelVersionSummary]:
    """Every version with its headline figures, newest first."""
    return [registry.summary(row) for row in registry.get_all(session)]


@router.get("/{version}", response_model=ModelVersionRead, responses={404: NO_VERSION})
def get_version(version: Version, session: SessionDep, actor: AdminActor) -> ModelVersionRead:
    """One version with its whole pedigree."""
    return ModelVersionRead.model_validate(registry.get(session, version), from_attributes=True)


@router.post("/{version}/promote", response_model=PromotionRead,
             responses={404: NO_VERSION, 409: REFUSED})
def promote(
    version: Version,
    body: RegistryAction,
    session: SessionDep,
    actor: AdminActor,
    settings: SettingsDep,
) -> PromotionRead:
    """Promote through the safety gate; a refusal (409) says which figure failed."""
    row, verdict = registry.promote(
        session,
        version,
        actor=actor,
        reason=body.reason,
        max_under_triage=settings.max_under_triage,
        max_auc_drop=settings.max_auc_drop,
        challenge=settings.challenge_set_path,
    )
    return PromotionRead(version=row.version, status=row.status, verdict=list(verdict.reasons))


@router.post("/{version}/shadow", response_model=ModelVersionSummary,
             responses={404: NO_VERSION, 409: REFUSED})
def shadow(
    version: Version, body: RegistryAction, session: SessionDep, actor: AdminActor
) -> ModelVersionSummary:
    """Let this version score every assessment beside production, unseen."""
    return registry.summary(registry.set_shadow(session, version, actor=actor, reason=body.reason))


@router.post("/{version}/retire", response_model=ModelVersionSummary,
             responses={404: NO_VERSION, 409: REFUSED})
def retire(
    version: Version, body: RegistryAction, session: SessionDep, actor: AdminActor
) -> ModelVersionSummary:
    """Take a candidate or shadow out of use."""
    return registry.summary(registry.retire(session, version, actor=actor, reason=body.reason))


@router.get("/{version}/shadow-report", responses={404: NO_VERSION})
def shadow_report(version: Version, session: SessionDep, actor: AdminActor) -> dict[str, object]:
    """How often this shadow would have disagreed with production."""
    registry.get(session, version)
    return registry.shadow_report(session, version)


@router.post("/rollback", response_model=ModelVersionSummary, responses={409: REFUSED})
def rollback(body: RegistryAction, session: SessionDep, actor: AdminActor) -> ModelVersionSummary:
    """Return to the previous production model (always allowed)."""
    return registry.summary(registry.rollback(session, actor=actor, reason=body.reason))


jobs = APIRouter(prefix="/v1/training-jobs", tags=["models"], route_class=ApiRoute)


@jobs.post("", response_model=TrainingJobRead, status_code=202, responses={422: BAD_DATA})
def start_training(
    body: TrainingJobCreate, session: SessionDep, actor: AdminActor, settings: SettingsDep,
    queue: TrainingQueueDep,
) -> TrainingJobRead:
    """Train a candidate in its own process, queued behind any running job; follow it with GET."""
    job = training.start(
        session,
        source=body.source,
        actor=actor,
        reason=body.reason,
        settings=settings,
        queue=queue,
        demo_days=body.demo_days,
    )
    return TrainingJobRead.model_validate(job, from_attributes=True)


@jobs.post("/csv", response_model=TrainingJobRead, status_code=202, responses={422: BAD_DATA})
def start_training_from_csv(
    session: SessionDep,
    actor: AdminActor,
    settings: SettingsDep,
    queue: TrainingQueueDep,
    file: Annotated[UploadFile, File(description=(
        "The dispatch system's CSV export, UTF-8, one header row: call_id, received_at, "
        "medical_need and social_need required; age, sex, municipality_code, index_chapter, "
        "urgency, symptoms, notes, citizen_key, ambulance_urgency, phase optional."),
        examples=["call_id,received_at,urgency,notes,medical_need,social_need\n"
                  "C1,2026-03-01T22:14:05+01:00,C,ensom og utryg,false,true\n"])],
    reason: Annotated[CleanText, Form(min_length=3, max_length=500, description=(
        "Why, 3-500 characters; kept with the job and the candidate it makes."),
        examples=["training on the 2026 export"])],
) -> TrainingJobRead:
    """Train on a CSV export; the file is validated row by row before training starts."""
    job = training.start_from_csv(session, file.file, actor=actor, reason=reason,
                                  settings=settings, queue=queue)
    return TrainingJobRead.model_validate(job, from_attributes=True)


@jobs.get("", response_model=list[TrainingJobRead])
def list_jobs(session: SessionDep, actor: AdminActor) -> list[TrainingJobRead]:
    """Recent training jobs, newest first."""
    return [
        TrainingJobRead.model_validate(j, from_attributes=True) for j in training.get_all(session)
    ]


@jobs.get("/{job_id}", response_model=TrainingJobRead,
          responses={404: problem("No training job with this id.")})
def get_job(job_id: RowId, session: SessionDep, actor: AdminActor) -> TrainingJobRead:
    """One job's progress."""
    return TrainingJobRead.model_validate(training.get(session, job_id), from_attributes=True)

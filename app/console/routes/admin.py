"""The admin's model pages: versions with metrics and curves, the gated promotion, training."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from app.console import auth, charts, core_text, i18n, queries
from app.console.auth import AdminUser, Csrf
from app.console.errors import PageNotFound
from app.console.render import page
from app.deps import SessionDep, SettingsDep
from app.schemas.fields import ModelVersionName, RowId
from app.schemas.registry import RegistryAction, TrainingJobCreate, TrainingJobRead
from app.services.flag_model import registry, training
from app.services.flag_model.registry import RegistryRefused, VersionNotFound

router = APIRouter(prefix="/console/admin", include_in_schema=False)
Reason = Annotated[str, Form(max_length=500)]


def _valid(reason: str) -> str:
    """The reason as the registry takes it, or "" when too short or holding control
    characters: the page then asks for it again."""
    try:
        return RegistryAction(reason=reason.strip()).reason
    except ValidationError:
        return ""


@router.get("/models")
def models_page(request: Request, user: AdminUser, session: SessionDep) -> HTMLResponse:
    """Every model version with its holdout figures; production and shadow first."""
    return _models(request, session)


def _models(request: Request, session: SessionDep, *, error: str | None = None,
            reasons: list[str] | None = None, status_code: int = 200) -> HTMLResponse:
    rows = queries.models.get_all(session)
    return page(request, "admin/models.html", {
        "rows": rows, "test": queries.models.holdout_metrics, "error": error,
        "reasons": reasons or [],
        "production": next((r for r in rows if r.status == "production"), None),
        "shadow": next((r for r in rows if r.status == "shadow"), None),
    }, status_code=status_code)


@router.get("/models/{version}")
def model_page(request: Request, version: ModelVersionName, user: AdminUser,
               session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    """One version: figures, calibration plot, ROC curve, and the safety gate's verdict."""
    return _model(request, version, session, settings)


def _model(request: Request, version: str, session: SessionDep, settings: SettingsDep, *,
           error: str | None = None, reasons: list[str] | None = None,
           status_code: int = 200) -> HTMLResponse:
    try:
        view = queries.models.get(session, version, settings=settings)
    except VersionNotFound:
        raise PageNotFound(version) from None
    curves = view.test.get("curves") or {}
    roc = curves.get("roc") or []
    calibration = curves.get("calibration") or []
    return page(request, "admin/model.html", {
        "view": view, "error": error, "reasons": reasons or [],
        "roc": charts.curve([p["fpr"] for p in roc], [p["tpr"] for p in roc]),
        "calibration": charts.curve([p["predicted"] for p in calibration],
                                    [p["observed"] for p in calibration]),
    }, status_code=status_code)


@router.post("/models/{version}/promote")
def promote(request: Request, version: ModelVersionName, user: AdminUser, _: Csrf,
            session: SessionDep, settings: SettingsDep, reason: Reason = "") -> Response:
    """Promote through the safety gate; a refusal shows every reason."""
    if not (reason := _valid(reason)):
        return _model(request, version, session, settings, error="model.error.reason",
                      status_code=422)
    try:
        registry.promote(session, version, actor=auth.actor(user), reason=reason.strip(),
                         max_under_triage=settings.max_under_triage,
                         max_auc_drop=settings.max_auc_drop,
                         challenge=settings.challenge_set_path)
    except VersionNotFound:
        raise PageNotFound(version) from None
    except RegistryRefused as refused:
        reasons = list(refused.verdict.reasons) if refused.verdict else [str(refused)]
        return _model(request, version, session, settings, error="model.refused",
                      reasons=reasons, status_code=409)
    return RedirectResponse(f"/console/admin/models/{version}?msg=promoted", status_code=303)


@router.post("/models/{version}/{action}")
def change_status(request: Request, version: ModelVersionName, action: str, user: AdminUser,
                  _: Csrf, session: SessionDep, settings: SettingsDep,
                  reason: Reason = "") -> Response:
    """Shadow or retire a version."""
    change = {"shadow": registry.set_shadow, "retire": registry.retire}.get(action)
    if change is None:
        raise PageNotFound(action)
    if not (reason := _valid(reason)):
        return _model(request, version, session, settings, error="model.error.reason",
                      status_code=422)
    try:
        change(session, version, actor=auth.actor(user), reason=reason.strip())
    except VersionNotFound:
        raise PageNotFound(version) from None
    except RegistryRefused as refused:
        return _model(request, version, session, settings, error="model.refused_action",
                      reasons=[str(refused)], status_code=409)
    done = "shadowed" if action == "shadow" else "retired"
    return RedirectResponse(f"/console/admin/models/{version}?msg={done}", status_code=303)


@router.post("/rollback")
def rollback(request: Request, user: AdminUser, _: Csrf, session: SessionDep,
             reason: Reason = "") -> Response:
    """Return to the previous production model."""
    if not (reason := _valid(reason)):
        return _models(request, session, error="model.error.reason", status_code=422)
    try:
        registry.rollback(session, actor=auth.actor(user), reason=reason.strip())
    except RegistryRefused as refused:
        return _models(request, session, error="model.refused_action", reasons=[str(refused)],
                       status_code=409)
    return RedirectResponse("/console/admin/models?msg=rolled_back", status_code=303)


@router.get("/training")
def training_page(request: Request, user: AdminUser, session: SessionDep) -> HTMLResponse:
    """Start a training job; recent jobs with their progress."""
    return _training(request, session)


def _training(request: Request, session: SessionDep, *, error: str | None = None,
              status_code: int = 200) -> HTMLResponse:
    return page(request, "admin/training.html", {"jobs": training.get_all(session), "error": error},
                status_code=status_code)


@router.post("/training")
def start_training(request: Request, user: AdminUser, _: Csrf, session: SessionDep,
                   settings: SettingsDep, reason: Reason = "",
                   source: Annotated[str, Form()] = "demo",
                   demo_days: Annotated[int, Form()] = 30) -> Response:
    """Train a candidate in its own process, then follow its progress."""
    try:
        body = TrainingJobCreate(source=source, reason=reason.strip(),
                                 demo_days=demo_days)
    except ValidationError:
        return _training(request, session, error="training.error.invalid", status_code=422)
    job = training.start(session, source=body.source, actor=auth.actor(user), reason=body.reason,
                         settings=settings, queue=request.app.state.training_queue,
                         demo_days=body.demo_days)
    return RedirectResponse(f"/console/admin/training/{job.id}", status_code=303)


@router.get("/training/{job_id}.json")
def job_status(request: Request, job_id: RowId, user: AdminUser,
               session: SessionDep) -> JSONResponse:
    """One job's progress for the page's script, its message in the reader's language."""
    job = _job(session, job_id).model_dump(mode="json")
    job["message"] = core_text.say_text(i18n.pick(request), job["message"])
    return JSONResponse(job, headers={"Cache-Control": "no-store"})


@router.get("/training/{job_id}")
def job_page(request: Request, job_id: RowId, user: AdminUser, session: SessionDep) -> HTMLResponse:
    """One training job, its progress updated every second."""
    return page(request, "admin/job.html", {"job": _job(session, job_id)})


def _job(session: SessionDep, job_id: int) -> TrainingJobRead:
    try:
        return TrainingJobRead.model_validate(training.get(session, job_id), from_attributes=True)
    except LookupError:
        raise PageNotFound(job_id) from None

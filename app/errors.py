"""How errors become HTTP answers: clear, naming the field, never echoing personal data."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app.services.assessment.calls import CallNotFound, OutcomeInvalid
from app.services.assessment.feedback import AssessmentNotFound, AssessmentSuperseded
from app.services.brobygger.callbacks import CallbackClosed, CallbackNotFound
from app.services.brobygger.cases import CaseConflict, CaseNotFound
from app.services.brobygger.plans import PlanConflict
from app.services.citizens.citizen_ref import CitizenNotFound
from app.services.directory.hsds_parse import HsdsInvalid
from app.services.flag_model.registry import RegistryRefused, VersionNotFound
from app.services.flag_model.training import JobNotFound, TrainingDataError

# Domain errors whose message already says what went wrong, by the status they answer with.
NOT_FOUND = (CitizenNotFound, CaseNotFound, CallbackNotFound, VersionNotFound, JobNotFound)
CONFLICT = (CaseConflict, CallbackClosed, PlanConflict, AssessmentSuperseded)

log = logging.getLogger(__name__)
PROTOCOL_FALLBACK = "Follow the standard medical protocol: send an ambulance."


def _field(loc: tuple[object, ...]) -> str:
    parts = [str(part) for part in loc if part not in ("body",)]
    return ".".join(parts) or "body"


async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    """422 with the field and the reason; the offending input is never echoed back."""
    problems = [
        {"field": _field(tuple(item["loc"])), "reason": item["msg"].removeprefix("Value error, ")}
        for item in error.errors()
    ]
    return JSONResponse(status_code=422, content={"detail": "invalid request", "errors": problems})


async def not_found(request: Request, error: LookupError) -> JSONResponse:
    """404 naming what was not found."""
    kind = "call" if isinstance(error, CallNotFound) else "assessment"
    return JSONResponse(status_code=404, content={"detail": f"no {kind} '{error.args[0]}'"})


async def says_why(request: Request, error: Exception) -> JSONResponse:
    """404, 409 or 422 with the domain error's own message."""
    if isinstance(error, NOT_FOUND):
        return JSONResponse(status_code=404, content={"detail": f"not found: {error}"})
    if isinstance(error, RegistryRefused):
        reasons = list(error.verdict.reasons) if error.verdict else [str(error)]
        return JSONResponse(status_code=409, content={"detail": str(error), "reasons": reasons})
    if isinstance(error, HsdsInvalid):
        return JSONResponse(
            status_code=422,
            content={
                "detail": "invalid HSDS directory: nothing was imported",
                "errors": error.errors,
            },
        )
    status_code = 422 if isinstance(error, TrainingDataError) else 409
    return JSONResponse(status_code=status_code, content={"detail": str(error)})


async def outcome_invalid(request: Request, error: OutcomeInvalid) -> JSONResponse:
    """422 for an outcome that contradicts itself."""
    return JSONResponse(
        status_code=422,
        content={
            "detail": "invalid request",
            "errors": [{"field": error.field, "reason": str(error)}],
        },
    )


async def internal_error(request: Request, error: Exception) -> JSONResponse:
    """500 that tells the dispatch software plainly to fall back to the protocol."""
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse(
        status_code=500,
        content={
            "detail": "internal error in akutbro",
            "degraded": True,
            "fallback": PROTOCOL_FALLBACK,
        },
    )


def install(app: FastAPI) -> None:
    """Register every handler on the app."""
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(CallNotFound, not_found)  # type: ignore[arg-type]
    app.add_exception_handler(AssessmentNotFound, not_found)  # type: ignore[arg-type]
    app.add_exception_handler(OutcomeInvalid, outcome_invalid)  # type: ignore[arg-type]
    for error in (*NOT_FOUND, *CONFLICT, RegistryRefused, HsdsInvalid, TrainingDataError):
        app.add_exception_handler(error, says_why)
    app.add_exception_handler(Exception, internal_error)
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: _AnsweredErrorsEndHere(build())  # type: ignore[method-assign]


class _AnsweredErrorsEndHere:
    """Around Starlette's ServerErrorMiddleware, which answers an unexpected error with
    `internal_error` and then raises it again for the server to log: uvicorn closes the
    connection on it, and a client that reuses its connection loses the next request. The
    error is logged and answered by then, so here it ends. (An answer already under way
    when the error came stays unfinished, and the server closes that connection.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except Exception:
            if scope["type"] != "http":
                raise

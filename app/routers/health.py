"""Health checks for the load balancer and the container: no key needed."""

from fastapi import APIRouter, Request, Response

from app.schemas.health import ReadinessRead
from app.services.health import database_status_within

READY_TIMEOUT_SECONDS = 1.0

router = APIRouter(tags=["health"])


@router.get("/health")
def live() -> dict[str, str]:
    """The process answers."""
    return {"status": "ok"}


@router.get("/health/ready", response_model=ReadinessRead, responses={
    503: {"model": ReadinessRead, "description": "Not ready: see `database` and `model_version`."},
})
async def ready(request: Request, response: Response) -> dict[str, object]:
    """Database reachable and a model served; 503 when either is missing or the database
    does not answer within a second (a hung database)."""
    database = await database_status_within(request.app.state.session_factory,
                                            READY_TIMEOUT_SECONDS)
    served = request.app.state.model_store.served
    model = served.production.version if served.production else None
    ready_ = database == "ok" and model is not None
    response.status_code = 200 if ready_ else 503
    return {
        "status": "ready" if ready_ else "degraded",
        "database": database,
        "model_version": model,
    }

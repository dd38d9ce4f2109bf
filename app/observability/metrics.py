"""Prometheus metrics at GET /metrics: requests by route template and status, assessments by
action and flag, degraded answers by reason, the model served, registry swaps, database pools.

Several worker processes (`akutbro serve --workers N`): set PROMETHEUS_MULTIPROC_DIR to an
empty folder writable by the service before it starts. Each worker then writes its figures
there and /metrics adds them up across workers (prometheus-client's multiprocess mode);
`akutbro serve` empties the folder first. Without it, each process counts on its own.
Labels hold route templates and short codes only, never a raw path, an id or personal data.
"""

import os
import time
from collections.abc import Mapping
from pathlib import Path

from fastapi import FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy.pool import Pool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.periodic import Periodic
from app.schemas.assessment import AssessmentRead
from app.services.flag_model.model_store import Served

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"
UNMATCHED = "<unmatched>"  # a path no route knows: never the path itself

REQUESTS = Counter("akutbro_http_requests_total", "HTTP requests answered.",
                   ("method", "route", "status"))
LATENCY = Histogram("akutbro_http_request_duration_seconds",
                    "Time from the request's arrival to the end of its answer.",
                    ("method", "route", "status"),
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
ASSESSMENTS = Counter("akutbro_assessments_total", "Assessments answered.", ("action", "flag"))
DEGRADED = Counter("akutbro_assessments_degraded_total",
                   "Reasons given in degraded assessment answers.", ("reason",))
MODEL_SERVED = Gauge("akutbro_model_served",
                     "1 for the production flag model version served ('none': no model).",
                     ("version",), multiprocess_mode="mostrecent")
MODEL_SWAPS = Counter("akutbro_model_swaps_total",
                      "Hot swaps of the production flag model, followed from the registry.")
POOL_CHECKED_OUT = Gauge("akutbro_db_pool_checked_out", "Database connections in use.",
                         ("pool",), multiprocess_mode="livesum")
POOL_SIZE = Gauge("akutbro_db_pool_size",
                  "Connections the pool keeps (SQLAlchemy's pool_size; it may open as many "
                  "again for a burst, then waits).", ("pool",), multiprocess_mode="livesum")

# Degraded reasons are sentences for the call-handler (app.services.assessment.assess,
# app.services.assessment.assess_runner); the metric takes a code. First match wins.
DEGRADED_CODES = (
    ("did not answer within", "database_timeout"),
    ("database unavailable", "database_unavailable"),
    ("internal error", "internal_error"),
    ("no flag model", "no_model"),
    ("flag model failed", "model_failed"),
)


for _code in (*(code for _, code in DEGRADED_CODES), "other"):
    DEGRADED.labels(_code)  # at 0 from the start: an alert's rate() needs the series


def degraded_code(reason: str) -> str:
    """The short code of a degraded reason ('other' for one not known here)."""
    lowered = reason.lower()
    return next((code for words, code in DEGRADED_CODES if words in lowered), "other")


def count_assessment(answer: AssessmentRead) -> None:
    """Count one answered assessment and its degraded reasons."""
    ASSESSMENTS.labels(answer.recommendation.action, answer.flag).inc()
    for reason in answer.degraded_reasons:
        DEGRADED.labels(degraded_code(reason)).inc()


class ServedModel:
    """Follows the production model this process serves: the version gauge, and a swap
    counted each time it changes after the first load."""

    def __init__(self) -> None:
        self._version: str | None = None
        self._loaded = False

    def __call__(self, served: Served) -> None:
        """Note the models serving now (after start-up and after each registry change)."""
        version = served.production.version if served.production else "none"
        if self._loaded and version == self._version:
            return
        if self._loaded:
            MODEL_SWAPS.inc()
            MODEL_SERVED.labels(self._version).set(0)
        MODEL_SERVED.labels(version).set(1)
        self._version, self._loaded = version, True


def sample_pools(pools: Mapping[str, Pool]) -> None:
    """Set the pool gauges from SQLAlchemy's pools as they are now."""
    for name, pool in pools.items():
        checked_out, size = getattr(pool, "checkedout", None), getattr(pool, "size", None)
        if checked_out is not None and size is not None:  # a queue pool; others keep none
            POOL_CHECKED_OUT.labels(name).set(checked_out())
            POOL_SIZE.labels(name).set(size())


def pools_of(app: FastAPI) -> dict[str, Pool]:
    """The app's pools: the service's engine's, by name."""
    return {"service": app.state.engine.pool}


def render(pools: Mapping[str, Pool]) -> bytes:
    """The exposition text: this process's figures, or every worker's in multiprocess mode."""
    sample_pools(pools)
    folder = os.environ.get(MULTIPROC_DIR)
    if not folder:
        return generate_latest(REGISTRY)
    _forget_dead_workers(Path(folder))
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


def _forget_dead_workers(folder: Path) -> None:
    """Drop the live gauges of workers that have exited (uvicorn restarts a dead worker, and
    has no hook to say so), so their pools are not added up for ever."""
    for pid in {_pid_of(path.name) for path in folder.glob("gauge_live*_*.db")} - {None}:
        try:
            os.kill(pid, 0)  # type: ignore[arg-type]
        except ProcessLookupError:
            multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
        except PermissionError:
            pass


def _pid_of(name: str) -> int | None:
    tail = name.removesuffix(".db").rsplit("_", 1)[-1]
    return int(tail) if tail.isdigit() else None


class MetricsMiddleware:
    """Counts and times every HTTP request by method, route template and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]  # an exception that escapes is answered 500 further out

        async def send_noting_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            labels = (scope["method"], _route_of(scope), str(status[0]))
            REQUESTS.labels(*labels).inc()
            LATENCY.labels(*labels).observe(time.perf_counter() - started)


def _route_of(scope: Scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or UNMATCHED


def install(app: FastAPI) -> None:
    """Count every request, and answer GET /metrics (no key, outside the OpenAPI document)."""
    app.add_middleware(MetricsMiddleware)

    @app.get("/metrics", include_in_schema=False)
    def expose() -> Response:
        return Response(render(pools_of(app)), media_type=CONTENT_TYPE_LATEST)


def pool_sampler(app: FastAPI, interval: float = 1.0) -> Periodic:
    """A thread that keeps this worker's pool gauges current, for a scrape that another
    worker answers (multiprocess mode)."""
    return Periodic("pool-sampler", interval, lambda: sample_pools(pools_of(app)))

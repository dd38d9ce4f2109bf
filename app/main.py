"""create_app() and the lifespan: open the database, load the model, watch the registry."""

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from app import api_docs, console, errors, ratelimit
from app.config import Settings
from app.db.engine import make_engine, make_session_factory, wal_checkpointer
from app.limits import BodySizeLimit
from app.observability import metrics
from app.observability.logging import configure_logging
from app.observability.request_id import RequestIdMiddleware
from app.routers import (
    assessments,
    callbacks,
    calls,
    cases,
    citizens,
    directory,
    health,
    hsds,
    models,
    response_plans,
    vocabulary,
)
from app.services.access.apikeys import KeyCache
from app.services.assessment.assess_runner import AssessmentRunner
from app.services.assessment.recording import Recorder
from app.services.assessment.warmup import warm_up
from app.services.citizens.pseudonym import Pseudonymiser
from app.services.flag_model import training
from app.services.flag_model.model_store import ModelStore, registry_watcher

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The akutbro service, configured from the environment unless settings are given."""
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.logs_as)
    engine = make_engine(settings.database_url, pool_size=settings.db_pool_size,
                         background_checkpoints=True,
                         statement_timeout_ms=settings.db_statement_timeout_ms)
    factory = make_session_factory(engine)
    store = ModelStore(factory)
    note_served = metrics.ServedModel()
    training_queue = training.job_queue(settings, factory)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.assess = AssessmentRunner(factory, threads=settings.db_pool_size)
        note_served(store.refresh())
        warm_up(factory, settings, app.state.pseudonymiser)
        app.state.key_cache.load()
        # What start-up made, the model above all, lives as long as the process: out of the
        # collector's sight, or a full collection stalls a request for 100+ ms. Objects
        # frozen are still freed by reference count.
        gc.freeze()
        def on_swap() -> None:
            gc.freeze()
            note_served(store.served)

        threads = [registry_watcher(store, settings.registry_poll_seconds, on_swap=on_swap)]
        if settings.metrics_enabled:
            threads.append(metrics.pool_sampler(app))
        if engine.dialect.name == "sqlite":
            threads.append(wal_checkpointer(engine, settings.sqlite_checkpoint_seconds))
        for thread in threads:
            thread.start()
        try:
            yield
        finally:
            await app.state.assess.close()  # those under way are recorded
            for thread in threads:
                thread.stop()
            training_queue.close()  # queued jobs are marked failed, running ones stopped
            engine.dispose()
            gc.unfreeze()

    app = FastAPI(
        title="akutbro",
        version="0.1.0",
        summary="Triage decision support for 112 dispatch: it advises, the call-handler decides.",
        description=api_docs.DESCRIPTION,
        openapi_tags=api_docs.TAGS,
        docs_url=None,  # served by api_docs from local files, not from a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = factory
    app.state.recorder = Recorder.for_engine(engine)
    app.state.pseudonymiser = Pseudonymiser(settings.pseudonym_secret.get_secret_value())
    app.state.key_cache = KeyCache(
        factory, settings.api_key_cache_seconds,
        Path(settings.api_key_copy_path) if settings.api_key_copy_path else None)
    app.state.model_store = store
    app.state.training_queue = training_queue
    app.state.rate_limiter = ratelimit.limiter(settings)
    errors.install(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if settings.metrics_enabled:
        metrics.install(app)
    app.add_middleware(RequestIdMiddleware)  # outermost: every log of the request has its id
    for module in (
        health,
        assessments,
        calls,
        citizens,
        vocabulary,
        cases,
        callbacks,
        response_plans,
        directory,
        hsds,
        models,
    ):
        app.include_router(module.router)
    app.include_router(models.jobs)
    console.install(app)
    api_docs.install(app)
    return app

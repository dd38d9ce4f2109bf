"""create_app() and the lifespan: open the database, load the model, watch the registry."""

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import console, errors
from app.config import Settings
from app.db import make_engine, make_session_factory, wal_checkpointer
from app.limits import BodySizeLimit
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
from app.services.apikeys import KeyCache
from app.services.assess_runner import assessment_runner
from app.services.model_store import ModelStore, registry_watcher
from app.services.pseudonym import Pseudonymiser
from app.services.warmup import warm_up

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The akutbro service, configured from the environment unless settings are given."""
    settings = settings or Settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    engine = make_engine(settings.database_url, pool_size=settings.db_pool_size,
                         background_checkpoints=True)
    factory = make_session_factory(engine)
    store = ModelStore(factory)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.assess = assessment_runner(settings, factory)
        log.info("assessments run on: %s", app.state.assess.where)
        store.refresh()
        warm_up(factory, settings, app.state.hasher)
        await app.state.assess.warm_up(settings, app.state.hasher)
        # What start-up made, the model above all, lives as long as the process: out of the
        # collector's sight, or a full collection stalls a request for 100+ ms. Objects
        # frozen are still freed by reference count.
        gc.freeze()
        threads = [registry_watcher(store, settings.registry_poll_seconds, on_swap=gc.freeze)]
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
            engine.dispose()
            gc.unfreeze()

    app = FastAPI(
        title="akutbro",
        version="0.1.0",
        summary="Triage decision support for 112 dispatch: it advises, the call-handler decides.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = factory
    app.state.hasher = Pseudonymiser(settings.pseudonym_secret.get_secret_value())
    app.state.key_cache = KeyCache(factory, settings.api_key_cache_seconds)
    app.state.model_store = store
    errors.install(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
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
    return app

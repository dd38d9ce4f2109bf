"""The flag models this process serves, kept in step with the registry in the database.

Every replica polls the registry every few seconds; when the production (or shadow)
version changes, it loads the new artefact beside the old one, verifies its checksum,
and swaps one reference. A request in flight keeps the model it started with; a load
that fails keeps the current model serving.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import ModelVersion
from app.periodic import Periodic
from app.triage.model.artefact import ArtefactError, load
from app.triage.model.predict import FlagModel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Served:
    """The models serving right now; replaced whole, never mutated."""

    production: FlagModel | None = None
    shadow: FlagModel | None = None
    error: str | None = None


class ModelStore:
    """Holds the served models and refreshes them from the registry."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self._served = Served()
        self._lock = threading.Lock()
        self._refused: set[tuple[str, str]] = set()  # (version, sha256) that failed to load

    @property
    def served(self) -> Served:
        """The current models; read once per request."""
        return self._served

    def refresh(self) -> Served:
        """Bring the served models in line with the registry; keep them when anything fails."""
        with self._lock:
            try:
                with self._factory() as session:
                    wanted = dict(
                        session.execute(
                            select(ModelVersion.status, ModelVersion.version).where(
                                ModelVersion.status.in_(("production", "shadow"))
                            )
                        ).all()
                    )
                    production = self._pick(
                        session, self._served.production, wanted.get("production")
                    )
                    shadow = self._pick(session, self._served.shadow, wanted.get("shadow"))
                self._served = Served(production=production, shadow=shadow)
            except ArtefactError as error:
                log.error("model load refused, keeping the current model: %s", error)
                self._served = Served(self._served.production, self._served.shadow, str(error))
            except Exception as error:  # the database may be down; keep serving what we have
                log.warning("model registry not reachable, keeping the current model: %s", error)
                self._served = Served(self._served.production, self._served.shadow, str(error))
            return self._served

    def _pick(
        self, session: Session, current: FlagModel | None, version: str | None
    ) -> FlagModel | None:
        if version is None:
            return None
        if current is not None and current.version == version:
            return current
        sha256 = session.scalar(select(ModelVersion.sha256).where(ModelVersion.version == version))
        if (version, sha256) in self._refused:  # the same artefact fails the same way: no reload
            raise ArtefactError(f"model {version} was refused before and is unchanged")
        row = session.scalars(select(ModelVersion).where(ModelVersion.version == version)).one()
        try:
            model = load(row.artefact, expected_sha256=row.sha256, version=row.version)
        except ArtefactError:
            self._refused.add((version, row.sha256))
            raise
        log.info("now serving flag model %s", version)
        return model


def registry_watcher(
    store: ModelStore, interval: float, *, on_swap: Callable[[], object] | None = None
) -> Periodic:
    """A thread that calls `refresh` every few seconds: this replica follows the registry.
    `on_swap` runs after a new production or shadow model has started serving."""

    def follow() -> None:
        before = store.served
        after = store.refresh()
        swapped = after.production is not before.production or after.shadow is not before.shadow
        if swapped and on_swap is not None:
            on_swap()

    return Periodic("registry-watcher", interval, follow)

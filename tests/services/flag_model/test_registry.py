"""The registry: the gated promotion, rollback, shadow, every action audit-logged."""

import gc

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.db.engine import make_engine, make_session_factory, unit_of_work
from app.main import create_app
from app.models import AuditEvent
from app.services.flag_model import registry
from app.services.flag_model.model_store import ModelStore, registry_watcher
from app.services.flag_model.registry import RegistryRefused
from tests.factories.model import ADMIN, promote, register
from tests.waiting import eventually


@pytest.fixture
def factory(database_url):  # type: ignore[no-untyped-def]
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()


def test_a_candidate_within_the_limits_is_promoted(factory) -> None:
    with unit_of_work(factory) as session:
        version = register(session, under_triage_rate=0.008).version
        promote(session, version)
        assert registry.get_by_status(session, "production").version == version


def test_promotion_is_refused_when_under_triage_is_above_the_maximum(factory) -> None:
    with unit_of_work(factory) as session:
        version = register(session, under_triage_rate=0.013).version
        with pytest.raises(
            RegistryRefused, match=r"under-triage rate 1\.30% on the holdout is above"
        ):
            promote(session, version)
        assert registry.get(session, version).status == "candidate"


def test_promotion_is_refused_when_auc_drops_against_production_on_the_same_holdout(
    factory,
) -> None:
    with unit_of_work(factory) as session:
        first = register(session, under_triage_rate=0.005, roc_auc=0.93).version
        promote(session, first)
        worse = register(
            session,
            under_triage_rate=0.005,
            roc_auc=0.90,
            comparison={"production_version": first, "production_roc_auc": 0.93, "rows": 1000},
        ).version
        with pytest.raises(RegistryRefused, match=r"ROC AUC 0\.900 is 0\.030 below"):
            promote(session, worse)
        close = register(
            session,
            under_triage_rate=0.005,
            roc_auc=0.915,
            comparison={"production_version": first, "production_roc_auc": 0.93, "rows": 1000},
        ).version
        promote(session, close)
        assert registry.get_by_status(session, "production").version == close


def test_a_candidate_never_compared_with_the_current_production_is_refused(factory) -> None:
    with unit_of_work(factory) as session:
        promote(session, register(session, under_triage_rate=0.005).version)
        stale = register(session, under_triage_rate=0.001, comparison=None).version
        with pytest.raises(RegistryRefused, match="not compared with the current production"):
            promote(session, stale)


def test_rollback_returns_to_the_previous_production_model(factory) -> None:
    with unit_of_work(factory) as session:
        with pytest.raises(RegistryRefused, match="no previous production model"):
            registry.rollback(session, actor=ADMIN, reason="nothing yet")
        first = register(session, under_triage_rate=0.005).version
        promote(session, first)
        second = register(
            session,
            under_triage_rate=0.005,
            comparison={"production_version": first, "production_roc_auc": 0.5, "rows": 10},
        ).version
        promote(session, second)
        back = registry.rollback(session, actor=ADMIN, reason="second misbehaves")
        assert back.version == first
        assert registry.get(session, second).status == "retired"


def test_every_registry_action_is_audit_logged_with_who_and_why(factory) -> None:
    with unit_of_work(factory) as session:
        candidate = register(session, under_triage_rate=0.005).version
        registry.set_shadow(session, candidate, actor=ADMIN, reason="watch it first")
        promote(session, candidate)
        refused = register(session, under_triage_rate=0.5).version
        with pytest.raises(RegistryRefused):
            promote(session, refused)
        events = session.execute(
            select(AuditEvent.action, AuditEvent.actor, AuditEvent.purpose).order_by(AuditEvent.id)
        ).all()
    assert [action for action, _, _ in events] == [
        "model.train",
        "model.shadow",
        "model.promote",
        "model.train",
        "model.promote.refused",
    ]
    assert all(actor == "test-admin" for _, actor, _ in events)
    assert "watch it first" in events[1][2]
    assert "under-triage rate 50.00%" in events[4][2]


def test_a_checksum_mismatch_refuses_the_load_and_keeps_the_current_model(factory) -> None:
    store = ModelStore(factory)
    with unit_of_work(factory) as session:
        first = register(session, under_triage_rate=0.005).version
        promote(session, first)
    assert store.refresh().production.version == first
    with unit_of_work(factory) as session:
        tampered = register(
            session,
            under_triage_rate=0.005,
            comparison={"production_version": first, "production_roc_auc": 0.5, "rows": 10},
        )
        promote(session, tampered.version)
        tampered.sha256 = "0" * 64  # after the gate, which loads the artefact and would refuse
    served = store.refresh()
    assert served.production.version == first
    assert "checksum" in served.error.lower() or "sha" in served.error.lower()


def test_the_watcher_calls_its_swap_hook_once_per_new_model_only(factory) -> None:
    store = ModelStore(factory)
    swaps: list[str | None] = []
    polls = [0]
    refresh = store.refresh

    def counted_refresh():  # type: ignore[no-untyped-def]
        polls[0] += 1
        return refresh()

    store.refresh = counted_refresh  # type: ignore[method-assign]
    watcher = registry_watcher(store, 0.02, on_swap=lambda: swaps.append(
        store.served.production.version if store.served.production else None))
    watcher.start()
    try:
        with unit_of_work(factory) as session:
            first = register(session, under_triage_rate=0.005).version
            promote(session, first)
        eventually(lambda: swaps, what="the watcher swapped in the promoted model")
        swapped_at = polls[0]
        eventually(lambda: polls[0] >= swapped_at + 5, what="five more polls")
        assert swaps == [first]  # the same model again is no swap
    finally:
        watcher.stop()


def test_the_service_keeps_its_start_up_heap_out_of_the_collectors_sight(settings) -> None:
    # A full collection over the model's objects stalled a request for 100+ ms.
    with TestClient(create_app(settings)):
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # given back when the service stops

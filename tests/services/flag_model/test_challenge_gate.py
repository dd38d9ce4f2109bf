"""The promotion gate runs the challenge set: a model that routes a medical note away is
refused, and the refusal names the note."""

import copy
from dataclasses import replace
from pathlib import Path

import pytest

from app.db.engine import make_engine, make_session_factory, unit_of_work
from app.services.flag_model import challenge_set, registry, training
from app.services.flag_model.registry import RegistryRefused
from app.triage.model import artefact
from tests.factories.model import ADMIN, trained_model

FIXTURE = Path(__file__).parents[2] / "model" / "challenge_fixture.csv"
UNNAMED = 'fx-m9,medical,unnamed,"ringer igen, kendt borger, vil gerne snakke med nogen"\n'


@pytest.fixture
def factory(database_url):  # type: ignore[no-untyped-def]
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def challenge(tmp_path: Path) -> str:
    """The fixture set plus a medical note no detector names."""
    path = tmp_path / "calls.csv"
    path.write_text(FIXTURE.read_text(encoding="utf-8") + UNNAMED, encoding="utf-8")
    return str(path)


def _register(session, *, every_note_social: bool):  # type: ignore[no-untyped-def]
    trained = trained_model()
    if every_note_social:
        trained = replace(trained, thresholds=replace(trained.thresholds, social=0.0,
                                                      medical=0.0))
    blob = artefact.dump(trained)
    pedigree = copy.deepcopy(trained.pedigree)
    pedigree["metrics"]["under_triage_rate"] = 0.005  # the holdout figures pass
    row = registry.register(session, artefact=blob, sha256=artefact.sha256(blob),
                            pedigree=pedigree, actor=ADMIN, reason="test")
    row.version = f"{row.version}-{row.id}"
    session.flush()
    return row


def _promote(session, version: str, challenge: str):  # type: ignore[no-untyped-def]
    return registry.promote(session, version, actor=ADMIN, reason="test",
                            max_under_triage=0.01, max_auc_drop=0.02, challenge=challenge)


def test_a_model_that_routes_a_medical_challenge_note_away_is_refused_by_name(
    factory, challenge
) -> None:
    with unit_of_work(factory) as session:
        bad = _register(session, every_note_social=True).version
        with pytest.raises(RegistryRefused) as refused:
            _promote(session, bad, challenge)
        assert str(refused.value).startswith("promotion refused: routes 1 of 5 medical "
                                             "challenge notes away (urgency C): fx-m9 ('ringer")
        assert registry.get(session, bad).status == "candidate"


def test_a_good_model_passes_and_says_so(factory, challenge) -> None:
    with unit_of_work(factory) as session:
        good = _register(session, every_note_social=False).version
        row, verdict = _promote(session, good, str(FIXTURE))
        assert row.status == "production"
        assert verdict.reasons[-1] == ("none of 4 medical challenge notes routed away "
                                       "(urgency unset and urgency C)")


def test_an_absent_challenge_set_is_not_measured_and_said_so(factory, tmp_path) -> None:
    with unit_of_work(factory) as session:
        good = _register(session, every_note_social=False).version
        _, verdict = _promote(session, good, str(tmp_path / "none.csv"))
        assert verdict.reasons[-1].startswith("challenge set not measured: no challenge set at")


def test_an_unreadable_challenge_set_refuses(factory, tmp_path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text("id,kind\n1,medical\n", encoding="utf-8")
    with unit_of_work(factory) as session:
        good = _register(session, every_note_social=False).version
        with pytest.raises(RegistryRefused, match="the challenge set cannot be read"):
            _promote(session, good, str(broken))


def test_the_pedigree_reports_under_triage_on_the_holdout_and_the_challenge_set_apart(
    challenge,
) -> None:
    pedigree = copy.deepcopy(trained_model().pedigree)
    blob = artefact.dump(trained_model())
    sha = artefact.sha256(blob)
    pedigree["challenge"] = challenge_set.measure(
        challenge, model_sha256=sha,
        load=lambda: artefact.load(blob, expected_sha256=sha, version="c")).as_json()
    summary = training.under_triage_summary(pedigree)
    assert summary["holdout"] == {"rate": pedigree["metrics"]["under_triage_rate"],
                                  "source": "demo"}
    assert summary["challenge"]["measured"] is True
    assert summary["challenge"]["medical_notes"] == 5
    assert set(summary["challenge"]["routed_away"]) == {"unset", "C"}
    pedigree["challenge"] = challenge_set.measure(
        "/nowhere/calls.csv", model_sha256=sha, load=lambda: None).as_json()  # type: ignore
    assert training.under_triage_summary(pedigree)["challenge"] == {
        "measured": False, "reason": "no challenge set at /nowhere/calls.csv"}


def test_an_artefact_that_fails_its_checksum_is_refused(factory) -> None:
    with unit_of_work(factory) as session:
        row = _register(session, every_note_social=False)
        row.sha256 = "0" * 64
        with pytest.raises(RegistryRefused, match="the challenge set could not be run: .*"
                                                  "checksum mismatch"):
            _promote(session, row.version, str(FIXTURE))

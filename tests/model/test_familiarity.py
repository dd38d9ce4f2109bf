"""A note made mostly of words the model never saw is flagged "uncertain", and says why."""

from datetime import UTC, datetime

import pytest

from app.triage.history import CallEvent, compute_history
from app.triage.model import artefact
from app.triage.model.features import CallFeatures
from app.triage.model.predict import FlagModel

AT = datetime(2023, 7, 4, 21, 30, tzinfo=UTC)


def _call(notes: str) -> CallFeatures:
    return CallFeatures(
        age=52, sex="male", municipality_code="0751", index_chapter=None, urgency=None,
        symptoms=(), notes=notes, received_at=AT,
        history=compute_history([CallEvent(AT)], as_of=AT),
    )


def _without_vocabulary(model: FlagModel, trained) -> FlagModel:
    return FlagModel(pipeline=trained.trained.pipeline, thresholds=model.thresholds,
                     pedigree=model.pedigree, version="no-vocabulary")


@pytest.mark.parametrize("notes", [
    "blorf quazzel mimbrot vintrask",
    "Kvinde ringer, snorfle vambrik og plutteroni grasmek",
    "The patient is very quiet tonight, wife worried about him",
])
def test_a_note_of_words_never_seen_is_uncertain_and_says_why(trained, notes):
    prediction = trained.model.predict(_call(notes))
    assert prediction.flag == "uncertain"
    assert prediction.unfamiliar_words is not None and prediction.unfamiliar_words > 0.5
    assert "unlike any training note" in prediction.contributions[0].text


@pytest.mark.parametrize(("notes", "unknown_share"), [
    ("blorf quazzel", 1.0),  # too few words to judge
    ("mand ringer, er ensom og vil gerne snakke med nogen", 0.0),
    ("kvinde 70 år trykken for brystet udstråler til venstre arm", 0.0),
])
def test_a_short_or_familiar_note_is_not_called_unfamiliar(trained, notes, unknown_share):
    prediction = trained.model.predict(_call(notes))
    assert "unlike any training note" not in " ".join(c.text for c in prediction.contributions)
    assert prediction.unfamiliar_words == unknown_share


def test_ordinary_generator_notes_keep_their_flag(trained):
    plain = _without_vocabulary(trained.model, trained)
    calls = [e.features for e in trained.test_examples[:3000]]
    changed = [c for c in calls if trained.model.predict(c).flag != plain.predict(c).flag]
    assert len(changed) < 0.01 * len(calls)
    assert all(trained.model.predict(c).flag == "uncertain" for c in changed)
    assert trained.trained.pedigree["metrics"]["unfamiliar_share"] < 0.01


def test_the_vocabulary_travels_with_the_artefact(trained):
    assert trained.trained.vocabulary == tuple(sorted(trained.trained.vocabulary))
    assert "ensom" in trained.trained.vocabulary and "xnavnx" not in trained.trained.vocabulary
    assert trained.trained.pedigree["vocabulary"]["words"] == len(trained.trained.vocabulary)
    again = artefact.load(trained.blob, expected_sha256=artefact.sha256(trained.blob),
                          version="again")
    odd = _call("blorf quazzel mimbrot vintrask")
    assert again.predict(odd) == trained.model.predict(odd)
    assert again.predict(odd).flag == "uncertain"

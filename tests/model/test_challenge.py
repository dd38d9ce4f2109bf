"""The challenge set assessed as calls are: a model that routes a medical note away shows."""

from dataclasses import replace
from pathlib import Path

import pytest

from app.triage.challenge import (
    ChallengeNote,
    ChallengeSetError,
    evaluate_challenge,
    parse_challenge,
    read_challenge,
)
from app.triage.model import artefact
from app.triage.model.predict import FlagModel

FIXTURE = Path(__file__).with_name("challenge_fixture.csv")
# Medical by its label, but nothing in it a detector can name: only the model stands
# between this note and a route away.
UNNAMED = ChallengeNote("fx-m9", "medical", "unnamed",
                        "ringer igen, kendt borger, vil gerne snakke med nogen")


def every_note_social(trained) -> FlagModel:
    """The session's model with thresholds that flag every call social."""
    thresholds = replace(trained.trained.thresholds, social=0.0, medical=0.0)
    blob = artefact.dump(replace(trained.trained, thresholds=thresholds))
    return artefact.load(blob, expected_sha256=artefact.sha256(blob), version="bad")


def test_a_good_model_routes_no_medical_note_away(trained):
    result = evaluate_challenge(read_challenge(FIXTURE), trained.model)
    assert result.rows == {"medical": 4, "social": 2, "incidental": 1, "negated": 1}
    assert not result.refused
    figures = result.as_json()
    assert figures["medical_routed_away"]["C"] == {"count": 0, "ids": [], "first_words": {}}
    assert figures["medical_named_rate"] == 1.0
    assert set(figures["social_recall_at_e"]) == {"social", "incidental", "negated"}


def test_a_model_that_calls_everything_social_routes_the_unnamed_note_away(trained):
    notes = (*read_challenge(FIXTURE), UNNAMED)
    result = evaluate_challenge(notes, every_note_social(trained))
    # Urgency unset never routes away; at C only what nothing named is left to the model.
    assert result.routed_away == {"unset": (), "C": (UNNAMED,)}
    assert result.as_json()["model_under_triage_rate"] == 1.0
    assert result.social_recall("social") == 1.0
    figures = result.gate_figures()
    assert figures.routed_away["C"] == (("fx-m9", "ringer igen, kendt borger, vil gerne snakke "
                                                 "med …"),)  # the first eight words


@pytest.mark.parametrize(("text", "problem"), [
    ("id,kind,note\n1,medical,x\n", "missing column(s) group"),
    ("id,kind,group,note\n1,medicl,g,x\n", "kind 'medicl' is not one of"),
    ("id,kind,group,note\n1,medical,g,x\n1,social,g,y\n", "id '1' is empty or repeated"),
    ("id,kind,group,note\n1,medical,g,\n", "row 2: the note is empty"),
])
def test_a_malformed_challenge_set_is_refused_whole(text, problem):
    with pytest.raises(ChallengeSetError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        parse_challenge(text)

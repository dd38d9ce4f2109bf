"""The shipped challenge set (tests/challenge/calls.csv), under a model trained on generated
calls: the safety promise and the social recall, measured on words the generator never wrote."""

from pathlib import Path

from app.triage.challenge import evaluate_challenge, read_challenge

CHALLENGE = Path(__file__).parents[1] / "challenge" / "calls.csv"


def test_no_medical_note_is_routed_away_with_urgency_unset_or_c(trained) -> None:
    result = evaluate_challenge(read_challenge(CHALLENGE), trained.model)
    assert {label: [n.id for n in notes] for label, notes in result.routed_away.items()} == {
        "unset": [], "C": []}


def test_medical_content_is_named_and_clear_social_calls_are_routed_at_e(trained) -> None:
    result = evaluate_challenge(read_challenge(CHALLENGE), trained.model)
    assert result.named / result.medical >= 0.90
    assert result.social_recall("social") >= 0.85

import dataclasses

import pytest

from app.triage.vocabulary import RED_FLAG_CODES, SOCIAL_NEED_CODES, TERMS, VOCABULARY, Term

# The published contract (docs/core-contracts.md): codes are stable API.
CONTRACT_RED_FLAGS = {
    "cardiac_arrest", "chest_pain", "breathing_difficulty", "unconscious",
    "reduced_consciousness", "seizure", "stroke_signs", "severe_bleeding", "suicidal",
    "overdose_poisoning", "major_trauma", "head_injury", "severe_allergic_reaction",
    "pregnancy_complication", "hypoglycaemia", "acute_confusion", "severe_pain", "burns",
}
CONTRACT_SOCIAL_NEEDS = {
    "loneliness", "anxiety", "alcohol", "drugs", "homelessness", "food", "dementia_safety",
    "family_burden", "psychiatric_distress", "finances_housing", "needs_conversation",
}
LIFE_THREATENING = {
    "cardiac_arrest", "chest_pain", "breathing_difficulty", "unconscious",
    "reduced_consciousness", "seizure", "stroke_signs", "severe_bleeding", "suicidal",
    "overdose_poisoning", "major_trauma", "severe_allergic_reaction", "pregnancy_complication",
}


def test_vocabulary_holds_exactly_the_published_codes() -> None:
    assert RED_FLAG_CODES == CONTRACT_RED_FLAGS
    assert SOCIAL_NEED_CODES == CONTRACT_SOCIAL_NEEDS
    assert len(VOCABULARY) == len(TERMS) == len(CONTRACT_RED_FLAGS | CONTRACT_SOCIAL_NEEDS)


def test_terms_are_indexed_by_their_own_code() -> None:
    assert all(TERMS[term.code] is term for term in VOCABULARY)


@pytest.mark.parametrize("code", sorted(CONTRACT_RED_FLAGS))
def test_red_flag_urgency_follows_life_threat(code: str) -> None:
    # A life-threatening flag suggests urgency A; the others B.
    term = TERMS[code]
    assert term.kind == "red_flag"
    assert term.life_threatening is (code in LIFE_THREATENING)


@pytest.mark.parametrize("code", sorted(CONTRACT_SOCIAL_NEEDS))
def test_social_needs_are_never_life_threatening(code: str) -> None:
    assert TERMS[code].kind == "social_need"
    assert TERMS[code].life_threatening is False


@pytest.mark.parametrize("term", VOCABULARY, ids=lambda term: term.code)
def test_every_term_has_a_danish_and_an_english_label(term: Term) -> None:
    assert term.label_da.strip() and term.label_en.strip()
    assert term.code.isidentifier() and term.code == term.code.lower()


def test_labels_are_unique_so_the_console_can_tell_terms_apart() -> None:
    assert len({term.label_da for term in VOCABULARY}) == len(VOCABULARY)
    assert len({term.label_en for term in VOCABULARY}) == len(VOCABULARY)


def test_terms_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        TERMS["chest_pain"].life_threatening = False  # type: ignore[misc]

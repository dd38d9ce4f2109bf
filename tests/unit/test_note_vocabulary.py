"""The training notes' vocabulary and when a note counts as unfamiliar."""

import pytest

from app.triage.model.familiarity import familiarity, note_vocabulary

NOTES = [
    "Hanne ringer, er ensom og ked af det",
    "Mand 80 år er ensom, bor på Vestergade 12",
    "ked af det igen i aften",
    "engangsord",
]


def test_vocabulary_keeps_words_seen_in_two_notes_without_names_numbers_or_stop_words():
    assert note_vocabulary(NOTES) == ("ensom", "ked")


@pytest.mark.parametrize(("words", "content", "unknown", "unfamiliar"), [
    (["blorf", "quax", "zindel"], 3, 3, True),
    (["blorf", "quax"], 2, 2, False),  # too few words to judge
    (["blorf", "quax", "ensom", "ked"], 4, 2, False),  # half is not more than half
    (["blorf", "quax", "zindel", "ensom"], 4, 3, True),
    (["ikke_blorf", "ikke_quax", "ikke_ensom", "og", "xnavnx", "xtalx"], 3, 2, True),
    (["ensom", "ensom", "ked", "og", "i", "det"], 2, 0, False),
    # Everyday words the training notes never held are known all the same ...
    (["ellers", "fint", "sommer", "konen", "ensom"], 5, 1, False),
    (["friend", "quax", "ensom"], 3, 1, False),
    # ... and rarer words are not: there a symptom the lexicons miss would hide.
    (["blorf", "hviner", "rallen", "fint"], 4, 3, True),
])
def test_familiarity(words, content, unknown, unfamiliar):
    found = familiarity(words, frozenset({"ensom", "ked"}))
    assert (found.content_words, found.unknown_words, found.unfamiliar) == (
        content, unknown, unfamiliar)

"""The most frequent words of the languages callers speak, from `wordfreq`'s lists.

An everyday word is read as itself: never as a typo of a lexicon word ("manden" is not
"handen", "skylder" is not "skulder") nor as the tail of a compound ("skuespiller" holds
no "-piller"); and the flag model counts it as known (`app.triage.model.familiarity`).
"""

from functools import cache

from wordfreq import top_n_list

from app.triage.notes.wordforms import fold


@cache
def everyday_words(danish: int, english: int) -> frozenset[str]:
    """The `danish` most frequent Danish and `english` most frequent English words, folded."""
    return frozenset(
        fold(word)
        for language, count in (("da", danish), ("en", english))
        for word in top_n_list(language, count)
    )


# Read only as themselves by the lexicons: a word this common is not a typo.
REAL_WORDS = everyday_words(danish=10_000, english=5_000)

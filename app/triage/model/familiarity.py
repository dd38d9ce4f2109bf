"""Whether the model has seen the like of a note: the words of its training notes.

A linear model scores any note, also one in words it never met: those words weigh nothing,
and age, hour and history decide alone. So the training notes' vocabulary travels with
the model, and a note made mostly of words outside it is flagged "uncertain": the model
cannot judge it, and the protocol decides.

Everyday words (the most frequent Danish and English words, from `wordfreq`'s lists) count
as known: "ellers", "fint", "sommer" are no sign of a call the model cannot judge, and a
synthetic training set cannot hold all of them. Medical words among them ("ondt",
"hjerte", "vejret") are the medical-content finder's to catch; what stays unknown is the
rarer words, where a symptom the lexicons miss would hide.
"""

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from app.triage.model.features import WORD
from app.triage.model.text import BREAK, NAME, NEGATED_PREFIX, NUMBER, masked_tokens
from app.triage.notes.danish import fold
from app.triage.notes.everyday import everyday_words

MIN_SEEN = 2  # notes a word must appear in to be known: once may be a typo
MIN_CONTENT_WORDS = 3  # fewer words say too little to call a note unfamiliar
MAX_UNKNOWN_SHARE = 0.5  # more than this share of unknown words: "uncertain"
# Function words: they are in every note, so they say nothing about familiarity.
STOP_WORDS = frozenset(fold(word) for word in (
    "ad", "af", "alle", "alt", "anden", "at", "blev", "blive", "bliver", "da", "de", "dem",
    "den", "denne", "der", "deres", "det", "dette", "dig", "din", "dog", "du", "efter",
    "eller", "en", "end", "er", "et", "for", "fra", "få", "får", "fik", "han", "hans", "har",
    "havde", "have", "hende", "hendes", "her", "hos", "hun", "hvad", "hvis", "hvor", "i",
    "ikke", "ind", "ingen", "intet", "jeg", "jer", "jo", "kan", "kun", "kunne", "man",
    "mange", "med", "meget", "men", "mig", "min", "mine", "mit", "mod", "ned", "noget",
    "nogle", "nu", "når", "og", "også", "om", "op", "os", "over", "på", "sig", "sin",
    "sine", "sit", "skal", "skulle", "som", "så", "sådan", "til", "ud", "under", "var",
    "vi", "vil", "ville", "være", "været",
    # and English ones (as tokens: "don't" is "don" "t"): some callers speak English
    "a", "about", "all", "am", "an", "and", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "did", "didn", "do", "does", "doesn", "don", "dont", "for", "from", "had",
    "has", "have", "he", "her", "him", "his", "how", "i", "im", "in", "is", "isn", "it",
    "just", "ll", "me", "my", "no", "not", "now", "of", "on", "or", "our", "re", "she", "ve",
    "so", "some", "that", "the", "their", "them", "there", "they", "this", "to", "too",
    "up", "very", "was", "wasn", "we", "were", "what", "when", "where", "who", "will", "with",
    "won", "would", "you", "your",
))
# The most frequent words of each language callers speak (wordfreq's blended lists).
EVERYDAY_WORDS = everyday_words(danish=1500, english=1000)
_PLACEHOLDERS = frozenset({NAME, NUMBER, BREAK})


@dataclass(frozen=True, slots=True)
class Familiarity:
    """How many of a note's content words the model saw in training."""

    content_words: int
    unknown_words: int

    @property
    def unknown_share(self) -> float:
        """The share of content words never seen in training (0 for a note without any)."""
        return self.unknown_words / self.content_words if self.content_words else 0.0

    @property
    def unfamiliar(self) -> bool:
        """Enough words, and more than half of them unknown: the model cannot judge it."""
        return (self.content_words >= MIN_CONTENT_WORDS
                and self.unknown_share > MAX_UNKNOWN_SHARE)


def is_content_word(word: str) -> bool:
    """A folded token that carries meaning: letters, not a placeholder, not a stop word."""
    return len(word) > 1 and word not in _PLACEHOLDERS and word not in STOP_WORDS


def note_vocabulary(notes: Iterable[str], *, min_seen: int = MIN_SEEN) -> tuple[str, ...]:
    """The sorted content words that appear in at least `min_seen` of the notes."""
    seen: Counter[str] = Counter()
    for note in notes:
        seen.update({word for word in masked_tokens(note) if is_content_word(word)})
    return tuple(sorted(word for word, count in seen.items() if count >= min_seen))


def words_read(values: Mapping[str, float]) -> Iterator[str]:
    """The single words among a call's features: what the model read of its notes besides
    the clauses the matcher understood (those count as their concepts)."""
    return (name[len(WORD):] for name in values if name.startswith(WORD) and " " not in name)


def familiarity(words: Iterable[str], vocabulary: frozenset[str]) -> Familiarity:
    """How familiar a note's distinct words are (negation marks ignored): known to the
    model's vocabulary or everyday words."""
    content = {word.removeprefix(NEGATED_PREFIX) for word in words}
    content = {word for word in content if is_content_word(word)}
    return Familiarity(len(content), len(content - vocabulary - EVERYDAY_WORDS))

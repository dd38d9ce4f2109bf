"""The notes as the model reads them: identifiers masked, then words and word pairs.

Proper names and addresses are replaced by one placeholder *before* tokenising, so that
changing a name or a street changes nothing the model sees. A name is a capitalised word
("Hanne", not "KOL") that does not open a sentence; a street is a word ending in -vej,
-gade, -allé, -stræde, ... with the house number and floor after it; every number becomes
one placeholder too. Words after a negation ("ingen", "ikke", ...) in the same clause are
marked, so "ingen brystsmerter" never teaches the model that "brystsmerter" is harmless.
What the red-flag and social matcher understood is cut out of the words: its concept
feature stands for it, and only concepts have weights clipped to point the right way.
"""

import re
from collections.abc import Sequence

from app.triage.notes.danish import CLAUSE_WORDS, NEGATIONS, fold
from app.triage.notes.wordforms import ALIASES, fold_text, plain

NAME = "xnavnx"  # letters only, so it reads as one word
NUMBER = "xtalx"
NEGATED_PREFIX = "ikke_"
NEGATION_REACH = 3
_SUFFIXES = (
    "vej", "vejen", "gade", "gaden", "allé", "alléen", "alle", "stræde", "strædet",
    "torv", "torvet", "boulevard", "vænge", "vænget",
)
_STREET_SUFFIXES = tuple({fold(suffix) for suffix in _SUFFIXES})
# Words with a street suffix that are not streets.
_NOT_STREETS = frozenset({"luftvej", "luftvejen", "urinvej", "urinvejen", "omvej", "genvej"})
_SHORT_STREETS = frozenset({"vej", "gade", "torv", "alle"})  # folded: "allé" is "alle"
_ADDRESS_TAIL = frozenset({"st", "th", "tv", "mf", "sal", "kl", "nr"})
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*[a-zA-Z]?\b|[^\W\d_]+|[.!?:;,/\n]|\s-\s")
_SENTENCE_END = frozenset(".!?:;/\n") | {" - "}
_CLAUSE_END = frozenset(".!?:;,/\n") | {" - "}
BREAK = "\n"  # a clause boundary in the token stream
_CLAUSE_SPLIT = re.compile(r"([.!?:;,/\n])")


def masked_tokens(notes: str) -> list[str]:
    """The note's folded words with names, addresses and numbers masked, clause breaks kept."""
    text = plain(notes)
    tokens = _TOKEN.findall(text)
    # Folding never moves a token boundary, so the folded tokens line up with the originals
    # (one regex pass instead of folding word by word).
    folded = _TOKEN.findall(fold_text(text.lower()))
    if len(folded) != len(tokens):  # a letter whose lower case is two letters: go slowly
        folded = [fold(token.lower()) for token in tokens]
    out: list[str] = []
    sentence_start = True
    in_address = False
    for token, word in zip(tokens, folded, strict=True):
        if token in _CLAUSE_END:
            if not (in_address and token in ",."):  # "Søndergade 12, 2. th" is one address
                in_address = False
                out.append(BREAK)
            sentence_start = token in _SENTENCE_END
            continue
        if token[0].isdigit() or (in_address and (word in _ADDRESS_TAIL or len(token) == 1)):
            if not in_address:
                out.append(NUMBER)
            sentence_start = False
            continue
        street = word.endswith(_STREET_SUFFIXES) and _is_street(word)
        name = not sentence_start and len(token) > 1 and token[0].isupper() and token[1:].islower()
        sentence_start = False
        if street or name:
            in_address = in_address or street
            if not out or out[-1] != NAME:  # "Niels Juels Gade" is one name
                out.append(NAME)
            continue
        in_address = False
        out.append(ALIASES.get(word, word))
    return out


def ngrams(notes: str) -> list[str]:
    """Unigrams and bigrams of the masked, folded note (within clauses), negated words marked."""
    grams: list[str] = []
    previous = ""
    reach = 0
    for token in masked_tokens(notes):
        if token == BREAK:
            previous, reach = "", 0
            continue
        if token in CLAUSE_WORDS:
            reach = 0
        elif token in NEGATIONS:
            reach = NEGATION_REACH
        elif reach:
            reach -= 1
            token = NEGATED_PREFIX + token
        grams.append(token)
        if previous:
            grams.append(f"{previous} {token}")
        previous = token
    return grams


def display(gram: str) -> str:
    """An n-gram as a call-handler should read it: "ingen brystsmerter", "[navn]"."""
    shown = gram.replace(NAME, "[navn]").replace(NUMBER, "[tal]")
    # Words are stored folded; show them with æ/ø/å again (right for Danish words).
    shown = shown.replace("aa", "å").replace("oe", "ø").replace("ae", "æ")
    if " " not in shown and shown.startswith(NEGATED_PREFIX):
        return f"{shown[len(NEGATED_PREFIX):]} (negated)"
    return shown.replace(NEGATED_PREFIX, "")


def cut_clauses(text: str, found: Sequence[str]) -> str:
    """The text without the clauses that hold a found phrase (each becomes a clause break).

    `found` are phrases as the matcher quotes them (lowercased); `text` should be `wordforms.plain`.
    Whole clauses go, not just the phrase: "har brystsmerter" must add a red flag and
    nothing else, not a stray "har" whose weight could point anywhere.
    """
    # A finding quoted from two places ("gravid … bløder") is cut at both.
    phrases = [part.strip() for quote in found for part in quote.split("…") if part.strip()]
    if not phrases:
        return text
    pieces = _CLAUSE_SPLIT.split(text)  # clause, mark, clause, mark, ..., clause
    lowered = _CLAUSE_SPLIT.split(text.lower())
    if len(lowered) != len(pieces):
        return text
    changed = False
    for i in range(0, len(pieces), 2):
        if any(phrase in lowered[i] for phrase in phrases):
            pieces[i] = "\n"
            changed = True
    return "".join(pieces) if changed else text


def _is_street(folded: str) -> bool:
    return folded not in _NOT_STREETS and (len(folded) > 5 or folded in _SHORT_STREETS)

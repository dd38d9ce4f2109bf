"""Danish words as the matcher sees them: one spelling, their inflections, their typos.

Every word is folded to one spelling (æ/ø/å as ae/oe/aa) so that "bevidstløs",
"bevidstloes" and "BEVIDSTLØS" are the same word.
"""

import re
import unicodedata
from collections.abc import Iterator

_FOLDS = (
    ("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ä", "ae"), ("ö", "oe"), ("é", "e"), ("è", "e"),
    ("ü", "u"),
)
# Words, and the punctuation that ends a clause: handlers also separate with "/" and " - ".
TOKEN = re.compile(r"\w+|[.,;:!?\n/]|\s[-–]\s")
CLAUSE_PUNCTUATION = frozenset({*".,;:!?\n/", " - ", " – "})
# Abbreviations whose full stop ends no clause: "kan ikke løfte hø. arm".
ABBREVIATIONS = frozenset({"hø", "hoe", "ve", "pt", "pat", "ca", "kl", "tidl", "ang", "pga"})
# Colloquial spellings and common slips of one word.
ALIASES = {"ik": "ikke", "ikk": "ikke", "ikkke": "ikke", "ikkee": "ikke", "ikek": "ikke"}

SUFFIXES = (
    "ernes", "erne", "enes", "ene", "ens", "ets", "ers", "ede",
    "en", "et", "er", "es", "e", "s", "r",
)
MIN_STEM = 4  # shorter stems collide: "demens" must not become "dem" (them)
_VOWELS = frozenset("aeiouy")


# Format characters (Unicode category Cf: zero-width spaces and joiners, soft hyphens, bidi
# marks) are invisible to a reader, so they must hide nothing from the matcher either. All of
# them lie in planes 0, 1 and 14; scanning only those keeps the import quick.
_FORMAT = re.compile(
    "["
    + "".join(
        re.escape(chr(c))
        for plane in (range(0x20000), range(0xE0000, 0xE1000))
        for c in plane
        if unicodedata.category(chr(c)) == "Cf"
    )
    + "]"
)


def plain(text: str) -> str:
    """The text in NFKC form, format characters removed, case kept: "Ｂｒｙｓｔ" is "Bryst"."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", _FORMAT.sub("", text))


# English negations typed without their apostrophe ("cant move", "dont know"), and
# "cannot": written as the lexicons write them. None of these is a Danish word.
_BARE_CONTRACTION = re.compile(
    r"\b(?:(can|don|doesn|didn|won|isn|wasn|aren|couldn|wouldn|haven|hasn)t|(can)not)\b"
)


def _apostrophes(lowered: str) -> str:
    if "t" not in lowered:
        return lowered
    return _BARE_CONTRACTION.sub(lambda m: f"{m.group(1) or m.group(2)}'t", lowered)


def lower(text: str) -> str:
    """The text lowercased in NFKC form, format characters removed: "ｂｒｙｓｔ" is "bryst";
    English negations get their apostrophe: "cant" is "can't"."""
    if text.isascii():
        return _apostrophes(text.lower())
    # NFKC also composes, so "å" is one character, and it turns fullwidth letters,
    # ligatures and other compatibility forms into the plain letters they look like.
    return _apostrophes(unicodedata.normalize("NFKC", _FORMAT.sub("", text)).lower())


def fold_text(lowered: str) -> str:
    """Lowercased text with æ/ø/å written as ae/oe/aa (and a few foreign letters plain)."""
    if lowered.isascii():
        return lowered
    for letter, spelling in _FOLDS:  # str.replace beats str.translate with a dict tenfold
        lowered = lowered.replace(letter, spelling)
    return lowered


def fold(word: str) -> str:
    """One spelling of a lowercased word: æ/ø/å as ae/oe/aa, colloquial forms unified."""
    folded = fold_text(word)
    return ALIASES.get(folded, folded)


def words(text: str) -> list[str]:
    """The text's words, lowercased and folded, without punctuation."""
    folded = fold_text(lower(text))
    return [ALIASES.get(t, t) for t in TOKEN.findall(folded) if t not in CLAUSE_PUNCTUATION]


def normalise(text: str) -> str:
    """The text as folded words separated by single spaces."""
    return " ".join(words(text))


def stems(word: str) -> set[str]:
    """The word and what remains when one inflection suffix is removed."""
    found = {word}
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            stem = word[: -len(suffix)]
            found.add(stem)
            # Inflection doubles a final consonant: "stof" -> "stoffer", "lam" -> "lammet".
            if len(stem) > MIN_STEM and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
                found.add(stem[:-1])
    return found


def inflections(word: str) -> set[str]:
    """Every written form that shares a stem with the word."""
    forms = set()
    for stem in stems(word):
        forms.add(stem)
        doubled = stem + stem[-1] if stem[-1] not in _VOWELS else None
        for suffix in SUFFIXES:
            forms.add(stem + suffix)
            if doubled:
                forms.add(doubled + suffix)
    return forms


def deletions(word: str) -> Iterator[str]:
    """The word and every string one deleted letter away from it."""
    yield word
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]


def within_one_edit(a: str, b: str) -> bool:
    """True when one insertion, deletion, substitution or swap turns `a` into `b`."""
    if a == b:
        return True
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
    return swapped and a[i + 2 :] == b[i + 2 :]

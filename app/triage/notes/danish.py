"""Danish phrase matching for call notes: inflection, compounds, typos and negation.

A finding counts unless a negation denies it (see `negation`: "ingen brystsmerter"). A
phrase that holds its own negation ("reagerer ikke", "kan ikke få luft") is a finding,
never a denial.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.triage.notes.negation import NEGATIONS, is_denied
from app.triage.notes.wordforms import (
    ABBREVIATIONS,
    CLAUSE_PUNCTUATION,
    TOKEN,
    deletions,
    fold,
    inflections,
    lower,
    normalise,
    within_one_edit,
    words,
)

__all__ = ["NEGATIONS", "Lexicon", "Match", "fold", "normalise", "words"]

CLAUSE_WORDS = frozenset({"men", "og"})
_BOUNDARIES = CLAUSE_PUNCTUATION | CLAUSE_WORDS
# Words a phrase may not skip: "har taget sine piller" is not "har taget piller".
_NO_GAP = NEGATIONS | {"sin", "sit", "sine"}
TYPO_MIN_LENGTH = 6  # shorter words have too many real neighbours one letter away
TAIL_MIN_HEAD = 3  # "knæsmerter" ends a compound in "-smerter"; "asmerter" does not
# Small words match only as written ("for" must not become "fore") and never anchor a phrase.
_EXACT_WORDS = frozenset({
    "i", "for", "paa", "af", "til", "med", "at", "om", "sig", "sit", "sin", "sine", "kan",
    "har", "er", "var", "den", "det", "de", "en", "et", "ham", "hende", "han", "hun", "fra",
    "ud", "op", "ned", "ved", "som", "der", "over", "under", "mod", "efter", "nogen",
    "noget", "meget", "helt", "lidt", "mere", "vil", "skal", "faar", "fik", "ad", "hvor",
})
_NOT_ANCHORS = _EXACT_WORDS | NEGATIONS
_CACHE_LIMIT = 50_000


@dataclass(frozen=True)
class Match:
    """One finding in a text: its code, its words as written, and where they stand."""

    code: str
    evidence: str  # lowercased, as written: "bryst-smerter", "kan ik få luft"
    start: int  # offsets in the normalised text (`wordforms.lower`)
    end: int


@dataclass(frozen=True)
class _Entry:
    code: str  # "" for a mask: a phrase whose words never count as a finding
    words: tuple[int, ...]
    anchor: int  # the rarest word, where matching starts
    others: frozenset[int]  # the other words: a phrase is tried only when all are present
    self_negating: bool  # "reagerer ikke": its negation is the finding, not a denial


@dataclass(frozen=True)
class _Scan:
    """A tokenised text: its words, their clauses, and the phrase words each can be."""

    raws: list[str]  # as written (lowercased), to find them again in the text
    words: list[str]  # folded
    clauses: list[int]
    single: list[tuple[int, ...]]
    joined: dict[int, tuple[int, ...]]  # a word written together with the next one
    anchors: list[tuple[int, int, int]]  # (position, anchor word id, position after it)
    present: set[int]  # every phrase word the text holds


_Known = tuple[str, tuple[int, ...], tuple[int, ...], bool]  # word, ids, anchor ids, is head
_BOUNDARY: _Known = ("", (), (), False)  # a clause mark, kept in the word cache as itself


class Lexicon:
    """Phrases compiled once for fast matching with inflection, compounds, typos, negation.

    A phrase is plain Danish; "=" before a word makes it match only as written; "-" before
    a one-word phrase makes it match as the end of a compound no phrase names ("-smerter":
    "knæsmerter", not "smerter" alone; "-=kræft" in that one form only). Masks are phrases
    whose words never count ("krampe i læggen" is not a seizure); `not_typos` are real
    words one letter from a phrase word that must not be read as it (with their
    inflections); `real_words` are words read only as themselves, never as a typo nor as a
    compound's tail (the language's everyday words, as folded).
    """

    def __init__(
        self,
        phrases: Mapping[str, Iterable[str]],
        *,
        masks: Iterable[str] = (),
        not_typos: Iterable[str] = (),
        real_words: frozenset[str] = frozenset(),
    ) -> None:
        self._real_words = real_words
        self._ids: dict[tuple[str, bool], int] = {}
        self._texts: list[str] = []
        self._forms: dict[str, tuple[int, ...]] = {}
        self._near: dict[str, set[str]] = {}  # a word and its one-letter deletions -> word
        self._near_words: dict[str, set[int]] = {}
        self._heads: set[str] = set()  # first halves of compounds, for "bryst-smerter"
        self._tails: dict[str, tuple[int, ...]] = {}  # "-smerter": its forms -> its id
        self._by_anchor: dict[int, list[_Entry]] = {}
        self._not_typos = frozenset(
            form for word in not_typos for form in inflections(fold(word))
        )
        self._cache: dict[str, _Known] = {}
        self._forget_words()
        for code, texts in phrases.items():
            if not code:
                raise ValueError("a phrase code must not be empty")
            for text in texts:
                self._add(code, text)
        for text in masks:
            self._add("", text)

    def _add(self, code: str, text: str) -> None:
        if text.startswith("-"):
            self._add_tail(code, text[1:])
            return
        ids: list[int] = []
        for piece in text.split():
            exact = piece.startswith("=")
            for word in words(piece.lstrip("=")):
                if word in CLAUSE_WORDS:
                    raise ValueError(f"phrase {text!r} crosses a clause boundary")
                ids.append(self._word_id(word, exact or word in _EXACT_WORDS or word in NEGATIONS))
        if not ids:
            raise ValueError(f"phrase {text!r} has no words")
        texts = [self._texts[i] for i in ids]
        anchor = max(range(len(ids)), key=lambda k: (texts[k] not in _NOT_ANCHORS, len(texts[k])))
        negating = any(word in NEGATIONS for word in texts)
        others = frozenset(ids[:anchor] + ids[anchor + 1 :])
        entry = _Entry(code, tuple(ids), anchor, others, negating)
        self._by_anchor.setdefault(ids[anchor], []).append(entry)

    def _add_tail(self, code: str, text: str) -> None:
        found = words(text.lstrip("="))
        if len(found) != 1:
            raise ValueError(f"compound ending {text!r} must be one word")
        exact = text.startswith("=")
        key = (("-=" if exact else "-") + found[0], True)
        tail_id = self._ids.get(key)
        if tail_id is None:
            tail_id = self._ids[key] = len(self._ids)
            self._texts.append(key[0])
            for form in {found[0]} if exact else inflections(found[0]):
                self._tails[form] = (*self._tails.get(form, ()), tail_id)
        entry = _Entry(code, (tail_id,), 0, frozenset(), False)
        self._by_anchor.setdefault(tail_id, []).append(entry)

    def _word_id(self, word: str, exact: bool) -> int:
        key = (word, exact)
        if key in self._ids:
            return self._ids[key]
        word_id = self._ids[key] = len(self._ids)
        self._texts.append(word)
        forms = {word} if exact or len(word) < 3 else inflections(word)
        for form in forms:
            self._forms[form] = (*self._forms.get(form, ()), word_id)
        if exact or len(word) < TYPO_MIN_LENGTH:
            return word_id
        # Typos are matched against the word as written only: its stems have too many
        # real neighbours ("regning" / "retning").
        self._near_words.setdefault(word, set()).add(word_id)
        for variant in deletions(word):
            self._near.setdefault(variant, set()).add(word)
        for cut in range(3, len(word) - 1):
            self._heads.add(word[:cut])
        return word_id

    def find(self, text: str) -> list[Match]:
        """The findings in the text that no negation denies, in reading order."""
        lowered = lower(text)
        scan = self._scan(lowered)
        found: list[tuple[_Entry, int, int]] = []
        for position, word_id, after in scan.anchors:
            clause = scan.clauses[position]
            for entry in self._by_anchor[word_id]:
                if not entry.others <= scan.present:
                    continue
                stop = _forward(scan, entry.words, entry.anchor + 1, after, clause)
                if stop is None:
                    continue
                start = _backward(scan, entry.words, entry.anchor - 1, position, clause)
                if start is not None:
                    found.append((entry, start, stop))
        return _resolve(lowered, scan, found) if found else []

    def _scan(self, lowered: str) -> _Scan:
        scan = _Scan([], [], [], [], {}, [], set())
        # Bound methods and locals: this loop runs once per word of every note.
        add_raw, add_word = scan.raws.append, scan.words.append
        add_clause, add_ids = scan.clauses.append, scan.single.append
        add_anchor, note_present = scan.anchors.append, scan.present.update
        ws, get, forms, anchored = scan.words, self._cache.get, self._forms, self._by_anchor
        clause, previous_is_head, previous_raw = 0, False, ""
        for raw in TOKEN.findall(lowered):
            if raw == "." and previous_raw in ABBREVIATIONS:
                continue
            previous_raw = raw
            known = get(raw)
            if known is None:
                # No phrase word is a number, and a CPR number must not linger in the cache.
                known = (raw, (), (), False) if raw.isdigit() else self._lookup(raw)
            elif known is _BOUNDARY:
                clause, previous_is_head = clause + 1, False
                if raw not in CLAUSE_PUNCTUATION:
                    # "og", "men": kept as a word alone in its clause, so positions stay true.
                    add_raw(raw)
                    add_word(raw)
                    add_clause(clause)
                    add_ids(())
                    clause += 1
                continue
            word, ids, anchor_ids, is_head = known
            i = len(ws)
            if ids:
                note_present(ids)
                for word_id in anchor_ids:
                    add_anchor((i, word_id, i + 1))
            if previous_is_head:
                pair = forms.get(ws[-1] + word)
                if pair:
                    scan.joined[i - 1] = pair
                    note_present(pair)
                    for word_id in pair:
                        if word_id in anchored:
                            add_anchor((i - 1, word_id, i + 1))
            add_raw(raw)
            add_word(word)
            add_clause(clause)
            add_ids(ids)
            previous_is_head = is_head
        return scan

    def _lookup(self, raw: str) -> _Known:
        word = fold(raw)
        ids: Iterable[int] | None = self._forms.get(word)
        if ids is None and word not in self._real_words:
            if len(word) >= TYPO_MIN_LENGTH and word not in self._not_typos:
                ids = self._near_ids(word)
            if not ids and self._tails:
                ids = self._tail_ids(word)
        found = tuple(sorted(ids or ()))
        anchors = tuple(i for i in found if i in self._by_anchor)
        known = (word, found, anchors, word in self._heads)
        if len(self._cache) >= _CACHE_LIMIT:
            self._forget_words()
        self._cache[raw] = known
        return known

    def _forget_words(self) -> None:
        """Empty the word cache, which bounds its memory; clause marks stay known."""
        self._cache = dict.fromkeys(_BOUNDARIES, _BOUNDARY)

    def _tail_ids(self, word: str) -> tuple[int, ...]:
        """The compound ending the word ends in, the longest one ("knæsmerter": "-smerter")."""
        for cut in range(TAIL_MIN_HEAD, len(word) - 1):
            ids = self._tails.get(word[cut:])
            if ids:
                return ids
        return ()

    def _near_ids(self, word: str) -> set[int]:
        found: set[int] = set()
        for variant in deletions(word):
            for near in self._near.get(variant, ()):
                # Typos rarely hit the first letter; requiring it keeps real words out.
                if near[0] == word[0] and within_one_edit(word, near):
                    found |= self._near_words[near]
        return found


def _after(scan: _Scan, position: int, word_id: int) -> int | None:
    """The position after `word_id` read at `position`, or None when it is not there."""
    if word_id in scan.single[position]:
        return position + 1
    pair = scan.joined.get(position)
    return position + 2 if pair is not None and word_id in pair else None


def _forward(scan: _Scan, ids: tuple[int, ...], k: int, at: int, clause: int) -> int | None:
    """The position after phrase words k.. read from `at`, one skipped word allowed each."""
    if k == len(ids):
        return at
    for position in (at, at + 1):
        if position >= len(scan.words) or scan.clauses[position] != clause:
            return None
        after = _after(scan, position, ids[k])
        if after is not None:
            stop = _forward(scan, ids, k + 1, after, clause)
            if stop is not None:
                return stop
        if scan.words[position] in _NO_GAP:
            return None
    return None


def _backward(scan: _Scan, ids: tuple[int, ...], k: int, before: int, clause: int) -> int | None:
    """The first position of phrase words ..k read back from `before`, one skip allowed each."""
    if k < 0:
        return before
    for position in range(before - 1, before - 4, -1):
        if position < 0 or scan.clauses[position] != clause:
            return None
        after = _after(scan, position, ids[k])
        if after == before or (after == before - 1 and scan.words[after] not in _NO_GAP):
            start = _backward(scan, ids, k - 1, position, clause)
            if start is not None:
                return start
    return None


def _resolve(lowered: str, scan: _Scan, found: list[tuple[_Entry, int, int]]) -> list[Match]:
    masks: list[tuple[int, int]] = []
    whole: list[tuple[int, int]] = []
    for entry, s, e in found:
        if not entry.code:
            masks.append((s, e))
        elif entry.self_negating:
            whole.append((s, e))
    # The "ikke" of "reagerer ikke" is part of a finding and denies nothing after it.
    spent = {i for s, e in whole for i in range(s, e)}
    kept: set[tuple[int, int, str]] = set()
    plain: list[tuple[int, int, str]] = []  # findings a denial of a longer phrase may cover
    denied: list[tuple[int, int]] = []
    for entry, s, e in found:
        if not entry.code or (masks and _inside(s, e, masks)):
            continue
        if entry.self_negating:
            kept.add((s, e, entry.code))
        # Words inside a self-negating phrase ("familie" in "ingen familie") are not findings.
        elif not (whole and _inside(s, e, whole)):
            if is_denied(scan.words, scan.clauses, s, spent):
                denied.append((s, e))
            else:
                plain.append((s, e, entry.code))
    # A denial covers every word of the phrase it denies: "ingen planer om at gøre skade på
    # sig selv" leaves no "gøre skade på sig selv" behind.
    kept.update(k for k in plain if not (denied and _inside(k[0], k[1], denied)))
    if not kept:
        return []
    # Longest first at one start, so "trykken for brystet" is the evidence, not "trykken".
    ordered = sorted(kept, key=lambda k: (k[0], -k[1], k[2]))
    spans = _spans(lowered, scan.raws[: max(e for _, e, _ in ordered)])
    matches = []
    for s, e, code in ordered:
        start, end = spans[s][0], spans[e - 1][1]
        matches.append(Match(code, lowered[start:end], start, end))
    return matches


def _inside(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(outer_s <= s and e <= outer_e for outer_s, outer_e in spans)


def _spans(lowered: str, raws: list[str]) -> list[tuple[int, int]]:
    """Where the given leading words stand in the lowercased text."""
    # Only non-word characters lie between two words, so each is the next occurrence.
    spans: list[tuple[int, int]] = []
    find, end = lowered.find, 0
    for raw in raws:
        start = find(raw, end)
        end = start + len(raw)
        spans.append((start, end))
    return spans

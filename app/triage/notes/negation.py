"""Which words (Danish, and English for notes in English) deny a finding, and how far.

"ingen brystsmerter" and "no chest pain" deny chest pain; "ikke kun brystsmerter",
"uden for" and "ved ikke om" deny nothing. A denial reaches a few words ahead within its
clause.
"""

from collections.abc import Container, Sequence

NEGATIONS = frozenset({
    "ikke", "ingen", "intet", "ingenting", "uden", "aldrig", "hverken",
    "naegter", "naegtede", "benaegter", "benaegtede", "afkraefter", "afkraeftet",
    "afkraeftes", "afkraeftede", "afviser", "afviste",  # "pt afviser brystsmerter": denies
    # English, for notes in English: "no chest pain", "denies pain", "isn't bleeding" (the
    # apostrophe splits "isn't" into "isn" and "t"). None is a word of Danish call notes;
    # "not" is Danish only as a joiner's groove. "haven" (the garden) and "none"/"nor",
    # Danish words too, are left out.
    "no", "not", "denies", "denied", "deny", "without", "never",
    "isn", "doesn", "don", "didn", "wasn", "hasn", "aren", "weren",
})
# A negation word that is not one here: "ikke kun", "uden for", "ingen tvivl", "ved ikke om".
_PSEUDO_AFTER: dict[str, frozenset[str]] = {
    "ikke": frozenset({"kun", "bare", "blot", "sikker", "sikkert"}),
    "uden": frozenset({"for"}),
    "ingen": frozenset({"tvivl"}),
    "not": frozenset({"only", "just", "sure"}),
    "no": frozenset({"doubt"}),
}
_PSEUDO_BEFORE: dict[str, frozenset[str]] = {"ikke": frozenset({"ved"})}
NEGATION_REACH = 3  # words before a finding that a negation may stand in


def is_denied(
    words: Sequence[str], clauses: Sequence[int], first: int, spent: Container[int]
) -> bool:
    """True when a negation in the few words before `words[first]`, same clause, denies it."""
    clause = clauses[first]
    for j in range(first - 1, max(first - NEGATION_REACH, 0) - 1, -1):
        if clauses[j] != clause:
            return False
        if words[j] in NEGATIONS and j not in spent and _negates(words, clauses, j):
            return True
    return False


def _negates(words: Sequence[str], clauses: Sequence[int], j: int) -> bool:
    word, clause = words[j], clauses[j]
    after = words[j + 1] if j + 1 < len(words) and clauses[j + 1] == clause else ""
    before = words[j - 1] if j > 0 and clauses[j - 1] == clause else ""
    return after not in _PSEUDO_AFTER.get(word, ()) and before not in _PSEUDO_BEFORE.get(
        word, ()
    )

"""Red flags and social signals found in a call's symptom codes, urgency and notes.

A red flag means an ambulance whatever else is found; a social signal is a need a
brobygger can meet. One note may hold both ("ensom ældre mand, har brystsmerter").
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, TypeVar

from app.triage.notes.danish import Lexicon, Match
from app.triage.notes.everyday import REAL_WORDS
from app.triage.notes.lexicon_da import (
    MASKS,
    NOT_TYPOS,
    PREGNANCY_CUES,
    PREGNANCY_SIGN,
    PREGNANT,
    RED_FLAG_PHRASES,
    SOCIAL_NEED_PHRASES,
)
from app.triage.vocabulary import RED_FLAG_CODES, SOCIAL_NEED_CODES, TERMS


@dataclass(frozen=True)
class RedFlag:
    """A medical finding that by itself calls for an ambulance."""

    code: str
    source: Literal["symptoms", "notes", "urgency"]
    evidence: str
    life_threatening: bool


@dataclass(frozen=True)
class SocialSignal:
    """A social or psychological need a brobygger could follow up."""

    code: str
    source: Literal["symptoms", "notes"]
    evidence: str


_Finding = TypeVar("_Finding", RedFlag, SocialSignal)

_URGENCY_FLAGS = {
    "A": RedFlag("urgency_a", "urgency", "hastegrad A", life_threatening=True),
    "B": RedFlag("urgency_b", "urgency", "hastegrad B", life_threatening=False),
}
_PREGNANCY = "pregnancy_complication"

_LEXICON = Lexicon(
    {**RED_FLAG_PHRASES, **SOCIAL_NEED_PHRASES, **PREGNANCY_CUES},
    masks=MASKS,
    not_typos=NOT_TYPOS,
    real_words=REAL_WORDS,
)


def find_red_flags(
    *, symptoms: Sequence[str], urgency: str | None, notes: str | None
) -> list[RedFlag]:
    """Red flags from symptom codes, then the handler's urgency, then the notes; one per code."""
    flags = [
        RedFlag(code, "symptoms", code, TERMS[code].life_threatening)
        for code in _codes(symptoms)
        if code in RED_FLAG_CODES
    ]
    if urgency is not None and urgency.strip().upper() in _URGENCY_FLAGS:
        flags.append(_URGENCY_FLAGS[urgency.strip().upper()])
    red, _ = _read_note(notes or "")
    flags.extend(
        RedFlag(m.code, "notes", m.evidence, TERMS[m.code].life_threatening) for m in red
    )
    return _first_per_code(flags)


def find_social_signals(*, symptoms: Sequence[str], notes: str | None) -> list[SocialSignal]:
    """Social needs from symptom codes, then from the notes; one per code."""
    signals = [
        SocialSignal(code, "symptoms", code)
        for code in _codes(symptoms)
        if code in SOCIAL_NEED_CODES
    ]
    _, social = _read_note(notes or "")
    signals.extend(SocialSignal(m.code, "notes", m.evidence) for m in social)
    return _first_per_code(signals)


def _codes(symptoms: Sequence[str]) -> list[str]:
    return [code.strip().lower() for code in symptoms]


def _first_per_code(items: list[_Finding]) -> list[_Finding]:
    seen: set[str] = set()
    kept: list[_Finding] = []
    for item in items:
        if item.code not in seen:
            seen.add(item.code)
            kept.append(item)
    return kept


# Small: it only spares the second finder a rescan, and it holds notes in memory.
@lru_cache(maxsize=16)
def _read_note(notes: str) -> tuple[tuple[Match, ...], tuple[Match, ...]]:
    """The note's red-flag and social matches; cached because both finders read one note."""
    if not notes.strip():
        return (), ()
    matches = _LEXICON.find(notes)
    red = [m for m in matches if m.code in RED_FLAG_CODES]
    pregnancy = _pregnancy(matches)
    if pregnancy is not None:
        red = sorted([*red, pregnancy], key=lambda m: m.start)
    # "akut forvirret" is acute confusion, not also the dementia word "forvirret".
    social = [
        m for m in matches
        if m.code in SOCIAL_NEED_CODES
        and not any(r.start <= m.start and m.end <= r.end for r in red)
    ]
    return tuple(red), tuple(social)


def _pregnancy(matches: list[Match]) -> Match | None:
    """Pregnancy and bleeding, labour or belly pain anywhere in the note, as one finding."""
    pregnant = next((m for m in matches if m.code == PREGNANT), None)
    sign = next((m for m in matches if m.code == PREGNANCY_SIGN), None)
    if pregnant is None or sign is None:
        return None
    first, last = sorted((pregnant, sign), key=lambda m: m.start)
    return Match(_PREGNANCY, f"{first.evidence} … {last.evidence}", first.start, last.end)

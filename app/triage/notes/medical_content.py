"""Medical content in a call note: any complaint, injury, illness sign or medical event.

Recall comes first. This finder sends no ambulance (red flags do); it keeps a call from
being routed away from one, so a note with any medical content is never taken for a purely
social call. Only an explicit denial cancels a finding ("ingen brystsmerter", "no chest
pain"); clear social notes (lonely, drunk, homeless, anxious, sad, demented, short of
money) give none.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from app.triage.notes.danish import Lexicon, Match, normalise
from app.triage.notes.everyday import REAL_WORDS
from app.triage.notes.lexicon_da import NOT_TYPOS, RED_FLAG_PHRASES
from app.triage.notes.medical_lexicon_da import (
    MEDICAL_MASKS,
    MEDICAL_NOT_TYPOS,
    MEDICAL_PHRASES,
    RED_FLAG_GROUPS,
)
from app.triage.notes.wordforms import lower

# The symptom groups of Dansk Indeks for Akuthjælp, plus what falls between them.
MEDICAL_GROUPS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "cardiac_arrest": ("Hjertestop", "Cardiac arrest"),
    "chest_pain": ("Brystsmerter, hjertesygdom", "Chest pain, heart disease"),
    "breathing": ("Vejrtrækningsbesvær", "Breathing difficulty"),
    "unconscious": ("Bevidstløs, nedsat bevidsthed", "Unconscious, reduced consciousness"),
    "stroke": ("Lammelser, apopleksi", "Paralysis, stroke"),
    "seizure": ("Krampeanfald", "Seizure"),
    "bleeding": ("Blødning", "Bleeding"),
    "poisoning_overdose": ("Forgiftning, overdosis", "Poisoning, overdose"),
    "allergy": ("Allergisk reaktion", "Allergic reaction"),
    "diabetes": ("Diabetes, blodsukker", "Diabetes, blood sugar"),
    "fever_infection": ("Feber, infektion", "Fever, infection"),
    "head_injury": ("Hovedskade", "Head injury"),
    "neck_back_injury": ("Nakke- og rygskade, rygsmerter", "Neck or back injury, back pain"),
    "fall_from_height": ("Fald", "Fall"),
    "traffic": ("Trafikulykke", "Traffic accident"),
    "burns_scalds": ("Forbrænding, skoldning, ætsning", "Burns, scalds"),
    "drowning": ("Drukning", "Drowning"),
    "cold_heat": ("Nedkøling, hedeslag", "Hypothermia, heat illness"),
    "pregnancy_birth": ("Graviditet, fødsel", "Pregnancy, birth"),
    "abdominal_pain": ("Mavesmerter, opkastning", "Abdominal pain, vomiting"),
    "suicidal_selfharm": ("Selvmordstanker, selvskade", "Suicidal, self-harm"),
    "foreign_body": ("Fremmedlegeme", "Foreign body, choking"),
    "sick_child": ("Sygt barn", "Sick child"),
    "headache": ("Hovedpine", "Headache"),
    "dizziness_fainting": ("Svimmelhed, besvimelse", "Dizziness, fainting"),
    "wounds_fractures": ("Sår, brud, skade", "Wounds, fractures, injury"),
    "violence_assault": ("Vold, overfald", "Violence, assault"),
    "bites_stings": ("Bid, stik", "Bites, stings"),
    "urinary": ("Urinveje", "Urinary"),
    "eye_ear_nose_throat": ("Øjne, øre, næse, hals", "Eye, ear, nose, throat"),
    "psychosis_confusion": ("Psykose, akut forvirring", "Psychosis, acute confusion"),
    "electric_injury": ("Elektrisk skade", "Electric injury"),
    "unwell_unclear": ("Utilpas, uklart", "Unwell, unclear"),
    "pain": ("Smerter", "Pain"),
    "known_condition": ("Kendt sygdom eller medicin", "Known condition or medicine"),
    "body_part": ("Kropsdel nævnt", "A part of the body named"),
})


# Groups whose content may call for an ambulance: with urgency C, D or E set, the handler is
# asked to check the urgency first (an overdose triaged C).
LIFE_THREATENING_GROUPS = frozenset({
    "cardiac_arrest", "chest_pain", "breathing", "unconscious", "stroke", "seizure", "bleeding",
    "poisoning_overdose", "allergy", "suicidal_selfharm", "drowning", "electric_injury", "traffic",
})


@dataclass(frozen=True)
class MedicalFinding:
    """Medical content in a note: its symptom group and the words that show it."""

    group: str  # a code of MEDICAL_GROUPS
    evidence: str  # the words as written in the note (lowercased)


def _phrases() -> dict[str, tuple[str, ...]]:
    """The medical phrases, and every red-flag phrase under the group it belongs to."""
    written = {normalise(text) for texts in MEDICAL_PHRASES.values() for text in texts}
    merged = {group: list(texts) for group, texts in MEDICAL_PHRASES.items()}
    for code, texts in RED_FLAG_PHRASES.items():
        merged[RED_FLAG_GROUPS[code]].extend(t for t in texts if normalise(t) not in written)
    return {group: tuple(texts) for group, texts in merged.items()}


_LEXICON = Lexicon(
    _phrases(), masks=MEDICAL_MASKS, not_typos=(*NOT_TYPOS, *MEDICAL_NOT_TYPOS),
    real_words=REAL_WORDS,
)


def find_medical_content(notes: str | None) -> list[MedicalFinding]:
    """Medical content not explicitly negated, one finding per group, in note order."""
    if notes is None or not notes.strip():
        return []
    return list(_findings(notes))


@lru_cache(maxsize=4096)  # an assessment reads a note twice: its answer and the model's
def _findings(notes: str) -> tuple[MedicalFinding, ...]:
    seen: set[str] = set()
    findings: list[MedicalFinding] = []
    for match in _outermost(_LEXICON.find(notes)):
        if match.code not in seen:
            seen.add(match.code)
            findings.append(MedicalFinding(match.code, match.evidence))
    child = small_child_age(notes)
    if child is not None and "sick_child" not in seen:
        findings.append(MedicalFinding("sick_child", child))
    return tuple(findings)


# A call about a small child is the protocol's, whatever else it says: "han er 3 år",
# "drengen på 2 år", "en 4-årig", "baby på 8 uger", "3 years old". Not a duration ("i 3
# år", "for 3 år siden").
SMALL_CHILD_YEARS = 5
_CHILD_AGE = re.compile(
    r"(?:\b(?:er|på|paa)\s+(?P<years>\d{1,2})\s*(?:år|aar)\b(?!\s+siden)"
    r"|\b(?P<years_compound>\d{1,2})\s*-?\s*(?:årig|aarig)"
    r"|\b(?P<years_en>\d{1,2})[\s-]*years?[\s-]*old\b"
    r"|\b(?:er|på|paa)\s+(?P<young>\d{1,2})\s*(?:måneder|mdr|uger|dage)\b(?!\s+siden)"
    r"|\b(?P<young_en>\d{1,2})[\s-]*(?:months?|weeks?|days?)[\s-]*old\b)",
    re.IGNORECASE,
)


def small_child_age(notes: str) -> str | None:
    """The words that give a child's age of SMALL_CHILD_YEARS or under, or None."""
    for match in _CHILD_AGE.finditer(lower(notes)):
        if match["young"] or match["young_en"]:
            return match.group(0).strip()
        years = match["years"] or match["years_compound"] or match["years_en"]
        if years is not None and int(years) <= SMALL_CHILD_YEARS:
            return match.group(0).strip()
    return None


def _outermost(matches: list[Match]) -> list[Match]:
    """The matches no longer match of another group holds: "ondt i maven", not also "ondt"."""
    spans = [(m.start, m.end, m.code) for m in matches]
    return [
        m for m in matches
        if not any(
            code != m.code and s <= m.start and m.end <= e and (s, e) != (m.start, m.end)
            for s, e, code in spans
        )
    ]

"""The published symptom vocabulary: the codes the CAD may send and the API, DB and UI show.

Codes are stable; labels may be reworded. A red flag with `life_threatening` suggests
urgency A, any other red flag urgency B.
"""

from dataclasses import dataclass
from typing import Literal

Kind = Literal["red_flag", "social_need"]


@dataclass(frozen=True)
class Term:
    """One code of the vocabulary with its Danish and English labels."""

    code: str
    kind: Kind
    label_da: str
    label_en: str
    life_threatening: bool = False


def _red(code: str, label_da: str, label_en: str, *, life_threatening: bool) -> Term:
    return Term(code, "red_flag", label_da, label_en, life_threatening)


def _social(code: str, label_da: str, label_en: str) -> Term:
    return Term(code, "social_need", label_da, label_en)


VOCABULARY: tuple[Term, ...] = (
    _red("cardiac_arrest", "Hjertestop", "Cardiac arrest", life_threatening=True),
    _red("chest_pain", "Brystsmerter", "Chest pain", life_threatening=True),
    _red(
        "breathing_difficulty", "Vejrtrækningsbesvær", "Breathing difficulty",
        life_threatening=True,
    ),
    _red("unconscious", "Bevidstløs", "Unconscious", life_threatening=True),
    _red(
        "reduced_consciousness", "Nedsat bevidsthed", "Reduced consciousness",
        life_threatening=True,
    ),
    _red("seizure", "Kramper", "Seizure", life_threatening=True),
    _red("stroke_signs", "Tegn på apopleksi", "Signs of stroke", life_threatening=True),
    _red("severe_bleeding", "Kraftig blødning", "Severe bleeding", life_threatening=True),
    _red(
        "suicidal", "Selvmordstanker eller selvskade", "Suicidal intent or self-harm",
        life_threatening=True,
    ),
    _red(
        "overdose_poisoning", "Overdosis eller forgiftning", "Overdose or poisoning",
        life_threatening=True,
    ),
    _red("major_trauma", "Større ulykke", "Major trauma", life_threatening=True),
    _red("head_injury", "Hovedtraume", "Head injury", life_threatening=False),
    _red(
        "severe_allergic_reaction", "Svær allergisk reaktion", "Severe allergic reaction",
        life_threatening=True,
    ),
    _red(
        "pregnancy_complication", "Graviditetskomplikation", "Pregnancy complication",
        life_threatening=True,
    ),
    _red("hypoglycaemia", "Lavt blodsukker", "Hypoglycaemia", life_threatening=False),
    _red("acute_confusion", "Akut forvirring", "Acute confusion", life_threatening=False),
    _red("severe_pain", "Voldsomme smerter", "Severe pain", life_threatening=False),
    _red("burns", "Forbrænding", "Burns", life_threatening=False),
    _social("loneliness", "Ensomhed", "Loneliness"),
    _social("anxiety", "Angst og utryghed", "Anxiety"),
    _social("alcohol", "Alkohol", "Alcohol"),
    _social("drugs", "Stoffer", "Drugs"),
    _social("homelessness", "Hjemløshed", "Homelessness"),
    _social("food", "Mangler mad", "Lack of food"),
    _social("dementia_safety", "Demens og tryghed", "Dementia and safety"),
    _social("family_burden", "Belastet familie", "Family burden"),
    _social(
        "psychiatric_distress", "Psykisk mistrivsel (ikke akut)",
        "Psychiatric distress (non-acute)",
    ),
    _social("finances_housing", "Økonomi og bolig", "Finances and housing"),
    _social("needs_conversation", "Behov for en samtale", "Needs someone to talk to"),
)

TERMS: dict[str, Term] = {term.code: term for term in VOCABULARY}
RED_FLAG_CODES: frozenset[str] = frozenset(t.code for t in VOCABULARY if t.kind == "red_flag")
SOCIAL_NEED_CODES: frozenset[str] = frozenset(
    t.code for t in VOCABULARY if t.kind == "social_need"
)

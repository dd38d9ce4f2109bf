"""What a synthetic call is about, and how the call-handler and the outcome treat it.

A scenario fixes what the note mentions, the chapter and urgency a call-handler would set,
and the true needs found afterwards. Labels are deliberately imperfect, as in real
follow-up data: some social-looking calls turn out medical, some mild medical calls were
really social, and a little noise flips labels at random. The named hard cases are exempt
from noise so tests can rely on them.
"""

from dataclasses import dataclass
from random import Random
from typing import Literal

from app.triage.vocabulary import TERMS

Kind = Literal["medical", "mild", "social", "claims", "mixed"]
Dispatch = Literal["ambulance", "sociolance", "brobygger", "none"]

# Illustrative chapter numbers for the demo only; not the official Dansk Indeks numbering.
CHAPTERS: dict[str, str] = {
    "01": "Allergisk reaktion", "02": "Bevidstløs voksen", "04": "Blødning",
    "05": "Brystsmerter", "06": "Diabetes", "10": "Feber", "11": "Forbrænding",
    "12": "Forgiftning", "13": "Graviditet og fødsel", "14": "Hovedpine", "15": "Hjertebanken",
    "16": "Krampeanfald", "18": "Mavesmerter", "19": "Psykiatri og selvmord",
    "20": "Rygsmerter", "21": "Sygt barn", "22": "Apopleksi", "23": "Utilpashed",
    "24": "Trafikulykke", "25": "Fald og ulykke", "26": "Uklart problem",
    "27": "Vejrtrækningsbesvær", "29": "Øre, næse, hals", "30": "Urinveje",
    "31": "Alkohol og beruselse", "32": "Sår og skade", "33": "Hovedskade",
    "36": "Hjertestop", "37": "Sociale forhold",
}
HARD_CASES = frozenset({
    "lonely_chest_pain", "intoxicated_head_injury", "anxious_no_red_flag",
})


@dataclass(frozen=True)
class Scenario:
    """One kind of call: what it looks like and what it truly needs."""

    key: str
    kind: Kind
    chapter: str | None
    red_flags: tuple[str, ...] = ()
    social: tuple[str, ...] = ()
    mild: tuple[str, ...] = ()
    negated: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    ages: tuple[int, int] = (18, 95)
    weight: float = 1.0


def _red(key: str, flags: tuple[str, ...], chapter: str, weight: float,
         ages: tuple[int, int] = (18, 95), context: tuple[str, ...] = ()) -> Scenario:
    return Scenario(key, "medical", chapter, red_flags=flags, ages=ages, weight=weight,
                    context=context)


def _mild(key: str, chapter: str, weight: float, ages: tuple[int, int] = (18, 95),
          negated: tuple[str, ...] = ()) -> Scenario:
    return Scenario(key, "mild", chapter, mild=(key,), ages=ages, weight=weight, negated=negated)


MEDICAL: tuple[Scenario, ...] = (
    _red("chest_pain", ("chest_pain",), "05", 9, (35, 95), ("illness",)),
    _red("breathing", ("breathing_difficulty",), "27", 8, (40, 95), ("illness",)),
    _red("stroke", ("stroke_signs",), "22", 4, (50, 95)),
    _red("unconscious", ("unconscious",), "02", 3),
    _red("reduced_consciousness", ("reduced_consciousness",), "26", 2),
    _red("cardiac_arrest", ("cardiac_arrest",), "36", 0.7, (40, 95)),
    _red("seizure", ("seizure",), "16", 2.5, (1, 80)),
    _red("bleeding", ("severe_bleeding",), "04", 2),
    _red("major_trauma", ("major_trauma",), "24", 2, (16, 80)),
    _red("head_injury", ("head_injury",), "33", 3, (2, 95)),
    _red("allergy", ("severe_allergic_reaction",), "01", 1.5, (5, 80)),
    _red("pregnancy", ("pregnancy_complication",), "13", 0.8, (19, 42)),
    _red("hypoglycaemia", ("hypoglycaemia",), "06", 1.5),
    _red("acute_confusion", ("acute_confusion",), "26", 1.5, (70, 95)),
    _red("severe_pain", ("severe_pain",), "18", 4),
    _red("burns", ("burns",), "11", 0.6, (2, 85)),
    _red("overdose", ("overdose_poisoning",), "12", 1.5, (15, 60)),
    _red("suicidal", ("suicidal",), "19", 1.5, (15, 70)),
    _mild("fever", "10", 5),
    _mild("abdominal", "18", 6),
    _mild("dizziness", "23", 5, (30, 95), ("chest_pain",)),
    _mild("back_pain", "20", 3),
    _mild("fall", "25", 6, (70, 98)),
    _mild("weakness", "23", 5, (70, 98)),
    _mild("wound", "32", 4, (5, 90)),
    _mild("urinary", "30", 2, (60, 95)),
    _mild("headache", "14", 2),
    _mild("cough", "29", 2),
    _mild("palpitations", "15", 2, (20, 90), ("chest_pain",)),
    _mild("child_fever", "21", 3, (0, 10)),
)

SOCIAL: tuple[Scenario, ...] = (
    Scenario("lonely_elderly", "social", "37", social=("loneliness", "needs_conversation"),
             context=("alone",), ages=(70, 96), weight=3),
    Scenario("anxious_no_red_flag", "social", "26", social=("anxiety",),
             negated=("chest_pain", "breathing_difficulty"), ages=(18, 70), weight=2.5),
    Scenario("alcohol", "social", "31", social=("alcohol",), negated=("unconscious",),
             ages=(28, 68), weight=2.5),
    Scenario("homeless", "social", "37", social=("homelessness", "food"), ages=(22, 65)),
    Scenario("dementia", "social", "26", social=("dementia_safety",), ages=(75, 97), weight=1.5),
    Scenario("family", "social", "37", social=("family_burden",), ages=(24, 50), weight=0.7),
    Scenario("psychiatric", "social", "19", social=("psychiatric_distress",),
             negated=("suicidal",), ages=(18, 65), weight=1.5),
    Scenario("finances", "social", "37", social=("finances_housing", "anxiety"), ages=(25, 65),
             weight=0.6),
    Scenario("drugs", "social", "31", social=("drugs",), ages=(18, 50), weight=0.6),
    Scenario("conversation", "social", "37", social=("needs_conversation", "loneliness"),
             ages=(30, 90)),
)

LONELY_CHEST_PAIN = Scenario("lonely_chest_pain", "medical", "05", red_flags=("chest_pain",),
                             social=("loneliness",), context=("alone",), ages=(70, 95))
INTOXICATED_HEAD_INJURY = Scenario("intoxicated_head_injury", "medical", "33",
                                   red_flags=("head_injury",), social=("alcohol",), ages=(25, 70))
_SOCIAL_WORRIES = ("loneliness", "anxiety", "needs_conversation", "alcohol")


@dataclass(frozen=True)
class Handling:
    """What the call-handler recorded and what turned out to be needed."""

    urgency: str | None
    symptoms: tuple[str, ...]
    chapter: str | None
    medical_need: bool
    social_need: bool
    dispatched: Dispatch
    ambulance_urgency: str | None
    conveyed: bool


def mixed_scenario(rng: Random, themes: tuple[str, ...] = ()) -> Scenario:
    """A social worry plus a mild complaint: it may go either way."""
    social = themes or (rng.choice(_SOCIAL_WORRIES),)
    mild = rng.choice(("dizziness", "weakness", "abdominal", "back_pain", "headache", "fall"))
    return Scenario("mixed", "mixed", rng.choice(("23", "26", None)), social=social, mild=(mild,))


def claims_scenario(rng: Random, themes: tuple[str, ...]) -> Scenario:
    """A frequent social caller who reports a red flag; usually it is not what it sounded."""
    flag = rng.choice(("chest_pain", "chest_pain", "breathing_difficulty"))
    return Scenario("social_claims_red_flag", "claims", "05" if flag == "chest_pain" else "27",
                    red_flags=(flag,), social=themes)


def handle(rng: Random, scenario: Scenario, *, frequent: bool, phase: str,
           on_duty: bool) -> Handling:
    """Decide urgency, symptom codes, the true needs and what was dispatched."""
    urgency = _urgency(rng, scenario, frequent=frequent, phase=phase)
    symptoms = tuple(
        code for code in scenario.red_flags if rng.random() < 0.55
    ) + tuple(code for code in scenario.social if rng.random() < 0.3)
    medical, social = _needs(rng, scenario)
    if scenario.kind == "social" and rng.random() < 0.5:
        chapter = None
    else:
        chapter = scenario.chapter if rng.random() < 0.88 else None
    if urgency in ("A", "B", "C", "D"):
        dispatched: Dispatch = "ambulance"
        conveyed = rng.random() < (0.8 if medical else 0.55)
    elif social:
        roll = rng.random()
        if on_duty:
            dispatched = "brobygger" if roll < 0.55 else "sociolance" if roll < 0.7 else "none"
        else:
            dispatched = "brobygger" if roll < 0.4 else "none"  # a callback next duty day
        conveyed = False
    else:
        dispatched, conveyed = "none", False
    return Handling(
        urgency=urgency, symptoms=symptoms, chapter=chapter, medical_need=medical,
        social_need=social, dispatched=dispatched,
        ambulance_urgency=urgency if dispatched == "ambulance" else None, conveyed=conveyed,
    )


def _urgency(rng: Random, scenario: Scenario, *, frequent: bool, phase: str) -> str | None:
    levels = ("A", "B", "C", "D", "E", None)
    weights: tuple[float, ...]
    if scenario.kind == "medical":
        life = any(TERMS[code].life_threatening for code in scenario.red_flags)
        weights = (0.88, 0.12, 0, 0, 0, 0) if life else (0.3, 0.6, 0.1, 0, 0, 0)
    elif scenario.kind == "mild":
        weights = (0.03, 0.3, 0.35, 0.17, 0.1, 0.05)
    elif scenario.kind == "claims":
        weights = (0.75, 0.25, 0, 0, 0, 0)
    elif scenario.kind == "mixed":
        weights = (0.05, 0.3, 0.3, 0.05, 0.15, 0.15)
    else:
        # The status quo: an ambulance is often sent anyway, less so after a brobygger case.
        a, b = (0.11, 0.13) if frequent else (0.08, 0.1)
        if phase == "after":
            a, b = a * 0.6, b * 0.6
        weights = (a, b, 0.14, 0.02, 0.54 - a - b, 0.3)
    return rng.choices(levels, weights)[0]


def _needs(rng: Random, scenario: Scenario) -> tuple[bool, bool]:
    kind = scenario.kind
    if kind == "medical":
        medical, social = True, bool(scenario.social) or rng.random() < 0.02
    elif kind == "mild":
        turned_social = rng.random() < 0.012
        medical, social = not turned_social, turned_social
    elif kind == "social":
        # Some social-looking calls turn out medical after all (never the named hard case).
        medical, social = scenario.key not in HARD_CASES and rng.random() < 0.06, True
    elif kind == "claims":
        medical, social = rng.random() < 0.25, True
    else:
        medical, social = rng.random() < 0.4, True
    if scenario.key not in HARD_CASES and rng.random() < 0.005:
        medical = not medical  # plain label noise
        social = social or not medical
    return medical, social

"""The core writes English (the API's words); the console says every one of its sentences in
Danish from the catalogue, and a sentence the catalogue does not know shows as it came."""

from dataclasses import dataclass
from itertools import product

import pytest

from app.console.core_text import known, say_text
from app.triage.notes.signals import RedFlag, SocialSignal
from app.triage.recommendation import ModelOpinion, Situation, recommend


@dataclass(frozen=True)
class Finding:
    group: str
    evidence: str


CHEST = RedFlag("chest_pain", "notes", "brystsmerter", False)
ARREST = RedFlag("cardiac_arrest", "notes", "trækker ikke vejret", True)
LONELY = SocialSignal("loneliness", "notes", "ensom")
HOMELESS = SocialSignal("homelessness", "notes", "hjemløs")
MODELS = (None, ModelOpinion("social", 0.88), ModelOpinion("uncertain", 0.5),
          ModelOpinion("medical", 0.1))


def _situations() -> list[Situation]:
    cases = []
    for flags, urgency, model, duty, medical, degraded, needs, frequent in product(
        ((), (CHEST,), (ARREST, CHEST)), (None, "A", "B", "C", "E"), MODELS,
        (True, False), ((), (Finding("abdominal_pain", "ondt i maven"),)),
        ((), ("No flag model is loaded.",)), ((), (LONELY,), (HOMELESS,)), (True, False),
    ):
        cases.append(Situation(
            red_flags=flags, social_signals=needs, handler_urgency=urgency, model=model,
            brobygger_on_duty=duty, sociolance_on_duty=duty, frequent_caller=frequent,
            medical_content=medical, degraded=degraded))
    return cases


def test_every_sentence_of_the_recommendation_is_said_in_danish() -> None:
    sentences = {s for situation in _situations() for s in recommend(situation).rationale}
    unknown = sorted(s for s in sentences if not known(s))
    assert unknown == []
    assert all(say_text("da", s) != s for s in sentences)


@pytest.mark.parametrize(("english", "danish"), [
    ("Check the urgency: the notes say brystsmerter, which suggests urgency B; you set C.",
     "Kontrollér hastegraden: noterne nævner brystsmerter, som peger på hastegrad B; "
     "du har sat C."),
    ("Looks social (social probability 72%): if your triage finds no acute need (urgency C, "
     "D or E), book a brobygger callback.",
     "Ser socialt ud (social sandsynlighed 72\xa0%): hvis din visitation ikke finder et akut "
     "behov (hastegrad C, D eller E), bestil en tilbageringning fra en brobygger."),
    ("Degraded answer: Database unavailable: no history shown, and this assessment was not "
     "recorded. Follow the protocol.",
     "Nedsat funktion: Databasen svarer ikke: ingen historik vist, og vurderingen er ikke "
     "gemt. Følg protokollen."),
    ("Frequent caller: 6 calls in 30 days (rule: 5 or more)",
     "Hyppig ringer: 6 opkald på 30 dage (regel: 5 eller flere)"),
    ("red flag in notes: chest pain ('trykken for brystet') and 2 more",
     "rødt flag i noter: brystsmerter (»trykken for brystet«) og 2 mere"),
    ("Not identified: no earlier calls can be linked to this caller.",
     "Ikke identificeret: ingen tidligere opkald kan kobles til denne opkalder."),
    ("under-triage rate 0.72% on the holdout is above the maximum 0.50%",
     "undertriage 0,72\xa0% på testperioden er over maksimum 0,50\xa0%"),
    ("none of 40 medical challenge notes routed away (urgency C and urgency unset)",
     "ingen af 40 medicinske udfordringsnoter sendt væk fra protokollen (hastegrad C og "
     "hastegrad ikke sat)"),
    ("No suitable offer", "No suitable offer"),
])
def test_known_sentences_are_said_in_danish(english: str, danish: str) -> None:
    assert say_text("da", english) == danish


@pytest.mark.parametrize(("danish", "english"), [
    ("i morgen kl. 09:00", "tomorrow at 09:00"),
    ("mandag kl. 08:00", "Monday at 08:00"),
    ("Hverdage 8.00-15.00", "Weekdays 8.00-15.00"),
    ("Ingen passende tilbud har åbent nu; næste åbner kl. 18:00: Varmestuen (Kirkens Korshær).",
     "No suitable offer is open now; the next opens 18:00: Varmestuen (Kirkens Korshær)."),
])
def test_the_core_s_danish_sentences_are_said_in_english(danish: str, english: str) -> None:
    assert say_text("en", danish) == english


def test_a_sentence_nobody_knows_shows_as_it_came() -> None:
    assert say_text("da", "Something entirely new.") == "Something entirely new."

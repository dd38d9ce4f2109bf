import pytest

from app.triage.notes.lexicon_da import SOCIAL_NEED_PHRASES
from app.triage.notes.signals import RedFlag, SocialSignal, find_red_flags, find_social_signals
from app.triage.vocabulary import SOCIAL_NEED_CODES


def needs(notes: str | None) -> list[str]:
    return [signal.code for signal in find_social_signals(symptoms=[], notes=notes)]


POSITIVES = [
    ("føler sig meget ensom", "loneliness"),
    ("ensomheden er slem om aftenen", "loneliness"),
    ("bor alene", "loneliness"),
    ("har ingen at tale med", "loneliness"),
    ("har angst", "anxiety"),
    ("angstanfald igen", "anxiety"),
    ("er utryg", "anxiety"),
    ("urolig i nat", "anxiety"),
    ("går i panik", "anxiety"),
    ("har drukket", "alcohol"),
    ("er fuld", "alcohol"),
    ("beruset", "alcohol"),
    ("lugter af alkohol", "alcohol"),
    ("har fået nogle bajere", "alcohol"),
    ("3 øl", "alcohol"),
    ("ryger hash", "drugs"),
    ("tager stoffer", "drugs"),
    ("heroinmisbruger", "drugs"),
    ("hjemløs", "homelessness"),
    ("bor på gaden", "homelessness"),
    ("har ingen steder at sove", "homelessness"),
    ("han har ikke et sted at sove i nat", "homelessness"),
    ("er smidt ud af lejligheden", "homelessness"),
    ("hendes strøm er lukket", "finances_housing"),
    ("de har lukket for varmen", "finances_housing"),
    ("sover på herberg", "homelessness"),
    ("er sulten", "food"),
    ("har ingen mad", "food"),
    ("har ikke spist i tre dage", "food"),
    ("dement", "dementia_safety"),
    ("har demens", "dementia_safety"),
    ("glemsom", "dementia_safety"),
    ("forvirret som altid", "dementia_safety"),
    ("konflikt med datteren", "family_burden"),
    ("børnene er fjernet", "family_burden"),
    ("sociale problemer", "family_burden"),
    ("familien kan ikke mere", "family_burden"),
    ("ked af det", "psychiatric_distress"),
    ("trist", "psychiatric_distress"),
    ("depression", "psychiatric_distress"),
    ("husleje ikke betalt", "finances_housing"),
    ("har ingen penge", "finances_housing"),
    ("udsat af lejligheden", "finances_housing"),
    ("vil bare snakke", "needs_conversation"),
    ("har brug for at tale med nogen", "needs_conversation"),
    ("vil have nogen at snakke med", "needs_conversation"),
]


@pytest.mark.parametrize(("note", "code"), POSITIVES)
def test_social_need_phrasings_are_found(note: str, code: str) -> None:
    assert code in needs(note)


@pytest.mark.parametrize(
    "note",
    [
        "ikke ensom",
        "ingen alkohol",
        "har ikke drukket",
        "nægter alkohol",
        "ingen angst",
        "ikke hjemløs",
        "fuld af blod",  # "fuld af" is not drunk
        "er fuldt orienteret",
        "drikker kaffe",
        "har 38 grader",  # not "græder"
        "glæder sig til jul",  # not "græder"
        "det gælder medicinen",  # not "gæld"
        "ringer til dem",  # not "demens"
        "det er utroligt",  # not "urolig"
        "",
    ],
)
def test_denied_or_look_alike_needs_raise_no_signal(note: str) -> None:
    assert needs(note) == []


def test_mixed_note_yields_both_a_red_flag_and_a_social_signal() -> None:
    note = "ensom ældre mand, har brystsmerter"
    assert find_red_flags(symptoms=[], urgency=None, notes=note) == [
        RedFlag("chest_pain", "notes", "brystsmerter", True)
    ]
    assert find_social_signals(symptoms=[], notes=note) == [
        SocialSignal("loneliness", "notes", "ensom")
    ]


def test_acute_confusion_is_not_also_read_as_dementia() -> None:
    assert needs("akut forvirret") == []
    assert needs("forvirret") == ["dementia_safety"]


def test_panic_with_breathlessness_is_both_anxiety_and_a_red_flag() -> None:
    note = "Kvinde 45 år, angst, hyperventilerer, kan ikke få luft"
    assert needs(note) == ["anxiety"]
    assert [f.code for f in find_red_flags(symptoms=[], urgency=None, notes=note)] == [
        "breathing_difficulty"
    ]


def test_frequent_social_caller_note() -> None:
    note = (
        "Mand ringer igen, har drukket, er ensom og vil bare snakke. "
        "Ingen brystsmerter, ingen åndenød."
    )
    assert find_social_signals(symptoms=[], notes=note) == [
        SocialSignal("alcohol", "notes", "har drukket"),
        SocialSignal("loneliness", "notes", "ensom"),
        SocialSignal("needs_conversation", "notes", "vil bare snakke"),
    ]
    assert find_red_flags(symptoms=[], urgency=None, notes=note) == []


def test_symptoms_first_then_notes_one_signal_per_code() -> None:
    result = find_social_signals(
        symptoms=["alcohol", "chest_pain", "no_such_code"],
        notes="Hjemløs, beruset og sulten",
    )
    assert result == [
        SocialSignal("alcohol", "symptoms", "alcohol"),  # red-flag codes are not social
        SocialSignal("homelessness", "notes", "hjemløs"),
        SocialSignal("food", "notes", "sulten"),
    ]


def test_no_notes_and_no_symptoms_is_no_signal() -> None:
    assert find_social_signals(symptoms=[], notes=None) == []


def test_every_social_code_has_phrases_and_no_phrase_has_an_unknown_code() -> None:
    assert set(SOCIAL_NEED_PHRASES) == SOCIAL_NEED_CODES


@pytest.mark.parametrize("note", ["etoh+ i aften", "EtOH påvirket", "drikker dagligt, bor alene"])
def test_the_abbreviations_of_drinking_count_as_alcohol(note: str) -> None:
    assert "alcohol" in [s.code for s in find_social_signals(symptoms=[], notes=note)]

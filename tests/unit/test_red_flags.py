
import pytest

from app.triage.notes.danish import Lexicon, normalise, words
from app.triage.notes.lexicon_da import RED_FLAG_PHRASES
from app.triage.notes.signals import RedFlag, find_red_flags
from app.triage.vocabulary import RED_FLAG_CODES


def flags(notes: str | None) -> list[str]:
    return [flag.code for flag in find_red_flags(symptoms=[], urgency=None, notes=notes)]


# How call-handlers write: inflections, compounds written apart, æ/ø/å typed as
# ae/oe/aa, one-letter typos, abbreviations, capitals.
POSITIVES = [
    ("har brystsmerter", "chest_pain"),
    ("Brystsmerter siden i morges", "chest_pain"),
    ("brystsmerte", "chest_pain"),
    ("brystsmerterne er blevet værre", "chest_pain"),
    ("bryst-smerter", "chest_pain"),
    ("bryst smerter", "chest_pain"),
    ("smerter i brystet", "chest_pain"),
    ("smerte i brystet", "chest_pain"),
    ("ondt i brystet", "chest_pain"),
    ("meget ondt i hele brystet", "chest_pain"),
    ("trykken for brystet", "chest_pain"),
    ("trykken i brystet", "chest_pain"),
    ("føler en trykken", "chest_pain"),
    ("brystsmeter", "chest_pain"),  # typo: a letter missing
    ("brystsmærter", "chest_pain"),  # typo: æ for e
    ("hjertestop", "cardiac_arrest"),
    ("hjerte-stop", "cardiac_arrest"),
    ("ingen puls", "cardiac_arrest"),
    ("mærker ingen puls", "cardiac_arrest"),
    ("trækker ikke vejret", "cardiac_arrest"),
    ("kan ikke få luft", "breathing_difficulty"),
    ("kan ik få luft", "breathing_difficulty"),
    ("kan næsten ikke få luft", "breathing_difficulty"),
    ("åndenød", "breathing_difficulty"),
    ("aandenoed", "breathing_difficulty"),
    ("andenød", "breathing_difficulty"),
    ("vejrtrækningsbesvær", "breathing_difficulty"),
    ("vejrtræknings-besvær", "breathing_difficulty"),
    ("vejrtrækningbesvær", "breathing_difficulty"),
    ("besværet vejrtrækning", "breathing_difficulty"),
    ("blå om læberne", "breathing_difficulty"),
    ("blaa om laeberne", "breathing_difficulty"),
    ("bevidstløs", "unconscious"),
    ("fundet bevidstløse", "unconscious"),
    ("BEVIDSTLØS", "unconscious"),
    ("bevidstloes", "unconscious"),
    ("bevidstlos", "unconscious"),
    ("bevistløs", "unconscious"),  # typo
    ("pt. bevl.", "unconscious"),  # abbreviation
    ("fundet bevidstløst", "unconscious"),
    ("reagerer ikke på tiltale", "unconscious"),
    ("ikke vågen", "unconscious"),
    ("kan ikke vækkes", "unconscious"),
    ("kan ikke vække ham", "unconscious"),
    ("ikke ved bevidsthed", "unconscious"),
    ("uklar", "reduced_consciousness"),
    ("virker uklar", "reduced_consciousness"),
    ("meget sløv i dag", "reduced_consciousness"),
    ("kramper", "seizure"),
    ("krampeanfald", "seizure"),
    ("har krampet", "seizure"),
    ("krampede i fem minutter", "seizure"),
    ("skæv i ansigtet", "stroke_signs"),
    ("skæv i munden", "stroke_signs"),
    ("skaev i ansigtet", "stroke_signs"),
    ("lammet i armen", "stroke_signs"),
    ("lammet i højre arm", "stroke_signs"),
    ("taler utydeligt", "stroke_signs"),
    ("bløder voldsomt", "severe_bleeding"),
    ("kraftig blødning", "severe_bleeding"),
    ("kraftige blødninger", "severe_bleeding"),
    ("vil tage sit liv", "suicidal"),
    ("vil tage sit eget liv", "suicidal"),
    ("selvmordstanker", "suicidal"),
    ("har skåret sig", "suicidal"),
    ("har skaaret sig", "suicidal"),
    ("har taget piller", "overdose_poisoning"),
    ("har taget en masse piller", "overdose_poisoning"),
    ("overdosis", "overdose_poisoning"),
    ("forgiftet", "overdose_poisoning"),
    ("faldet fra stor højde", "major_trauma"),
    ("faldt ned fra stor højde", "major_trauma"),
    ("trafikulykke", "major_trauma"),
    ("slået hovedet", "head_injury"),
    ("er faldet og har slået hovedet", "head_injury"),
    ("slog hovedet", "head_injury"),
    ("hovedtraume", "head_injury"),
    ("anafylaksi", "severe_allergic_reaction"),
    ("hævet i halsen", "severe_allergic_reaction"),
    ("gravid med blødning", "pregnancy_complication"),
    ("veer før tid", "pregnancy_complication"),
    ("lavt blodsukker", "hypoglycaemia"),
    ("har føling", "hypoglycaemia"),
    ("akut forvirret", "acute_confusion"),
    ("er pludselig blevet forvirret", "acute_confusion"),
    ("voldsomme smerter", "severe_pain"),
    ("voldsom smerte", "severe_pain"),
    ("forbrændt", "burns"),
    ("har brændt sig", "burns"),
]


@pytest.mark.parametrize(("note", "code"), POSITIVES)
def test_red_flag_phrasings_are_found(note: str, code: str) -> None:
    assert code in flags(note)


# A finding the caller denies must not send an ambulance on its own.
NEGATED = [
    "ingen brystsmerter",
    "ingen brystsmerter eller åndenød",
    "ikke bevidstløs",
    "ik bevidstløs",
    "har ikke taget piller",
    "har ikke taget sine piller",
    "ikke besværet vejrtrækning",
    "nægter brystsmerter",
    "afkræfter smerter i brystet",
    "har ikke ondt i brystet",
    "har ikke haft ondt i brystet",
    "ingen kramper",
    "uden vejrtrækningsbesvær",
    "ingen selvmordstanker",
    "nægter selvmordstanker",
    "ikke selvmordstruet",
    "ingen tegn på overdosis",
    "ikke skæv i ansigtet",
    "har ikke slået hovedet",
    "ikke forvirret",
    "ingen kraftig blødning",
    "ikke forgiftet",
    "ingen åndenød",
    "ikke sløv",
    "ikke uklar",
    "Ingen brystsmerter, ingen åndenød, ikke bevidstløs.",
]


@pytest.mark.parametrize("note", NEGATED)
def test_negated_findings_raise_no_flag(note: str) -> None:
    assert flags(note) == []


# Phrases whose meaning is itself negative are findings, not denials.
SELF_NEGATING = [
    ("ikke vågen", "unconscious"),
    ("han er ikke vågen", "unconscious"),
    ("kan ikke vågne", "unconscious"),
    ("reagerer ikke", "unconscious"),
    ("reagerer ik", "unconscious"),
    ("svarer ikke", "unconscious"),
    ("ikke kontaktbar", "unconscious"),
    ("trækker ikke vejret", "cardiac_arrest"),
    ("kan ikke få luft", "breathing_difficulty"),
    ("ingen puls", "cardiac_arrest"),
    ("ikke ved bevidsthed", "unconscious"),
    ("ingen brystsmerter, men reagerer ikke", "unconscious"),
]


@pytest.mark.parametrize(("note", "code"), SELF_NEGATING)
def test_negative_meaning_phrases_raise_flags(note: str, code: str) -> None:
    assert code in flags(note)


# A negation reaches only within its clause and a few words; pseudo-negations do not deny.
NEGATION_REACH = [
    ("ingen brystsmerter, men kan ikke få luft", ["breathing_difficulty"]),
    ("ingen brystsmerter men bevidstløs", ["unconscious"]),
    ("ingen kramper og bevidstløs", ["unconscious"]),
    ("ikke bevidstløs; kramper", ["seizure"]),
    ("ingen feber hoste eller brystsmerter", ["chest_pain"]),  # too far from "ingen"
    ("vil ikke åbne døren har brystsmerter", ["chest_pain"]),
    ("ikke kun brystsmerter", ["chest_pain"]),
    ("ved ikke om han har brystsmerter", ["chest_pain"]),
    ("ingen tvivl om brystsmerter", ["chest_pain"]),
    ("ligger uden for bevidstløs", ["unconscious"]),
    ("reagerer ikke bevidstløs", ["unconscious"]),  # the "ikke" belongs to the finding
]


@pytest.mark.parametrize(("note", "expected"), NEGATION_REACH)
def test_negation_reach(note: str, expected: list[str]) -> None:
    assert flags(note) == expected


# Words that look like findings but are not.
NOT_FLAGS = [
    "krampe i læggen",
    "trykket på knappen",
    "krammer sin hund",
    "det er uklart hvad han vil",
    "taler tydeligt",
    "faldt ned af en stol",
    "har taget sine piller som han skal",
    "tager piller for blodtrykket",
    "bor alene, har drukket, vil bare snakke",
    "min kone er død for to år siden, jeg er så ensom",
    # Real words one letter from a red-flag word are not typos of it.
    "er helt bevidst om det",  # not "bevidstl."
    "bor i hovedstaden",  # not "hovedskade"
    "sår på overfladen",  # not "overfaldet"
    "har våde støvler på",  # not "snøvler"
    "katten sidder på skødet",  # not "skoldet"
    "hjemløs mand på bænk, beruset, vågner ved tiltale",
    "",
    "   ",
]


@pytest.mark.parametrize("note", NOT_FLAGS)
def test_look_alikes_and_social_calls_raise_no_flag(note: str) -> None:
    assert flags(note) == []


def test_no_notes_is_no_flag() -> None:
    assert find_red_flags(symptoms=[], urgency=None, notes=None) == []


@pytest.mark.parametrize(
    ("note", "evidence"),
    [
        ("Pt har BRYST-SMERTER siden kl. 14", "bryst-smerter"),
        ("fundet Bevidstløs i entreen", "bevidstløs"),
        ("brystsmeter", "brystsmeter"),
        ("meget ondt i hele brystet", "ondt i hele brystet"),
        ("trykken for brystet", "trykken for brystet"),  # the whole phrase, not "trykken"
        ("kan ik få luft", "kan ik få luft"),
    ],
)
def test_evidence_is_the_words_as_written(note: str, evidence: str) -> None:
    (flag,) = find_red_flags(symptoms=[], urgency=None, notes=note)
    assert flag.evidence == evidence
    assert flag.source == "notes"


def test_pregnancy_with_bleeding_anywhere_in_the_note() -> None:
    (flag,) = find_red_flags(symptoms=[], urgency=None, notes="gravid i uge 30, bløder")
    assert flag == RedFlag("pregnancy_complication", "notes", "gravid … bløder", True)
    assert flags("ikke gravid, bløder lidt fra næsen") == []


@pytest.mark.parametrize(
    ("symptoms", "expected"),
    [
        (["chest_pain"], [RedFlag("chest_pain", "symptoms", "chest_pain", True)]),
        (["head_injury"], [RedFlag("head_injury", "symptoms", "head_injury", False)]),
        ([" Unconscious "], [RedFlag("unconscious", "symptoms", "unconscious", True)]),
        (["loneliness", "alcohol"], []),  # social codes are not red flags
        (["no_such_code"], []),
    ],
)
def test_symptom_codes_are_red_flags(symptoms: list[str], expected: list[RedFlag]) -> None:
    assert find_red_flags(symptoms=symptoms, urgency=None, notes=None) == expected


@pytest.mark.parametrize(
    ("urgency", "expected"),
    [
        ("A", [RedFlag("urgency_a", "urgency", "hastegrad A", True)]),
        ("a", [RedFlag("urgency_a", "urgency", "hastegrad A", True)]),
        ("B", [RedFlag("urgency_b", "urgency", "hastegrad B", False)]),
        ("C", []),
        ("E", []),
        (None, []),
    ],
)
def test_handler_urgency_a_or_b_is_a_red_flag(urgency: str | None, expected: list) -> None:
    assert find_red_flags(symptoms=[], urgency=urgency, notes=None) == expected


def test_life_threat_of_a_note_flag_comes_from_the_vocabulary() -> None:
    (head,) = find_red_flags(symptoms=[], urgency=None, notes="har slået hovedet")
    (chest,) = find_red_flags(symptoms=[], urgency=None, notes="brystsmerter")
    assert (head.life_threatening, chest.life_threatening) == (False, True)


def test_order_is_symptoms_then_urgency_then_notes_one_flag_per_code() -> None:
    result = find_red_flags(
        symptoms=["chest_pain", "chest_pain"],
        urgency="A",
        notes="Brystsmerter og bevidstløs. Kramper. Bevidstløs igen.",
    )
    assert result == [
        RedFlag("chest_pain", "symptoms", "chest_pain", True),  # first evidence wins
        RedFlag("urgency_a", "urgency", "hastegrad A", True),
        RedFlag("unconscious", "notes", "bevidstløs", True),
        RedFlag("seizure", "notes", "kramper", True),
    ]


def test_note_flags_come_in_reading_order() -> None:
    assert flags("kramper, derefter bevidstløs, nu ondt i brystet") == [
        "seizure", "unconscious", "chest_pain",
    ]


def test_every_red_flag_code_has_phrases_and_no_phrase_has_an_unknown_code() -> None:
    assert set(RED_FLAG_PHRASES) == RED_FLAG_CODES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bevidstløs, BLÅ om læberne!", ["bevidstloes", "blaa", "om", "laeberne"]),
        ("kan ik' få luft", ["kan", "ikke", "faa", "luft"]),
        ("bryst-smerter; 80 år", ["bryst", "smerter", "80", "aar"]),
        ("he cant move, cannot feel", ["he", "can", "t", "move", "can", "t", "feel"]),
        ("kanten, Ｃａｎｔ", ["kanten", "can", "t"]),
    ],
)
def test_words_are_lowercased_folded_and_without_punctuation(
    text: str, expected: list[str]
) -> None:
    assert words(text) == expected
    assert normalise(text) == " ".join(expected)


def test_phrases_may_not_cross_a_clause_boundary() -> None:
    with pytest.raises(ValueError, match="clause"):
        Lexicon({"chest_pain": ("ondt og trist",)})


NOTE_400 = (
    "Ældre mand på 80 år ringer kl. 14.30, bor alene og er meget ensom. Har drukket 3 øl i "
    "aften, siger han har lidt trykken for brystet men ingen åndenød, ikke bevidstløs. Virker "
    "urolig og utryg, vil bare snakke med nogen. Har ikke taget piller. Datteren bor i Aarhus "
    "og kommer sjældent på besøg. Hjemmeplejen kommer om morgenen. Ingen kramper, ikke skæv "
    "i ansigtet, taler tydeligt og er orienteret."
)


def test_a_long_mixed_note_flags_only_what_is_not_denied() -> None:
    flags = find_red_flags(symptoms=[], urgency=None, notes=NOTE_400)
    # åndenød, bevidstløs, piller, kramper and skæv i ansigtet are all denied in the note.
    assert [flag.code for flag in flags] == ["chest_pain"]


@pytest.mark.parametrize(
    ("note", "code"),
    [
        ("smerter bag brystbenet siden i morges", "chest_pain"),
        ("det strammer i brystet når han går", "chest_pain"),
        ("taler uforståeligt, pludselig opstået", "stroke_signs"),
    ],
)
def test_phrasings_found_missing_by_hand_written_calls(note: str, code: str) -> None:
    assert [flag.code for flag in find_red_flags(symptoms=[], urgency=None, notes=note)] == [code]


def test_afviser_denies_like_a_call_handler_means_it() -> None:
    assert find_red_flags(symptoms=[], urgency=None, notes="pt afviser brystsmerter") == []


# Text pasted from phones and web forms: fullwidth letters, ligatures, zero-width and
# other invisible format characters must hide no red flag.
@pytest.mark.parametrize(
    ("note", "code"),
    [
        ("ｂｒｙｓｔｓｍｅｒｔｅｒ", "chest_pain"),
        ("ＢＥＶＩＤＳＴＬØＳ", "unconscious"),
        ("bryst\u200bsmerter", "chest_pain"),
        ("bevidst\u00adløs", "unconscious"),
        ("hjerte\u2060stop", "cardiac_arrest"),
        ("kramper\ufeff", "seizure"),
        ("ｋａｎ ｉｋｋｅ ｆå ｌｕｆｔ", "breathing_difficulty"),
        ("selvmordstanker\u202e", "suicidal"),
    ],
)
def test_fullwidth_and_invisible_characters_hide_no_red_flag(note: str, code: str) -> None:
    assert flags(note) == [code]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # "/" and " - " end a clause: "ingen" does not reach, nor join a phrase, across them.
        ("ingen brystsmerter / vejrtrækning ubesværet", []),
        ("ingen feber - bevidstløs", ["unconscious"]),
        # The full stop of "hø." ends no clause.
        ("lammet i hø. arm", ["stroke_signs"]),
    ],
)
def test_clause_marks_and_abbreviations(note: str, expected: list[str]) -> None:
    assert flags(note) == expected

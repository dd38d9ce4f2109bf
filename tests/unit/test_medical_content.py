import pytest

from app.triage.notes.lexicon_da import RED_FLAG_PHRASES
from app.triage.notes.medical_content import MEDICAL_GROUPS, MedicalFinding, find_medical_content
from app.triage.notes.medical_lexicon_da import MEDICAL_PHRASES, RED_FLAG_GROUPS


def groups(notes: str | None) -> list[str]:
    return [finding.group for finding in find_medical_content(notes)]


# Each group in several phrasings: lay words, a typo, an inflection, a compound written
# apart, English, fullwidth letters, handler shorthand.
POSITIVES = [
    ("han har fået hjertestop", "cardiac_arrest"),
    ("han trækker ikke vejret", "cardiac_arrest"),
    ("vi giver hlr", "cardiac_arrest"),
    ("he is not breathing", "cardiac_arrest"),
    ("hun ser død ud", "cardiac_arrest"),
    ("har brystsmerter", "chest_pain"),
    ("brystsmeter siden i går", "chest_pain"),
    ("bryst-smerterne er værre", "chest_pain"),
    ("det gør ondt ud i armen", "chest_pain"),
    ("hjertet hamrer derudad", "chest_pain"),
    ("my father has chest pain", "chest_pain"),
    ("ｂｒｙｓｔｓｍｅｒｔｅｒ", "chest_pain"),
    ("bryst\u200bsmerter", "chest_pain"),
    ("kan ikke få vejret", "breathing"),
    ("stakåndet og hoster", "breathing"),
    ("hun hoster meget", "breathing"),
    ("resp. besvær", "breathing"),
    ("she can't breathe", "breathing"),
    ("hun siger ingenting", "unconscious"),
    ("pt. bevl.", "unconscious"),
    ("ligger helt slap i sengen", "unconscious"),
    ("he passed out", "unconscious"),
    ("skæv i ansigtet", "stroke"),
    ("kan ikke løfte hø. arm", "stroke"),
    ("snøvler og taler grødet", "stroke"),
    ("kan pludselig ikke finde ordene", "stroke"),
    ("slurred speech", "stroke"),
    ("krampeanfald", "seizure"),
    ("har krampet i fem minutter", "seizure"),
    ("fråde om munden", "seizure"),
    ("having a seizure", "seizure"),
    ("hun bløder", "bleeding"),
    ("næseblødning der ikke stopper", "bleeding"),
    ("bleeding from the arm", "bleeding"),
    ("hun har tømt pilleglasset", "poisoning_overdose"),
    ("har slugt sine sovepiller", "poisoning_overdose"),
    ("har taget en overdosis", "poisoning_overdose"),
    ("she took all her pills", "poisoning_overdose"),
    ("allergisk reaktion efter rejer", "allergy"),
    ("hævet tunge", "allergy"),
    ("nøddeallergi", "allergy"),
    ("allergic reaction", "allergy"),
    ("lavt blodsukker", "diabetes"),
    ("BS 2,1", "diabetes"),
    ("føling", "diabetes"),
    ("low blood sugar", "diabetes"),
    ("feber", "fever_infection"),
    ("høj feber og kulderystelser", "fever_infection"),
    ("lungebetændelse", "fever_infection"),
    ("fever since yesterday", "fever_infection"),
    ("slået hovedet", "head_injury"),
    ("bule i panden", "head_injury"),
    ("hit his head", "head_injury"),
    ("han kan ikke røre benene", "stroke"),
    ("ondt i ryggen", "neck_back_injury"),
    ("back pain", "neck_back_injury"),
    ("faldet ned fra taget", "fall_from_height"),
    ("faldet ned fra stigen", "fall_from_height"),
    ("ligger på gulvet", "fall_from_height"),
    ("tør ikke rejse sig", "fall_from_height"),
    ("he fell down the stairs", "fall_from_height"),
    ("trafikulykke", "traffic"),
    ("påkørt af en bil", "traffic"),
    ("hit by a car", "traffic"),
    ("skoldet med kogende vand", "burns_scalds"),
    ("har brændt sig på komfuret", "burns_scalds"),
    ("burned her hand", "burns_scalds"),
    ("næsten druknet", "drowning"),
    ("faldet i havnen", "drowning"),
    ("nearly drowned", "drowning"),
    ("underafkølet", "cold_heat"),
    ("hedeslag", "cold_heat"),
    ("hypothermia", "cold_heat"),
    ("vandet er gået", "pregnancy_birth"),
    ("gravid i uge 20", "pregnancy_birth"),
    ("hun har veer", "pregnancy_birth"),
    ("pregnant with contractions", "pregnancy_birth"),
    ("kaster op", "abdominal_pain"),
    ("diarré", "abdominal_pain"),
    ("ondt i maven", "abdominal_pain"),
    ("mavesmeter", "abdominal_pain"),
    ("vomiting all night", "abdominal_pain"),
    ("vil tage sit liv", "suicidal_selfharm"),
    ("træt af livet", "suicidal_selfharm"),
    ("wants to commit suicide", "suicidal_selfharm"),
    ("noget galt i halsen", "foreign_body"),
    ("har slugt et batteri", "foreign_body"),
    ("choking on food", "foreign_body"),
    ("barnet har feber", "sick_child"),
    ("babyen er slap", "sick_child"),
    ("sick baby", "sick_child"),
    ("hovedpine", "headache"),
    ("ondt i hovedet", "headache"),
    ("migraine", "headache"),
    ("svimmel", "dizziness_fainting"),
    ("er besvimet", "dizziness_fainting"),
    ("she collapsed", "dizziness_fainting"),
    ("armen sidder forkert", "wounds_fractures"),
    ("brækket armen", "wounds_fractures"),
    ("hoftebrud", "wounds_fractures"),
    ("I think it is broken", "wounds_fractures"),
    ("overfaldet på gaden", "violence_assault"),
    ("knivstukket", "violence_assault"),
    ("was stabbed", "violence_assault"),
    ("bidt af en hund", "bites_stings"),
    ("hvepsestik", "bites_stings"),
    ("bee sting", "bites_stings"),
    ("kan ikke tisse", "urinary"),
    ("svie ved vandladning", "urinary"),
    ("can't pee", "urinary"),
    ("ondt i øret", "eye_ear_nose_throat"),
    ("ondt i halsen", "eye_ear_nose_throat"),
    ("sore throat", "eye_ear_nose_throat"),
    ("psykotisk", "psychosis_confusion"),
    ("pludselig forvirret", "psychosis_confusion"),
    ("hallucinating", "psychosis_confusion"),
    ("har fået elektrisk stød", "electric_injury"),
    ("ramt af lynet", "electric_injury"),
    ("electric shock", "electric_injury"),
    ("han er helt grå", "unwell_unclear"),
    ("sveder og er klam", "unwell_unclear"),
    ("har det rigtig skidt", "unwell_unclear"),
    ("helt ude af den", "unwell_unclear"),
    ("ser forkert ud", "unwell_unclear"),
    ("feels unwell", "unwell_unclear"),
    ("har ondt", "pain"),
    ("knæsmerter", "pain"),
    ("knæ-smerter", "pain"),
    ("it hurts", "pain"),
    ("kendt med KOL", "known_condition"),
    ("der er noget med hendes fod", "body_part"),
    ("barnet har slugt en mønt", "foreign_body"),
    ("han ligger på gulvet og snorker underligt", "unconscious"),
    ("har drukket en flaske vodka og taget en masse sovepiller oveni", "poisoning_overdose"),
    ("hun har slugt lykkepillerne", "poisoning_overdose"),
    ("spist hovedpinetabletter i nat", "poisoning_overdose"),
    ("han vil afslutte sit liv", "suicidal_selfharm"),
    ("mor er blevet forvirret siden i går", "psychosis_confusion"),
    ("something is wrong with his knee", "body_part"),
    ("han holder sig til skulderen", "body_part"),
    ("sukkersyge", "known_condition"),
    ("får insulin", "known_condition"),
    ("får blodfortyndende", "known_condition"),
    ("har en pacemaker", "known_condition"),
    ("i dialyse", "known_condition"),
    ("lungekræft", "known_condition"),
    ("on blood thinners", "known_condition"),
    # Limbs that no longer obey are grave whatever the cause; English typed without
    # apostrophes ("cant", "doesnt", "cannot") reads as with them.
    ("he fell down the stairs and cant move his legs", "stroke"),
    ("faldt på trappen, kan ikke mærke benene", "stroke"),
    ("hun kan ikke røre armene", "stroke"),
    ("he is paralysed from the waist", "stroke"),
    ("she doesnt wake up", "unconscious"),
    ("he cannot breathe", "breathing"),
    ("he isnt responding", "unconscious"),
    ("han ser helt forfærdelig ud i dag", "unwell_unclear"),
    ("min mand har det frygteligt", "unwell_unclear"),
    ("she looks awful", "unwell_unclear"),
    ("hun snakker i øst og vest og kan ikke huske hvor hun bor", "psychosis_confusion"),
    ("han taler bare sludder", "psychosis_confusion"),
    ("he is talking nonsense", "psychosis_confusion"),
    ("baby på 3 uger er meget varm", "fever_infection"),
    ("the baby is burning up", "fever_infection"),
    ("hun har spist en hel pakke panodiler fordi hun var ked af det", "poisoning_overdose"),
    ("he took the whole bottle of his pain killers", "poisoning_overdose"),
    ("han har drukket af en flaske med rengøringsmiddel", "poisoning_overdose"),
    ("han er 3 år og har det ikke godt", "sick_child"),
    ("drengen på 2 år vil ikke vågne ordentligt", "sick_child"),
    ("en 4-årig pige", "sick_child"),
    ("baby på 8 uger", "sick_child"),
    ("she is 4 years old", "sick_child"),
    ("ondt i hovedet, det kom pludselig som et slag", "stroke"),
    ("værste hovedpine hun nogensinde har haft", "stroke"),
]


@pytest.mark.parametrize(("note", "group"), POSITIVES)
def test_medical_content_is_found_however_it_is_written(note: str, group: str) -> None:
    assert group in groups(note)


def test_every_group_has_phrases_labels_and_a_test() -> None:
    assert set(MEDICAL_PHRASES) == set(MEDICAL_GROUPS)
    assert all(len(phrases) >= 10 for phrases in MEDICAL_PHRASES.values())
    assert sum(len(phrases) for phrases in MEDICAL_PHRASES.values()) >= 600
    assert {group for _, group in POSITIVES} == set(MEDICAL_GROUPS)
    assert all(danish and english for danish, english in MEDICAL_GROUPS.values())


@pytest.mark.parametrize(
    "phrase", [p.replace("=", "") for ps in RED_FLAG_PHRASES.values() for p in ps]
)
def test_every_red_flag_phrase_is_medical_content(phrase: str) -> None:
    assert groups(phrase) != []


def test_every_red_flag_code_has_a_medical_group() -> None:
    assert set(RED_FLAG_GROUPS) == set(RED_FLAG_PHRASES)
    assert set(RED_FLAG_GROUPS.values()) <= set(MEDICAL_GROUPS)


# Only an explicit denial cancels a finding, in Danish or English.
NEGATED = [
    "ingen brystsmerter",
    "har ikke ondt",
    "har ikke ondt i maven",
    "afviser åndenød",
    "ingen feber",
    "ikke svimmel",
    "nægter smerter",
    "ingen kramper, ingen feber",
    "har ikke slået hovedet",
    "no chest pain",
    "not bleeding",
    "denies pain",
    "without fever",
    "never had seizures",
    "isn't bleeding",
    "har ingen planer om at gøre skade på sig selv",  # the whole phrase is denied
    "ingen brystsmerter / vejrtrækning ubesværet",  # "/" ends the clause
    "Ingen brystsmerter, ingen åndenød, ikke bevidstløs.",
]


@pytest.mark.parametrize("note", NEGATED)
def test_explicitly_denied_content_is_no_finding(note: str) -> None:
    assert groups(note) == []


# A phrase whose meaning is itself negative is a finding, not a denial.
SELF_NEGATING = [
    ("reagerer ikke", "unconscious"),
    ("trækker ikke vejret", "cardiac_arrest"),
    ("not breathing", "cardiac_arrest"),
    ("kan ikke komme op", "fall_from_height"),
    ("kan ikke holde smerterne ud", "pain"),
    ("ingen brystsmerter, men reagerer ikke", "unconscious"),
    ("no pain but not responding", "unconscious"),
]


@pytest.mark.parametrize(("note", "group"), SELF_NEGATING)
def test_negative_meaning_phrases_are_findings(note: str, group: str) -> None:
    assert groups(note) == [group]


# Clear social calls: they must still reach a brobygger.
SOCIAL_NOTES = [
    "har været ensom i 3 år, det er 2 år siden konen døde",
    "hun er 45 år og har ingen at snakke med",
    "dement og forvirret som altid, vil have nogen at snakke med",
    "ensom enkemand på 84, vil bare snakke med nogen",
    "har ingen at tale med, børnene kommer aldrig",
    "føler sig alene i weekenden, savner sin kone",
    "vil gerne høre en stemme inden hun går i seng",
    "ringer for at snakke, keder sig",
    "hjemløs, har ingen steder at sove i nat",
    "sover på hostel, har ingen penge til mad",
    "sparket ud af lejligheden, bor i sin bil",
    "har ikke fået en bid mad i to dage, sulten",
    "tomt køleskab, venter på kontanthjælp",
    "har drukket en del, vil have nogen at snakke med",
    "beruset men ellers ok, vil hjem",
    "fuld og ked af det, kæresten har slået op",
    "har drukket fire øl, keder sig",
    "angst, bange for at være alene i nat",
    "nervøs og urolig, vil have nogen til at komme",
    "har haft et panikanfald, har det bedre nu",
    "angst anfald igen, falder til ro under samtalen",
    "ked af det, græder, savner sin mand",
    "sorg efter hustruens død for et år siden",
    "trist og håbløs over sin situation, ingen selvmordstanker",
    "har det psykisk skidt, vil tale med en brobygger",
    "dement, utryg om natten, forvirret som hun plejer",
    "demens, kan ikke finde sine nøgler, bange",
    "glemsom, ved ikke hvad klokken er, vil have besøg",
    "har fået en regning hun ikke kan betale",
    "gæld til fogeden, mister lejligheden",
    "mangler penge til husleje, drukner i regninger",
    "har hævet alle sine penge og er bekymret",
    "skænderi med kæresten, vil bare tale",
    "konflikt i familien, sønnen ringer aldrig",
    "mor kan ikke klare børnene, udbrændt",
    "har ondt af sig selv, føler sig overset",
    "i hvert fald meget ensom i aften",
    "faldt i søvn foran fjernsynet og vågnede ensom",
    "har det dårligt med at ringe igen",
    "har det skidt med at være til besvær",
    "får kvalme over nyhederne, vil snakke politik",
    "har glædet sig til besøg der blev aflyst",
    "naboen banker på væggen hele natten, utryg",
    "det haster ikke, vil bare snakke",
    "fylder 80 i morgen og har ingen at fejre det med",
    "vil springe over aftensmaden, ikke sulten",
    "føler sig såret over at datteren ikke ringer",
    "bor alene, keder sig, vil gerne snakke med nogen",
]


@pytest.mark.parametrize("note", SOCIAL_NOTES)
def test_clear_social_notes_hold_no_medical_content(note: str) -> None:
    assert groups(note) == []


# Idioms that look medical: masked. A medical word beside them still counts.
MASKED = [
    ("ensom, cpr [CPR] ringer fra tlf [TLF]", []),  # as the scrubber leaves a personal number
    ("cpr-nr [CPR], vil snakke", []),
    ("sover i sin bil, ingen steder at bo", []),
    ("har ondt af ham", []),
    ("ondt i livet", []),
    ("i så fald ringer hun igen", []),
    ("faldet til ro", []),
    ("angst anfald", []),
    ("slået op med kæresten", []),
    ("syg af ensomhed", []),
    ("kvalme over politik", []),
    ("sick and tired of it", []),
    ("psykisk syg", []),
    ("rejsefeber", []),
    ("har ondt af ham, har ondt i maven", ["abdominal_pain"]),
    ("i hvert fald faldet på trappen", ["fall_from_height"]),
]


@pytest.mark.parametrize(("note", "expected"), MASKED)
def test_idioms_are_masked_but_nothing_around_them(note: str, expected: list[str]) -> None:
    assert groups(note) == expected


@pytest.mark.parametrize(
    ("note", "findings"),
    [
        (
            "Faldet på trappen, ONDT I MAVEN og kaster op. Kendt KOL.",
            [
                MedicalFinding("fall_from_height", "faldet på trappen"),
                MedicalFinding("abdominal_pain", "ondt i maven"),
                MedicalFinding("known_condition", "kol"),
            ],
        ),
        # One finding per group; "ondt" inside "ondt i hovedet" is not also "pain".
        ("ondt i hovedet, mere ondt i hovedet", [MedicalFinding("headache", "ondt i hovedet")]),
        ("Ｈｏｖｅｄｐｉｎｅ", [MedicalFinding("headache", "hovedpine")]),
    ],
)
def test_findings_come_one_per_group_in_note_order_with_evidence(
    note: str, findings: list[MedicalFinding]
) -> None:
    assert find_medical_content(note) == findings


@pytest.mark.parametrize("note", [None, "", "   ", "123 456"])
def test_no_note_is_no_finding(note: str | None) -> None:
    assert find_medical_content(note) == []


def test_a_social_note_with_one_medical_word_is_medical() -> None:
    note = "ensom, har drukket, vil snakke, men har lidt ondt i brystet"
    assert groups(note) == ["chest_pain"]

"""Medical complaints in a caller's own words, outside the red-flag lexicon (demo data only).

Real callers rarely say "brystsmerter" or "åndenød": they say what they see and feel. These
phrases describe the same red flags and mild complaints as `phrases_da`, by symptoms and
lay words that the lexicon (`app.triage.notes.lexicon_da`) does not hold, so that the flag model
learns that a note without a keyword is not thereby social. Tags as in `phrases_da`:
"n:" noun phrase, "v:" verb phrase after a subject, "a:" state, "s:" whole clause. A test
keeps every phrase free of red flags and social signals.
"""

LAY_PHRASES: dict[str, tuple[str, ...]] = {
    # Red flags, by the vocabulary's codes.
    "chest_pain": (
        "v:har det rigtig skidt, grå i huden og svedig",
        "s:det føles som om noget tungt sidder midt i ham",
        "v:har en tyngde midt i kroppen der går op i halsen",
        "v:sveder koldt og har ondt op i kæben",
        "s:det gør ondt under slipset og ned ad armen",
        "v:holder sig på midten af kroppen og er helt hvid",
    ),
    "breathing_difficulty": (
        "v:sidder foroverbøjet og snapper efter luften",
        "v:må sætte sig efter to skridt for at få pusten",
        "s:det piber og hvæser når hun ånder ud",
        "a:helt forpustet bare af at sidde stille",
        "v:kan næsten ikke snakke for at hive luft ind",
    ),
    "stroke_signs": (
        "s:den ene side af munden er gledet ned",
        "v:taber kaffekoppen med den ene hånd og snakker mærkeligt",
        "s:ordene kommer forkert ud og armen vil ikke lystre",
        "v:kan ikke smile ordentligt i den ene side",
        "s:benet slæber og stemmen lyder grødet, det kom lige pludselig",
    ),
    "unconscious": (
        "v:ligger på gulvet og siger ingenting når man ruster i ham",
        "s:han er helt væk, øjnene er lukkede og han rører sig ikke",
        "v:gik ud som et lys og ligger stadig",
        "s:vi får ikke liv i ham",
    ),
    "reduced_consciousness": (
        "a:helt tåget og falder i søvn midt i en sætning",
        "v:glider hele tiden væk og er ikke rigtig til stede",
        "v:kigger bare ud i luften og svarer forkert",
    ),
    "cardiac_arrest": (
        "s:han er grå og slap, brystet bevæger sig slet ikke",
        "s:hun faldt sammen ved bordet og vi kan ikke mærke noget på halsen",
        "v:gav et par snork fra sig og er nu helt stille og blå",
    ),
    "seizure": (
        "v:rystede over det hele og savlede, nu snorker han",
        "s:armene og benene slog i gulvet i et par minutter",
        "v:stivnede, faldt og rykkede med hele kroppen",
    ),
    "severe_bleeding": (
        "v:fik kniven dybt ind i armen og det løber og løber",
        "s:håndklædet er helt rødt og vådt af blod",
        "s:der er en stor pøl blod på badeværelsesgulvet",
    ),
    "major_trauma": (
        "v:er kørt galt på cyklen med en lastbil",
        "s:bilen er røget i grøften og han sidder fast bag rattet",
        "v:faldt ned fra taget da han rensede tagrender",
    ),
    "head_injury": (
        "v:ramte karmen med panden og er blevet mærkelig bagefter",
        "v:har fået en stor bule i nakken efter at være gledet på isen",
        "s:hun tørnede ind i reolen og kaster op nu",
    ),
    "severe_allergic_reaction": (
        "s:efter rejerne blev hele ansigtet tykt og stemmen er hæs",
        "v:er stukket af en hveps og er rød og tyk over det hele",
        "s:han spiste en nød og nu klør det i munden og han hiver",
    ),
    "pregnancy_complication": (
        "s:hun venter sig i 8. måned og har pludselig meget ondt nederst",
        "s:termin om en måned, og maven bliver hård hvert femte minut",
        "s:skal føde om seks uger, der kommer vand og blod",
    ),
    "hypoglycaemia": (
        "a:sukkersyg, ryster, sveder og er mærkelig i snakken",
        "v:har taget sin insulin uden morgenmad og er helt klam",
        "s:sukkeret viser kun 2 på apparatet",
    ),
    "acute_confusion": (
        "v:snakker helt usammenhængende siden i går, det plejer han ikke",
        "v:plukker i luften og taler med folk der ikke er der",
        "s:hun er slet ikke sig selv i dag og kender ikke sit eget køkken",
    ),
    "severe_pain": (
        "v:ligger sammenkrøbet og kan ikke holde det ud",
        "s:det gør så ondt at hun kaster op",
        "v:kan ikke ligge stille for ondt i siden",
    ),
    "burns": (
        "s:har fået kogende olie ud over hånden, huden laver blærer",
        "v:væltede gryden med varm suppe ned over benene",
        "s:barnet fik fat i kedlen og hånden er rød og hvid i pletter",
    ),
    "overdose_poisoning": (
        "v:har slugt hele glasset med sin sovemedicin",
        "s:der ligger tomme pakninger på bordet og han er sløj at se på",
        "v:har fået afløbsrens i munden fra flasken under vasken",
    ),
    "suicidal": (
        "v:siger han ikke gider være her mere og har fundet et reb frem",
        "s:hun har sagt farvel til alle og står oppe på taget",
        "v:har skrevet til søsteren at det er slut nu",
    ),
    # Mild complaints, by the scenario keys of `phrases_da.MILD_PHRASES`.
    "fever": (
        "v:er brandvarm og ryster under dynen",
        "v:har været varm og syg siden i søndags",
        "v:hoster og har haft feber i tre dage",
    ),
    "abdominal": (
        "s:maven er hård og øm at røre ved",
        "v:har kastet op hele natten og har tynd mave",
        "v:har jag i siden af maven når han går",
    ),
    "dizziness": (
        "a:svimmel og kaster op",
        "s:det hele drejer rundt når hun rejser sig",
        "v:er helt ør i hovedet og går og vakler",
    ),
    "back_pain": (
        "v:har fået et jag i lænden og kan ikke rette sig op",
        "v:er gået i baglås og står skævt",
    ),
    "fall": (
        "v:kan ikke rejse sig fra gulvet efter hun gled",
        "v:er gledet i køkkenet og ligger der stadig",
        "s:hun røg på halen på badeværelset og kommer ikke op",
    ),
    "weakness": (
        "v:er ikke sig selv og gider ingenting",
        "v:er blevet mat og kraftesløs over nogle dage",
        "s:benene bærer ham ikke rigtig længere",
    ),
    "wound": (
        "v:har fået en flænge i tommelfingeren med brødkniven",
        "s:har trådt på et søm i haven",
    ),
    "urinary": (
        "v:har ikke tisset siden i morges og har ondt forneden",
        "s:det svier og brænder når hun skal tisse",
    ),
    "headache": (
        "s:hovedet dunker og lyset gør ondt i øjnene",
        "v:har en hammer i tindingen der ikke går væk",
    ),
    "cough": (
        "v:hoster gult slim op og har det varmt",
        "s:hosten bliver ved og det rasler i ham",
    ),
    "palpitations": (
        "s:hjertet hamrer derudad og slår kolbøtter",
        "v:kan mærke pulsen galopere i halsen",
    ),
    "child_fever": (
        "s:den lille er glohed og vil ikke drikke",
        "s:babyen er slap og varm og har ikke villet have sutteflasken",
    ),
}

# Context a lay note may carry: known illnesses named without a lexicon word (a past
# "blodprop i hjertet" reads as a red flag now).
LAY_CONTEXT: dict[str, tuple[str, ...]] = {
    "illness": ("kendt med KOL", "diabetiker", "hjertepatient", "kendt med epilepsi",
                "kendt hypertension", "ingen kendte sygdomme", "får blodfortyndende",
                "i behandling for kræft", "sund og rask", "kendt med atrieflimren",
                "har haft en hjerteoperation"),
}

"""The Danish phrases behind red flags and social signals, as data.

Write base forms: inflections ("smerter", "smerterne"), compounds written apart
("bryst-smerter"), æ/ø/å typed as ae/oe/aa and one-letter typos in long words are matched
without listing them. One skipped word is allowed between a phrase's words ("ondt i hele
brystet"). "=" before a word makes it match only as written. A phrase that holds its own
negation ("reagerer ikke", "ingen puls") is a finding that no other negation cancels.
Phrases never contain "og" or "men": those end a clause.
"""

RED_FLAG_PHRASES: dict[str, tuple[str, ...]] = {
    "cardiac_arrest": (
        "hjertestop", "ingen puls", "uden puls", "kan ikke mærke puls", "kan ikke finde puls",
        # Not breathing normally is how a caller describes cardiac arrest.
        "trækker ikke vejret", "trak ikke vejret", "ikke trukket vejret", "ånder ikke",
        "ingen vejrtrækning", "ingen livstegn", "livløs", "hjertemassage", "hlr",
        "genoplivning", "genopliver", "hjertestarter", "respirationsstop", "åndedrætsstop",
    ),
    "chest_pain": (
        "brystsmerter", "smerter i brystet", "smerter for brystet", "smerter i brystkassen",
        "ondt i brystet", "ondt for brystet", "ondt i brystkassen", "=trykken",
        "trykken for brystet", "trykken i brystet", "brysttrykken", "trykkende smerter",
        "jag i brystet", "stikken i brystet", "klemmer om brystet", "knugende fornemmelse",
        "hjerteanfald", "blodprop i hjertet", "ondt i hjertet", "hjertesmerter", "angina",
        "smerter i venstre arm", "smerter ud i armen", "smerter bag brystbenet",
        "ondt bag brystbenet", "trykken bag brystbenet", "strammer i brystet",
        "stramhed i brystet", "snøre sig sammen om brystet",
    ),
    "breathing_difficulty": (
        "kan ikke få luft", "kan ikke få vejret", "får ikke luft", "får ingen luft",
        "kan ikke trække vejret", "åndenød", "åndedrætsbesvær", "vejrtrækningsbesvær",
        "besværet vejrtrækning", "svært ved at trække vejret", "svært ved at få luft",
        "svært ved at få vejret", "blå om læberne", "blå i hovedet", "blålig", "cyanotisk",
        "gisper efter luft", "gisper efter vejret", "hiver efter luft", "hiver efter vejret",
        "luftsult", "kvæles", "kvælningsfornemmelse", "galt i halsen", "astmaanfald",
        "hvæsende vejrtrækning", "rallende vejrtrækning", "respirationsbesvær", "dyspnø",
        "druknet", "drukneulykke",
    ),
    "unconscious": (
        "bevidstløs", "=bevl", "=bevidstl", "ikke ved bevidsthed", "mistet bevidstheden",
        "reagerer ikke", "svarer ikke", "ikke vågen", "kan ikke vågne", "vågner ikke",
        "ikke vågnet", "kan ikke vækkes", "kan ikke vække", "ikke til at vække",
        "ikke kontaktbar", "ukontaktbar", "åbner ikke øjnene", "besvimet", "besvimer",
        "besvimelse", "faldet om", "faldt om", "falder om", "kollapset", "kollaps",
    ),
    "reduced_consciousness": (
        "uklar", "sløv", "døsig", "omtåget", "svær at vække", "svært at vække",
        "svær at få kontakt til", "nedsat bevidsthed", "påvirket bevidsthed",
        "halvt bevidstløs", "falder hen", "apatisk",
    ),
    "seizure": (
        "kramper", "krampeanfald", "krampetrækninger", "krampede",
        "epileptisk anfald", "epilepsianfald", "trækninger i hele kroppen",
        "rykninger i hele kroppen", "ryster over hele kroppen", "fået et anfald",
        "har et anfald", "får et anfald", "fik et anfald", "status epilepticus",
    ),
    "stroke_signs": (
        "skæv i ansigtet", "skæv i munden", "skæv mund", "skævt ansigt", "munden hænger",
        "mundvigen hænger", "hængende mundvig", "ansigtet hænger", "lammet i arm",
        "lammet i ben", "lammet i siden", "lammet i ene side", "lammet i højre side",
        "lammet i venstre side", "lammelse", "lammelser", "halvsidig lammelse",
        "kan ikke løfte arm", "kan ikke bruge arm", "kraftnedsættelse",
        "taler utydeligt", "taler uklart", "taler sløret", "snøvler", "sløret tale",
        "utydelig tale", "mister talen", "kan ikke finde ordene", "taler uforståeligt",
        "uforståelig tale", "kan ikke tale", "blodprop i hjernen",
        "hjerneblødning", "apopleksi", "stroke", "føleforstyrrelser",
    ),
    "severe_bleeding": (
        "bløder voldsomt", "bløder kraftigt", "bløder meget", "bløder stærkt",
        "bløder helt vildt", "kraftig blødning", "voldsom blødning", "stor blødning",
        "massiv blødning", "blødningen stopper ikke", "kan ikke stoppe blødningen",
        "vil ikke stoppe med at bløde", "blodet sprøjter", "pulserende blødning",
        "mistet meget blod", "meget blod", "blod overalt", "kaster blod op",
        "kastet blod op", "blodopkastning", "hoster blod op",
    ),
    "suicidal": (
        "tage sit liv", "tager sit liv", "taget sit liv", "tage livet af sig",
        "tager livet af sig", "slå sig selv ihjel", "slå sig ihjel", "selvmord",
        "selvmordstanker", "selvmordsforsøg", "selvmordstruet", "selvmordsfare",
        "suicidal", "suicidaltanker", "har skåret sig", "skåret i sig selv",
        "skærer i sig selv", "cutter sig", "selvskade", "selvskadende",
        "vil ikke leve", "orker ikke at leve", "ønsker ikke at leve", "ønsker at dø",
        "vil dø", "lyst til at dø", "hænge sig", "springe ud foran", "kaste sig ud foran",
        "afskedsbrev",
    ),
    "overdose_poisoning": (
        "=taget piller", "=taget mange piller", "=taget en masse piller",
        "=taget alle sine piller", "=taget for mange piller", "=taget tabletter",
        "=taget mange tabletter", "=taget sovepiller", "=taget panodiler", "slugt piller",
        "overdosis", "overdoseret", "forgiftet", "forgiftning", "drukket rensemiddel",
        "drukket kemikalier", "drukket klorin", "drukket opvaskemiddel",
        "drukket lampeolie", "kulilte", "kulilteforgiftning", "røgforgiftning",
    ),
    "major_trauma": (
        "fra stor højde", "meters højde", "trafikulykke", "færdselsuheld", "færdselsulykke",
        "trafikuheld", "bilulykke", "motorcykelulykke", "påkørt", "kørt ned", "knivstik",
        "knivstukket", "stukket med kniv", "stukket ned", "skudt", "skudsår", "fastklemt",
        "klemt fast", "højenergitraume", "multitraume", "tæsket", "slået ned", "overfaldet",
        "styrtet ned", "arbejdsulykke",
    ),
    "head_injury": (
        "slået hovedet", "slog hovedet", "slået sig i hovedet", "slog sig i hovedet",
        "hovedtraume", "hovedskade", "hovedlæsion", "slag mod hovedet", "slag i hovedet",
        "slag på hovedet", "hjernerystelse", "kraniebrud", "flænge i hovedet",
        "bløder fra hovedet", "sparket i hovedet",
    ),
    "severe_allergic_reaction": (
        "anafylaksi", "anafylaktisk", "allergisk chok", "allergisk reaktion",
        "hævet i halsen", "hævelse i halsen", "hæver i halsen", "hævet tunge",
        "tungen hæver", "hævede læber", "quinckeødem", "epipen", "adrenalinpen",
        "kan ikke synke",
    ),
    "pregnancy_complication": (
        "veer før tid", "for tidlige veer", "tidlige veer", "gravid med blødning",
        "gravid med smerter", "gravid med veer", "gravid med kramper",
        "blødning i graviditeten", "bløder under graviditeten", "svangerskabsforgiftning",
        "eklampsi", "præeklampsi", "graviditet uden for livmoderen", "ekstrauterin",
        "vandet er gået", "fødslen er gået i gang", "presseveer", "barnet er på vej",
        "spontan abort", "aborterer",
    ),
    "hypoglycaemia": (
        "lavt blodsukker", "blodsukkeret er lavt", "for lavt blodsukker", "lavt bs",
        "føling", "insulinføling", "insulinchok", "hypoglykæmi", "hypo",
    ),
    "acute_confusion": (
        "akut forvirret", "pludselig forvirret", "pludseligt forvirret", "akut forvirring",
        "pludselig forvirring", "nyopstået forvirring", "nyopstået forvirret",
        "akut konfus", "pludselig konfus", "delirium", "delirøs", "delir",
        "ved ikke hvor han er", "ved ikke hvor hun er", "ved ikke hvem han er",
        "ved ikke hvem hun er", "genkender ikke", "kan ikke genkende", "hallucinerer",
        "ser syner",
    ),
    "severe_pain": (
        "voldsomme smerter", "stærke smerter", "kraftige smerter", "ulidelige smerter",
        "uudholdelige smerter", "frygtelige smerter", "vanvittige smerter",
        "vrider sig i smerter", "skriger af smerte", "voldsomt ondt", "vildt ondt",
        "voldsom hovedpine", "værste hovedpine", "voldsomme mavesmerter",
        "voldsomme rygsmerter", "kraftige mavesmerter",
    ),
    "burns": (
        "forbrændt", "forbrænding", "forbrændinger", "brandsår", "skoldet", "skoldning",
        "brændt sig", "brandskadet", "ætsning", "ætset", "stået i brand", "brand i tøjet",
    ),
}

SOCIAL_NEED_PHRASES: dict[str, tuple[str, ...]] = {
    "loneliness": (
        "ensom", "ensomhed", "alene", "føler sig alene", "ingen at tale med",
        "ingen at snakke med", "ingen at ringe til", "ingen venner", "ingen familie",
        "ingen pårørende", "intet netværk", "ingen netværk", "isoleret", "ingen besøg",
        "mangler selskab", "savner selskab", "=savner", "enke", "enkemand",
        "mistet sin kone", "mistet sin mand",
        "lonely", "loneliness", "all alone", "so alone", "no one to talk to", "nobody to talk to",
        "don't know anyone", "dont know anyone", "no friends", "no family", "isolated",
        "kender ingen", "kender ikke nogen", "ingen at være sammen med", "ingen at holde den med",
        "ingen at holde jul med", "alene hjemme", "alene i aften", "alene i nat", "så stille",
        "huset er tomt", "huset er så tomt", "keder sig", "keder mig", "kedsomhed", "bored",
        "ingen besøger", "ingen kommer", "ingen ringer", "ingen gider", "nyflyttet",
        "flyttet hertil", "juleaften", "julen", "alene til jul",
    ),
    "anxiety": (
        "angst", "angstanfald", "angstpræget", "utryg", "utryghed", "urolig", "uro",
        "indre uro", "panik", "panikanfald", "panikangst", "bange", "nervøs",
        "hyperventilerer", "hyperventilation",
        "scared", "afraid", "worried", "anxious", "panic", "nervous", "bekymret", "bekymring",
        "tankerne kører", "kan ikke falde til ro", "kan ikke finde ro", "frygt", "tør ikke",
        "bange for", "scared to be alone",
    ),
    "alcohol": (
        "har drukket", "drukket meget", "drukket for meget", "drikker meget",
        "drikker for meget", "drikker hver dag", "fuld", "beruset", "alkohol", "alkoholiker",
        "alkoholmisbrug", "alkoholpåvirket", "bajere", "bajer", "øl", "øller", "rødvin",
        "vodka", "sprut", "=snaps", "spiritus", "afrusning", "abstinenser", "druk",
        "=etoh", "etoh-påvirket", "drikker dagligt", "alkoholiseret",
        "drunk", "drinking", "beer", "wine", "had too much", "fået for meget",
        "fået lidt for meget", "pløret", "stiv", "tømmermænd", "hangover",
    ),
    "drugs": (
        "=stoffer", "=stofferne", "stofmisbrug", "stofmisbruger", "misbruger",
        "heroinmisbruger", "stofbruger", "narko", "narkoman",
        "narkotika", "hash", "joint", "heroin", "kokain", "amfetamin", "speed",
        "metadon", "ketamin", "ecstasy", "mdma", "ghb", "benzo", "=fixer",
        "påvirket af stoffer", "ryger hash", "tager stoffer",
        "weed", "stoned", "=high",
    ),
    "homelessness": (
        "hjemløs", "hjemløshed", "på gaden", "sover ude", "sover udendørs",
        "ingen steder at sove", "intet sted at sove", "ikke noget sted at sove",
        "ikke et sted at sove", "ikke nogen steder at sove", "ikke et sted at bo",
        "ikke nogen steder at bo", "ikke et sted at være", "smidt ud af lejligheden",
        "smidt ud af sin lejlighed", "smidt ud hjemmefra",
        "ingen steder at bo", "intet sted at bo", "ikke noget sted at bo", "ingen bolig",
        "uden bolig", "uden fast bopæl", "ufb", "herberg", "forsorgshjem", "varmestue",
        "natvarmestue", "natcafé", "sofasurfer", "bor i sin bil", "sover i bilen",
        "sover i opgang",
        "nowhere to sleep", "nowhere to go", "nowhere to stay", "homeless", "sleeping rough",
        "on the street", "ingen steder at gå hen", "ingen steder at tage hen",
        "ingen steder at være", "ikke noget sted at være", "hvor skal jeg sove",
        "hvor hun skal bo", "hvor han skal bo", "hvor hun skal sove", "hvor han skal sove",
        "seng for natten", "seng til natten", "en seng", "overnatning", "sat på gaden",
        "mistet lejligheden", "mistede lejligheden", "mistet sin bolig", "lost my room",
        "lost my flat", "lost my apartment", "kicked out", "sover i sin bil", "sover i bilen",
        "sleeping in my car",
    ),
    "food": (
        "sulten", "sult", "ingen mad", "intet mad", "ikke spist", "ikke fået mad",
        "ikke fået noget at spise", "ikke noget at spise", "intet at spise", "mangler mad",
        "ikke råd til mad", "tomt køleskab",
        "=mad", "=maden", "købe mad", "gratis mad", "ikke spist i dag", "nothing to eat",
        "no food", "hungry", "=food", "køleskabet er tomt", "indkøb", "kan ikke handle",
        "madudbringning", "madservice", "food bank",
    ),
    "dementia_safety": (
        "dement", "demens", "demenssygdom", "alzheimer", "glemsom", "glemmer",
        "husker ikke", "kan ikke huske", "hukommelsesproblemer", "dårlig hukommelse",
        "forvirret", "forvirring", "konfus", "desorienteret", "faret vild",
        "vandrer rundt", "kan ikke finde hjem",
    ),
    "family_burden": (
        "familie", "=børnene", "konflikt", "konflikter", "skænderi", "skændes",
        "skilsmisse", "sociale problemer", "problemer derhjemme", "kan ikke mere",
        "udbrændt", "omsorgssvigt", "anbragt", "vold i hjemmet", "enlig mor", "enlig far",
        "ikke kommet hjem", "vil ikke snakke med mig", "svigermor", "slået op", "gået fra ham",
        "gået fra hende", "left me", "partner left", "break up", "broke up", "divorce",
        "separated", "teenager", "teenagedatter", "teenagesøn", "blander sig",
    ),
    "psychiatric_distress": (
        "ked af det", "=ked af", "trist", "depression", "deprimeret", "depressiv",
        "nedtrykt", "psykisk syg", "psykiske problemer", "psykisk dårligt", "psykiatrisk",
        "psykiatrien", "psykiater", "psykotisk", "skizofreni", "skizofren", "bipolar",
        "personlighedsforstyrrelse", "hører stemmer", "græder", "grådlabil", "mistrives",
        "stresset", "sorg", "håbløs",
        "sad", "depressed", "fortvivlet", "grief", "grieving", "upset", "unhappy", "ulykkelig",
        "desperat", "har opgivet", "heartbroken", "miserable", "crying",
    ),
    "finances_housing": (
        "husleje", "penge", "ingen penge", "=gæld", "=gælden", "økonomi", "økonomiske problemer",
        "udsat af lejligheden", "sat ud af lejligheden", "smidt ud", "udsættelse",
        "fogeden", "mister lejligheden", "mister sin lejlighed", "kontanthjælp",
        "jobcenter", "jobcentret", "=regninger", "ikke råd", "kan ikke betale",
        "no money", "=money", "pension", "pensionen", "kontoen", "bankkort", "kortet er spærret",
        "=rykker", "=rykkeren", "rykkerbrev", "regning", "elregning", "spillegæld", "lån",
        "mistet sit job", "mistet mit job", "fyret", "arbejdsløs", "dagpenge", "sagsbehandler",
        "ydelse", "ydelsen", "betale", "payday", "=rent", "bills", "debt", "lost my job",
        "unemployed", "bank card", "udlejer", "udlejeren", "lejligheden", "boligen", "vandskade",
        "=skimmel", "skimmelsvamp", "fugt i lejligheden", "varmen er gået", "naboen larmer",
        "naboerne larmer", "larm fra naboen", "støj fra naboen", "klage over", "låst sig ude",
        "låst ude", "låsesmed", "sættes ud", "smide hende ud", "smide ham ud", "eviction",
        "evicted", "landlord", "locked out", "no heating",
        "strømmen er lukket", "strøm er lukket", "lukket for strømmen", "lukket for strøm",
        "ingen strøm", "lukket for varmen", "ingen varme", "lukket for vandet", "intet vand",
        "power cut off", "electricity cut off", "no electricity",
    ),
    "needs_conversation": (
        "vil bare snakke", "vil bare tale", "bare snakke med nogen", "bare tale med nogen",
        "brug for at tale med nogen", "brug for at snakke", "brug for at tale",
        "brug for nogen at tale med", "brug for nogen at snakke med", "vil gerne snakke",
        "trænger til at snakke", "snakke med nogen", "tale med nogen",
        "tale med et menneske", "høre en stemme", "nogen at tale med",
        "nogen at snakke med",
        "=snakke", "snakke lidt", "tale lidt", "=snak", "=sludre", "fortælle om", "høre hvordan",
        "ringer bare", "talk to someone", "talk to somebody", "someone to talk to", "just talk",
        "want to talk", "wants to talk", "need to talk", "needs to talk", "chat",
        "just wanted to hear",
    ),
}

# Two cues that only together mean a pregnancy complication: "gravid i uge 30, bløder".
PREGNANT = "_pregnant"
PREGNANCY_SIGN = "_pregnancy_sign"
PREGNANCY_CUES: dict[str, tuple[str, ...]] = {
    PREGNANT: ("gravid", "graviditet", "=svanger", "højgravid"),
    PREGNANCY_SIGN: (
        "=bløder", "=bløde", "=blødning", "=blødningen", "=blødninger", "veer", "mavesmerter",
        "ondt i maven", "smerter i maven",
    ),
}

# Phrases whose words are not the finding they look like.
MASKS: tuple[str, ...] = (
    "krampe i læggen", "krampe i benet", "krampe i foden", "krampe i låret",
    "krampe i hånden", "krampe i tæerne", "trykken i hovedet", "trykken i ørerne",
    "fuld af", "fuld fart", "fuld tid", "ikke alene",
)

# Real words one letter away from a phrase word: never read them as typos.
NOT_TYPOS: tuple[str, ...] = (
    "kramme", "krammer", "klamper", "kramer", "krympe", "krymper", "herbert", "hermine",
    "dementi", "sparer", "drukne", "drukner", "uklart", "skolet", "sultan", "brandt",
    "utrolig", "utroligt", "glæde", "glæder", "grader", "hovedstad", "hovedstaden",
    "overflade", "føring", "gemmer", "støvle", "støvler", "besvige", "besviger", "skaldet",
    "skødet", "damens", "basere", "baserer", "pressede", "svinger", "varmeste",
)

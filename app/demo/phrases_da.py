"""Danish phrase banks for the synthetic call notes (demo data only, invented text).

Every phrase carries its grammatical form so the grammar in `notes_da` can join it
naturally: "n:" a noun phrase ("brystsmerter"), "v:" a verb phrase that follows a
subject ("har drukket"), "a:" an adjective or state ("ensom"), "s:" a whole clause.
Phrases name red flags and social needs by the vocabulary's codes.
"""

RED_FLAG_PHRASES: dict[str, tuple[str, ...]] = {
    "chest_pain": (
        "n:brystsmerter", "n:smerter i brystet", "v:har ondt i brystet", "n:trykken for brystet",
        "n:trykkende smerter i brystet", "n:jagende smerter i brystet", "n:brystsmerte",
        "n:smerter bag brystbenet", "n:knugende fornemmelse i brystet",
        "s:det strammer i brystet", "v:har trykken for brystet", "n:brystsmerter i hvile",
        "s:føles som en elefant der sidder på brystet", "n:ondt i brystet",
    ),
    "breathing_difficulty": (
        "n:åndenød", "v:har svært ved at få vejret", "n:besværet vejrtrækning",
        "v:kan ikke få luft", "v:hiver efter vejret", "n:dyspnø", "n:udtalt åndenød",
        "v:kan kun sige få ord ad gangen", "n:hvæsende vejrtrækning", "a:forpustet i hvile",
        "v:kan ikke trække vejret ordentligt", "n:KOL-forværring med åndenød",
        "n:astmaanfald, ventoline hjælper ikke", "n:vejrtrækningsbesvær",
    ),
    "stroke_signs": (
        "a:skæv i ansigtet", "n:hængende mundvig", "n:sløret tale",
        "v:kan ikke løfte højre arm", "n:lammelse i venstre side", "v:taler uforståeligt",
        "v:har pludselig svært ved at finde ordene", "n:føleforstyrrelser i venstre side",
        "n:halvsidig lammelse", "s:FAST positiv", "a:skæv i munden og slap i armen",
    ),
    "unconscious": (
        "a:bevidstløs", "v:reagerer ikke", "v:kan ikke vækkes", "v:ligger livløs",
        "a:ukontaktbar", "s:ingen kontakt til pt.", "v:reagerer ikke på tiltale",
    ),
    "reduced_consciousness": (
        "a:sløv", "a:svær at vække", "a:omtåget og sløv", "a:døsig og svær at holde vågen",
        "n:nedsat bevidsthed", "a:meget sløv og uklar",
    ),
    "cardiac_arrest": (
        "v:trækker ikke vejret", "n:hjertestop", "s:ingen puls", "a:livløs uden vejrtrækning",
        "v:gisper", "s:HLR igangsat af pårørende", "s:hjertelungeredning i gang",
    ),
    "seizure": (
        "n:krampeanfald", "n:kramper", "v:har krampet i ca. 5 min", "n:epileptisk anfald",
        "v:ryster i hele kroppen og kan ikke kontaktes", "v:har haft et krampeanfald",
    ),
    "severe_bleeding": (
        "v:bløder kraftigt", "n:voldsom blødning", "v:bløder meget fra armen",
        "n:pulserende blødning", "n:blødning der ikke vil stoppe", "v:kaster blod op",
        "n:blodigt opkast",
    ),
    "major_trauma": (
        "n:trafikulykke", "a:påkørt af bil", "v:er faldet ned fra en stige, ca. 4 meter",
        "n:motorcykeluheld", "v:er faldet ned fra altanen", "n:højenergitraume",
    ),
    "head_injury": (
        "v:har slået hovedet", "v:faldt og slog hovedet", "n:sår i baghovedet",
        "n:slag mod hovedet", "v:bløder fra hovedet", "v:slog hovedet mod fortovet",
        "n:hovedtraume", "n:flænge i panden efter fald",
    ),
    "severe_allergic_reaction": (
        "n:hævelse i ansigt og læber", "n:hævet tunge", "n:hævelse i halsen",
        "n:nældefeber over hele kroppen og åndenød", "n:bistik, hæver voldsomt op",
        "n:anafylaksi", "n:allergisk reaktion med hævelse i svælget",
    ),
    "pregnancy_complication": (
        "a:gravid i uge 34 og bløder", "a:gravid med stærke mavesmerter",
        "s:vandet er gået i uge 30", "a:gravid i uge 12 med kraftig blødning",
    ),
    "hypoglycaemia": (
        "n:lavt blodsukker", "s:BS målt til 2,1", "a:insulinkrævende diabetiker, sløv og klam",
        "n:hypo", "n:føling", "s:blodsukker 2,5",
    ),
    "acute_confusion": (
        "a:pludselig forvirret", "a:akut konfus", "n:nyopstået forvirring",
        "s:ved pludselig ikke hvor hun er, det er helt nyt", "a:delirøs",
    ),
    "severe_pain": (
        "n:voldsomme smerter", "v:kan ikke holde smerterne ud", "n:stærke mavesmerter",
        "s:smerter 10/10", "v:skriger af smerte", "n:formodet hoftebrud",
        "n:udadroteret ben med voldsomme smerter", "v:kan ikke støtte på benet pga. smerter",
    ),
    "burns": (
        "n:forbrænding", "a:skoldet med kogende vand", "n:brandsår på armene",
        "a:forbrændt i ansigtet",
    ),
    "overdose_poisoning": (
        "v:har taget en overdosis", "v:har taget 20 panodiler", "v:har indtaget piller",
        "n:overdosis", "v:har taget hele sin pilleæske", "n:forgiftning",
        "v:har indtaget ukendt mængde piller sammen med alkohol",
    ),
    "suicidal": (
        "v:vil tage sit eget liv", "n:selvmordstanker med konkret plan",
        "v:har skåret sig i armene", "v:truer med at hoppe ud fra broen",
        "v:har en plan om at tage sit liv", "n:selvskade", "v:står på broen og vil springe",
    ),
}

# How call-handlers write that a red flag is absent.
NEGATED_PHRASES: dict[str, tuple[str, ...]] = {
    "chest_pain": ("ingen brystsmerter", "ikke brystsmerter", "afkræfter brystsmerter",
                   "ingen smerter i brystet", "ikke ondt i brystet"),
    "breathing_difficulty": ("ingen åndenød", "ikke åndenød", "vejrtrækning ubesværet",
                             "trækker vejret normalt", "taler i hele sætninger"),
    "unconscious": ("ikke bevidstløs", "vågen og klar", "klar og orienteret", "GCS 15"),
    "stroke_signs": ("ingen lammelser", "ikke skæv i ansigtet", "taler normalt"),
    "seizure": ("ingen kramper",),
    "head_injury": ("har ikke slået hovedet", "intet slag mod hovedet"),
    "severe_bleeding": ("ingen blødning",),
    "suicidal": ("ingen selvmordstanker", "afviser selvmordstanker", "ikke suicidal",
                 "har ingen planer om at gøre skade på sig selv"),
    "overdose_poisoning": ("har ikke taget noget", "ingen piller"),
}

SOCIAL_PHRASES: dict[str, tuple[str, ...]] = {
    "loneliness": (
        "a:ensom", "v:føler sig ensom", "a:meget ensom", "a:alene og ked af det",
        "v:har ingen at tale med", "v:sidder alene hver dag",
        "v:savner sin mand der døde i foråret",
        "s:ingen familie", "s:børnene kommer aldrig", "v:er ked af at være alene",
        "n:ensomhed", "v:har ikke talt med nogen i flere dage", "v:savner selskab",
    ),
    "anxiety": (
        "n:angst", "v:har angst", "n:angstanfald", "n:panikangst", "a:urolig og bange",
        "v:er bange for at være alene i nat", "a:kendt med angst", "n:uro i kroppen",
        "a:nervøs og rystende", "v:er angst og utryg", "v:har haft et panikanfald",
    ),
    "alcohol": (
        "v:har drukket", "s:etoh", "a:alkoholpåvirket", "a:fuld", "a:beruset",
        "v:lugter af alkohol", "v:har drukket hele dagen", "v:har drukket ca. 10 øl",
        "n:kendt alkoholmisbrug", "v:ønsker afrusning", "v:vil på afrusning", "v:drikker dagligt",
        "v:har drukket en flaske vodka", "a:påvirket af alkohol", "s:EtOH+", "n:alkoholiker",
    ),
    "drugs": (
        "a:påvirket af hash", "v:har røget hash", "a:kendt stofmisbruger", "v:tager amfetamin",
        "n:abstinenser", "a:stofpåvirket",
    ),
    "homelessness": (
        "a:hjemløs", "v:har ingen steder at sove", "v:sover udenfor",
        "a:smidt ud af sin lejlighed", "v:har ikke noget sted at bo",
        "v:opholder sig på banegården", "v:sover i en opgang",
    ),
    "food": (
        "v:har ikke spist i 2 dage", "s:ingen mad i køleskabet", "a:sulten",
        "v:har ikke råd til mad", "v:har ikke fået mad i dag",
    ),
    "dementia_safety": (
        "a:dement", "n:kendt demens", "a:utryg", "v:vandrer rundt om natten",
        "v:kan ikke finde ud af hvad klokken er", "a:forvirret som hun plejer",
        "v:vil have nogen til at komme", "v:ringer flere gange om natten",
    ),
    "family_burden": (
        "s:mor kan ikke klare børnene", "n:konflikt i familien", "n:skænderi med kæresten",
        "a:belastet familie", "s:far har drukket og børnene er bange",
        "v:kan ikke overskue hverdagen med 3 børn",
    ),
    "psychiatric_distress": (
        "a:psykisk dårlig", "v:har det psykisk skidt", "a:kendt skizofren, stabil",
        "a:kendt i psykiatrien", "a:ked af det og grædende", "a:deprimeret",
        "v:har stemmer som vanligt, ikke truende", "v:mangler sin medicin fra psykiatrien",
    ),
    "finances_housing": (
        "v:har ingen penge", "v:har fået en regning han ikke kan betale",
        "a:udsat af boligforeningen", "v:mangler penge til husleje", "n:gæld",
        "v:har mistet sin bolig",
    ),
    "needs_conversation": (
        "v:vil gerne snakke", "v:vil bare snakke med nogen", "v:ønsker en samtale",
        "v:har brug for én at tale med", "v:vil tale med en sygeplejerske",
        "v:har brug for at snakke", "v:vil have én at snakke med",
    ),
}

# Medical complaints without a red flag: they need a clinician, not a brobygger.
MILD_PHRASES: dict[str, tuple[str, ...]] = {
    "fever": ("n:feber", "s:temp 39,2", "v:har haft feber i 3 dage", "n:feber og hoste",
              "n:høj feber og kulderystelser"),
    "abdominal": ("n:mavesmerter", "v:har ondt i maven", "n:opkast og diarré",
                  "n:mavesmerter siden i går", "v:kaster op"),
    "dizziness": ("a:svimmel", "a:utilpas", "n:svimmelhed", "v:har det skidt og er svimmel",
                  "a:svimmel når hun rejser sig"),
    "back_pain": ("n:rygsmerter", "v:har ondt i ryggen", "n:hold i ryggen",
                  "n:lændesmerter"),
    "fall": ("v:er faldet og kan ikke komme op", "v:ligger på gulvet", "n:fald i hjemmet",
             "v:er gledet i badet", "v:er faldet, ingen smerter"),
    "weakness": ("n:almen svækkelse", "v:spiser og drikker ikke", "a:slap og træt",
                 "a:dårlig gående", "n:tiltagende svækkelse"),
    "wound": ("n:sår på hånden", "v:har skåret sig i fingeren", "n:forstuvet ankel",
              "a:hævet ankel efter fald"),
    "urinary": ("n:kateterproblemer", "v:kan ikke lade vandet", "n:svie ved vandladning"),
    "headache": ("n:hovedpine", "v:har haft hovedpine i flere dage", "n:migræne"),
    "cough": ("n:hoste", "n:hoste og ondt i halsen", "n:forkølelse"),
    "palpitations": ("n:hjertebanken", "s:hjertet slår hurtigt", "n:uregelmæssig puls"),
    "child_fever": ("s:barnet har feber", "a:sløvt barn med feber", "s:barnet har kastet op"),
}

CONTEXT_PHRASES: dict[str, tuple[str, ...]] = {
    "alone": ("bor alene", "bor alene i lejlighed", "enkemand, bor alene", "enke, bor alene"),
    "home": ("i egen bolig", "i lejlighed på 3. sal", "bor med sin kone", "bor med sin mand",
             "har hjemmepleje 2 gange dagligt"),
    "care_home": ("på plejehjem", "på plejecentret", "beboer på plejehjem"),
    "illness": ("kendt med KOL", "diabetiker", "hjertepatient", "tidl. blodprop i hjertet",
                "kendt med epilepsi", "kendt hypertension", "ingen kendte sygdomme",
                "får blodfortyndende", "i behandling for kræft", "sund og rask",
                "kendt med atrieflimren", "tidl. apopleksi"),
    "known": ("kendt borger", "ringer igen", "har ringet 4 gange i dag",
              "ringer flere gange om ugen", "kendt af AMK", "kendt fra tidligere opkald",
              "ringer for 3. gang i nat"),
    "observation": ("vågen og klar", "taler normalt", "normal hudfarve", "går selv rundt",
                    "sidder i sin stol", "har spist og drukket", "ingen feber",
                    "virker rolig under samtalen"),
    "severe_observation": ("bleg og klamtsvedende", "klam og grå i huden", "kvalme",
                           "udstråler til venstre arm", "stråler ud i kæben",
                           "har taget nitro uden effekt", "respirationsfrekvens 30",
                           "saturation 86 %"),
}

TIME_QUALIFIERS: tuple[str, ...] = (
    "siden i morges", "siden i går", "i ca. 1 time", "i nat", "siden kl. 14",
    "gennem et par dage", "tiltagende", "pludseligt opstået", "det sidste kvarter",
    "siden frokost", "i ca. 20 min",
)

# What the call-handler did, by the urgency they set ("E": no vehicle).
ACTIONS: dict[str, tuple[str, ...]] = {
    "A": ("amb. A", "afsender A", "A-kørsel", "ambulance sendt", "ambu på vej", "sender A"),
    "B": ("sender B", "B-kørsel", "ambulance sendt", "amb. B", "ambu sendt"),
    "C": ("C-kørsel", "sender C", "ambulance uden udrykning"),
    "D": ("D-kørsel til skadestuen", "liggende transport", "D-kørsel"),
    "E": ("henvist til egen læge", "rådgivet", "lægevagt kontaktet",
          "aftalt at ringe igen ved forværring"),
}

SOCIAL_ACTIONS: tuple[str, ...] = (
    "rådgivet", "beroliget", "tilbudt at brobygger ringer i morgen",
    "overført til brobygger", "sociolance sendt", "aftalt at ringe igen ved forværring",
    "ønsker ikke ambulance", "snakket med pt. i 10 min", "henvist til egen læge",
    "kommunal kontaktperson orienteret", "vil gerne kontaktes af brobygger",
)

FEMALE_NAMES: tuple[str, ...] = (
    "Hanne", "Karen", "Bente", "Lene", "Susanne", "Mette", "Anne", "Kirsten", "Inge", "Birgit",
    "Lone", "Jette", "Pia", "Tina", "Camilla", "Fatima", "Aylin", "Grethe", "Aase", "Maja",
)
MALE_NAMES: tuple[str, ...] = (
    "Jens", "Peter", "Michael", "Lars", "Henrik", "Søren", "Thomas", "Niels", "Jørgen", "Ole",
    "Hans", "Per", "Erik", "Kim", "Poul", "Morten", "Mads", "Rasmus", "Ahmed", "Ali", "Ib",
)
FIRST_NAMES: tuple[str, ...] = FEMALE_NAMES + MALE_NAMES

STREETS: tuple[str, ...] = (
    "Søndergade", "Vestergade", "Nørregade", "Østergade", "Jægergårdsgade", "Frederiks Allé",
    "Skolevej", "Kirkevej", "Randersvej", "Viborgvej", "Grenåvej", "Silkeborgvej",
    "Tordenskjoldsgade", "Møllevej", "Stationsvej", "Bakkevej", "Engvej", "Parkvej",
    "Rosenvænget", "Lindeallé", "Gudenåvej", "Toldbodgade", "Klostertorvet", "Bispetorv",
    "Niels Juels Gade", "Brobjergparken", "Vestre Ringgade", "Hasle Ringvej",
)

# Who rings for someone else, with the sex of a name that fits them.
RELATIVES: tuple[tuple[str, str], ...] = (
    ("datteren", "female"), ("sønnen", "male"), ("hustruen", "female"), ("manden", "male"),
    ("naboen", "either"), ("svigerdatteren", "female"), ("barnebarnet", "either"),
    ("en veninde", "female"), ("kæresten", "either"), ("broren", "male"),
)

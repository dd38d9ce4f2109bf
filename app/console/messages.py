"""Every word the console shows, as (Danish, English); the glossary of DOMAIN.md decides.

The brobyggere's, admins' and auditors' words are in messages_work.py.
"""

from app.console.messages_work import WORK_MESSAGES

_LAYOUT = {
    "layout.skip": ("Spring til indhold", "Skip to content"),
    "layout.nav": ("Hovedmenu", "Main menu"),
    "layout.language": ("Sprog", "Language"),
    "layout.signout": ("Log ud", "Sign out"),
    "nav.queue": ("Kø", "Queue"),
    "nav.lookup": ("Opslag", "Look-up"),
    "nav.callbacks": ("Tilbagekald", "Callbacks"),
    "nav.cases": ("Sager", "Cases"),
    "nav.models": ("Modeller", "Models"),
    "nav.training": ("Træning", "Training"),
    "nav.users": ("Brugere", "Users"),
    "nav.keys": ("API-nøgler", "API keys"),
    "nav.audit": ("Auditlog", "Audit log"),
    "role.handler": ("visitator", "call-handler"),
    "role.brobygger": ("brobygger", "brobygger"),
    "role.admin": ("administrator", "admin"),
    "role.auditor": ("revisor", "auditor"),
    "role.dispatch": ("vagtcentralsystem", "dispatch system"),
    "error.home": ("Til forsiden", "To the start page"),
    "error.forbidden.title": ("Ingen adgang", "No access"),
    "error.forbidden.text": (
        "Siden hører til en anden rolle end din.",
        "This page belongs to another role than yours.",
    ),
    "error.csrf.title": ("Formularen blev afvist", "The form was refused"),
    "error.csrf.text": (
        "Formularen manglede sit sikkerhedsmærke (CSRF). Genindlæs siden og prøv igen.",
        "The form lacked its security token (CSRF). Reload the page and try again.",
    ),
    "error.notfound.title": ("Findes ikke", "Not found"),
    "error.notfound.text": ("Det, du bad om, findes ikke.", "What you asked for does not exist."),
}

_SIGNIN = {
    "signin.title": ("Log ind", "Sign in"),
    "signin.lead": (
        "akutbro – beslutningsstøtte til AMK-vagtcentralen.",
        "akutbro – decision support for the AMK dispatch centre.",
    ),
    "signin.username": ("Brugernavn", "User name"),
    "signin.password": ("Adgangskode", "Password"),
    "signin.submit": ("Log ind", "Sign in"),
    "signin.failed": ("Forkert brugernavn eller adgangskode.", "Wrong user name or password."),
    "signin.locked": (
        "For mange forkerte forsøg. Vent {seconds} sekunder, og prøv igen.",
        "Too many failed attempts. Wait {seconds} seconds and try again.",
    ),
}

_FLASH = {
    "flash.signed_out": ("Du er logget ud.", "You are signed out."),
    "flash.feedback_saved": (
        "Dit svar er gemt – modellen lærer af det.",
        "Your answer is saved – the model learns from it.",
    ),
    "flash.user_saved": ("Brugeren er gemt.", "The user is saved."),
    "flash.password_saved": (
        "Adgangskoden er skiftet; brugerens sessioner er afsluttet.",
        "The password is changed; the user's sessions have ended.",
    ),
    "flash.key_revoked": ("Nøglen er spærret.", "The key is revoked."),
    "flash.callback_done": (
        "Tilbagekaldet er registreret som gennemført.",
        "The callback is recorded as done.",
    ),
    "flash.callback_no_answer": (
        "Intet svar registreret; tilbagekaldet prøves igen senere.",
        "No answer recorded; the callback will be tried again later.",
    ),
    "flash.case_saved": ("Sagens status er ændret.", "The case's status is changed."),
    "flash.plan_saved": (
        "En ny version af handleplanen er gemt.",
        "A new version of the response plan is saved.",
    ),
    "flash.promoted": ("Modellen er sat i drift.", "The model is in production."),
    "flash.shadowed": ("Modellen kører nu i skygge.", "The model now runs in shadow."),
    "flash.retired": ("Modellen er taget ud af brug.", "The model is retired."),
    "flash.rolled_back": (
        "Den forrige model er sat i drift igen.",
        "The previous model is back in production.",
    ),
}

_VERDICT = {
    "verdict.ambulance": ("AMBULANCE", "AMBULANCE"),
    "verdict.brobygger": ("BROBYGGER", "BROBYGGER"),
    "verdict.protocol": ("FØLG PROTOKOL", "FOLLOW PROTOCOL"),
    "urgency.letter": ("hastegrad {letter}", "urgency {letter}"),
    "flag.social": ("Socialt opkald", "Social call"),
    "flag.medical": ("Medicinsk opkald", "Medical call"),
    "flag.mixed": ("Rødt flag og socialt behov", "Red flag and a social need"),
    "flag.uncertain": ("Modellen er usikker", "The model is uncertain"),
    "flag.unknown": ("Ingen model til rådighed", "No model available"),
    "action.send_ambulance": ("Send ambulance", "Send an ambulance"),
    "action.transfer_to_brobygger": ("Stil om til brobygger nu", "Transfer to the brobygger now"),
    "action.dispatch_sociolance": ("Send sociolancen", "Send the sociolance"),
    "action.brobygger_callback": (
        "Tilbagekald fra brobygger (ingen på vagt)",
        "Brobygger callback (none on duty)",
    ),
    "action.advice_only": ("Kun rådgivning", "Advice only"),
    "action.other": ("Andet", "Other"),
    "followup.refer_to_brobygger": (
        "Henvis til brobygger bagefter",
        "Refer to a brobygger afterwards",
    ),
    "source.symptoms": ("symptom", "symptom"),
    "source.notes": ("noter", "notes"),
    "source.urgency": ("hastegrad", "urgency"),
}

_QUEUE = {
    "queue.title": ("Aktuelle vurderinger", "Current assessments"),
    "queue.lead": (
        "Centralens vurderinger fra de seneste 12 timer. Nye kommer øverst af sig selv.",
        "The centre's assessments of the last 12 hours. New ones appear on top by themselves.",
    ),
    "queue.connecting": ("Forbinder …", "Connecting …"),
    "queue.live": ("Direkte", "Live"),
    "queue.reconnecting": ("Forbindelsen er afbrudt – prøver igen", "Connection lost – retrying"),
    "queue.empty": (
        "Ingen vurderinger de seneste 12 timer.",
        "No assessments in the last 12 hours.",
    ),
    "queue.age": ("{age} år", "age {age}"),
    "queue.degraded": ("Nedsat funktion", "Degraded"),
    "feedback.state.open": ("Afventer svar", "Awaiting answer"),
    "feedback.state.accepted": ("Accepteret", "Accepted"),
    "feedback.state.overridden": ("Overstyret", "Overridden"),
    "feedback.given": ("{state} af {who} kl. {at}", "{state} by {who} at {at}"),
}

_ASSESSMENT = {
    "assessment.back": ("Til køen", "To the queue"),
    "assessment.probability": ("social sandsynlighed {p} %", "social probability {p} %"),
    "assessment.callback_due": ("tilbagekald {at}", "callback {at}"),
    "assessment.degraded": (
        "Nedsat funktion – følg standardprotokollen:",
        "Degraded – follow the standard protocol:",
    ),
    "assessment.accept": ("Accepter", "Accept"),
    "assessment.override": ("Overstyr", "Override"),
    "assessment.red_flags": ("Røde flag", "Red flags"),
    "assessment.no_red_flags": ("Ingen røde flag fundet.", "No red flags found."),
    "assessment.reasons": ("Begrundelse", "Reasons"),
    "assessment.social_needs": ("Sociale behov", "Social needs"),
    "assessment.model": ("Model {version}", "Model {version}"),
    "assessment.contact": ("Kommunal kontaktperson", "Municipal contact person"),
    "assessment.not_participating": (
        "deltager ikke i ordningen",
        "does not take part in the scheme",
    ),
    "assessment.no_contact": (
        "Ingen kommune kendt for opkaldet.",
        "No municipality known for the call.",
    ),
    "assessment.offers": ("Tilbud åbne nu", "Offers open now"),
    "assessment.no_offers": ("Ingen tilbud fundet.", "No offers found."),
    "assessment.open_until": ("åbent {until}", "open {until}"),
    "override.title": ("Overstyr anbefalingen", "Override the recommendation"),
    "override.action": ("Handling foretaget", "Action taken"),
    "override.reason": ("Årsag", "Reason"),
    "override.text": ("Uddybning", "Details"),
    "override.optional": ("valgfri", "optional"),
    "override.submit": ("Gem overstyring", "Save override"),
    "override.close": ("Luk", "Close"),
    "override.invalid": (
        "Vælg handling og årsag for at overstyre.",
        "Choose the action and a reason to override.",
    ),
    "reason.agree": ("Enig", "Agree"),
    "reason.red_flag_missed": ("Rødt flag overset", "Red flag missed"),
    "reason.clinical_judgement": ("Klinisk vurdering", "Clinical judgement"),
    "reason.caller_known": ("Kender borgeren", "Caller known"),
    "reason.no_brobygger": ("Ingen brobygger til rådighed", "No brobygger available"),
    "reason.caller_refused": ("Borgeren afslog", "The caller refused"),
    "reason.other": ("Andet", "Other"),
}

_HISTORY = {
    "history.title": ("Historik – seneste år", "History – the last year"),
    "history.citizen": ("Borger", "Citizen"),
    "history.linked_by.cpr": ("koblet via CPR", "linked by CPR"),
    "history.linked_by.phone": ("koblet via telefon", "linked by phone"),
    "history.linked_by.None": ("ikke koblet", "not linked"),
    "history.calls_24h": ("Opkald 24 t", "Calls 24 h"),
    "history.calls_30d": ("Opkald 30 d", "Calls 30 d"),
    "history.calls_365d": ("Opkald 1 år", "Calls 1 yr"),
    "history.amb_a": ("Ambulance A", "Ambulance A"),
    "history.amb_b": ("Ambulance B", "Ambulance B"),
    "history.frequent_caller": ("Hyppig ringer", "Frequent caller"),
    "history.not_frequent": ("Ikke hyppig ringer", "Not a frequent caller"),
    "history.case": ("Brobyggersag", "Brobygger case"),
    "history.no_case": ("Ingen sag", "No case"),
    "history.opened": ("åbnet {date}", "opened {date}"),
    "history.phase": ("Fase", "Phase"),
    "history.plan": ("Handleplan", "Response plan"),
    "history.no_plan": ("Ingen handleplan", "No response plan"),
    "history.recent": ("Seneste opkald", "Recent calls"),
    "taken.unknown": ("ikke oplyst", "not reported"),
    "taken.none": ("intet sendt", "nothing sent"),
    "taken.ambulance": ("ambulance {urgency}", "ambulance {urgency}"),
    "taken.sociolance": ("sociolance", "sociolance"),
    "taken.brobygger": ("brobygger", "brobygger"),
    "phase.none": ("Ingen forløb", "No course"),
    "phase.during": ("Under forløb", "During the course"),
    "phase.after": ("Efter forløb", "After the course"),
    "chart.caption": (
        "Opkald og ambulancer pr. måned (højeste søjle: {top}).",
        "Calls and ambulances per month (tallest bar: {top}).",
    ),
    "chart.bar_title": (
        "{month} {year}: {calls} opkald, {a} ambulance A, {b} ambulance B",
        "{month} {year}: {calls} calls, {a} ambulance A, {b} ambulance B",
    ),
    "chart.calls": ("Opkald", "Calls"),
    "chart.amb_a": ("Ambulance A", "Ambulance A"),
    "chart.amb_b": ("Ambulance B", "Ambulance B"),
    "chart.month": ("Måned", "Month"),
    "chart.as_table": ("Vis som tabel", "Show as a table"),
}

_MONTHS = {
    f"month.{number}": pair
    for number, pair in enumerate(
        (
            ("januar", "January"),
            ("februar", "February"),
            ("marts", "March"),
            ("april", "April"),
            ("maj", "May"),
            ("juni", "June"),
            ("juli", "July"),
            ("august", "August"),
            ("september", "September"),
            ("oktober", "October"),
            ("november", "November"),
            ("december", "December"),
        ),
        start=1,
    )
}

_LOOKUP = {
    "lookup.title": ("Opslag på borger", "Look up a citizen"),
    "lookup.form": ("Find borger", "Find a citizen"),
    "lookup.lead": (
        "Opslaget logges med dit navn og formålet. CPR-nummeret vises ikke igen bagefter.",
        "The look-up is logged with your name and the purpose. The CPR number is not shown again.",
    ),
    "lookup.cpr": ("CPR-nummer", "CPR number"),
    "lookup.cpr_hint": ("10 cifre: DDMMÅÅ-XXXX", "10 digits: DDMMYY-XXXX"),
    "lookup.phone": ("Telefonnummer", "Phone number"),
    "lookup.purpose": ("Formål (logges)", "Purpose (logged)"),
    "lookup.choose": ("Vælg formål …", "Choose a purpose …"),
    "lookup.purpose_text": ("Uddybning af formål", "Purpose in words"),
    "lookup.purpose_hint": ("Påkrævet ved »Andet«.", 'Required for "Other".'),
    "lookup.submit": ("Slå op", "Look up"),
    "lookup.logged": ("Opslaget er logget: {purpose}", "The look-up is logged: {purpose}"),
    "lookup.unknown": (
        "Ingen tidligere 112-opkald kendt for dette nummer.",
        "No earlier 112 calls known for this number.",
    ),
    "lookup.error.cpr": ("CPR-nummeret er ikke gyldigt.", "The CPR number is not valid."),
    "lookup.error.phone": ("Telefonnummeret er ikke gyldigt.", "The phone number is not valid."),
    "lookup.error.identifier": (
        "Angiv CPR-nummer eller telefonnummer.",
        "Give a CPR number or a phone number.",
    ),
    "lookup.error.purpose": (
        "Vælg et formål (og skriv det ved »Andet«).",
        'Choose a purpose (and write it for "Other").',
    ),
    "purpose.call_in_progress": ("Igangværende 112-opkald", "112 call in progress"),
    "purpose.follow_up": ("Opfølgning på opkald", "Follow-up on a call"),
    "purpose.brobygger_case": ("Brobyggersag", "Brobygger case"),
    "purpose.other": ("Andet", "Other"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    **_LAYOUT,
    **_SIGNIN,
    **_FLASH,
    **_VERDICT,
    **_QUEUE,
    **_ASSESSMENT,
    **_HISTORY,
    **_MONTHS,
    **_LOOKUP,
    **WORK_MESSAGES,
}

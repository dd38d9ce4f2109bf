"""A small grammar that writes synthetic Danish call notes the way call-handlers type them.

Notes are composed from phrase banks (`phrases_da`), joined in one of several styles
(terse keywords, prose, a mix), then roughened with the habits of real notes:
abbreviations, typos, missing diacritics, lower case, names and street names. The text is
invented; it exists only to exercise the flag model and the console.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from random import Random
from typing import Literal

from app.demo import phrases_da as p
from app.demo.lay_phrases_da import LAY_CONTEXT, LAY_PHRASES

Caller = Literal["self", "relative", "staff", "bystander"]


@dataclass(frozen=True)
class NoteSpec:
    """What a note should mention; the grammar decides how."""

    sex: str
    age: int | None
    caller: Caller = "self"
    red_flags: tuple[str, ...] = ()
    social: tuple[str, ...] = ()
    mild: tuple[str, ...] = ()
    negated: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    known_caller: bool = False
    social_action: bool = False
    urgency: str | None = None
    coded: tuple[str, ...] = ()  # symptom codes the call-handler also set
    mention_all: bool = False  # the named hard cases always say what they are
    lay: bool = False  # complaints in the caller's own words, none from the lexicon


# Whole-word substitutions call-handlers make; the first entry is the canonical form.
_ABBREVIATIONS: tuple[tuple[str, ...], ...] = (
    ("pt.", "pt", "patienten", "pat.", "pt"),
    ("ca.", "ca", "cirka", "ca."),
    ("ambulance", "amb.", "ambu", "ambulance"),
    ("alkohol", "etoh", "alk.", "alkohol"),
    ("venstre", "ve.", "v.", "venstre"),
    ("højre", "hø.", "højre"),
    ("kl.", "kl", "klokken"),
    ("psykiatrien", "psyk.", "psykiatrien"),
    ("blodsukker", "BS", "blodsukker"),
    ("tidl.", "tidligere", "tidl"),
)
_ABBREV_RE = {
    group[0]: re.compile(r"(?<![\w.])" + re.escape(group[0]) + r"(?![\w])")
    for group in _ABBREVIATIONS
}
_KEYBOARD_NEIGHBOURS = {
    "a": "sq", "e": "wr", "i": "uo", "o": "ip", "r": "et", "t": "ry", "n": "bm", "s": "ad",
    "l": "kæ", "d": "sf", "g": "fh", "k": "jl", "m": "n", "u": "yi", "æ": "lø", "ø": "æå",
}


def compose_note(rng: Random, spec: NoteSpec) -> str:
    """Write one note for `spec`, different every time the generator's random state moves."""
    style = rng.choices(("terse", "prose", "mixed"), (0.4, 0.3, 0.3))[0]
    pronoun = {"female": "hun", "male": "han"}.get(spec.sex, "pt.")
    parts: list[str] = []
    opener = _opener(rng, spec) if rng.random() < 0.75 else None
    body: list[str] = []
    for code in spec.red_flags:
        # A red flag coded as a symptom is sometimes left out of the free text.
        if spec.mention_all or rng.random() < (0.8 if code in spec.coded else 0.95):
            bank = LAY_PHRASES[code] if spec.lay else p.RED_FLAG_PHRASES[code]
            body.append(_render(rng, _pick(rng, bank), style, pronoun, True))
            if code == "chest_pain" and not spec.lay and rng.random() < 0.5:
                body.append(rng.choice(p.CONTEXT_PHRASES["severe_observation"]))
    for key in spec.mild:
        bank = LAY_PHRASES[key] if spec.lay else p.MILD_PHRASES[key]
        body.append(_render(rng, _pick(rng, bank), style, pronoun, True))
    for code in spec.social:
        if spec.mention_all or rng.random() < (0.85 if code in spec.coded else 0.95):
            body.append(_render(rng, _pick(rng, p.SOCIAL_PHRASES[code]), style, pronoun, False))
    for code in spec.negated:
        body.append(rng.choice(p.NEGATED_PHRASES[code]))
    for key in spec.context:
        bank = LAY_CONTEXT.get(key, p.CONTEXT_PHRASES[key]) if spec.lay else p.CONTEXT_PHRASES[key]
        body.append(rng.choice(bank))
    if spec.known_caller and rng.random() < 0.7:
        body.append(rng.choice(p.CONTEXT_PHRASES["known"]))
    if rng.random() < 0.12:
        body.append(_address(rng))
    if not spec.red_flags and rng.random() < 0.15:
        body.append(rng.choice(p.CONTEXT_PHRASES["observation"]))
    rng.shuffle(body)
    if opener:
        parts.append(opener)
    parts.extend(body)
    if rng.random() < 0.5:
        if spec.urgency in ("A", "B", "C", "D"):
            actions = p.ACTIONS[spec.urgency]
        else:
            actions = p.SOCIAL_ACTIONS if spec.social_action else p.ACTIONS["E"]
        parts.append(rng.choice(actions))
    if not parts:
        # "uklar" is a red-flag word: not in a note meant to hold none.
        unclear = "henvendelse" if spec.lay else "uklar henvendelse"
        parts.append(rng.choice(("ringer", unclear, "opkald")))
    text = _join(rng, [_gender(x, spec.sex) for x in parts], style)
    return _roughen(rng, text)


def _pick(rng: Random, bank: tuple[str, ...]) -> str:
    return rng.choice(bank)


def _render(rng: Random, tagged: str, style: str, pronoun: str, medical: bool) -> str:
    form, phrase = tagged.split(":", 1)
    if medical and rng.random() < 0.3:
        phrase = f"{phrase} {rng.choice(p.TIME_QUALIFIERS)}"
    if style == "terse" or (style == "mixed" and rng.random() < 0.5):
        return phrase
    if form == "n":
        lead = rng.choice(("klager over", "har", "oplyser", "angiver", "beskriver", "med", ""))
        return f"{lead} {phrase}".strip()
    if form == "v":
        lead = rng.choice((pronoun, f"oplyser at {pronoun}", f"fortæller at {pronoun}", "pt.", ""))
        return f"{lead} {phrase}".strip()
    if form == "a":
        lead = rng.choice((f"{pronoun} er", "virker", f"{pronoun} virker", "er", ""))
        return f"{lead} {phrase}".strip()
    return phrase


def _opener(rng: Random, spec: NoteSpec) -> str:
    sex_word = {"female": "kvinde", "male": "mand"}.get(spec.sex, "person")
    parent = {"female": "mor", "male": "far"}.get(spec.sex, "mor")
    name = rng.choice(p.FIRST_NAMES)
    if spec.caller == "relative":
        who, sex = rng.choice(p.RELATIVES)
        names = {"female": p.FEMALE_NAMES, "male": p.MALE_NAMES}.get(sex, p.FIRST_NAMES)
        named = f"{who} {rng.choice(names)}" if rng.random() < 0.5 else who
        return rng.choice((
            f"{named} ringer ang. sin {parent}", f"{named} ringer", "pårørende ringer",
            f"{named} ringer på vegne af sin {parent}", f"opkald fra {named}",
        ))
    if spec.caller == "staff":
        return rng.choice((
            "hjemmeplejen ringer", f"personale fra plejecentret ringer, {name} er kontakt",
            "hjemmesygeplejerske ringer", "personale på bostedet ringer",
            f"sosu-assistent {name} ringer", "nattevagten på plejehjemmet ringer",
        ))
    if spec.caller == "bystander":
        return rng.choice((
            "forbipasserende ringer", "vidne ringer", f"ringer fra {rng.choice(p.STREETS)}",
            "buschauffør ringer", "vagt fra butikken ringer",
        ))
    if spec.age is None:
        return rng.choice(("ringer selv", "pt. ringer selv", "opkald fra pt."))
    age = spec.age
    return rng.choice((
        f"{sex_word} {age} år ringer", f"{age}-årig {sex_word}", f"{sex_word[0].upper()} {age}",
        "ringer selv", "pt. ringer selv", f"{sex_word}, {age} år, ringer selv",
        f"{age} årig {sex_word} ringer", f"{sex_word} på {age}",
    ))


def _address(rng: Random) -> str:
    street = rng.choice(p.STREETS)
    number = f"{rng.randint(1, 120)}{rng.choice(('', '', '', 'B', ', 2. th', ', st. tv'))}"
    return rng.choice((
        f"bor på {street} {number}", f"adr. {street} {number}", f"holder på {street}",
        f"står uden for Netto på {street}", f"fundet ved busstoppestedet på {street}",
        f"bor hos {rng.choice(p.FIRST_NAMES)} på {street}",
    ))


def _gender(text: str, sex: str) -> str:
    if sex == "male":
        return re.sub(r"\bhun\b", "han", text).replace("sin mand", "sin kone")
    return re.sub(r"\bhan\b", "hun", text)


def _join(rng: Random, parts: list[str], style: str) -> str:
    seps: tuple[str, ...]
    if style == "prose":
        seps = (". ", ". ", ", ", " og ")
    else:
        seps = rng.choice(((", ",), (". ",), (" - ",), ("; ",), (" / ",), ("\n",), (", ", ". ")))
    out = parts[0]
    for part in parts[1:]:
        sep = rng.choice(seps)
        out += sep + (_capital(part) if sep.strip() in {".", ""} and style != "terse" else part)
    return _capital(out) if rng.random() < 0.7 else out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _chooser(rng: Random, choices: tuple[str, ...]) -> Callable[[re.Match[str]], str]:
    """A replacement for `re.sub`: one of the choices, drawn afresh for every match."""
    return lambda _match: rng.choice(choices)


def _roughen(rng: Random, text: str) -> str:
    for group in _ABBREVIATIONS:
        if group[0] in text:
            text = _ABBREV_RE[group[0]].sub(_chooser(rng, group), text)
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) >= 4 and word.isalpha() and word.islower() and rng.random() < 0.025:
            words[i] = _typo(rng, word)
    text = " ".join(words)
    roll = rng.random()
    if roll < 0.04:
        text = text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    elif roll < 0.22:
        text = text.lower()
    if rng.random() < 0.3:
        text += "."
    return text


def _typo(rng: Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    near = _KEYBOARD_NEIGHBOURS.get(word[i])
    return word[:i] + rng.choice(near) + word[i + 1:] if near else word

"""The core's sentences in the reader's language.

The REST API answers in English (its text is part of the contract, and stored answers are
replayed as they were shown), and the pure core knows no languages. So the console reads a
sentence back into its template: every `core.*` message of the catalogue is a template in the
language the core writes it in (English; `core.da.*` Danish), the fields named by what they
hold. A matched sentence is said again from the reader's catalogue, its fields translated
too; a sentence nothing matches is shown as it came.
"""

import html
import re
from functools import cache

from markupsafe import Markup, escape

from app.console import i18n
from app.triage.vocabulary import TERMS

_FIELD = re.compile(r"\{(\w+)\}")
_ONE_URGENCY = r"urgency (?:[A-E]|unset)"
_URGENCIES = rf"{_ONE_URGENCY}(?: and {_ONE_URGENCY})*"
# What a field may hold, by its name (without a trailing digit); anything else: any text.
_SHAPES = {
    "n": r"\d+", "m": r"\d+", "urgency": "[A-E]", "suggested": "[A-E]",
    "percent": r"\d+(?:\.\d+)?%", "decimal": r"-?\d+\.\d+", "clock": r"\d\d:\d\d",
    "date": r"\d\d\.\d\d\.", "weekday": r"[A-Za-zæøå]+", "calls": r"\d+ calls?",
    "days": r"\d+ days?", "code": r"[\w-]+", "quote": r"(?: \('.+'\))?",
    "more": r"(?: and \d+ more)?", "where": "notes|symptom codes", "label": r"[\w ,'/()-]+?",
    "name": r"[^:]+?", "first": _ONE_URGENCY, "second": _URGENCIES, "urgencies": _URGENCIES,
}
_TAG = re.compile(r"<[^>]+>")
_URGENCY_WORDS = re.compile(r"\bhastegrad ([A-E])\b")
_NESTED = ("sentence", "when", "calls", "days", "hours", "where", "quote", "more", "first",
           "second", "urgencies")


def _source(key: str) -> str:
    return "da" if key.startswith("core.da.") else "en"


@cache
def _templates() -> tuple[tuple[str, re.Pattern[str]], ...]:
    found = []
    for key in i18n.message_ids():
        if not key.startswith("core."):
            continue
        text = i18n.translate(_source(key), key)
        pieces, last = [], 0
        for field in _FIELD.finditer(text):
            name = field.group(1)
            shape = _SHAPES.get(name.rstrip("0123456789"), ".+?")
            pieces += [re.escape(text[last:field.start()]), f"(?P<{name}>{shape})"]
            last = field.end()
        pieces.append(re.escape(text[last:]))
        literal = len(_FIELD.sub("", text))
        found.append((literal, key, re.compile("".join(pieces))))
    # The most specific template first: the one with the most fixed words.
    return tuple((key, pattern) for _, key, pattern in sorted(found, key=lambda f: -f[0]))


def say(lang: str, text: str | None) -> Markup:
    """A sentence of the core in `lang` as HTML (as it came when no template matches); the
    caller's own words in it are marked as a Danish quote."""
    if not text:
        return Markup("")
    for key, pattern in _templates():
        match = pattern.fullmatch(text)
        if match:
            values = {name: _field(lang, name, value) for name, value in match.groupdict().items()}
            return Markup(escape(i18n.template(lang, key, **values))).format(**values)
    return escape(text)


def say_text(lang: str, text: str | None) -> str:
    """`say` as plain text (for a script that sets it as text)."""
    # Not Markup.striptags: it would fold the no-break space before a per cent sign.
    return html.unescape(_TAG.sub("", say(lang, text))) if text else ""


def known(text: str) -> bool:
    """Whether a template matches the sentence (the tests check every core sentence)."""
    return any(pattern.fullmatch(text) for _, pattern in _templates())


def _field(lang: str, name: str, value: str) -> str:
    kind = name.rstrip("0123456789")
    if kind == "percent":
        number = float(value.rstrip("%")) / 100
        digits = len(value.rstrip("%").partition(".")[2])
        return i18n.percent(lang, number, digits)
    if kind == "decimal":
        return i18n.decimal(lang, float(value), len(value.partition(".")[2]))
    if kind == "weekday":
        return _weekday(lang, value)
    if kind == "label":
        return _label(lang, value)
    if kind == "source":
        return i18n.translate(lang, f"source.{value}") if i18n.has(f"source.{value}") else value
    if kind == "group":
        return i18n.term_label(lang)(value).lower()
    if kind == "quote" and value:
        words = _field(lang, "words", value[3:-2])
        return Markup(escape(i18n.template(lang, "core.model.quote"))).format(words=words)
    if kind == "more" and value:
        return i18n.translate(lang, "core.model.more", n=value.split()[1])
    if kind == "where":
        return i18n.translate(lang, f"core.model.where.{value.replace(' ', '_')}")
    if kind in ("calls", "days"):
        count = int(value.split()[0])
        return i18n.translate(lang, f"core.count.{kind[:-1]}", n=count)
    if kind in _NESTED:
        return say(lang, value)
    if kind in ("named", "words"):  # the caller's words; the urgency set as "hastegrad B"
        words = _URGENCY_WORDS.sub(
            lambda m: i18n.translate(lang, "urgency.letter", letter=m.group(1)), value)
        return Markup('<q lang="da" class="said">{}</q>').format(words) if words == value else words
    return value


def _weekday(lang: str, value: str) -> str:
    for day in range(7):
        key = f"core.weekday.{day}"
        if value.lower() in (i18n.translate("da", key), i18n.translate("en", key).lower()):
            return i18n.translate(lang, key)
    return value


@cache
def _labels() -> dict[str, str]:
    """Each term's English label (any case) and code, to its code."""
    found = {}
    for code, term in TERMS.items():
        found[term.label_en.lower()] = code
        found[code] = code
    return found


def _label(lang: str, value: str) -> str:
    code = _labels().get(value.lower())
    if code is None:
        return value.replace("_", " ")
    term = TERMS[code]
    label = term.label_da if lang == "da" else term.label_en
    return label.lower() if value[:1].islower() else label

"""The console's words in Danish (the default) and English; chosen by `?lang=` or a cookie.

The words live in one gettext catalogue per language (`locale/<lang>/LC_MESSAGES/console.po`),
compiled with Babel when first used: nothing to build, nothing fetched. Message ids are
keys (`queue.title`); a count picks `<key>.one` when it is 1. Numbers, percentages and
times are formatted by Babel in the language's locale ("0,72 %", "0,3 km").
"""

from collections.abc import Callable
from datetime import datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations
from fastapi import Request

from app.triage.vocabulary import TERMS

LANGUAGES = ("da", "en")
DEFAULT = "da"
COOKIE = "akutbro_lang"
DOMAIN = "console"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LOCALES = {"da": "da_DK", "en": "en_GB"}
ZONE = ZoneInfo("Europe/Copenhagen")
URGENCY_FLAGS = frozenset({"urgency_a", "urgency_b"})
# Dates and times as each language writes them (CLDR patterns).
TIME_PATTERNS = {
    "time": {"da": "HH:mm:ss", "en": "HH:mm:ss"},
    "short": {"da": "dd.MM HH:mm", "en": "dd/MM HH:mm"},
    "date": {"da": "dd.MM.y", "en": "dd/MM/y"},
    "minute": {"da": "dd.MM.y HH:mm", "en": "dd/MM/y HH:mm"},
    "second": {"da": "dd.MM.y HH:mm:ss", "en": "dd/MM/y HH:mm:ss"},
}


@cache
def _load(lang: str) -> tuple[Translations, frozenset[str]]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as source:
        catalog = read_po(source, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN), frozenset(str(m.id) for m in catalog if m.id)


def catalogue(lang: str) -> Translations:
    """The language's compiled catalogue (compiled once, in memory, from the shipped .po)."""
    return _load(lang)[0]


def message_ids(lang: str = DEFAULT) -> frozenset[str]:
    """Every message id of a language's catalogue."""
    return _load(lang)[1]


def flashes() -> frozenset[str]:
    """Messages a redirect may name in `?msg=`; anything else is ignored."""
    return frozenset(key.removeprefix("flash.") for key in message_ids()
                     if key.startswith("flash."))


def pick(request: Request) -> str:
    """The language of this request: `?lang=`, then the cookie, then Danish."""
    for choice in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if choice in LANGUAGES:
            return choice
    return DEFAULT


def has(key: str) -> bool:
    """Whether the catalogue knows this message."""
    return key in message_ids()


def template(lang: str, key: str, **values: object) -> str:
    """A message's text before its fields are filled in (the singular when `n` is 1)."""
    if values.get("n") == 1 and has(f"{key}.one"):
        key = f"{key}.one"
    return catalogue(lang if lang in LANGUAGES else DEFAULT).gettext(key)


def translate(lang: str, key: str, **values: object) -> str:
    """One message in a language, with `{name}` fields filled in; unknown keys show as-is."""
    text = template(lang, key, **values)
    return text.format(**values) if values else text


def translator(lang: str) -> Callable[..., str]:
    """`t(key, **values)` for the templates."""
    return lambda key, **values: translate(lang, key, **values)


def term_label(lang: str) -> Callable[[str], str]:
    """A red-flag or social-need code in words."""

    def label(code: str) -> str:
        term = TERMS.get(code)
        if term is not None:
            return term.label_da if lang == "da" else term.label_en
        if has(f"medical.group.{code}"):
            return translate(lang, f"medical.group.{code}")
        if code in URGENCY_FLAGS:
            words = translate(lang, "urgency.letter", letter=code[-1].upper())
            return words[:1].upper() + words[1:]
        return code.replace("_", " ")

    return label


def percent(lang: str, value: float | None, digits: int = 0) -> str:
    """A share as a percentage in the language's format: 0,72 % or 0.72%."""
    if value is None:
        return "–"
    # Danish puts a no-break space before the sign, English none.
    sign = "\u00a0%" if lang == "da" else "%"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + sign
    return format_percent(value, format=pattern, locale=LOCALES[lang])


def decimal(lang: str, value: float | None, digits: int = 1) -> str:
    """A number with fixed decimals in the language's format: 0,3 or 0.3."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def moment(lang: str, value: datetime | None, kind: str = "short") -> str:
    """A UTC moment as Copenhagen wall time, written as the language writes it."""
    if value is None:
        return ""
    return format_datetime(value, TIME_PATTERNS[kind][lang], tzinfo=ZONE,
                           locale=Locale.parse(LOCALES[lang]))

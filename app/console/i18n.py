"""The console's words in Danish (the default) and English; chosen by `?lang=` or a cookie.

Each message is a (Danish, English) pair, so that no message can lack a translation.
The domain words follow DOMAIN.md's glossary.
"""

from collections.abc import Callable

from fastapi import Request

from app.console.messages import MESSAGES
from app.triage.vocabulary import TERMS

LANGUAGES = ("da", "en")
DEFAULT = "da"
COOKIE = "akutbro_lang"
# Messages a redirect may name in `?msg=`; anything else is ignored.
FLASHES = frozenset(key.removeprefix("flash.") for key in MESSAGES if key.startswith("flash."))
URGENCY_FLAGS = {"urgency_a": ("Hastegrad A", "Urgency A"),
                 "urgency_b": ("Hastegrad B", "Urgency B")}


def pick(request: Request) -> str:
    """The language of this request: `?lang=`, then the cookie, then Danish."""
    for choice in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if choice in LANGUAGES:
            return choice
    return DEFAULT


def translate(lang: str, key: str, **values: object) -> str:
    """One message in a language, with `{name}` fields filled in; unknown keys show as-is."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "da" else pair[1]
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
        pair = URGENCY_FLAGS.get(code)
        if pair is not None:
            return pair[0] if lang == "da" else pair[1]
        return code.replace("_", " ")

    return label

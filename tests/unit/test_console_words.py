"""The console's words: every message exists in Danish and English with the same fields,
and the recommendation is always one of three verdicts, said in words."""

import re
import string
from pathlib import Path

import pytest

from app.console import i18n, views
from app.console.messages import MESSAGES

CONSOLE = Path(__file__).resolve().parents[2] / "app" / "console"
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z_0-9]+)+)["']""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_a_template_or_route_names_exists() -> None:
    sources = [*CONSOLE.rglob("*.html"), *CONSOLE.rglob("*.py")]
    named = {key for path in sources for key in LITERAL_KEY.findall(path.read_text("utf-8"))}
    assert named, "the pattern found no message keys at all"
    assert sorted(named - MESSAGES.keys()) == []


def test_every_message_has_both_languages_with_the_same_fields() -> None:
    broken = [key for key, (danish, english) in MESSAGES.items()
              if not danish.strip() or not english.strip() or _fields(danish) != _fields(english)]
    assert broken == []


def test_an_unknown_key_shows_itself_rather_than_failing() -> None:
    assert i18n.translate("da", "no.such.key") == "no.such.key"


def test_codes_are_said_in_the_chosen_language() -> None:
    assert i18n.term_label("da")("chest_pain") == "Brystsmerter"
    assert i18n.term_label("en")("loneliness") == "Loneliness"
    assert i18n.term_label("da")("urgency_a") == "Hastegrad A"


@pytest.mark.parametrize(("flag", "action", "kind"), [
    ("uncertain", "send_ambulance", "protocol"),
    ("unknown", "send_ambulance", "protocol"),
    ("medical", "send_ambulance", "ambulance"),
    ("mixed", "send_ambulance", "ambulance"),
    ("social", "transfer_to_brobygger", "brobygger"),
    ("social", "dispatch_sociolance", "brobygger"),
    ("social", "brobygger_callback", "brobygger"),
])
def test_the_recommendation_is_one_of_three_verdicts(flag: str, action: str, kind: str) -> None:
    shown = views.verdict(flag=flag, action=action, urgency="B")
    assert shown.kind == kind
    assert shown.word_key in MESSAGES and shown.detail_key in MESSAGES


def test_a_look_up_purpose_is_required_and_other_needs_words() -> None:
    assert views.lookup_purpose("call_in_progress", "") == "Igangværende 112-opkald"
    with pytest.raises(views.PurposeMissing):
        views.lookup_purpose("other", "  ")
    with pytest.raises(views.PurposeMissing):
        views.lookup_purpose("curiosity", "just looking")

"""The console's words: every message exists in Danish and English with the same fields,
every sentence the core writes is said in Danish, and the recommendation is always one of
three verdicts, said in words."""

import re
import string
from pathlib import Path

import pytest

from app.console import i18n, views

CONSOLE = Path(__file__).resolve().parents[2] / "app" / "console"
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z_0-9]+)+)["']""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_a_template_or_route_names_exists() -> None:
    sources = [*CONSOLE.rglob("*.html"), *CONSOLE.rglob("*.py")]
    named = {key for path in sources for key in LITERAL_KEY.findall(path.read_text("utf-8"))}
    assert named, "the pattern found no message keys at all"
    assert sorted(named - i18n.message_ids()) == []


def test_both_catalogues_hold_the_same_messages() -> None:
    assert i18n.message_ids("da") == i18n.message_ids("en")


def test_every_message_has_both_languages_with_the_same_fields() -> None:
    broken = []
    for key in i18n.message_ids():
        danish, english = i18n.translate("da", key), i18n.translate("en", key)
        if not danish.strip() or not english.strip() or _fields(danish) != _fields(english):
            broken.append(key)
    assert broken == []


@pytest.mark.parametrize(("lang", "value", "digits", "shown"), [
    ("da", 0.0072, 2, "0,72\xa0%"),
    ("en", 0.0072, 2, "0.72%"),
    ("da", 0.72, 0, "72\xa0%"),
])
def test_percentages_are_written_as_the_language_writes_them(
        lang: str, value: float, digits: int, shown: str) -> None:
    assert i18n.percent(lang, value, digits) == shown


def test_decimals_are_written_with_the_language_s_comma_or_point() -> None:
    assert (i18n.decimal("da", 0.3, 1), i18n.decimal("en", 0.3, 1)) == ("0,3", "0.3")


def test_a_count_of_one_takes_the_singular() -> None:
    assert i18n.translate("da", "models.caption", n=1) == "1 version"
    assert i18n.translate("da", "models.caption", n=2) == "2 versioner, nyeste først"


def test_an_unknown_key_shows_itself_rather_than_failing() -> None:
    assert i18n.translate("da", "no.such.key") == "no.such.key"


def test_codes_are_said_in_the_chosen_language() -> None:
    assert i18n.term_label("da")("chest_pain") == "Brystsmerter"
    assert i18n.term_label("en")("loneliness") == "Loneliness"
    assert i18n.term_label("da")("urgency_a") == "Hastegrad A"


@pytest.mark.parametrize(("flag", "action", "kind"), [
    ("uncertain", "follow_protocol", "protocol"),
    ("unknown", "follow_protocol", "protocol"),
    ("social", "follow_protocol", "protocol"),
    ("mixed", "follow_protocol", "protocol"),
    ("medical", "send_ambulance", "ambulance"),
    ("mixed", "send_ambulance", "ambulance"),
    ("social", "transfer_to_brobygger", "brobygger"),
    ("social", "dispatch_sociolance", "brobygger"),
    ("social", "brobygger_callback", "brobygger"),
])
def test_the_recommendation_is_one_of_three_verdicts(flag: str, action: str, kind: str) -> None:
    shown = views.verdict(flag=flag, action=action, urgency="B")
    assert shown.kind == kind
    assert i18n.has(shown.word_key) and i18n.has(shown.detail_key)


def test_a_look_up_purpose_is_required_and_other_needs_words() -> None:
    assert views.lookup_purpose("call_in_progress", "") == "Igangværende 112-opkald"
    with pytest.raises(views.PurposeMissing):
        views.lookup_purpose("other", "  ")
    with pytest.raises(views.PurposeMissing):
        views.lookup_purpose("curiosity", "just looking")

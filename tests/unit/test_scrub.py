import pytest

from app.triage.scrub import scrub_identifiers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CPR 010190-1234 ringer igen", "CPR [CPR] ringer igen"),
        ("cpr 0101901234", "cpr [CPR]"),
        ("cpr: 010190 1234.", "cpr: [CPR]."),
        ("310599–4321", "[CPR]"),  # en dash from a word processor
        ("to numre 010190-1234 og 020290-5678", "to numre [CPR] og [CPR]"),
    ],
)
def test_cpr_numbers_are_scrubbed(text: str, expected: str) -> None:
    assert scrub_identifiers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tlf 12345678", "tlf [TLF]"),
        ("tlf.12345678", "tlf.[TLF]"),
        ("ring 12 34 56 78.", "ring [TLF]."),
        ("nr 12-34-56-78", "nr [TLF]"),
        ("1234 5678", "[TLF]"),
        ("+45 12345678", "[TLF]"),
        ("+4512345678", "[TLF]"),  # not read as a CPR number
        ("004512345678", "[TLF]"),
        ("0045 12 34 56 78", "[TLF]"),
        ("(+45) 1234 5678", "[TLF]"),
        ("datteren +46 70 123 45 67", "datteren [TLF]"),
    ],
)
def test_phone_numbers_are_scrubbed(text: str, expected: str) -> None:
    assert scrub_identifiers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "kl. 14.30 ringer han igen",
        "har drukket 3 øl",
        "mand 80 år",
        "sidst indlagt 2019",
        "dato 12-03-2024 og 12.03.2024",
        "BT 140/90, puls 112",
        "123456789",  # nine digits: neither
        "12345678901",  # eleven digits: neither
        "beløb 1.234.567 kr",
        "",
    ],
)
def test_other_numbers_are_left_alone(text: str) -> None:
    assert scrub_identifiers(text) == text


def test_a_note_keeps_its_meaning_without_its_identifiers() -> None:
    note = "Mand 62 år (CPR 010162-1235) ringer fra 20 30 40 50 kl. 02.15, har drukket 6 øl."
    assert scrub_identifiers(note) == (
        "Mand 62 år (CPR [CPR]) ringer fra [TLF] kl. 02.15, har drukket 6 øl."
    )

import pytest

from app.triage.notes.scrub import scrub_identifiers


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


@pytest.mark.parametrize(
    "text",
    [
        # The spellings an outside test typed, and their kin.
        "05.03.61-2345",
        "050362 - 2345",
        "05 03 63 2345",
        "050364/2345",
        "05/03/61-2345",
        "05-03-61-2345",
        "05.03.61 2345",
        "05 03 61-2345",
        "050361 – 2345",
        "050361—2345",
        "050361\u20112345",  # a non-breaking hyphen
        "050361\u00a02345",  # a non-breaking space
        "０５０３６１２３４５",  # full-width digits
    ],
)
def test_every_spelling_of_a_cpr_number_is_scrubbed(text: str) -> None:
    assert scrub_identifiers(f"cpr {text}, ringer igen") == "cpr [CPR], ringer igen"


@pytest.mark.parametrize(
    "text",
    [
        "28.93.11.22",
        "289 31 133",
        "28-93-1144",
        "28 93-11.22",  # mixed separators
        "2893 11 44",
        "28 9311 44",
        "28 931 133",
        "289 311 33",
        "28 – 93 – 11 – 22",
        "+45 28.93.11.22",
        "+45 289 31 133",
        "+45-2893-1144",
        "0045 28 93 11 22",
        "0045-28931122",
        "(+45)28931122",
        "+ 45 28931122",
    ],
)
def test_every_spelling_of_a_phone_number_is_scrubbed(text: str) -> None:
    assert scrub_identifiers(f"ring {text} i aften") == "ring [TLF] i aften"


@pytest.mark.parametrize(
    "text",
    [
        "kl. 14.30 ringer han igen",
        "ringede 14.30-15.45 og igen 22.10 – 23.05",
        "uge 32, 2 mg morfin, 3 øl, 80 år",
        "født 12.03.2024, set 2024-03-12",
        "set 12-03-2024 14.30",
        "2026-05-01 14:30 UTC anna: done",
        "model flag-20240501-123456-1a2b3c4d promoted",
        "BT 140/90, puls 112, sat 94",
        "1.234.567 kr, 12 34 56",
    ],
)
def test_numbers_handlers_need_are_left_alone(text: str) -> None:
    assert scrub_identifiers(text) == text


def test_a_date_followed_by_four_digits_reads_as_a_cpr_number() -> None:
    assert scrub_identifiers("født 05.03.61, 2345?") == "født 05.03.61, 2345?"
    assert scrub_identifiers("født 05.03.61 2345") == "født [CPR]"

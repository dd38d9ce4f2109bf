"""Parsing of the two personal identifiers: CPR numbers and phone numbers.

The raw values live only in memory for the length of a request: they are validated here,
turned into keyed hashes by `app.services.citizens.pseudonym`, and never stored or logged.
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

import phonenumbers
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError


@dataclass(frozen=True)
class Cpr:
    """A validated CPR number; `repr` never shows the digits."""

    digits: str
    birth_date: date
    sex: Literal["female", "male"]

    def __repr__(self) -> str:
        return "Cpr(<redacted>)"

    def age_on(self, day: date) -> int:
        """Whole years of age on the given day."""
        had_birthday = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if had_birthday else 1)


def parse_cpr(text: str) -> Cpr:
    """Validate DDMMYY-SSSS or 10 digits: a real birth date, no modulus-11 check."""
    candidate = text.strip()
    if not (
        (len(candidate) == 10 and candidate.isdigit())
        or (
            len(candidate) == 11
            and candidate[6] == "-"
            and (candidate[:6] + candidate[7:]).isdigit()
        )
    ):
        raise ValueError("must be DDMMYY-SSSS or 10 digits")
    digits = stdnum_cpr.compact(candidate)
    try:
        birth_date = stdnum_cpr.get_birth_date(digits)
    except ValidationError:
        raise ValueError("is not a valid CPR number: DDMMYY is not a real birth date") from None
    if birth_date > date.today():
        raise ValueError("is not a valid CPR number: the birth date is in the future")
    return Cpr(digits=digits, birth_date=birth_date,
               sex="male" if int(digits[-1]) % 2 else "female")


def normalise_phone(text: str) -> str:
    """Any common Danish or international format as E.164 (+4512345678)."""
    try:
        number = phonenumbers.parse(text, "DK")
    except phonenumbers.NumberParseException:
        raise ValueError("is not a phone number") from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError("is not a possible phone number (wrong length for its country)")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

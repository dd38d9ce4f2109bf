"""Scrubbing of personal identifiers from free text before it is stored or logged.

CPR numbers are sensitive personal data and phone numbers identify the caller; the
numbers a call-handler needs to read ("80 år", "kl. 14.30", "3 øl") are left alone.
"""

import re

_EIGHT_DIGITS = r"(?:\d{8}|\d{2}([ -])\d{2}\1\d{2}\1\d{2}|\d{4}[ -]\d{4})"
# Danish numbers with their country code, and any other number written with a "+".
_PHONE_WITH_PREFIX = re.compile(
    rf"(?<![\w+])(?:\(?(?:\+|00)45\)?[ -]?{_EIGHT_DIGITS}|\+\d[\d -]{{6,16}}\d)(?!\d)"
)
# Before bare phone numbers: ten digits hold eight.
_CPR = re.compile(r"(?<!\d)\d{6}[ \-–]?\d{4}(?!\d)")
_PHONE = re.compile(rf"(?<!\d){_EIGHT_DIGITS}(?!\d)")


def scrub_identifiers(text: str) -> str:
    """The text with CPR-like numbers as [CPR] and phone-like numbers as [TLF]."""
    text = _PHONE_WITH_PREFIX.sub("[TLF]", text)
    text = _CPR.sub("[CPR]", text)
    return _PHONE.sub("[TLF]", text)

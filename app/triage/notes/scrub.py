"""Scrubbing of personal identifiers from free text before it is stored or logged.

CPR numbers are sensitive personal data and phone numbers identify the caller; the
numbers a call-handler needs to read ("80 år", "kl. 14.30", "3 øl", "uge 32", a date)
are left alone. People write both in many ways ("05.03.61-2345", "050362 - 2345",
"28.93.11.22", "289 31 133", "+45 2893 1144"): every spelling is one pattern here, and
when in doubt a number is scrubbed, since a lost digit harms less than a kept CPR.
"""

import re

_SPACE = r"[^\S\r\n]"  # a space, tab or non-breaking space: not a line break
_DASH = "\\-\u2010\u2011\u2013\u2014\u2212"  # hyphens, en and em dash, minus
# Between two groups of digits: spaces, or one dot or dash with spaces around it.
_SEP = rf"(?:{_SPACE}{{0,3}}[.{_DASH}]{_SPACE}{{0,3}}|{_SPACE}{{1,3}})"
# A CPR number may also have a slash between the birth date and the serial number.
_CPR_SEP = rf"(?:{_SPACE}{{0,3}}[./{_DASH}]{_SPACE}{{0,3}}|{_SPACE}{{1,3}})"
# Not inside a longer number: no digit next to it, nor a digit group joined by a dot or dash.
_START = rf"(?<!\d)(?<!\d[./{_DASH}])"
_END = rf"(?!\d)(?![./{_DASH}]\d)"

_DAY = r"(?:0[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
_YEAR = r"(?:19|20)\d\d"
_TIME = r"(?:[01]\d|2[0-3])\.[0-5]\d"
# Eight digits that read as something else: a date with the century, or a span of time.
_NOT_A_PHONE = (
    rf"(?!{_DAY}{_SEP}{_MONTH}{_SEP}{_YEAR}(?!\d))"  # 12.03.2024
    rf"(?!{_YEAR}{_SEP}{_MONTH}{_SEP}{_DAY}(?!\d))"  # 2024-03-12
    rf"(?!{_TIME}{_SEP}{_TIME}(?!\d))"  # 14.30-15.45
)
_GROUPINGS = ("8", "4 4", "2 2 2 2", "2 2 4", "4 2 2", "2 4 2", "2 3 3", "3 2 3", "3 3 2")
_EIGHT_DIGITS = "(?:" + "|".join(
    _SEP.join(rf"\d{{{size}}}" for size in grouping.split()) for grouping in _GROUPINGS
) + ")"

# Danish numbers with their country code, and any other number written with a "+".
_PHONE_WITH_PREFIX = re.compile(
    rf"(?<![\w+])(?:\(?(?:\+|00){_SPACE}?45\)?{_SEP}?{_EIGHT_DIGITS}"
    rf"|\+\d[\d .{_DASH}]{{6,16}}\d){_END}"
)
# Before bare phone numbers: ten digits hold eight. Six digits (a birth date, grouped
# or not) and four, with or without a separator.
_CPR = re.compile(
    rf"{_START}(?:\d{{6}}|\d\d{_CPR_SEP}\d\d{_CPR_SEP}\d\d){_CPR_SEP}?\d{{4}}{_END}"
)
_PHONE = re.compile(rf"{_START}{_NOT_A_PHONE}{_EIGHT_DIGITS}{_END}")
# The service's own identifiers that hold eight digits: model versions.
_OWN_IDENTIFIER = re.compile(r"\bflag-\d{8}-\d{6}-[0-9a-f]{8}\b")


def scrub_identifiers(text: str) -> str:
    """The text with CPR-like numbers as [CPR] and phone-like numbers as [TLF]."""
    kept = _OWN_IDENTIFIER.findall(text)
    parts = [_scrub_part(part) for part in _OWN_IDENTIFIER.split(text)]
    return "".join(part + (kept[i] if i < len(kept) else "") for i, part in enumerate(parts))


def _scrub_part(text: str) -> str:
    text = _PHONE_WITH_PREFIX.sub("[TLF]", text)
    text = _CPR.sub("[CPR]", text)
    return _PHONE.sub("[TLF]", text)

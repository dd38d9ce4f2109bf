"""Read the admins' CSV export of labelled calls from their dispatch system.

One header row, then one row per call. Columns, in any order (others are ignored):

    call_id            required; unique text
    received_at        required; ISO 8601 with a UTC offset, e.g. 2024-03-01T22:14:05+01:00
    age                optional; whole years 0-120
    sex                optional; female / male / unknown (also K / M, kvinde / mand)
    municipality_code  optional; 4-digit kommunekode, e.g. 0751
    index_chapter      optional; Dansk Indeks chapter 1-37 (written 01-37 or 1-37)
    urgency            optional; the call-handler's urgency A-E
    symptoms           optional; vocabulary codes separated by ";", e.g. chest_pain;anxiety
    notes              optional; the call-handler's free text
    citizen_key        optional; an opaque per-person key: calls with one key share a history
    ambulance_urgency  optional; A-E when an ambulance was sent (counts in later history)
    phase              optional; none / during / after: the brobygger case phase at the call
    medical_need       required; true / false (also 1 / 0, yes / no, ja / nej)
    social_need        required; true / false

UTF-8 (a BOM is fine). Commas separate fields, or semicolons when the header line has
semicolons and no commas (Danish Excel). Rows are numbered as a spreadsheet shows them:
the header is row 1. Every bad row is reported in one CsvValidationError; nothing is
returned from a file with any error.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from app.triage.model.examples import Example, examples_from_timeline
from app.triage.vocabulary import TERMS

# Calls from before any dispatch data akutbro reads, or from centuries ahead, are typos (and
# year 1 at +01:00 has no UTC time at all); the API's received_at has the same floor.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

COLUMNS = (
    "call_id", "received_at", "age", "sex", "municipality_code", "index_chapter", "urgency",
    "symptoms", "notes", "citizen_key", "ambulance_urgency", "phase", "medical_need",
    "social_need",
)
REQUIRED = ("call_id", "received_at", "medical_need", "social_need")
MESSAGE_LIMIT = 200  # errors shown in the message; all are in CsvValidationError.errors
_TRUE = frozenset({"true", "1", "yes", "ja", "j", "y", "sand"})
_FALSE = frozenset({"false", "0", "no", "nej", "n", "falsk"})
_SEXES = {"female": "female", "f": "female", "k": "female", "kvinde": "female",
          "male": "male", "m": "male", "mand": "male", "unknown": "unknown", "": "unknown",
          "ukendt": "unknown"}
_URGENCIES = frozenset("ABCDE")
_PHASES = frozenset({"none", "during", "after"})
Report = Callable[[str, str], None]  # (field, message)


class CsvValidationError(ValueError):
    """A training CSV with bad rows; `errors` lists each as "row N, field 'x': ..."."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = "\n".join(errors[:MESSAGE_LIMIT])
        hidden = len(errors) - MESSAGE_LIMIT
        more = f"\n... and {hidden} more" if hidden > 0 else ""
        super().__init__(f"{len(errors)} problem(s) in the training CSV:\n{shown}{more}")


@dataclass(frozen=True, slots=True)
class _Row:
    call_id: str
    received_at: datetime
    citizen_key: str | None
    age: int | None
    sex: str
    municipality_code: str | None
    index_chapter: str | None
    urgency: str | None
    symptoms: tuple[str, ...]
    notes: str
    ambulance_urgency: str | None
    phase: str | None
    medical_need: bool
    social_need: bool


def read_examples(source: str | Path | TextIO) -> list[Example]:
    """Labelled examples from a CSV file path or open text file; all or nothing."""
    if isinstance(source, str | Path):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            return _read(handle)
    return _read(source)


def parse_examples(text: str) -> list[Example]:
    """Labelled examples from CSV text (e.g. an upload); all or nothing."""
    return _read(io.StringIO(text.removeprefix("\ufeff")))


def _read(handle: TextIO) -> list[Example]:
    header_line = handle.readline().removeprefix("\ufeff")
    if not header_line.strip():
        raise CsvValidationError(["row 1: the file is empty (a header row is required)"])
    delimiter = ";" if ";" in header_line and "," not in header_line else ","
    header = next(csv.reader([header_line], delimiter=delimiter))
    names = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise CsvValidationError([f"row 1: missing required column(s) {', '.join(missing)}"])
    rows, errors = _rows(csv.reader(handle, delimiter=delimiter), names)
    if not rows and not errors:
        errors.append("row 2: no data rows after the header")
    if errors:
        raise CsvValidationError(errors)
    return examples_from_timeline(rows, rows)


def _rows(reader: Iterable[list[str]], names: list[str]) -> tuple[list[_Row], list[str]]:
    rows: list[_Row] = []
    errors: list[str] = []
    seen: set[str] = set()
    width = len(names)
    for number, record in enumerate(reader, start=2):
        if not any(field.strip() for field in record):
            continue  # blank lines are not rows
        if len(record) != width:
            errors.append(f"row {number}: {len(record)} fields, the header has {width}")
            continue
        fields = dict(zip(names, (field.strip() for field in record), strict=True))
        problems: list[str] = []
        row = _row(fields, problems)
        if row is not None and row.call_id in seen:
            problems.append(f"field 'call_id': {row.call_id!r} appears more than once")
        if problems:
            errors.extend(f"row {number}, {problem}" for problem in problems)
        elif row is not None:
            seen.add(row.call_id)
            rows.append(row)
    return rows, errors


def _row(f: dict[str, str], problems: list[str]) -> _Row | None:
    def bad(field: str, message: str) -> None:
        problems.append(f"field '{field}': {message}")

    call_id = f.get("call_id", "")
    if not call_id:
        bad("call_id", "is empty")
    received_at = _moment(f.get("received_at", ""), bad)
    age = _age(f.get("age", ""), bad)
    sex = _SEXES.get(f.get("sex", "").lower())
    if sex is None:
        bad("sex", f"{f['sex']!r} is not female, male or unknown")
    municipality = f.get("municipality_code", "") or None
    if municipality is not None and not (len(municipality) == 4 and municipality.isdecimal()):
        bad("municipality_code", f"{municipality!r} is not a 4-digit kommunekode")
    chapter = _chapter(f.get("index_chapter", ""), bad)
    urgency = _letter(f.get("urgency", ""), "urgency", bad)
    ambulance = _letter(f.get("ambulance_urgency", ""), "ambulance_urgency", bad)
    symptoms = tuple(
        code.strip().lower() for code in f.get("symptoms", "").split(";") if code.strip()
    )
    unknown = [code for code in symptoms if code not in TERMS]
    if unknown:
        bad("symptoms", f"unknown code(s) {', '.join(unknown)}")
    phase = f.get("phase", "").lower() or None
    if phase is not None and phase not in _PHASES:
        bad("phase", f"{phase!r} is not none, during or after")
    medical = _flag(f.get("medical_need", ""), "medical_need", bad)
    social = _flag(f.get("social_need", ""), "social_need", bad)
    if problems or received_at is None or medical is None or social is None or sex is None:
        return None
    return _Row(
        call_id=call_id, received_at=received_at, citizen_key=f.get("citizen_key") or None,
        age=age, sex=sex, municipality_code=municipality, index_chapter=chapter,
        urgency=urgency, symptoms=symptoms, notes=f.get("notes", ""),
        ambulance_urgency=ambulance, phase=phase, medical_need=medical, social_need=social,
    )


def _moment(text: str, bad: Report) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        bad("received_at", f"{text!r} is not an ISO 8601 date and time")
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        bad("received_at", f"{text!r} has no UTC offset (write e.g. +01:00 or Z)")
        return None
    if not EARLIEST <= moment < LATEST:
        bad("received_at", f"{text!r} is not between {EARLIEST:%Y} and {LATEST:%Y}")
        return None
    return moment


def _age(text: str, bad: Report) -> int | None:
    if not text:
        return None
    if not text.isdecimal() or not 0 <= int(text) <= 120:
        bad("age", f"{text!r} is not a whole number of years from 0 to 120")
        return None
    return int(text)


def _chapter(text: str, bad: Report) -> str | None:
    if not text:
        return None
    if not text.isdecimal() or not 1 <= int(text) <= 37:
        bad("index_chapter", f"{text!r} is not a chapter from 01 to 37")
        return None
    return f"{int(text):02d}"


def _letter(text: str, field: str, bad: Report) -> str | None:
    if not text:
        return None
    if text.upper() not in _URGENCIES:
        bad(field, f"{text!r} is not one of A, B, C, D, E")
        return None
    return text.upper()


def _flag(text: str, field: str, bad: Report) -> bool | None:
    value = text.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    bad(field, f"{text!r} is not true or false" if text else "is empty (write true or false)")
    return None

"""Field types shared by the schemas: identifiers, codes, urgency, free text, bounds.

Every bound on what a request may carry is here, so that input is refused where it enters
(a 422 naming the field) and never reaches the database as something it cannot hold.
"""

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, Field, PlainValidator, WithJsonSchema

from app.identifiers import Cpr, normalise_phone, parse_cpr
from app.triage.vocabulary import TERMS

# Row ids and counters: PostgreSQL's `integer`, the type of every id column.
MAX_ROW_ID = 2**31 - 1
# When a call may have been received: not before the service's data can begin, nor
# tomorrow (clocks differ by seconds, not days).
EARLIEST_CALL = datetime(2000, 1, 1, tzinfo=UTC)
LATEST_CALL_AHEAD = timedelta(days=1)
# C0 and C1 control characters (NUL among them: PostgreSQL refuses it in text) and lone
# surrogates (no UTF-8 can hold them); a text of several lines keeps its tabs and newlines.
_CONTROLS = r"\x00-\x1f\x7f-\x9f"
_CONTROLS_BUT_TAB_AND_NEWLINE = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_CONTROL_IN_LINE = re.compile(rf"[{_CONTROLS}\ud800-\udfff]")
_CONTROL_IN_TEXT = re.compile(rf"[{_CONTROLS_BUT_TAB_AND_NEWLINE}\ud800-\udfff]")
# The same rules for the OpenAPI document (a browser's CRLF line break is taken as LF).
LINE_PATTERN = rf"^[^{_CONTROLS}]*$"
TEXT_PATTERN = rf"^(?:[^{_CONTROLS_BUT_TAB_AND_NEWLINE}]|\r\n)*$"


def _cpr(value: Any) -> Cpr:
    if isinstance(value, Cpr):
        return value
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return parse_cpr(value)


def clean_line(value: str) -> str:
    """The value, or ValueError when it holds a control character (a tab or newline too)."""
    if _CONTROL_IN_LINE.search(value):
        raise ValueError("control characters are not allowed")
    return value


def clean_text(value: str) -> str:
    """The value with CRLF line breaks as LF, or ValueError for other control characters."""
    value = value.replace("\r\n", "\n")
    if _CONTROL_IN_TEXT.search(value):
        raise ValueError("control characters other than newline and tab are not allowed")
    return value


def _recent(moment: datetime) -> datetime:
    if moment < EARLIEST_CALL:
        raise ValueError(f"must be on or after {EARLIEST_CALL:%Y-%m-%d}")
    if moment > datetime.now(UTC) + LATEST_CALL_AHEAD:
        raise ValueError("must not be more than a day in the future")
    return moment


def _symptom(code: str) -> str:
    if code not in TERMS:
        raise ValueError(f"unknown symptom code '{code}'; see GET /v1/vocabulary")
    return code


CprNumber = Annotated[
    Cpr,
    PlainValidator(_cpr),
    WithJsonSchema({"type": "string", "pattern": r"^\d{6}-?\d{4}$", "example": "010190-1234"}),
]
PhoneNumber = Annotated[str, Field(max_length=32), AfterValidator(normalise_phone)]
CallId = Annotated[str, Field(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]
AssessmentId = Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{1,36}$")]  # a UUID
ModelVersionName = Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]{1,64}$")]
Urgency = Literal["A", "B", "C", "D", "E"]
Sex = Literal["female", "male", "unknown"]
MunicipalityCode = Annotated[str, Field(pattern=r"^\d{4}$")]
IndexChapter = Annotated[str, Field(pattern=r"^(0\d|[12]\d|3[0-7])$")]
SymptomCode = Annotated[str, Field(max_length=48), AfterValidator(_symptom)]
# One line of free text (a purpose, a name, a search) and several lines (notes, reasons).
# As path and query parameters too: `Annotated[CleanLine, Query(max_length=100)]`.
CleanLine = Annotated[str, AfterValidator(clean_line),
                      Field(json_schema_extra={"pattern": LINE_PATTERN})]
CleanText = Annotated[str, AfterValidator(clean_text),
                      Field(json_schema_extra={"pattern": TEXT_PATTERN})]
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]
ReceivedAt = Annotated[AwareDatetime, AfterValidator(_recent)]
Notes = Annotated[CleanText, Field(max_length=4000)]
DispatchedAction = Literal["send_ambulance", "follow_protocol", "dispatch_sociolance",
                           "transfer_to_brobygger", "brobygger_callback", "advice_only",
                           "other"]

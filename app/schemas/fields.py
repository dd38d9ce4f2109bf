"""Field types shared by the schemas: identifiers, codes, urgency."""

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, PlainValidator, WithJsonSchema

from app.identifiers import Cpr, normalise_phone, parse_cpr
from app.triage.vocabulary import TERMS


def _cpr(value: Any) -> Cpr:
    if isinstance(value, Cpr):
        return value
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return parse_cpr(value)


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
Urgency = Literal["A", "B", "C", "D", "E"]
Sex = Literal["female", "male", "unknown"]
MunicipalityCode = Annotated[str, Field(pattern=r"^\d{4}$")]
IndexChapter = Annotated[str, Field(pattern=r"^(0\d|[12]\d|3[0-7])$")]
SymptomCode = Annotated[str, Field(max_length=48), AfterValidator(_symptom)]
Notes = Annotated[str, Field(max_length=4000)]
DispatchedAction = Literal["send_ambulance", "dispatch_sociolance", "transfer_to_brobygger",
                           "brobygger_callback", "advice_only", "other"]

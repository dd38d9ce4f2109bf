"""The bodies of error answers, as app.errors and the body-size limit send them."""

from typing import Any, Literal

from pydantic import BaseModel, Field


class ErrorRead(BaseModel):
    """Every refusal: what went wrong, in one sentence."""

    detail: str = Field(description="What went wrong.", examples=["not found: no case 42"])


class FieldErrorRead(BaseModel):
    field: str = Field(description="The field, dotted from the body's top level (or the query "
                       "or path parameter's name).", examples=["patient.cpr"])
    reason: str = Field(description="Why it was refused; the value itself is never echoed.",
                        examples=["String should match pattern '^\\d{6}-?\\d{4}$'"])


class ValidationErrorRead(BaseModel):
    """A request that does not fit the schema: every field at fault, with the reason."""

    detail: Literal["invalid request"] = "invalid request"
    errors: list[FieldErrorRead]


class HsdsInvalidRead(BaseModel):
    """An HSDS document that cannot be imported: nothing was imported."""

    detail: str = Field(examples=["invalid HSDS directory: nothing was imported"])
    errors: list[str] = Field(description="Every problem, naming the record and field.")


class RefusalRead(BaseModel):
    """The safety gate (or the registry) refused: which figures or rules failed."""

    detail: str
    reasons: list[str]


class InternalErrorRead(BaseModel):
    """An unexpected failure: the dispatch software falls back to the protocol."""

    detail: str = Field(examples=["internal error in akutbro"])
    degraded: Literal[True] = True
    fallback: str = Field(
        description="What to do instead.",
        examples=["Follow the standard medical protocol: send an ambulance."],
    )


def problem(description: str, model: Any = ErrorRead) -> dict[str, Any]:
    """One documented error answer for a route's `responses=`."""
    return {"model": model, "description": description}

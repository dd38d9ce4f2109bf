"""Validation against the vendored HSDS 3.1 JSON Schemas, with one clear line per problem."""

import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from app.schemas.fields import clean_text

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "directory_schemas" / "hsds"
COLLECTIONS = ("taxonomies", "taxonomy_terms", "organizations", "services")


@cache
def schema(name: str) -> dict[str, Any]:
    """A vendored compiled schema by file name, e.g. "service.json"."""
    loaded: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return loaded


@cache
def validators() -> dict[str, Draft202012Validator]:
    """A validator per collection of a directory document.

    The compiled service schema nests the compiled organization, taxonomy_term and
    taxonomy schemas, so one vendored file serves all four.
    """
    service = schema("service.json")
    term = service["properties"]["attributes"]["items"]["properties"]["taxonomy_term"]
    parts = {
        "services": service,
        "organizations": service["properties"]["organization"],
        "taxonomy_terms": term,
        "taxonomies": term["properties"]["taxonomy_detail"],
    }
    checker = FormatChecker()
    return {name: Draft202012Validator(part, format_checker=checker)
            for name, part in parts.items()}


def label(collection: str, index: int, record: Any) -> str:
    """How a record is named in an error: "services[3] (id 9f0c...)"."""
    record_id = record.get("id") if isinstance(record, dict) else None
    return f"{collection}[{index}] ({f'id {record_id}' if record_id else 'no id'})"


def record_errors(collection: str, index: int, record: Any) -> list[str]:
    """Every schema problem of one record, each naming the record and the field."""
    where = label(collection, index, record)
    if not isinstance(record, dict):
        return [f"{where}: must be a JSON object"]
    errors = sorted(validators()[collection].iter_errors(record), key=lambda e: list(e.path))
    return ([f"{where}: {describe(error)}" for error in errors]
            + [f"{where}: {problem}" for problem in _control_characters(record)])


def _control_characters(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[str]:
    # The schemas allow any string; PostgreSQL refuses a NUL in text.
    if isinstance(value, str):
        try:
            clean_text(value)
        except ValueError as error:
            yield f"field '{field_path(path)}': {error}"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _control_characters(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _control_characters(item, (*path, index))


def describe(error: ValidationError) -> str:
    """One schema error as "field 'schedules[0].opens_at': <what is wrong>"."""
    path = list(error.absolute_path)
    required = error.validator_value  # the schema's list of required names
    if (error.validator == "required" and isinstance(error.instance, dict)
            and isinstance(required, list)):
        missing = [name for name in required if name not in error.instance]
        return f"field '{field_path([*path, missing[0]])}': is required but missing"
    return f"field '{field_path(path) or '(record)'}': {error.message}"


def field_path(parts: Iterable[str | int]) -> str:
    """["schedules", 0, "opens_at"] as "schedules[0].opens_at"."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text

"""The region's municipalities and contact persons: loaded from a JSON file, listed, looked up."""

import json
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import MunicipalContact, Municipality
from app.services.directory.hsds_io import bump_version

DATA_FILE = Path(__file__).resolve().parents[2] / "demo" / "data" / "municipalities.json"
HANDOVERS = ("contact_person_only", "direct_to_staff")


@cache
def region_codes() -> dict[str, str]:
    """The region's 19 kommunekoder and names, from the shipped file (even before seeding)."""
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {m["code"]: m["name"] for m in document["municipalities"]}


def seed_municipalities(session: Session, path: Path = DATA_FILE) -> int:
    """Load or update the municipalities and their contact persons from a JSON file."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    for entry in document["municipalities"]:
        _upsert(session, entry)
    session.flush()
    bump_version(session, actor_name="seed")  # centroids live in the offers snapshot
    return len(document["municipalities"])


def _upsert(session: Session, entry: dict[str, Any]) -> None:
    if entry["handover"] not in HANDOVERS:
        raise ValueError(f"{entry['code']}: handover must be one of {', '.join(HANDOVERS)}")
    row = session.get(Municipality, entry["code"]) or Municipality(code=entry["code"])
    row.name, row.handover = entry["name"], entry["handover"]
    row.participates = entry["participates"]
    row.latitude, row.longitude = entry["latitude"], entry["longitude"]
    row.note, row.demo = entry.get("note", ""), entry.get("demo", False)
    session.add(row)
    session.flush()
    existing = list(session.scalars(
        select(MunicipalContact).where(MunicipalContact.municipality_code == row.code)
        .order_by(MunicipalContact.position)))
    for position, given in enumerate(entry.get("contacts", [])):
        contact = existing[position] if position < len(existing) else MunicipalContact(
            municipality_code=row.code, position=position)
        for name in ("name", "title", "phone", "email", "hours"):
            setattr(contact, name, given.get(name, ""))
        contact.demo = given.get("demo", False)
        session.add(contact)
    gone = [c.id for c in existing[len(entry.get("contacts", [])):]]
    if gone:
        # Cases keep the name they were handed to; only the link goes.
        session.execute(delete(MunicipalContact).where(MunicipalContact.id.in_(gone)))


def get_all(session: Session) -> list[Municipality]:
    """Every municipality, by name."""
    return list(session.scalars(select(Municipality).order_by(Municipality.name)))


def contacts(session: Session, code: str) -> list[MunicipalContact]:
    """A municipality's contact persons, the primary first."""
    return list(session.scalars(
        select(MunicipalContact).where(MunicipalContact.municipality_code == code)
        .order_by(MunicipalContact.position)))


def display_name(code: str, municipality: Municipality | None = None) -> str:
    """The name to show, e.g. "Aarhus Kommune"; outside the region, the bare code."""
    name = municipality.name if municipality else region_codes().get(code)
    return f"{name} Kommune" if name else f"kommunekode {code}"


def directory(session: Session) -> list[tuple[Municipality, list[MunicipalContact]]]:
    """Every municipality with its contact persons, for the brobyggere's contact list."""
    people = session.scalars(select(MunicipalContact).order_by(
        MunicipalContact.municipality_code, MunicipalContact.position))
    by_code: dict[str, list[MunicipalContact]] = {}
    for person in people:
        by_code.setdefault(person.municipality_code, []).append(person)
    return [(row, by_code.get(row.code, [])) for row in get_all(session)]

"""Import and export of the offers directory as one HSDS 3.1 JSON document.

An import replaces the whole directory and never half-applies: the document is checked
in full first (`hsds_parse`), then written in the caller's one transaction.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.models import (
    DirectoryState,
    HsdsAttribute,
    HsdsLocation,
    HsdsOrganization,
    HsdsPhone,
    HsdsSchedule,
    HsdsService,
    HsdsServiceArea,
    HsdsServiceAtLocation,
    HsdsTaxonomy,
    HsdsTaxonomyTerm,
)
from app.services.access import audit
from app.services.access.audit import Actor
from app.services.directory import hsds_rows, hsds_serialize
from app.services.directory.hsds_parse import HsdsInvalid, parse

# Children before parents, for deleting.
_TABLES = (HsdsSchedule, HsdsPhone, HsdsAttribute, HsdsServiceAtLocation, HsdsServiceArea,
           HsdsService, HsdsLocation, HsdsOrganization, HsdsTaxonomyTerm, HsdsTaxonomy)
STATE_ID = 1


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote, and what the directory's users should know about it."""

    version: int
    counts: dict[str, int]
    warnings: list[str]


def import_document(session: Session, document: Any, *, actor: Actor) -> ImportResult:
    """Replace the directory with the document's; raises HsdsInvalid and writes nothing."""
    parsed = parse(document)
    for model in _TABLES:
        session.execute(delete(model))
    session.flush()
    for rows in parsed.tables.values():
        session.add_all(_parents_first(rows.values()))
        session.flush()
    version = bump_version(session, actor_name=actor.name)
    audit.record(session, actor=actor, action="directory.import", purpose=f"version {version}")
    counts = {model.__tablename__.removeprefix("hsds_"): len(rows)
              for model, rows in parsed.tables.items()}
    return ImportResult(version=version, counts=counts, warnings=parsed.warnings)


def export_document(session: Session) -> dict[str, Any]:
    """The whole directory as one HSDS document, the same shape an import takes."""
    rows = hsds_rows.load(session)
    state = session.get(DirectoryState, STATE_ID)
    return {
        "hsds_version": hsds_serialize.HSDS_VERSION,
        "name": "akutbro offers directory",
        "description": "Local social offers for the brobyggere and call-handlers.",
        "version": state.version if state else 0,
        "exported_at": datetime.now(UTC).isoformat(),
        "taxonomies": [hsds_serialize.taxonomy(t) for t in rows.taxonomies.values()],
        "taxonomy_terms": [hsds_serialize.taxonomy_term(t) for t in rows.terms.values()],
        "organizations": [hsds_serialize.organization(o) for o in rows.organizations.values()],
        "services": [hsds_serialize.service(s, rows, for_export=True) for s in rows.services],
    }


def bump_version(session: Session, *, actor_name: str) -> int:
    """Raise the directory's version so that every replica reloads its snapshot."""
    state = session.get(DirectoryState, STATE_ID)
    if state is None:
        state = DirectoryState(id=STATE_ID, version=0)
        session.add(state)
    state.version += 1
    state.changed_at = datetime.now(UTC)
    state.changed_by = actor_name
    session.flush()
    return state.version


def current_version(session: Session) -> int:
    """The directory's version; 0 before anything was imported."""
    return session.scalar(select(func.coalesce(func.max(DirectoryState.version), 0))) or 0


def _parents_first(rows: Any) -> list[Any]:
    # A term may name a parent term: insert parents before their children.
    rows = list(rows)
    by_id = {row.id: row for row in rows}
    ordered: dict[str, Any] = {}

    def place(row: Any) -> None:
        parent = by_id.get(getattr(row, "parent_id", None))
        if parent is not None and parent.id not in ordered:
            place(parent)
        ordered[row.id] = row

    for row in rows:
        if row.id not in ordered:
            place(row)
    return list(ordered.values())


__all__ = ["HsdsInvalid", "ImportResult", "export_document", "import_document"]

"""The demo's offers directory and municipalities: invented, plausible, marked as demo."""

import json
from pathlib import Path

from sqlalchemy.orm import Session

from app.services.access.audit import Actor
from app.services.directory.hsds_io import ImportResult, import_document
from app.services.directory.municipalities import seed_municipalities

DIRECTORY_FILE = Path(__file__).resolve().parents[1] / "demo" / "data" / "directory_hsds.json"


def seed_directory(session: Session) -> ImportResult:
    """Load the region's municipalities and the demo HSDS directory (replacing the directory)."""
    seed_municipalities(session)
    document = json.loads(DIRECTORY_FILE.read_text(encoding="utf-8"))
    return import_document(session, document, actor=Actor(name="demo", role="admin"))

"""HSDS import and export: all or nothing, every problem named, the export valid HSDS."""

import copy
import json

import pytest
from sqlalchemy import func, select

from app.db.engine import unit_of_work
from app.models import HsdsService
from app.seed.directory import DIRECTORY_FILE
from app.services.access.audit import Actor
from app.services.directory.hsds_io import HsdsInvalid, export_document, import_document
from app.services.directory.hsds_schema import record_errors

ADMIN = Actor("admin-1", "admin")
DEMO = json.loads(DIRECTORY_FILE.read_text(encoding="utf-8"))


def services_stored(factory) -> int:  # type: ignore[no-untyped-def]
    with unit_of_work(factory) as session:
        return session.scalar(select(func.count()).select_from(HsdsService)) or 0


def test_the_demo_directory_imports(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        result = import_document(session, DEMO, actor=ADMIN)
    assert result.counts["services"] == len(DEMO["services"]) >= 30
    assert result.warnings == []
    assert services_stored(session_factory) == len(DEMO["services"])


def broken(*changes: tuple[int, str, object]) -> dict:  # type: ignore[type-arg]
    document = copy.deepcopy(DEMO)
    for index, field, value in changes:
        if value is None:
            del document["services"][index][field]
        else:
            document["services"][index][field] = value
    return document


def test_an_invalid_file_names_every_failing_record_and_imports_nothing(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        import_document(session, DEMO, actor=ADMIN)
    document = broken((3, "name", None), (5, "status", "open"))
    document["services"][7]["schedules"][0]["byday"] = "MO,FR,XX"
    document["services"][9]["service_areas"][0]["uri"] = "https://example.org/somewhere"
    document["services"][11]["schedules"][0]["id"] = "not-a-uuid"
    ids = [document["services"][i]["id"] for i in (3, 5, 7, 9, 11)]
    with pytest.raises(HsdsInvalid) as raised, unit_of_work(session_factory) as session:
        import_document(session, document, actor=ADMIN)
    errors = raised.value.errors
    assert f"services[3] (id {ids[0]}): field 'name': is required but missing" in errors
    assert any(e.startswith(f"services[5] (id {ids[1]}): field 'status': 'open' is not one of")
               for e in errors)
    assert any(e.startswith(f"services[7] (id {ids[2]}): field 'schedules[0].byday'")
               for e in errors)
    assert any(e.startswith(f"services[9] (id {ids[3]}): field 'service_areas[0].uri'")
               for e in errors)
    assert f"services[11] (id {ids[4]}): field 'schedules[0].id': 'not-a-uuid' is not a 'uuid'" \
        in errors
    assert services_stored(session_factory) == len(DEMO["services"])  # the old directory stands


def test_a_service_naming_an_organization_not_in_the_file_is_refused(session_factory) -> None:
    document = broken((0, "organization_id", "3f0c2d4e-1111-4a5b-9c7d-000000000000"))
    with pytest.raises(HsdsInvalid, match="no organization with id 3f0c2d4e"), \
            unit_of_work(session_factory) as session:
        import_document(session, document, actor=ADMIN)
    assert services_stored(session_factory) == 0


def test_a_file_that_is_not_a_directory_is_refused() -> None:
    with pytest.raises(HsdsInvalid, match="'services' list"):
        import_document(None, DEMO["services"][0], actor=ADMIN)  # type: ignore[arg-type]


def test_the_export_is_valid_hsds_and_round_trips(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        import_document(session, DEMO, actor=ADMIN)
        exported = export_document(session)
    for collection in ("services", "organizations", "taxonomies", "taxonomy_terms"):
        assert exported[collection]
        for index, record in enumerate(exported[collection]):
            assert record_errors(collection, index, record) == []

    collections = ("services", "organizations", "taxonomies", "taxonomy_terms")
    assert canonical({c: exported[c] for c in collections}) == canonical(
        {c: DEMO[c] for c in collections})


def canonical(value: object) -> object:
    """Lists of records in id order: HSDS gives no meaning to their order."""
    if isinstance(value, dict):
        return {key: canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [canonical(item) for item in value]
        return sorted(items, key=lambda r: r["id"]) if all(
            isinstance(r, dict) and "id" in r for r in items) else items
    return value


def test_a_value_too_long_to_store_is_named_not_a_server_error(session_factory) -> None:
    document = broken((0, "name", "x" * 201))
    with pytest.raises(HsdsInvalid, match="field 'name': longer than 200 characters"), \
            unit_of_work(session_factory) as session:
        import_document(session, document, actor=ADMIN)


def test_an_offer_no_need_term_names_is_imported_with_a_warning(session_factory) -> None:
    document = broken((4, "attributes", []))
    with unit_of_work(session_factory) as session:
        result = import_document(session, document, actor=ADMIN)
    assert result.warnings == [f"services[4] (id {document['services'][4]['id']}): no taxonomy "
                               "term names a social need (code), so never suggested"]

"""The offers directory over HTTP: admin import and export, and the read-only HSDS API."""

import copy
import json

import pytest

from app.seed.directory import DIRECTORY_FILE
from app.services.access.apikeys import ROLES
from app.services.directory.hsds_schema import schema

DEMO = json.loads(DIRECTORY_FILE.read_text(encoding="utf-8"))
SMALL = {**DEMO, "services": DEMO["services"][:5]}  # under the ordinary body limit too


@pytest.fixture
def api(client, keys):  # type: ignore[no-untyped-def]
    """The client with the directory routes and the demo directory imported by an admin."""
    response = client.post("/v1/directory/import", json=DEMO, headers=keys["admin"])
    assert response.status_code == 200, response.text
    return client


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_only_admins_import_and_export(api, keys, role) -> None:
    assert api.post("/v1/directory/import", json=SMALL, headers=keys[role]).status_code == 403
    assert api.get("/v1/directory/export", headers=keys[role]).status_code == 403


def test_an_invalid_import_is_refused_whole(api, keys) -> None:
    document = copy.deepcopy(SMALL)
    del document["services"][2]["name"]
    response = api.post("/v1/directory/import", json=document, headers=keys["admin"])
    assert response.status_code == 422
    answer = response.json()
    assert answer["detail"] == "invalid HSDS directory: nothing was imported"
    assert answer["errors"] == [
        f"services[2] (id {document['services'][2]['id']}): field 'name': is required but missing"]
    export = api.get("/v1/directory/export", headers=keys["admin"]).json()
    assert len(export["services"]) == len(DEMO["services"])


def test_an_import_answers_what_it_wrote(api, keys) -> None:
    response = api.post("/v1/directory/import", json=SMALL, headers=keys["admin"]).json()
    assert response["counts"]["services"] == 5 and response["version"] >= 2


@pytest.mark.parametrize("role", ROLES)
def test_the_hsds_api_is_readable_by_every_role(api, keys, role) -> None:
    assert api.get("/hsds/services", headers=keys[role]).status_code == 200
    assert api.get("/hsds/services").status_code == 401


def test_the_hsds_root_says_the_version(api, keys) -> None:
    root = api.get("/hsds/", headers=keys["handler"]).json()
    assert root["version"] == "3.1" and root["openapi_url"].endswith("/openapi.json")


def test_lists_come_in_the_hsds_page_envelope(api, keys) -> None:
    total = len(DEMO["services"])
    first = api.get("/hsds/services", params={"per_page": 10}, headers=keys["handler"]).json()
    assert {k: v for k, v in first.items() if k != "contents"} == {
        "total_items": total, "total_pages": -(-total // 10), "page_number": 1, "size": 10,
        "first_page": True, "last_page": False, "empty": False}
    last = api.get("/hsds/services", params={"per_page": 10, "page": 4},
                   headers=keys["handler"]).json()
    assert (last["size"], last["first_page"], last["last_page"]) == (total - 30, False, True)
    beyond = api.get("/hsds/services", params={"page": 9}, headers=keys["handler"]).json()
    assert (beyond["empty"], beyond["contents"]) == (True, [])
    names = [s["name"] for s in first["contents"]]
    assert names == sorted(names)
    assert set(first["contents"][0]) <= set(schema("service_list.json")["properties"])


def test_services_filter_by_taxonomy_term_and_search(api, keys) -> None:
    terms = api.get("/hsds/taxonomy_terms", params={"per_page": 50},
                    headers=keys["handler"]).json()["contents"]
    sobering = next(t for t in terms if t["name"] == "Afrusning")
    found = api.get("/hsds/services", params={"taxonomy_term_id": sobering["id"]},
                    headers=keys["handler"]).json()
    assert {s["name"] for s in found["contents"]} == {"Afrusningen Aarhus", "Afrusning Randers"}
    searched = api.get("/hsds/services", params={"search": "herberg"},
                       headers=keys["handler"]).json()
    assert searched["total_items"] >= 4
    top = api.get("/hsds/taxonomy_terms", params={"top_only": True},
                  headers=keys["handler"]).json()
    assert top["total_items"] == 11  # one per social-need code


def test_one_service_fully_nested_is_valid_hsds(api, keys) -> None:
    from jsonschema import Draft202012Validator, FormatChecker

    listed = api.get("/hsds/services", params={"search": "Natcaféen"},
                     headers=keys["handler"]).json()["contents"][0]
    service = api.get(f"/hsds/services/{listed['id']}", headers=keys["handler"]).json()
    validator = Draft202012Validator(schema("service.json"), format_checker=FormatChecker())
    assert list(validator.iter_errors(service)) == []
    assert service["organization"]["name"] == "Foreningen Varmt Måltid"
    assert service["schedules"][0]["byday"] == "TH,FR,SA"
    assert service["service_at_locations"][0]["location"]["addresses"][0]["city"] == "Aarhus C"
    assert api.get("/hsds/services/nope", headers=keys["handler"]).status_code == 404


def test_organizations_and_taxonomies(api, keys) -> None:
    organizations = api.get("/hsds/organizations", headers=keys["auditor"]).json()
    assert organizations["total_items"] == len(DEMO["organizations"])
    assert set(organizations["contents"][0]) <= set(
        schema("organization_list.json")["properties"])
    taxonomies = api.get("/hsds/taxonomies", headers=keys["auditor"]).json()
    assert [t["name"] for t in taxonomies["contents"]] == ["Akutbro behov"]


def test_the_municipal_contact_list(api, keys) -> None:
    from app.db.engine import unit_of_work
    from app.services.directory.municipalities import seed_municipalities

    with unit_of_work(api.app.state.session_factory) as session:
        seed_municipalities(session)
    listed = api.get("/v1/municipalities", headers=keys["brobygger"]).json()
    assert len(listed) == 19
    samso = next(m for m in listed if m["code"] == "0741")
    assert (samso["participates"], samso["contacts"]) == (False, [])
    assert all(c["demo"] for m in listed for c in m["contacts"])
    assert api.get("/v1/municipalities", headers=keys["dispatch"]).status_code == 403

"""The API's documentation works on a closed network and says what an integrator needs."""

import re
from typing import Any

import pytest

ASSET = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"', re.IGNORECASE)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_load_nothing_from_outside(client, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assets = ASSET.findall(response.text)
    assert assets, "the page loads its script from somewhere"
    for url in assets:
        assert url.startswith("/"), f"{page} loads {url} from outside the service"
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 1000, url
    assert "http://" not in response.text and "https://" not in response.text


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    return document["components"]["schemas"]


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return _schemas(document)[ref.rsplit("/", 1)[1]] if ref else schema


def _request_fields(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every field of every request body, nested ones included, named by path."""
    found = []

    def walk(schema: dict[str, Any], where: str, depth: int = 0) -> None:
        for name, field in _resolve(document, schema).get("properties", {}).items():
            found.append((f"{where}.{name}", field))
            for part in [field, *field.get("anyOf", [])]:
                if "$ref" in part and depth < 3:
                    walk(part, f"{where}.{name}", depth + 1)

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                walk(media["schema"], f"{method.upper()} {path}")
    return found


def test_every_request_field_is_described_with_an_example(client) -> None:
    fields = _request_fields(client.get("/openapi.json").json())
    assert len(fields) > 50
    undescribed = [name for name, field in fields if not field.get("description")]
    unexemplified = [name for name, field in fields if not field.get("examples")]
    assert undescribed == []
    assert unexemplified == []


def test_the_document_says_where_the_cpr_number_goes(client) -> None:
    document = client.get("/openapi.json").json()
    assert "`patient.cpr`" in document["info"]["description"]
    patient = _schemas(document)["PatientIn"]["properties"]["cpr"]
    assert "DDMMYY-SSSS" in patient["description"]
    assert "Pseudonymised at once" in patient["description"]
    assessment = _schemas(document)["AssessmentCreate"]
    assert assessment["examples"][0]["patient"]["cpr"]


def test_a_422_is_documented_as_it_is_sent(client, keys) -> None:
    document = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in _schemas(document)
    documented = document["paths"]["/v1/assessments"]["post"]["responses"]["422"]
    schema = _resolve(document, documented["content"]["application/json"]["schema"])
    sent = client.post("/v1/assessments", json={"call_id": "x"}, headers=keys["dispatch"]).json()
    assert set(schema["properties"]) == set(sent) == {"detail", "errors"}
    assert set(sent["errors"][0]) == {"field", "reason"}


@pytest.mark.parametrize(("path", "method", "statuses"), [
    # 503: the key is unknown here and the database that would know it is unreachable.
    ("/v1/assessments", "post",
     {"200", "400", "401", "403", "413", "422", "429", "500", "503"}),
    ("/v1/cases", "post",
     {"201", "400", "401", "403", "404", "409", "413", "422", "429", "500", "503"}),
    ("/v1/cases/{case_id}", "get", {"200", "401", "403", "404", "422", "429", "500", "503"}),
    ("/v1/vocabulary", "get", {"200", "401", "429", "500", "503"}),  # every role may: no 403
    ("/v1/models/{version}/promote", "post",
     {"200", "400", "401", "403", "404", "409", "413", "422", "429", "500", "503"}),
    ("/health/ready", "get", {"200", "503"}),
])
def test_each_route_documents_every_status_it_answers_with(client, path, method,
                                                           statuses) -> None:
    operation = client.get("/openapi.json").json()["paths"][path][method]
    assert set(operation["responses"]) == statuses


def test_a_refusal_names_the_roles_allowed(client) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/citizens/lookup"]["post"]
    assert "allowed: brobygger, handler" in operation["responses"]["403"]["description"]

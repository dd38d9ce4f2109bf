"""GET /metrics as Prometheus scrapes it: parseable, no key needed, route templates and short
codes in the labels (never an id or personal data), and the families operators alert on."""


from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from app.config import Settings
from app.db.engine import unit_of_work
from app.main import create_app
from tests.factories import assessment_body
from tests.factories.model import promote, register
from tests.waiting import eventually

FAMILIES = {
    "akutbro_http_requests": "counter",
    "akutbro_http_request_duration_seconds": "histogram",
    "akutbro_assessments": "counter",
    "akutbro_assessments_degraded": "counter",
    "akutbro_model_served": "gauge",
    "akutbro_model_swaps": "counter",
    "akutbro_db_pool_checked_out": "gauge",
    "akutbro_db_pool_size": "gauge",
}
CPR = "050361-2345"
PHONE = "+45 28 93 11 22"


def scrape(client: TestClient) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """Every sample of the akutbro families: name -> sorted labels -> value."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if sample.name.startswith("akutbro_"):
                samples.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = (
                    sample.value)
    return samples


def value(samples: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return samples.get(name, {}).get(tuple(sorted(labels.items())), 0.0)


def test_metrics_parse_and_hold_every_family_after_a_few_requests(client, keys) -> None:
    before = scrape(client)
    answer = client.post("/v1/assessments", headers=keys["dispatch"], json=assessment_body(
        caller_phone=PHONE, patient={"cpr": CPR}, notes="ensom, har drukket")).json()
    client.get("/v1/cases/123456789", headers=keys["brobygger"])
    client.get("/health")
    client.get(f"/no/such/page/{CPR}")

    response = client.get("/metrics")
    families = {f.name: f.type for f in text_string_to_metric_families(response.text)}
    assert FAMILIES.items() <= families.items()
    after = scrape(client)

    action, flag = answer["recommendation"]["action"], answer["flag"]
    assert value(after, "akutbro_assessments_total", action=action, flag=flag) == (
        value(before, "akutbro_assessments_total", action=action, flag=flag) + 1)
    assert answer["degraded_reasons"] == ["No flag model is loaded."]  # no model in this test
    assert value(after, "akutbro_assessments_degraded_total", reason="no_model") == (
        value(before, "akutbro_assessments_degraded_total", reason="no_model") + 1)
    created = dict(method="POST", route="/v1/assessments", status="200")
    assert value(after, "akutbro_http_requests_total", **created) == (
        value(before, "akutbro_http_requests_total", **created) + 1)
    assert value(after, "akutbro_http_request_duration_seconds_count", **created) >= 1
    assert value(after, "akutbro_model_served", version="none") == 1
    assert value(after, "akutbro_db_pool_size", pool="service") > 0

    routes = {dict(labels)["route"] for labels in after["akutbro_http_requests_total"]}
    assert {"/v1/cases/{case_id}", "/health", "<unmatched>"} <= routes
    assert not any("123456789" in route or CPR in route for route in routes)
    assert CPR not in response.text and "28 93 11 22" not in response.text


def test_a_hot_swap_of_the_production_model_is_counted_and_the_version_shown(
    client, keys
) -> None:
    before = scrape(client)
    with unit_of_work(client.app.state.session_factory) as session:
        version = register(session, under_triage_rate=0.005).version
        promote(session, version)
    # The registry watcher looks every 0.2 s in tests.
    eventually(lambda: value(scrape(client), "akutbro_model_served", version=version) == 1,
               what="the swap in the metrics")
    after = scrape(client)
    assert value(after, "akutbro_model_served", version="none") == 0
    # At least ours: a training job finishing from an earlier test may swap in this process too.
    assert value(after, "akutbro_model_swaps_total") >= (
        value(before, "akutbro_model_swaps_total") + 1)


def test_metrics_can_be_turned_off(settings: Settings) -> None:
    with TestClient(create_app(settings.model_copy(update={"metrics_enabled": False}))) as client:
        assert client.get("/metrics").status_code == 404
        assert client.get("/health").status_code == 200

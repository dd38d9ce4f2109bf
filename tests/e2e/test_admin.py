"""The admin trains a model on a small data set, follows its progress, and promotes it;
a candidate the safety gate refuses shows why."""

import pytest
from playwright.sync_api import expect

from app.console.core_text import say_text
from app.db.engine import unit_of_work
from app.services.flag_model import registry
from tests.e2e.conftest import CHALLENGE_SET, DEMO_DAYS, MAX_UNDER_TRIAGE
from tests.e2e.helpers import shot
from tests.factories import console as data

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


def test_an_admin_trains_a_model_watches_it_and_promotes_it(open_as, server) -> None:  # type: ignore[no-untyped-def]
    page = open_as("admin")
    assert page.url.endswith("/console/admin/models")
    page.get_by_role("link", name="Træning").first.click()
    page.get_by_label("Syntetiske demodata").check()
    page.get_by_label("Dage med demodata").fill(str(DEMO_DAYS))
    page.get_by_label("Årsag (logges)").fill("e2e: ny kandidat på en måneds demodata")
    page.get_by_role("button", name="Træn kandidat").click()
    page.wait_for_url("**/console/admin/training/*")
    expect(page.locator("#job-state")).to_have_text("Kører", timeout=30_000)
    expect(page.locator("#job-percent")).not_to_have_text("0 %", timeout=30_000)
    shot(page, "09-admin-training-progress")
    page.locator("#job-result").wait_for(state="visible", timeout=90_000)
    expect(page.locator("#job-percent")).to_have_text("100 %")
    expect(page.locator("#job-state")).to_have_text("Færdig")

    page.locator("#job-version").click()
    page.wait_for_url("**/console/admin/models/flag-*")
    version = page.url.rsplit("/", 1)[1]
    assert page.locator("#calibration-cap").is_visible() and page.locator("#roc-cap").is_visible()
    assert page.locator("svg polyline.curve").count() == 2
    assert "Må sættes i drift" in page.locator(".gate").inner_text()
    shot(page, "10-admin-model-version")
    page.get_by_label("Årsag (logges)").fill("bedre kalibreret; godkendt af overlæge")
    page.get_by_role("button", name="Sæt i drift").click()
    page.wait_for_url("**msg=promoted")
    assert "I drift" in page.locator("h1").inner_text()
    with unit_of_work(server.factory) as session:
        assert registry.get(session, version).status == "production"


def test_a_refused_promotion_shows_the_gates_reasons(open_as, server) -> None:  # type: ignore[no-untyped-def]
    risky = data.seed_version(server.factory, under_triage=0.08, auc=0.7, tag="risky")
    page = open_as("admin")
    page.get_by_role("link", name=risky).click()
    assert "Må ikke sættes i drift" in page.locator(".gate").inner_text()
    page.get_by_label("Årsag (logges)").fill("forsøg trods advarsel")
    page.get_by_role("button", name="Sæt i drift").click()
    alert = page.locator("#gate-refusal")
    alert.wait_for()
    assert "Sikkerhedsporten afviste" in alert.inner_text()
    with unit_of_work(server.factory) as session:
        row = registry.get(session, risky)
        verdict = registry.gate(session, row, max_under_triage=float(MAX_UNDER_TRIAGE),
                                max_auc_drop=0.02, challenge=CHALLENGE_SET)
        assert row.status == "candidate"
    assert not verdict.allowed
    for reason in verdict.reasons:  # each said in Danish, as the console says the core's
        assert say_text("da", reason) in alert.inner_text()
    shot(page, "11-admin-promotion-refused")

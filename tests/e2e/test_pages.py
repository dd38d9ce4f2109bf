"""Every console page, for its own role: reachable by Tab alone with a visible focus ring
on every stop, its main controls among them, and no console errors; and the auditor's log."""

from datetime import UTC, datetime

import pytest

from tests.e2e.helpers import post_assessment, shot, tab_through
from tests.factories import console as data

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]
LAYOUT = ["a[href='/console/']", "a[hreflang=en]", ".topbar button"]


def _pages(server) -> dict[str, dict[str, list[str]]]:  # type: ignore[no-untyped-def]
    """Each role's pages and the controls that must be reachable on each."""
    answer = post_assessment(server.url, server.dispatch, notes="ensom og utryg",
                             received_at=datetime.now(UTC).isoformat())
    work = data.seed_brobygger_work(server.factory)
    version = data.seed_version(server.factory, tag="pages")
    job = data.seed_job(server.factory)
    return {
        "handler": {
            "/console/queue": ["a[href='/console/lookup']", f"#a-{answer['assessment_id']} a"],
            f"/console/assessments/{answer['assessment_id']}": [
                "#accept-button", "#override-button", "a[href='/console/queue']"],
            "/console/lookup": ["#cpr", "#phone", "#purpose", "#purpose_text",
                                "form[action='/console/lookup'] button"],
        },
        "brobygger": {
            "/console/callbacks": [f"#callback-{work.callback_id} input[name=outcome]",
                                   f"#note-{work.callback_id}",
                                   f"#callback-{work.callback_id} button"],
            "/console/cases": [f"a[href='/console/cases/{work.case_id}']", ".tabs a"],
            f"/console/cases/{work.case_id}": ["input[name=status]", "#case-note",
                                               "#status-form button"],
            f"/console/citizens/{work.pseudonym}/plan": ["#helps", "#contacts", "#avoid",
                                                         "form button[type=submit]"],
        },
        "admin": {
            "/console/admin/models": [f"a[href='/console/admin/models/{version}']"],
            f"/console/admin/models/{version}": ["#promote-reason", "#promote-button",
                                                 "details summary"],
            "/console/admin/training": ["input[name=source]", "#demo_days", "#train-reason",
                                        "#training-form button"],
            f"/console/admin/training/{job}": ["a[href='/console/admin/training']"],
            "/console/admin/users": ["#nu-username", "#nu-name", "#nu-role", "#nu-password",
                                     "td.actions button"],
            "/console/admin/keys": ["#nk-name", "#nk-role"],
        },
        "auditor": {
            "/console/audit": ["#f-actor", "#f-citizen", "#f-action", "#f-since", "#f-until",
                               ".filters-go button"],
        },
    }


def test_every_page_works_by_keyboard_alone(open_as, server) -> None:  # type: ignore[no-untyped-def]
    for role, pages in _pages(server).items():
        page = open_as(role)
        for path, controls in pages.items():
            page.goto(path)
            tab_through(page, LAYOUT + controls)
        page.context.close()


def test_the_sign_in_page_works_by_keyboard(browser, server) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.conftest import VIEWPORT

    context = browser.new_context(viewport=VIEWPORT, base_url=server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/console/login")
    shot(page, "01-sign-in")
    tab_through(page, ["#username", "#password", "form button", "a[hreflang=en]"])
    page.keyboard.press("Shift+Tab")  # back from the end to the form, still by keyboard
    page.focus("#username")
    page.keyboard.type("auditor-1")
    page.keyboard.press("Tab")
    page.keyboard.type(data.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/console/audit")
    context.close()
    assert errors == []


def test_an_auditor_filters_the_log_by_person_and_time(open_as, server) -> None:  # type: ignore[no-untyped-def]
    page = open_as("auditor")
    page.get_by_label("Person").fill("seed")
    today = datetime.now(UTC).date().isoformat()
    page.get_by_label("Fra dato").fill(today)
    page.get_by_role("button", name="Søg").click()
    page.wait_for_url("**actor=seed**")
    rows = page.locator("table.grid tbody tr")
    assert rows.count() >= 4
    assert all(text.split("\t")[1] == "seed" for text in rows.all_inner_texts())
    assert "user.create" in page.locator("table.grid").inner_text()
    shot(page, "12-auditor-log")


def test_the_console_speaks_english_when_asked(open_as) -> None:  # type: ignore[no-untyped-def]
    page = open_as("admin", lang="en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Model versions").is_visible()
    page.get_by_role("link", name="Users").click()
    assert page.get_by_role("heading", name="Users").is_visible()
    shot(page, "13-admin-users-english")

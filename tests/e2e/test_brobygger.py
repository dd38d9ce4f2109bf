"""The brobygger works a callback, moves a case on with a note, and writes a response plan."""

import pytest

from app.db.engine import unit_of_work
from app.models import BrobyggerCase, Callback, CaseEvent
from app.services.brobygger import plans
from tests.e2e.helpers import shot, tab_through
from tests.factories import console as data

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


def test_a_brobygger_works_a_callback_and_changes_a_case_status(open_as, server) -> None:  # type: ignore[no-untyped-def]
    work = data.seed_brobygger_work(server.factory)
    page = open_as("brobygger")
    assert page.url.endswith("/console/callbacks")
    item = page.locator(f"#callback-{work.callback_id}")
    assert "Forfaldet" in item.inner_text() and "Hyppig ringer" in item.inner_text()
    shot(page, "06-brobygger-callbacks")
    tab_through(page, [f"#callback-{work.callback_id} input[value=done]",
                       f"#note-{work.callback_id}", f"#callback-{work.callback_id} button"])
    item.get_by_label("Gennemført").check()
    item.get_by_label("Note").fill("Talt med borgeren; aftalt besøg af hjemmeplejen i morgen.")
    item.get_by_role("button", name="Registrér").click()
    page.wait_for_url("**msg=callback_done")
    assert page.locator(f"#callback-{work.callback_id}").count() == 0  # off the open list
    with unit_of_work(server.factory) as session:
        callback = session.get(Callback, work.callback_id)
        assert callback is not None and callback.status == "done"
        assert callback.completed_by == "brobygger-1" and "hjemmeplejen" in callback.note

    page.get_by_role("link", name="Sager").click()
    page.get_by_role("link", name=f"Sag {work.case_id}", exact=True).click()
    page.wait_for_url(f"**/console/cases/{work.case_id}")
    assert "Henvist" in page.locator("h1").inner_text()
    page.get_by_label("Aktiv: brobyggeren arbejder med borgeren").check()
    page.get_by_label("Note (hvorfor)").fill("Første samtale holdt; borgeren vil gerne have hjælp.")
    page.get_by_role("button", name="Gem status").click()
    page.wait_for_url("**msg=case_saved")
    assert "Aktiv" in page.locator("h1").inner_text()
    assert "Første samtale holdt" in page.locator(".timeline").inner_text()
    shot(page, "07-brobygger-case")
    with unit_of_work(server.factory) as session:
        case = session.get(BrobyggerCase, work.case_id)
        assert case is not None and case.status == "active"
        events = session.query(CaseEvent).filter_by(case_id=work.case_id).all()
        assert [(e.from_status, e.to_status, e.actor) for e in events][-1] == (
            "referred", "active", "brobygger-1")

    page.get_by_role("link", name="Handleplan").click()
    page.get_by_label("Det hjælper").fill("En rolig stemme og at blive kaldt ved fornavn.")
    page.get_by_label("Ring til").fill("Hjemmeplejen, Aarhus Nord")
    page.get_by_label("Undgå").fill("At true med indlæggelse.")
    page.get_by_role("button", name="Gem ny version").click()
    page.wait_for_url("**msg=plan_saved")
    assert "Version 1" in page.locator("#plan-current").inner_text()
    shot(page, "08-brobygger-plan")
    with unit_of_work(server.factory) as session:
        case = session.get(BrobyggerCase, work.case_id)
        assert case is not None
        assert plans.count(session, case.citizen_id) == 1

"""The call-handler: an assessment posted by the CAD appears live, is opened, overridden
by keyboard with a reason, and the feedback is stored; a look-up never shows the CPR again."""

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.db.engine import unit_of_work
from app.models import AuditEvent, Feedback
from tests.e2e.helpers import post_assessment, seed_history, shot, tab_through

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]
CPR = "150368-1235"
PHONE = "+45 40 50 60 70"
LONELY = "mand ringer igen, er ensom og har drukket lidt, vil bare snakke, ingen brystsmerter"


def _feedback(server, assessment_id: str) -> Feedback | None:  # type: ignore[no-untyped-def]
    with unit_of_work(server.factory) as session:
        query = select(Feedback).where(Feedback.assessment_id == assessment_id)
        return session.scalars(query).first()


def test_a_new_assessment_appears_live_and_is_overridden_by_keyboard(
    open_as, server, production_model  # type: ignore[no-untyped-def]
) -> None:
    seed_history(server.url, server.dispatch, cpr=CPR, phone=PHONE)
    page = open_as("handler")
    assert page.url.endswith("/console/queue")
    page.get_by_text("Direkte", exact=True).wait_for()  # the event stream is connected
    answer = post_assessment(server.url, server.dispatch, received_at=datetime.now(UTC).isoformat(),
                             caller_phone=PHONE, patient={"cpr": CPR, "municipality_code": "0751"},
                             notes=LONELY)
    stored = time.monotonic()
    row = page.locator(f"#a-{answer['assessment_id']}")
    row.wait_for(timeout=3000)
    arrived = time.monotonic() - stored
    assert arrived < 1.5, f"the assessment took {arrived:.2f} s to appear"
    print(f"\nassessment appeared in the queue {arrived * 1000:.0f} ms after it was stored")
    shot(page, "02-handler-queue-live")
    tab_through(page, [f"#a-{answer['assessment_id']} a", "a[href='/console/lookup']"])

    row.locator("a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/console/assessments/{answer['assessment_id']}")
    banner = page.locator("#verdict-heading")
    assert banner.inner_text().strip().split()[0] in ("BROBYGGER", "AMBULANCE", "FØLG")
    assert page.locator(".figures").get_by_text("Opkald 1 år").is_visible()
    assert page.locator(".chart svg rect.bar-a").count() == 12
    shot(page, "03-handler-assessment")

    page.keyboard.press("o")
    dialog = page.locator("#override-dialog")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == "action_taken"
    page.select_option("#action_taken", "send_ambulance")
    page.select_option("#reason_code", "caller_known")
    page.fill("#reason_text", "kender borgeren: KOL, bliver hurtigt dårlig")
    page.focus("#action_taken")
    shot(page, "04-handler-override")
    page.keyboard.press("Enter")
    page.wait_for_url("**msg=feedback_saved")
    assert page.get_by_role("status").first.is_visible()
    given = _feedback(server, answer["assessment_id"])
    assert given is not None and not given.accepted
    assert (given.action_taken, given.reason_code, given.given_by) == (
        "send_ambulance", "caller_known", "handler-1")
    assert given.reason_text and "KOL" in given.reason_text


def test_a_keystroke_accepts_and_esc_closes_the_override(open_as, server) -> None:  # type: ignore[no-untyped-def]
    answer = post_assessment(server.url, server.dispatch, notes="brystsmerter og svedig",
                             received_at=datetime.now(UTC).isoformat())
    page = open_as("handler")
    page.goto(f"/console/assessments/{answer['assessment_id']}")
    assert "AMBULANCE" in page.locator("#verdict-heading").inner_text()
    assert "Brystsmerter" in page.locator(".redflags").inner_text()
    page.keyboard.press("o")
    assert page.locator("#override-dialog").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#override-dialog").is_visible()
    # Focus goes back to the button when the dialog's close event has run: wait for it.
    page.wait_for_function("document.activeElement?.id === 'override-button'", timeout=5000)
    page.keyboard.press("a")
    page.wait_for_url("**msg=accept_saved")
    given = _feedback(server, answer["assessment_id"])
    assert given is not None and given.accepted and given.action_taken == "send_ambulance"
    assert not page.locator("#accept-button").count()  # settled: no second decision
    assert page.evaluate("document.activeElement.id") == "undo-button"
    page.keyboard.press("Enter")  # a hurried accept is withdrawn at once
    page.wait_for_url("**msg=accept_withdrawn")
    assert _feedback(server, answer["assessment_id"]) is None
    assert page.locator("#accept-button").is_visible()


def test_a_look_up_is_logged_with_its_purpose_and_never_shows_the_cpr(
    open_as, server  # type: ignore[no-untyped-def]
) -> None:
    post_assessment(server.url, server.dispatch, caller_phone="+45 22 33 44 55",
                    patient={"cpr": "010170-1113"}, received_at=datetime.now(UTC).isoformat())
    page = open_as("handler")
    page.get_by_role("link", name="Opslag").click()
    page.get_by_label("CPR-nummer").fill("010170-1113")
    page.get_by_label("Formål (logges)").select_option("call_in_progress")
    page.get_by_label("Uddybning af formål").fill("borger i røret")
    page.get_by_role("button", name="Slå op").click()
    page.get_by_text("Opslaget er logget").wait_for()
    html = page.content()
    assert "010170" not in html and "0101701113" not in html and "1113" not in html
    assert page.locator("#cpr").input_value() == ""
    shot(page, "05-handler-lookup")
    with unit_of_work(server.factory) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "history.read.lookup")
                                .order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.actor == "handler-1" and event.citizen_pseudonym
    assert event.purpose == "Igangværende 112-opkald: borger i røret"

"""What the eye catches: no text overflowing its box in the queue and the assessment at
1024, 1440 and 1920 px; axe-core finds no serious or critical violation on any page; the
whole call-handler path works by keyboard alone."""

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e.helpers import SCREENSHOTS, post_assessment
from tests.e2e.test_pages import _pages
from tests.factories import console as data

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1024, 1440, 1920)
# Every element inside `scope` whose content is wider than its box, and every queue cell
# that runs into the next one.
OVERFLOW = """(scope) => {
  const found = [];
  for (const root of document.querySelectorAll(scope)) {
    for (const e of root.querySelectorAll('*')) {
      if (e.closest('svg, details:not([open])') || !e.clientWidth) continue;
      if (getComputedStyle(e).overflowX !== 'visible' && e.tagName !== 'SPAN') continue;
      if (e.scrollWidth > e.clientWidth + 1) {
        found.push(`${e.tagName}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`
                   + ` "${e.textContent.trim().slice(0, 40)}"`);
      }
    }
  }
  for (const link of document.querySelectorAll('.queue-link')) {
    const cells = [...link.children];
    for (let i = 0; i + 1 < cells.length; i++) {
      const a = cells[i].getBoundingClientRect(), b = cells[i + 1].getBoundingClientRect();
      if (a.right > b.left + 1) found.push(`cells overlap: "${cells[i].textContent.trim()}"`);
    }
    const box = link.getBoundingClientRect();
    for (const badge of link.querySelectorAll('.verdict, .tag')) {
      const r = badge.getBoundingClientRect();
      if (r.right > box.right + 1) found.push(`outside its row: "${badge.textContent.trim()}"`);
    }
  }
  return found;
}"""
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target).join(' | ')}`);
}"""


def _signed_in(browser, server, role: str, *, width: int = 1280, bypass_csp: bool = False):  # type: ignore[no-untyped-def]
    """A page signed in as the role; `bypass_csp` lets Playwright inject axe-core."""
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  base_url=server.url, bypass_csp=bypass_csp)
    page = context.new_page()
    page.goto("/console/login?lang=da")
    page.get_by_label("Brugernavn").fill(f"{role}-1")
    page.get_by_label("Adgangskode").fill(data.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/console/login" not in url)
    return page


@pytest.fixture(scope="module")
def calls(server) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Calls with the longest badges (ambulance and protocol with an urgency), long words,
    a re-sent call and a contradiction; with or without a model loaded."""
    now = datetime.now(UTC).isoformat()
    made = {
        "ambulance": post_assessment(server.url, server.dispatch, received_at=now, urgency="B",
                                     notes="brystsmerter og svedig, ondt ud i venstre arm"),
        "contradiction": post_assessment(server.url, server.dispatch, received_at=now,
                                         urgency="C", notes="trykken for brystet, ensom"),
        "protocol": post_assessment(server.url, server.dispatch, received_at=now,
                                    notes="ensom, vil bare snakke, har ikke spist i dag",
                                    call_id="CAD-2026-LONG-IDENTIFIER-000000000042"),
        "social": post_assessment(server.url, server.dispatch, received_at=now, urgency="D",
                                  notes="ensom, vil bare snakke, hjemløs og sulten",
                                  patient={"age": 67, "municipality_code": "0751"}),
    }
    again = post_assessment(server.url, server.dispatch, received_at=now, urgency="C",
                            notes="ensom, ringer igen", call_id=made["protocol"]["call_id"])
    made["resent"] = again
    return {name: answer["assessment_id"] for name, answer in made.items()}


@pytest.mark.parametrize("width", WIDTHS)
def test_no_text_overflows_its_box_in_the_queue_or_the_assessment(
    browser, server, calls, width: int  # type: ignore[no-untyped-def]
) -> None:
    page = _signed_in(browser, server, "handler", width=width)
    page.goto("/console/queue")
    page.locator(f"#a-{calls['resent']}").wait_for()
    assert page.evaluate(OVERFLOW, ".queue") == []
    assert page.locator(f"#a-{calls['protocol']}").count() == 0  # one row per call
    if width == 1024:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "20-queue-1024.png"), full_page=True)
    for name in ("ambulance", "contradiction", "social", "resent"):
        page.goto(f"/console/assessments/{calls[name]}")
        assert page.evaluate(OVERFLOW, "main") == [], name
        if width == 1024 and name == "contradiction":
            page.screenshot(path=str(SCREENSHOTS / "21-assessment-1024.png"), full_page=True)
    page.context.close()


def test_the_banner_says_first_what_the_handler_must_know(browser, server, calls) -> None:  # type: ignore[no-untyped-def]
    page = _signed_in(browser, server, "handler")
    page.goto(f"/console/assessments/{calls['contradiction']}")
    first = page.locator("#must-know").inner_text()
    assert first.startswith("Kontrollér hastegraden"), first
    assert "du har sat C" in first
    page.context.close()


def test_no_serious_or_critical_accessibility_violation_on_any_page(
    browser, server, calls  # type: ignore[no-untyped-def]
) -> None:
    if not AXE.exists():
        reason = f"axe-core missing at {AXE}: run `npm ci` in tests/e2e (node and npm needed)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: CI must run the accessibility checks")
        pytest.skip(reason)
    pages = _pages(server)
    pages["handler"][f"/console/assessments/{calls['contradiction']}"] = []
    pages["handler"][f"/console/assessments/{calls['protocol']}"] = []  # superseded
    found = {}
    for role, paths in pages.items():
        page = _signed_in(browser, server, role, bypass_csp=True)
        for path in ["/console/login?lang=da", *paths] if role == "handler" else paths:
            page.goto(path)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(AXE_RUN)
            if violations:
                found[path] = violations
            if path == f"/console/assessments/{calls['ambulance']}":
                page.keyboard.press("o")  # the override dialog, open
                dialog = page.evaluate(AXE_RUN)
                if dialog:
                    found[f"{path} (dialog)"] = dialog
        page.context.close()
    assert found == {}


def test_the_whole_handler_path_works_by_keyboard_alone(browser, server, calls) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1024, "height": 900}, base_url=server.url)
    page = context.new_page()
    page.goto("/console/login?lang=da")
    page.focus("#username")
    page.keyboard.type("handler-1")
    page.keyboard.press("Tab")
    page.keyboard.type(data.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/console/queue")
    target = f"#a-{calls['social']} a"
    for _ in range(60):  # Tab to the call's row
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", target):
            break
    else:
        pytest.fail("the queue row was not reached by Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/console/assessments/{calls['social']}")
    page.keyboard.press("o")
    assert page.evaluate("document.activeElement.id") == "action_taken"
    page.keyboard.press("Enter")  # nothing chosen: the form refuses, nothing is saved
    assert page.locator("#override-dialog").is_visible()
    page.keyboard.press("ArrowDown")  # the first action
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "reason_code"
    page.keyboard.press("ArrowDown")  # the first reason
    page.keyboard.press("Enter")
    page.wait_for_url("**msg=feedback_saved")
    assert page.get_by_text("Overstyret af").is_visible()
    context.close()


# Words that give a sentence's language away (quotes of the caller's notes aside).
DANISH = re.compile(r"\b(følg|hastegrad|hverdage|døgnåben|ingen|noter|opkald|og|ikke)\b", re.I)
ENGLISH = re.compile(r"\b(the|and|follow|degraded|frequent caller|not identified|calls?)\b", re.I)
MAIN_TEXT = """() => {
  const main = document.querySelector('main').cloneNode(true);
  main.querySelectorAll('q, code, [lang]').forEach((e) => e.remove());
  return main.innerText;
}"""


@pytest.mark.parametrize(("lang", "other"), [("da", ENGLISH), ("en", DANISH)])
def test_each_view_speaks_only_its_language(browser, server, calls, lang, other) -> None:  # type: ignore[no-untyped-def]
    page = _signed_in(browser, server, "handler")
    for path in ["/console/queue", *(f"/console/assessments/{calls[name]}" for name in
                                     ("ambulance", "contradiction", "social", "protocol"))]:
        page.goto(f"{path}?lang={lang}")
        text = page.evaluate(MAIN_TEXT)
        found = [m.group(0) for m in other.finditer(text)]
        assert found == [], f"{path}: {found} in {text!r}"
    page.context.close()

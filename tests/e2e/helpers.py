"""What the browser tests share: screenshots, the keyboard walk, and calls from the CAD."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.factories import assessment_body

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
START_AT_TOP = """() => {
  const start = document.createElement('span');
  start.tabIndex = -1;
  document.body.prepend(start);
  start.focus();
  start.remove();
  window.scrollTo(0, 0);
}"""
FOCUS_PROBE = """(targets) => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const ring = outline || s.boxShadow !== 'none';
  const label = e.id ? '#' + e.id : (e.getAttribute('href') || e.name || e.tagName);
  return {label: label, ring: ring, matches: targets.filter((t) => e.matches(t))};
}"""


def shot(page: Any, name: str) -> None:
    """A 1280x800 screenshot under test-output/screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def tab_through(page: Any, targets: list[str], *, limit: int = 150) -> list[str]:
    """Tab from the top of the page; every stop shows a focus ring and all targets are reached."""
    page.evaluate(START_AT_TOP)
    seen: set[str] = set()
    stops: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_PROBE, targets)
        if info is None:
            break
        assert info["ring"], f"{page.url}: no visible focus on {info['label']}"
        stops.append(info["label"])
        seen.update(info["matches"])
    assert stops and stops[0] == "#main", f"{page.url}: the skip link is not first: {stops[:3]}"
    missing = set(targets) - seen
    assert not missing, f"{page.url}: not reachable by Tab: {sorted(missing)} (stops: {stops})"
    return stops


def post_assessment(url: str, headers: dict[str, str], **changes: Any) -> dict[str, Any]:
    """The CAD's POST /v1/assessments."""
    response = httpx.post(f"{url}/v1/assessments", headers=headers, timeout=10,
                          json=assessment_body(**changes))
    assert response.status_code == 200, response.text
    return response.json()


def seed_history(url: str, headers: dict[str, str], *, cpr: str, phone: str) -> None:
    """A year of a frequent caller's calls, with ambulances A and B, through the API."""
    now = datetime.now(UTC)
    for days, urgency in ((300, "A"), (240, None), (200, "B"), (150, None), (120, "B"),
                          (90, None), (60, "A"), (25, None), (18, "B"), (12, None), (6, None),
                          (2, None)):
        answer = post_assessment(url, headers, caller_phone=phone, notes="ensom, ringer igen",
                                 received_at=(now - timedelta(days=days)).isoformat(),
                                 patient={"cpr": cpr, "municipality_code": "0751"})
        outcome = {"dispatched": "ambulance", "ambulance_urgency": urgency} if urgency else {
            "dispatched": "none"}
        httpx.post(f"{url}/v1/calls/{answer['call_id']}/outcome", headers=headers, json=outcome,
                   timeout=10).raise_for_status()

"""What the answers mean on screen: the three verdicts, the feedback and look-up choices."""

from dataclasses import dataclass

from pydantic import ValidationError

from app.console.i18n import has, translate
from app.schemas.fields import DispatchedAction

BROBYGGER_ACTIONS = ("transfer_to_brobygger", "dispatch_sociolance", "brobygger_callback")
FEEDBACK_ACTIONS: tuple[str, ...] = DispatchedAction.__args__  # type: ignore[attr-defined]
OVERRIDE_REASONS = ("red_flag_missed", "clinical_judgement", "caller_known", "no_brobygger",
                    "caller_refused", "other")
LOOKUP_PURPOSES = ("call_in_progress", "follow_up", "brobygger_case", "other")


@dataclass(frozen=True)
class Verdict:
    """The recommendation as the console shows it: kind (ambulance, brobygger, protocol)."""

    kind: str
    word_key: str
    detail_key: str
    urgency: str | None


def verdict(*, flag: str, action: str, urgency: str | None) -> Verdict:
    """Ambulance, a brobygger route, or "follow the protocol": the handler's triage decides
    (no model, an unsure one, medical content, a degraded answer, or not yet triaged)."""
    if action == "follow_protocol" or flag in ("uncertain", "unknown"):
        detail = "flag.triage_first" if flag == "social" else f"flag.{flag}"
        return Verdict("protocol", "verdict.protocol", detail, urgency)
    if action in BROBYGGER_ACTIONS:
        return Verdict("brobygger", "verdict.brobygger", f"action.{action}", None)
    return Verdict("ambulance", "verdict.ambulance", f"flag.{flag}", urgency)


class PurposeMissing(ValueError):
    """A look-up without a purpose (or "other" without words)."""


def lookup_purpose(code: str, text: str) -> str:
    """The purpose as the audit log keeps it: the chosen reason, in Danish, and any words."""
    text = " ".join(text.split())
    if code not in LOOKUP_PURPOSES or (code == "other" and len(text) < 3):
        raise PurposeMissing("lookup.error.purpose")
    label = translate("da", f"purpose.{code}")
    return f"{label}: {text}" if text else label


def lookup_errors(error: Exception) -> list[str]:
    """Message keys for what was wrong with a look-up, naming fields, never their values."""
    if isinstance(error, PurposeMissing):
        return ["lookup.error.purpose"]
    if not isinstance(error, ValidationError):
        return ["lookup.error.identifier"]
    keys = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        keys.append({"cpr": "lookup.error.cpr", "phone": "lookup.error.phone",
                     "purpose": "lookup.error.purpose"}.get(field, "lookup.error.identifier"))
    return list(dict.fromkeys(keys))


def taken_key(value: str | None) -> tuple[str, dict[str, str]]:
    """What was done on an earlier call (an outcome or a feedback action) as a message key."""
    if not value:
        return "taken.unknown", {}
    if value.startswith("ambulance "):
        return "taken.ambulance", {"urgency": value.removeprefix("ambulance ")}
    if value in FEEDBACK_ACTIONS:
        return f"action.{value}", {}
    return f"taken.{value}", {}


def audit_action(lang: str, action: str) -> str:
    """An audit action in words ("history.read.console" as "Historik læst i konsollen")."""
    key = f"audit.action.{action}"
    return translate(lang, key) if has(key) else action

"""Named factors in words a call-handler understands.

For example "social need in notes: loneliness ('ensom')", "notes: 'vil snakke'",
"9 calls in 30 days, 14 in a year", "red flag in notes: chest pain ('trykken for
brystet')". Several features can describe one thing (an age band and an age decade; the
call counts of five windows; a red flag's own, shared and night weights): they are summed
into one factor so the list stays short.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from app.triage.model.features import (
    CONCEPT,
    MEDICAL,
    RED_FLAG,
    WORD,
    CallFeatures,
    Extracted,
    local_time,
)
from app.triage.model.text import display
from app.triage.notes.signals import RedFlag, SocialSignal
from app.triage.vocabulary import TERMS

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SOURCES = {"notes": "notes", "symptoms": "symptom codes"}


@dataclass(frozen=True)
class Contribution:
    """One factor and how far it pushed this call: > 0 towards social, < 0 towards medical."""

    name: str
    text: str
    weight: float


def contributions(
    call: CallFeatures,
    extracted: Extracted,
    weights: Mapping[str, float],
    *,
    baselines: Mapping[str, float],
    scale: float,
    limit: int,
) -> tuple[Contribution, ...]:
    """The `limit` strongest factors behind one call's score, strongest first.

    A factor's push is its weight minus its average weight in the training calls
    (`baselines`), so that "female" or "no brobygger case" only counts when it differs
    from the usual caller. `scale` turns raw weights into calibrated log-odds.
    """
    totals: dict[str, float] = {}
    for name, value in extracted.values.items():
        key = factor_key(name)
        if key == MEDICAL and extracted.red_flags:  # told as the red flag it comes with
            key = RED_FLAG
        totals[key] = totals.get(key, 0.0) + weights.get(name, 0.0) * value
    pushes = sorted(
        ((key, scale * (total - baselines.get(key, 0.0))) for key, total in totals.items()),
        key=lambda item: -abs(item[1]),
    )
    chosen: list[tuple[str, str, float]] = []
    for key, push in pushes:
        if not push or len(chosen) == limit:
            break
        text = describe(key, call, extracted)
        # "hjemmet" adds to an already listed "i hjemmet" instead of repeating it.
        same = next((i for i, (k, t, _) in enumerate(chosen)
                     if key.startswith(WORD) and k.startswith(WORD) and _overlap(t, text)), None)
        if same is not None:
            k, t, w = chosen[same]
            chosen[same] = (k, t if len(t) >= len(text) else text, w + push)
        else:
            chosen.append((key, text, push))
    chosen.sort(key=lambda item: -abs(item[2]))
    return tuple(Contribution(key, text, weight) for key, text, weight in chosen)


def _overlap(a: str, b: str) -> bool:
    inner_a, inner_b = a.split("'")[1], b.split("'")[1]
    return inner_a in inner_b.split(" ") or inner_b in inner_a.split(" ")


def factor_key(name: str) -> str:
    """The factor a feature belongs to."""
    if name.startswith(WORD):  # most features: every word is its own factor
        return name
    head = name.split(":", 1)[0]
    if head in ("age", "agedec"):
        return "age"
    if head in ("hour", "weekday", "night"):
        return "time"
    if name.startswith(("history:calls", "history:first_call")):
        return "history:calls"
    if name.startswith("history:ambulances"):
        return "history:ambulances"
    if head in ("sex", "kommune", "chapter", "urgency", "phase"):
        return head
    if name.startswith(RED_FLAG):  # specific, shared and night weights: one reason
        return RED_FLAG
    if name.startswith(MEDICAL):  # each group and the shared "any": one reason
        return MEDICAL
    return name


def describe(key: str, call: CallFeatures, extracted: Extracted) -> str:
    """The factor in words."""
    h = call.history
    if key.startswith(WORD):
        return f"notes: '{display(key[len(WORD):])}'"
    if key == RED_FLAG:
        if not extracted.red_flags:
            return "red flag"
        flag = extracted.red_flags[0]
        return (f"red flag in {_where(flag)}: {_label(flag.code)}{_quote(flag)}"
                f"{_more(extracted.red_flags)}")
    if key == MEDICAL:
        if not extracted.medical:
            return "medical content"
        finding = extracted.medical[0]
        return (f"medical content in notes: {finding.group} ('{finding.evidence}')"
                f"{_more(extracted.medical)}")
    if key.startswith(CONCEPT):
        code = key[len(CONCEPT):]
        signal = next((s for s in extracted.social_signals if s.code == code), None)
        return f"social need in {_where(signal)}: {_label(code)}{_quote(signal)}"
    if key == "history:calls":
        if h.calls_365d <= 1:
            return "first call in a year"
        return f"{h.calls_30d} calls in 30 days, {h.calls_365d} in a year"
    if key == "history:ambulances":
        return f"ambulances in a year: {h.ambulances_a_365d} A, {h.ambulances_b_365d} B"
    if key == "history:frequent_caller":
        return f"frequent caller: {h.frequent_caller_reason}"
    return _structured(key, call)


def _structured(key: str, call: CallFeatures) -> str:
    if key == "age":
        return "age unknown" if call.age is None else f"age {call.age}"
    if key == "time":
        local = local_time(call.received_at)
        return f"call on a {WEEKDAYS[local.weekday()]} at {local:%H:%M}"
    if key == "sex":
        return "sex unknown" if call.sex == "unknown" else call.sex
    if key == "kommune":
        return f"municipality {call.municipality_code or 'unknown'}"
    if key == "chapter":
        return f"index chapter {call.index_chapter}" if call.index_chapter else "no index chapter"
    if key == "urgency":
        return f"urgency {call.urgency} set" if call.urgency else "no urgency set"
    if key == "phase":
        return {
            "none": "no brobygger case", "during": "brobygger case open",
            "after": "brobygger case closed earlier",
        }[call.phase]
    return key


def _more(findings: tuple[object, ...]) -> str:
    """" and 2 more" after the first of several findings."""
    return f" and {len(findings) - 1} more" if len(findings) > 1 else ""


def _where(finding: RedFlag | SocialSignal | None) -> str:
    return _SOURCES.get(finding.source, finding.source) if finding else "notes"


def _quote(finding: RedFlag | SocialSignal | None) -> str:
    return f" ('{finding.evidence}')" if finding and finding.source == "notes" else ""


def _label(code: str) -> str:
    term = TERMS.get(code)
    return term.label_en.lower() if term else code.replace("_", " ")

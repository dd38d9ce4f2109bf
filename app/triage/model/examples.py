"""Labelled examples for training, with each call's history from earlier calls only.

The label is "social": the call's real need was social and not medical. Medical need is
kept beside it because under-triage is measured on medical-need calls.
"""

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from app.triage.history import CallEvent, FrequentCallerRule, HistoryMetrics, compute_history
from app.triage.model.features import CallFeatures, Sex
from app.triage.phase import CaseSpan, case_phase

_YEAR = timedelta(days=365)
_KNOWN_SEXES: dict[str, Sex] = {"female": "female", "male": "male"}  # anything else: unknown


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled call."""

    call_id: str
    features: CallFeatures
    medical_need: bool
    social_need: bool

    @property
    def social(self) -> bool:
        """The training label: a social need and no medical need."""
        return self.social_need and not self.medical_need


class TimelineCall(Protocol):
    """What examples_from_timeline reads of a call (the demo's Call has these)."""

    @property
    def call_id(self) -> str: ...
    @property
    def received_at(self) -> datetime: ...
    @property
    def citizen_key(self) -> str | None: ...
    @property
    def age(self) -> int | None: ...
    @property
    def sex(self) -> str: ...
    @property
    def municipality_code(self) -> str | None: ...
    @property
    def index_chapter(self) -> str | None: ...
    @property
    def urgency(self) -> str | None: ...
    @property
    def symptoms(self) -> Sequence[str]: ...
    @property
    def notes(self) -> str: ...


class TimelineOutcome(Protocol):
    """What examples_from_timeline reads of an outcome."""

    @property
    def call_id(self) -> str: ...
    @property
    def medical_need(self) -> bool: ...
    @property
    def social_need(self) -> bool: ...
    @property
    def ambulance_urgency(self) -> str | None: ...


class TimelineCase(Protocol):
    """What examples_from_timeline reads of a brobygger case."""

    @property
    def citizen_key(self) -> str: ...
    @property
    def opened_at(self) -> datetime: ...
    @property
    def closed_at(self) -> datetime | None: ...


def examples_from_timeline(
    calls: Iterable[TimelineCall],
    outcomes: Iterable[TimelineOutcome],
    cases: Iterable[TimelineCase] = (),
    *,
    rule: FrequentCallerRule | None = None,
) -> list[Example]:
    """Examples in time order; a call's history and phase use only what was known at it."""
    rule = rule or FrequentCallerRule()
    by_call = {outcome.call_id: outcome for outcome in outcomes}
    spans: dict[str, list[CaseSpan]] = {}
    for case in cases:
        spans.setdefault(case.citizen_key, []).append(CaseSpan(case.opened_at, case.closed_at))
    ordered = sorted(calls, key=lambda call: (call.received_at.astimezone(UTC), call.call_id))
    missing = [call.call_id for call in ordered if call.call_id not in by_call]
    if missing:
        raise ValueError(f"{len(missing)} calls have no outcome, e.g. {missing[:3]}")
    history = _Histories(rule)
    examples = []
    for call in ordered:
        outcome = by_call[call.call_id]
        at = call.received_at.astimezone(UTC)
        key = call.citizen_key or None
        metrics = history.at(key, at)
        history.record(key, at, outcome.ambulance_urgency)
        # A source that knows the phase itself (the training CSV) says so; else use the cases.
        phase = getattr(call, "phase", None) or (
            case_phase(spans[key], as_of=at) if key in spans else "none"
        )
        features = CallFeatures(
            age=call.age, sex=_KNOWN_SEXES.get(call.sex, "unknown"),
            municipality_code=call.municipality_code, index_chapter=call.index_chapter,
            urgency=call.urgency, symptoms=tuple(call.symptoms), notes=call.notes,
            received_at=call.received_at, history=metrics, phase=phase,
        )
        examples.append(Example(call.call_id, features, outcome.medical_need, outcome.social_need))
    return examples


class _Histories:
    """Each person's calls of the last year, and shared HistoryMetrics for repeated values."""

    def __init__(self, rule: FrequentCallerRule) -> None:
        self._rule = rule
        self._events: dict[str, deque[CallEvent]] = {}
        self._interned: dict[HistoryMetrics, HistoryMetrics] = {}
        self._only_this_call: HistoryMetrics | None = None

    def at(self, key: str | None, at: datetime) -> HistoryMetrics:
        """The history at `at`: earlier recorded calls plus this one (not yet recorded)."""
        earlier = self._events.get(key) if key else None
        if earlier:
            while earlier and earlier[0].at <= at - _YEAR:
                earlier.popleft()
        current = CallEvent(at)
        if not earlier:
            # Most callers have no call in the last year: one shared answer for all of them.
            if self._only_this_call is None:
                self._only_this_call = compute_history([current], as_of=at, rule=self._rule)
            return self._only_this_call
        metrics = compute_history([*earlier, current], as_of=at, rule=self._rule)
        return self._interned.setdefault(metrics, metrics)

    def record(self, key: str | None, at: datetime, ambulance_urgency: str | None) -> None:
        """Remember a call (with what was sent) for the same person's later calls."""
        if key:
            self._events.setdefault(key, deque()).append(CallEvent(at, ambulance_urgency))


"""What the flag model sees of a call, as of the call's time, and its sparse named features.

Features are plain names with values ("age:45-64" = 1, "history:calls_30d" = log(1+n),
"redflag:chest_pain" = 1, "w:ensom" = 1) so that every weight can be explained by name.
Concepts come from the red-flag and social-need matcher on the notes and symptom codes,
medical content ("medical:breathing") from the recall-first medical finder on the notes;
words come from the rest of the masked notes (`text.ngrams`): names and streets never
matter, and a phrase the matcher understood counts once, as its concept.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from app.triage.history import HistoryMetrics
from app.triage.model.text import cut_clauses, ngrams
from app.triage.notes.medical_content import MEDICAL_GROUPS, MedicalFinding, find_medical_content
from app.triage.notes.signals import RedFlag, SocialSignal, find_red_flags, find_social_signals
from app.triage.notes.wordforms import plain
from app.triage.vocabulary import RED_FLAG_CODES, SOCIAL_NEED_CODES

FEATURE_VERSION = "4"  # bump when a feature's name or value changes meaning
LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")
Sex = Literal["female", "male", "unknown"]
Phase = Literal["none", "during", "after"]
SEXES = frozenset({"female", "male", "unknown"})
PHASES = frozenset({"none", "during", "after"})
AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 17, "0-17"), (18, 44, "18-44"), (45, 64, "45-64"), (65, 79, "65-79"), (80, 200, "80+"),
)
HISTORY_COUNTS = ("calls_24h", "calls_7d", "calls_30d", "calls_90d", "calls_365d",
                  "ambulances_a_365d", "ambulances_b_365d")
# Region Midtjylland's kommunekoder (other codes are features too, just not pre-listed).
MUNICIPALITY_CODES = (
    "0710", "0766", "0657", "0661", "0615", "0756", "0665", "0707", "0727", "0730", "0760",
    "0741", "0740", "0746", "0779", "0671", "0706", "0791", "0751",
)
WORD = "w:"
_MAX_CUTS = 4
_Finding = TypeVar("_Finding", RedFlag, SocialSignal)
RED_FLAG = "redflag:"
CONCEPT = "concept:"
MEDICAL = "medical:"
# Monotonic sense: these weights may only push towards medical (<= 0) or social (>= 0).
TOWARDS_MEDICAL_ONLY = ("redflag:", "medical:", "urgency:A", "urgency:B")
TOWARDS_SOCIAL_ONLY = ("concept:",)


@dataclass(frozen=True, slots=True)
class CallFeatures:
    """A call as the model may see it at the moment it is received (nothing later)."""

    age: int | None
    sex: Sex
    municipality_code: str | None
    index_chapter: str | None
    urgency: str | None
    symptoms: tuple[str, ...]
    notes: str
    received_at: datetime
    history: HistoryMetrics
    phase: Phase = "none"

    def __post_init__(self) -> None:
        if self.received_at.tzinfo is None or self.received_at.utcoffset() is None:
            raise ValueError(f"received_at must be timezone-aware, got {self.received_at!r}")
        if self.sex not in SEXES:
            raise ValueError(f"sex must be one of {sorted(SEXES)}, got {self.sex!r}")
        if self.phase not in PHASES:
            raise ValueError(f"phase must be one of {sorted(PHASES)}, got {self.phase!r}")


@dataclass(frozen=True, slots=True)
class Extracted:
    """A call's named feature values and the findings behind its concept features."""

    values: dict[str, float]
    red_flags: tuple[RedFlag, ...]
    social_signals: tuple[SocialSignal, ...]
    medical: tuple[MedicalFinding, ...] = ()


def extract(call: CallFeatures) -> Extracted:
    """All named features of one call, with the red flags and social signals found."""
    values: dict[str, float] = {}
    _structured(call, values)
    _history(call.history, values)
    notes = plain(call.notes)  # fullwidth and look-alike letters read as the plain ones
    in_notes = find_red_flags(symptoms=(), urgency=None, notes=notes)
    social_in_notes = find_social_signals(symptoms=(), notes=notes)
    # Findings in the notes first: their words are the better explanation.
    red = _merge(in_notes, find_red_flags(symptoms=call.symptoms, urgency=None, notes=None))
    social = _merge(social_in_notes, find_social_signals(symptoms=call.symptoms, notes=None))
    for flag in red:
        values[RED_FLAG + flag.code] = 1.0
    if red:  # one shared weight for "any red flag", so rare flags are not left weak
        values[RED_FLAG + "any"] = 1.0
        if "night" in values:  # social calls cluster at night; red-flag calls do not
            values[RED_FLAG + "night"] = 1.0
    for signal in social:
        values[CONCEPT + signal.code] = 1.0
    # Medical content, also in words the red flags miss: it may only push towards medical.
    medical = tuple(find_medical_content(notes))
    for finding in medical:
        values[MEDICAL + finding.group] = 1.0
    if medical:
        values[MEDICAL + "any"] = 1.0
    for gram in ngrams(_unexplained(notes, in_notes, social_in_notes)):
        values[WORD + gram] = 1.0
    return Extracted(values, red, social, medical)


def _merge(first: Sequence[_Finding], second: Sequence[_Finding]) -> tuple[_Finding, ...]:
    codes = {finding.code for finding in first}
    merged: list[_Finding] = list(first)
    merged.extend(finding for finding in second if finding.code not in codes)
    return tuple(merged)


def _unexplained(notes: str, red: list[RedFlag], social: list[SocialSignal]) -> str:
    """The notes without every clause in which the matcher found something.

    Those clauses are their concept features; cut as words too, a phrase could push
    the other way through a word's weight ("har brystsmerter" via "har"). The matcher
    reports one finding per code, so cut and look again until nothing is found.
    """
    for _ in range(_MAX_CUTS):
        evidence = [f.evidence for f in red] + [s.evidence for s in social]
        if not evidence:
            break
        shorter = cut_clauses(notes, evidence)
        if shorter == notes:
            break
        notes = shorter
        red = find_red_flags(symptoms=(), urgency=None, notes=notes)
        social = find_social_signals(symptoms=(), notes=notes)
    return notes


def feature_dict(call: CallFeatures) -> dict[str, float]:
    """The named feature values of one call (what the hashing vectoriser reads)."""
    return extract(call).values


def age_band(age: int | None) -> str:
    """The reporting age band of an age ("unknown" when missing)."""
    if age is None:
        return "unknown"
    for low, high, name in AGE_BANDS:
        if low <= age <= high:
            return name
    return "unknown"


def local_time(at: datetime) -> datetime:
    """The moment in Copenhagen wall-clock time (the model's hour and weekday)."""
    return at.astimezone(LOCAL_ZONE)


def _structured(call: CallFeatures, values: dict[str, float]) -> None:
    values["age:" + age_band(call.age)] = 1.0
    if call.age is not None and 0 <= call.age < 120:
        values[f"agedec:{min(call.age // 10 * 10, 90)}"] = 1.0
    values["sex:" + call.sex] = 1.0
    values["kommune:" + (call.municipality_code or "unknown")] = 1.0
    # No "none" values: early in a call nothing is set yet, and that is no sign of anything.
    if call.index_chapter:
        values["chapter:" + call.index_chapter] = 1.0
    if call.urgency and call.urgency.strip():
        values["urgency:" + call.urgency.strip().upper()] = 1.0
    local = local_time(call.received_at)
    values[f"hour:{local.hour:02d}"] = 1.0
    values[f"weekday:{local.weekday()}"] = 1.0
    if local.hour >= 22 or local.hour < 7:
        values["night"] = 1.0
    if call.phase != "none":  # nearly every call: as a feature it would only shift the intercept
        values["phase:" + call.phase] = 1.0


def _history(history: HistoryMetrics, values: dict[str, float]) -> None:
    for name in HISTORY_COUNTS:
        count = getattr(history, name)
        if count:
            values["history:" + name] = math.log1p(count)
    if history.frequent_caller:
        values["history:frequent_caller"] = 1.0
    if history.calls_365d <= 1:
        values["history:first_call"] = 1.0


def clip_sign(name: str) -> int:
    """-1 when the feature may only push towards medical, +1 only towards social, else 0."""
    if name.startswith(TOWARDS_MEDICAL_ONLY):
        return -1
    if name.startswith(TOWARDS_SOCIAL_ONLY):
        return 1
    return 0


def known_feature_names() -> list[str]:
    """Every feature name that does not come from the note's words."""
    names = [f"age:{band}" for _, _, band in AGE_BANDS] + ["age:unknown"]
    names += [f"agedec:{decade}" for decade in range(0, 100, 10)]
    names += [f"sex:{sex}" for sex in sorted(SEXES)]
    names += [f"kommune:{code}" for code in MUNICIPALITY_CODES] + ["kommune:unknown"]
    names += [f"chapter:{chapter:02d}" for chapter in range(1, 38)]
    names += [f"urgency:{urgency}" for urgency in ("A", "B", "C", "D", "E")]
    names += [f"hour:{hour:02d}" for hour in range(24)]
    names += [f"weekday:{day}" for day in range(7)] + ["night", "phase:during", "phase:after"]
    names += [f"history:{name}" for name in HISTORY_COUNTS]
    names += ["history:frequent_caller", "history:first_call"]
    names += [RED_FLAG + code for code in sorted(RED_FLAG_CODES)]
    names += [RED_FLAG + "any", RED_FLAG + "night"]
    names += [CONCEPT + code for code in sorted(SOCIAL_NEED_CODES)]
    names += [MEDICAL + group for group in sorted(MEDICAL_GROUPS)] + [MEDICAL + "any"]
    return names

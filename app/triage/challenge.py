"""The challenge set: call notes written apart from the generator, assessed as calls are.

Each note is assessed the way `app.services.assessment.assess` decides: identifiers scrubbed, red
flags, social signals and medical content found, the model's prediction (nothing known but
the note: no age, no history beyond the call), and `recommend` with a brobygger and the
sociolance on duty. Every note is assessed as a call at 14:00 and at 23:30 on a weekday
(the model weighs the hour), with urgency unset, C and E.

The figures: medical notes routed away (any moment counts) with urgency unset and with C,
which must be none; medical notes whose red flag or medical content was named; the model
alone calling a medical note social (with urgency unset); and per kind of non-medical note
the share of assessments at urgency E that route to a brobygger.
"""

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.triage.history import CallEvent, compute_history
from app.triage.model.features import LOCAL_ZONE, CallFeatures, extract
from app.triage.model.predict import FlagModel, Prediction
from app.triage.notes.medical_content import find_medical_content
from app.triage.notes.scrub import scrub_identifiers
from app.triage.notes.signals import find_red_flags, find_social_signals
from app.triage.promotion import ChallengeFigures
from app.triage.recommendation import SOCIAL_ACTIONS, ModelOpinion, Situation, recommend

COLUMNS = ("id", "kind", "group", "note")
KINDS = ("medical", "social", "incidental", "negated")
NOT_MEDICAL = ("social", "incidental", "negated")
# Urgency unset (None), C: nothing medical may be routed away; E: social recall.
GATED_URGENCIES: tuple[str | None, ...] = (None, "C")
SOCIAL_URGENCY = "E"
MOMENTS = (
    datetime(2024, 3, 5, 14, 0, tzinfo=LOCAL_ZONE),  # a Tuesday afternoon
    datetime(2024, 3, 5, 23, 30, tzinfo=LOCAL_ZONE),  # and late that evening
)
FIRST_WORDS = 8


class ChallengeSetError(ValueError):
    """The challenge CSV cannot be read; the message says where."""


@dataclass(frozen=True, slots=True)
class ChallengeNote:
    """One note of the set and what kind of call it describes."""

    id: str
    kind: str
    group: str
    note: str

    @property
    def first_words(self) -> str:
        """The note's opening words, to name it in a refusal."""
        words = self.note.split()
        more = " …" if len(words) > FIRST_WORDS else ""
        return " ".join(words[:FIRST_WORDS]) + more


@dataclass(frozen=True)
class ChallengeResult:
    """The figures of one model on one challenge set."""

    set_sha256: str
    rows: dict[str, int]  # notes per kind
    routed_away: dict[str, tuple[ChallengeNote, ...]]  # "unset" / "C": medical notes
    named: int  # medical notes with a red flag or medical content named
    model_social: int  # medical notes the model alone calls social (urgency unset)
    unfamiliar: int  # notes of any kind the model found unfamiliar
    routed_social: dict[str, int]  # kind -> assessments at urgency E routed to a brobygger
    assessments_per_note: int = len(MOMENTS)

    @property
    def medical(self) -> int:
        """How many medical notes the set holds."""
        return self.rows.get("medical", 0)

    @property
    def refused(self) -> bool:
        """Whether any medical note was routed away."""
        return any(self.routed_away.values())

    def social_recall(self, kind: str) -> float | None:
        """The share of a kind's assessments at urgency E routed to a brobygger."""
        total = self.rows.get(kind, 0) * self.assessments_per_note
        return self.routed_social.get(kind, 0) / total if total else None

    def gate_figures(self) -> ChallengeFigures:
        """The medical notes routed away, as the promotion gate weighs them."""
        return ChallengeFigures(self.medical, {
            urgency: tuple((n.id, n.first_words) for n in notes)
            for urgency, notes in self.routed_away.items()
        })

    def as_json(self) -> dict[str, Any]:
        """The figures as plain JSON, for the pedigree."""
        medical = self.medical
        return {
            "measured": True,
            "set_sha256": self.set_sha256,
            "rows": dict(self.rows),
            "medical_routed_away": {
                urgency: {"count": len(notes), "ids": [n.id for n in notes],
                          "first_words": {n.id: n.first_words for n in notes}}
                for urgency, notes in self.routed_away.items()
            },
            "medical_named_rate": _share(self.named, medical),
            "model_under_triage_rate": _share(self.model_social, medical),
            "unfamiliar_rate": _share(self.unfamiliar, sum(self.rows.values())),
            "social_recall_at_e": {kind: self.social_recall(kind) for kind in NOT_MEDICAL},
            "moments": [moment.isoformat() for moment in MOMENTS],
        }


def read_challenge(path: Path) -> tuple[ChallengeNote, ...]:
    """The notes of a challenge CSV (columns id, kind, group, note); all or nothing."""
    raw = path.read_bytes()
    return parse_challenge(raw.decode("utf-8-sig"), source=str(path))


def parse_challenge(text: str, *, source: str = "challenge set") -> tuple[ChallengeNote, ...]:
    """The notes of challenge CSV text; ChallengeSetError names every bad row."""
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise ChallengeSetError(f"{source}: missing column(s) {', '.join(missing)}")
    notes, errors, seen = [], [], set()
    for number, row in enumerate(reader, start=2):
        note = ChallengeNote(*(str(row.get(c) or "").strip() for c in COLUMNS))
        if not note.id or note.id in seen:
            errors.append(f"row {number}: id {note.id!r} is empty or repeated")
        elif note.kind not in KINDS:
            errors.append(f"row {number}: kind {note.kind!r} is not one of {', '.join(KINDS)}")
        elif not note.note:
            errors.append(f"row {number}: the note is empty")
        else:
            notes.append(note)
        seen.add(note.id)
    if errors:
        raise ChallengeSetError(f"{source}: " + "; ".join(errors))
    return tuple(notes)


def set_sha256(notes: Sequence[ChallengeNote]) -> str:
    """A fingerprint of the notes, to tell which set a figure was measured on."""
    digest = hashlib.sha256()
    for note in notes:
        digest.update("\x1f".join((note.id, note.kind, note.group, note.note)).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def evaluate_challenge(notes: Sequence[ChallengeNote], model: FlagModel) -> ChallengeResult:
    """Assess every note as a call under `model`, and count what the set is for."""
    rows = {kind: sum(n.kind == kind for n in notes) for kind in KINDS}
    routed: dict[str, list[ChallengeNote]] = {_label(u): [] for u in GATED_URGENCIES}
    routed_social = dict.fromkeys(NOT_MEDICAL, 0)
    named = model_social = unfamiliar = 0
    for note in notes:
        call = _Call(note.note)
        if note.kind == "medical":
            named += call.named
            for urgency in GATED_URGENCIES:
                if any(call.routed_away(model, urgency, at) for at in MOMENTS):
                    routed[_label(urgency)].append(note)
            model_social += any(call.prediction(model, None, at).flag == "social"
                                for at in MOMENTS)
        else:
            routed_social[note.kind] += sum(
                call.routed_away(model, SOCIAL_URGENCY, at) for at in MOMENTS)
        familiar = model.note_familiarity(extract(call.features(None, MOMENTS[0])))
        unfamiliar += bool(familiar and familiar.unfamiliar)
    return ChallengeResult(
        set_sha256=set_sha256(notes), rows=rows,
        routed_away={label: tuple(found) for label, found in routed.items()},
        named=named, model_social=model_social, unfamiliar=unfamiliar,
        routed_social=routed_social,
    )


class _Call:
    """One note's findings, assessed under several urgencies and moments."""

    def __init__(self, note: str) -> None:
        self.notes = scrub_identifiers(note)
        self._predictions: dict[tuple[str | None, datetime], Prediction] = {}
        self.social = find_social_signals(symptoms=(), notes=self.notes)
        self.medical = find_medical_content(self.notes)
        in_notes = find_red_flags(symptoms=(), urgency=None, notes=self.notes)
        self.named = bool(in_notes or self.medical)

    def routed_away(self, model: FlagModel, urgency: str | None, at: datetime) -> bool:
        prediction = self.prediction(model, urgency, at)
        advice = recommend(Situation(
            red_flags=find_red_flags(symptoms=(), urgency=urgency, notes=self.notes),
            social_signals=self.social,
            handler_urgency=urgency,
            model=ModelOpinion(prediction.flag, prediction.social_probability),
            brobygger_on_duty=True,
            sociolance_on_duty=True,
            medical_content=self.medical,
        ))
        return advice.action in SOCIAL_ACTIONS

    def prediction(self, model: FlagModel, urgency: str | None, at: datetime) -> Prediction:
        key = (urgency, at)
        if key not in self._predictions:
            self._predictions[key] = model.predict(self.features(urgency, at), limit=0)
        return self._predictions[key]

    def features(self, urgency: str | None, at: datetime) -> CallFeatures:
        # As `assess` builds them for an unknown caller: the history is this call alone.
        return CallFeatures(
            age=None, sex="unknown", municipality_code=None, index_chapter=None,
            urgency=urgency, symptoms=(), notes=self.notes, received_at=at,
            history=compute_history([CallEvent(at=at)], as_of=at),
        )


def _label(urgency: str | None) -> str:
    return urgency or "unset"


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None

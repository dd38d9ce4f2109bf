"""Assess a call: rules first, then history and the model, then the recommendation.

The order is the safety design: red flags and social signals come from the pure core and
need nothing else. The database (identity, history, recording) and the model may each be
unavailable; the answer then says so and falls back to the standard protocol.
"""

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db.engine import retry_once_on_disconnect, unit_of_work
from app.schemas.assessment import (
    AssessmentCreate,
    AssessmentRead,
    MedicalContentRead,
    RecommendationRead,
    RedFlagRead,
)
from app.schemas.citizen import HistoryRead
from app.services.access import audit
from app.services.access.audit import Actor
from app.services.assessment import calls, snapshot
from app.services.assessment.recording import Recorder
from app.services.brobygger import advice
from app.services.citizens import history, identity
from app.services.citizens.identity import Identity
from app.services.citizens.pseudonym import Pseudonymiser
from app.services.flag_model.model_store import Served
from app.triage.availability import is_on_duty
from app.triage.history import CallEvent, HistoryMetrics, compute_history, history_from_counts
from app.triage.model.features import MEDICAL, RED_FLAG, CallFeatures
from app.triage.model.predict import FlagModel, Prediction
from app.triage.notes.medical_content import MedicalFinding, find_medical_content
from app.triage.notes.scrub import scrub_identifiers
from app.triage.notes.signals import RedFlag, SocialSignal, find_red_flags, find_social_signals
from app.triage.phase import Phase
from app.triage.recommendation import ModelOpinion, Recommendation, Situation, recommend

log = logging.getLogger(__name__)
MAX_MODEL_REASONS = 4


@dataclass(frozen=True)
class AssessContext:
    """What an assessment needs besides the request."""

    settings: Settings
    pseudonymiser: Pseudonymiser
    served: Served
    actor: Actor
    recorder: Recorder  # for the service's database, made at start-up


@dataclass
class _Draft:
    """The answer as it is being built; `degraded` collects what was unavailable."""

    request: AssessmentCreate
    notes: str
    red_flags: list[RedFlag]
    social: list[SocialSignal]
    medical: list[MedicalFinding]
    degraded: list[str] = field(default_factory=list)
    history: HistoryRead | None = None
    features_history: HistoryMetrics | None = None
    phase: Phase = "none"
    open_case: bool = False
    model_flag: str | None = None


class OverBudget(Exception):
    """The assessment ran past its budget: the caller was answered without it."""


def assess(
    factory: sessionmaker[Session], request: AssessmentCreate, context: AssessContext,
    *, deadline: float | None = None,
) -> AssessmentRead:
    """Assess one call and record it; never raises, never fails towards a social route.

    Past `deadline` (`time.monotonic()`), nothing is recorded: the runner has answered the
    call degraded by then (`answer_without_database`)."""
    try:
        draft = _draft(request)
    except Exception:
        log.exception("the core failed on a call; answering with the protocol")
        return protocol_answer(request, "Internal error: this call could not be assessed.")
    try:
        return retry_once_on_disconnect(
            lambda: _assess_recorded(factory, draft, context, deadline))
    except OverBudget:
        log.warning("assessment of a call ran past its budget; it was not recorded")
    except Exception:
        log.exception("assessment could not use the database; answering without it")
    return _without_database(
        draft, context,
        "Database unavailable: no history shown, and this assessment was not recorded.")


def answer_without_database(
    request: AssessmentCreate, context: AssessContext, reason: str
) -> AssessmentRead:
    """The answer from the pure core alone, degraded for `reason`; never raises."""
    try:
        return _without_database(_draft(request), context, reason)
    except Exception:
        log.exception("the core failed on a call; answering with the protocol")
        return protocol_answer(request, reason)


def protocol_answer(request: AssessmentCreate, reason: str) -> AssessmentRead:
    """The protocol when nothing else can be trusted: an ambulance at urgency A or B, else
    the handler's own triage; nothing routed away."""
    acute = request.urgency in ("A", "B")
    return AssessmentRead(
        assessment_id=str(uuid.uuid4()), call_id=request.call_id, flag="unknown",
        social_probability=None, reasons=[], red_flags=[], medical_content=[],
        social_needs=[], history=None, model_version=None, degraded=True,
        degraded_reasons=[reason], created_at=datetime.now(UTC),
        recommendation=RecommendationRead(
            action="send_ambulance" if acute else "follow_protocol", urgency=request.urgency,
            follow_up=None, rationale=[f"Degraded answer: {reason} Follow the protocol."]),
    )


def _draft(request: AssessmentCreate) -> _Draft:
    """What the pure core finds in the call, before the database and the model."""
    notes = scrub_identifiers(request.notes)
    return _Draft(
        request=request,
        notes=notes,
        red_flags=find_red_flags(symptoms=request.symptoms, urgency=request.urgency, notes=notes),
        social=find_social_signals(symptoms=request.symptoms, notes=notes),
        medical=find_medical_content(notes),
    )


def _without_database(draft: _Draft, context: AssessContext, reason: str) -> AssessmentRead:
    draft.history, draft.features_history = None, None
    draft.degraded.append(reason)
    try:
        return _answer(draft, context, assessment_id=str(uuid.uuid4()))
    except Exception:
        log.exception("the answer could not be built; answering with the protocol")
        return protocol_answer(draft.request, reason)


def _assess_recorded(
    factory: sessionmaker[Session], draft: _Draft, context: AssessContext,
    deadline: float | None,
) -> AssessmentRead:
    """Find the citizen, then read, decide and record, in one transaction.

    When the call links no one anew (the common case), one statement reads the
    identifiers and the history of the citizen they point at. A call that creates, links or
    merges a citizen is looked up anew in a transaction of its own, whose rows land with
    the call's or not at all.
    """
    request = draft.request
    with unit_of_work(factory) as session:
        read = snapshot.read_for_call(
            session, identity.hashes(context.pseudonymiser, cpr=request.patient.cpr,
                                     phone=request.caller_phone),
            as_of=request.received_at, rule=context.settings.caller_rule,
            leave_out=request.call_id)
        found = identity.settled(read.known)
        if found is not None:
            return _decide_and_record(session, draft, found, context, deadline,
                                      read.of(found))
    with unit_of_work(factory) as session:
        known = identity.look_up(session, context.pseudonymiser, cpr=request.patient.cpr,
                                 phone=request.caller_phone)
        return _decide_and_record(session, draft, identity.resolve(session, known), context,
                                  deadline)


def _decide_and_record(
    session: Session, draft: _Draft, found: Identity, context: AssessContext,
    deadline: float | None, seen: snapshot.CitizenSnapshot | None = None,
) -> AssessmentRead:
    """Read (unless `seen` was read with the identifiers), decide, then write: the writes
    come last and together, so that they hold the database's write lock for as short a
    time as possible, and land all or not at all."""
    request = draft.request
    if found.citizen is not None:
        _read_history(session, draft, found, context, seen)
    else:
        draft.history = history.history_read(found, None, [])
    answer = _answer(draft, context, assessment_id=str(uuid.uuid4()))
    _add_brobygger_advice(session, answer, draft, context)
    audit_record = None
    if found.citizen is not None:
        audit_record = audit.values(actor=context.actor, action="history.read.assessment",
                                    citizen_pseudonym=found.citizen.pseudonym,
                                    call_id=request.call_id)
    _within_budget(deadline)
    context.recorder.write(session, call=calls.values(request, draft.notes, found),
                           assessment=_assessment_row(answer, draft, context),
                           audit_record=audit_record)
    _within_budget(deadline)  # a write that waited past it is rolled back, in a transaction
    return answer


def _within_budget(deadline: float | None) -> None:
    """Past the deadline the caller was answered degraded: this answer must not be on record."""
    if deadline is not None and time.monotonic() > deadline:
        raise OverBudget


def _read_history(
    session: Session, draft: _Draft, identity: Identity, context: AssessContext,
    seen: snapshot.CitizenSnapshot | None,
) -> None:
    """The history as of the call, counting the call itself once (also when re-sent)."""
    assert identity.citizen is not None
    request = draft.request
    rule = context.settings.caller_rule
    if seen is None:
        seen = snapshot.read(session, identity.citizen.id, as_of=request.received_at,
                             rule=rule, leave_out=request.call_id)
    counts = seen.calls.counts.plus_call_now(seen.calls.this_call_ambulance)
    shown = history_from_counts(counts, rule)
    draft.features_history = shown  # the model learned on history that includes the call
    draft.history = seen.history(identity, shown)
    draft.phase, draft.open_case = seen.context.phase, seen.context.open_case


def _add_brobygger_advice(
    session: Session, answer: AssessmentRead, draft: _Draft, context: AssessContext
) -> None:
    """The municipal contact, the offers open now and a callback's due time."""
    extra = advice.extras(
        session,
        action=answer.recommendation.action,
        follow_up=answer.recommendation.follow_up,
        needs=answer.social_needs,
        municipality_code=draft.request.patient.municipality_code,
        at=draft.request.received_at,
        schedule=context.settings.brobygger_schedule,
    )
    recommendation = answer.recommendation
    recommendation.municipal_contact = extra.municipal_contact
    recommendation.offers, recommendation.offers_note = extra.offers, extra.offers_note
    recommendation.callback_due_at = extra.callback_due_at


def _answer(draft: _Draft, context: AssessContext, *, assessment_id: str) -> AssessmentRead:
    request = draft.request
    served = context.served
    degraded = list(draft.degraded)
    prediction = _predict(served.production, draft)
    draft.model_flag = prediction.flag if prediction else None
    if served.production is None:
        degraded.append("No flag model is loaded.")
    elif prediction is None:
        degraded.append("The flag model failed on this call.")
    figures = draft.history
    recommendation = recommend(
        Situation(
            red_flags=draft.red_flags,
            social_signals=draft.social,
            handler_urgency=request.urgency,
            model=ModelOpinion(prediction.flag, prediction.social_probability)
            if prediction
            else None,
            brobygger_on_duty=is_on_duty(context.settings.brobygger_schedule, request.received_at),
            sociolance_on_duty=is_on_duty(
                context.settings.sociolance_schedule, request.received_at
            ),
            frequent_caller=bool(figures and figures.frequent_caller),
            open_case=draft.open_case,
            medical_content=draft.medical,
            degraded=degraded,
        )
    )
    return AssessmentRead(
        assessment_id=assessment_id,
        call_id=request.call_id,
        flag=recommendation.flag,
        social_probability=round(prediction.social_probability, 4) if prediction else None,
        reasons=_reasons(draft, prediction),
        red_flags=[
            RedFlagRead(code=f.code, source=f.source, evidence=f.evidence) for f in draft.red_flags
        ],
        medical_content=[
            MedicalContentRead(group=m.group, evidence=m.evidence) for m in draft.medical
        ],
        social_needs=[signal.code for signal in draft.social],
        history=draft.history,
        recommendation=_recommendation_read(recommendation),
        model_version=served.production.version if prediction and served.production else None,
        degraded=bool(degraded),
        degraded_reasons=degraded,
        created_at=datetime.now(UTC),
    )


def _predict(model: FlagModel | None, draft: _Draft) -> Prediction | None:
    if model is None:
        return None
    try:
        return model.predict(_features(draft))
    except Exception:
        log.exception("flag model %s failed on a call", model.version)
        return None


def _features(draft: _Draft) -> CallFeatures:
    request = draft.request
    return CallFeatures(
        age=request.patient.age,
        sex=request.patient.sex or "unknown",
        municipality_code=request.patient.municipality_code,
        index_chapter=request.index_chapter,
        urgency=request.urgency,
        symptoms=tuple(request.symptoms),
        notes=draft.notes,
        received_at=request.received_at,
        # Unknown caller or no database: as in training, the history is this call alone.
        history=draft.features_history
        or compute_history([CallEvent(at=request.received_at)], as_of=request.received_at),
        phase=draft.phase,
    )


def _reasons(draft: _Draft, prediction: Prediction | None) -> list[str]:
    reasons = [f"Red flag: {flag.evidence} ({flag.source})" for flag in draft.red_flags]
    reasons += [f"Medical content: {m.evidence} ({m.group})" for m in draft.medical]
    if prediction is not None:
        # The findings are listed above; the model's word for them would say them twice.
        listed = {RED_FLAG} if draft.red_flags else set()
        listed |= {MEDICAL} if draft.medical else set()
        model_reasons = [c.text for c in prediction.contributions if c.name not in listed]
        reasons += model_reasons[:MAX_MODEL_REASONS]
    reasons += [
        f"Social need: {s.evidence} ({s.source})"
        for s in draft.social
        if not any(s.evidence in reason for reason in reasons)
    ]
    if draft.history and draft.history.frequent_caller and draft.history.frequent_caller_reason:
        reasons.append(f"Frequent caller: {draft.history.frequent_caller_reason}")
    return list(dict.fromkeys(reasons))


def _recommendation_read(recommendation: Recommendation) -> RecommendationRead:
    return RecommendationRead(
        action=recommendation.action,
        urgency=recommendation.urgency,
        follow_up=recommendation.follow_up,
        rationale=list(recommendation.rationale),
        prepared_route=recommendation.prepared_route,
    )


def _assessment_row(
    answer: AssessmentRead, draft: _Draft, context: AssessContext
) -> dict[str, Any]:
    """The assessment as stored, with the shadow model's opinion beside it."""
    shadow_model = context.served.shadow
    shadow = _predict(shadow_model, draft)
    return {
        "id": answer.assessment_id,
        "created_at": answer.created_at,
        "flag": answer.flag,
        "social_probability": answer.social_probability,
        "model_version": answer.model_version,
        "model_flag": draft.model_flag,
        "action": answer.recommendation.action,
        "urgency": answer.recommendation.urgency,
        "follow_up": answer.recommendation.follow_up,
        "degraded": answer.degraded,
        "detail": answer.model_dump(mode="json", exclude={"history"}),
        "shadow_model_version": shadow_model.version if shadow and shadow_model else None,
        "shadow_probability": shadow.social_probability if shadow else None,
        "shadow_flag": shadow.flag if shadow else None,
    }


__all__ = ["AssessContext", "Identity", "assess"]

"""The recommendation: the one place that turns flags, signals and duty hours into advice.

Safety rule above all: any red flag (a medical finding, or urgency A or B set by the
call-handler) yields `send_ambulance`, whatever the model says. A social need in such a
call becomes a follow-up referral. Without a confident model the standard protocol
applies. Nothing here ever falls back towards a social route.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.triage.signals import RedFlag, SocialSignal

Flag = Literal["social", "medical", "mixed", "uncertain", "unknown"]
ModelFlag = Literal["social", "medical", "uncertain"]
Action = Literal[
    "send_ambulance", "dispatch_sociolance", "transfer_to_brobygger", "brobygger_callback"
]
FollowUp = Literal["refer_to_brobygger"]

PROTOCOL_URGENCY = "B"
# Needs where someone on site helps more than a phone call: the sociolance's reason to drive.
ONSITE_NEEDS = frozenset({"homelessness", "dementia_safety", "alcohol", "drugs", "food"})
URGENCY_ORDER = "ABCDE"


@dataclass(frozen=True)
class ModelOpinion:
    """What the flag model said about this call."""

    flag: ModelFlag
    social_probability: float


@dataclass(frozen=True)
class Situation:
    """Everything the recommendation weighs, as plain values."""

    red_flags: Sequence[RedFlag]
    social_signals: Sequence[SocialSignal]
    handler_urgency: str | None
    model: ModelOpinion | None
    brobygger_on_duty: bool
    sociolance_on_duty: bool
    frequent_caller: bool = False
    open_case: bool = False


@dataclass(frozen=True)
class Recommendation:
    """The advice and the sentences that explain it."""

    flag: Flag
    action: Action
    urgency: str | None
    follow_up: FollowUp | None
    rationale: tuple[str, ...]


def recommend(situation: Situation) -> Recommendation:
    """Advise on one call; red flags first, then the model, then who is on duty."""
    if situation.red_flags:
        return _red_flag_route(situation)
    if situation.model is None:
        return _protocol(
            situation, "unknown", "No flag model is available: follow the standard protocol."
        )
    if situation.model.flag == "uncertain":
        sentence = (
            "The model is uncertain "
            f"(social probability {situation.model.social_probability:.0%}): "
            "follow the standard protocol."
        )
        return _protocol(situation, "uncertain", sentence)
    if situation.model.flag == "medical":
        return _protocol(
            situation, "medical", "No red flag, but the call looks medical: send an ambulance."
        )
    return _social_route(situation)


def _red_flag_route(situation: Situation) -> Recommendation:
    flags = situation.red_flags
    suggested = "A" if any(flag.life_threatening for flag in flags) else "B"
    urgency = situation.handler_urgency or suggested
    named = ", ".join(flag.evidence for flag in flags[:3])
    rationale = [f"Red flag ({named}): send an ambulance, whatever the model says."]
    if URGENCY_ORDER.index(urgency) > URGENCY_ORDER.index(suggested):
        rationale.append(f"Note: the red flag suggests urgency {suggested}; you set {urgency}.")
    social = bool(situation.social_signals) or (
        situation.model is not None and situation.model.flag == "social"
    )
    follow_up, why = _follow_up(situation, social)
    rationale.extend(why)
    return Recommendation(
        flag="mixed" if social else "medical",
        action="send_ambulance",
        urgency=urgency,
        follow_up=follow_up,
        rationale=tuple(rationale),
    )


def _protocol(situation: Situation, flag: Flag, sentence: str) -> Recommendation:
    follow_up, why = _follow_up(situation, bool(situation.social_signals))
    rationale = [sentence, *why]
    return Recommendation(
        flag=flag,
        action="send_ambulance",
        urgency=situation.handler_urgency or PROTOCOL_URGENCY,
        follow_up=follow_up,
        rationale=tuple(rationale),
    )


def _social_route(situation: Situation) -> Recommendation:
    assert situation.model is not None
    needs = {signal.code for signal in situation.social_signals}
    onsite = bool(needs & ONSITE_NEEDS)
    probability = f"social probability {situation.model.social_probability:.0%}"
    if situation.sociolance_on_duty and onsite:
        action: Action = "dispatch_sociolance"
        sentence = f"No red flag, {probability}; a visit on site is indicated: send the sociolance."
    elif situation.brobygger_on_duty:
        action = "transfer_to_brobygger"
        sentence = f"No red flag, {probability}: transfer the caller to the brobygger on duty."
    else:
        action = "brobygger_callback"
        sentence = (
            f"No red flag, {probability}. No brobygger is on duty: "
            "book a callback at the next duty start."
        )
    return Recommendation(
        flag="social",
        action=action,
        urgency=None,
        follow_up=None,
        rationale=(sentence, "You decide: if in doubt, follow the standard protocol."),
    )


def _follow_up(situation: Situation, social: bool) -> tuple[FollowUp | None, tuple[str, ...]]:
    if social:
        return "refer_to_brobygger", ("A social need too: refer to a brobygger afterwards.",)
    # A frequent caller without a case is a referral waiting to happen.
    if situation.frequent_caller and not situation.open_case:
        return "refer_to_brobygger", (
            "Frequent caller without a brobygger case: refer afterwards.",
        )
    return None, ()

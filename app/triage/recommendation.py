"""The recommendation: the one place that turns findings, triage and duty hours into advice.

Safety rules above all, in this order:
1. Any red flag (a medical finding, or urgency A or B set by the call-handler) yields
   `send_ambulance`, whatever the model says; a social need becomes a follow-up referral.
2. Medical triage first: a route away from the ambulance is recommended only when the
   call-handler has triaged the call as not acute (urgency C, D or E), nothing is degraded,
   the notes hold no medical content and the model is confident the need is social.
   Before that the answer is `follow_protocol`, and a social flag is preparation.
3. Nothing here ever falls back towards a social route.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from app.triage.notes.medical_content import LIFE_THREATENING_GROUPS
from app.triage.notes.signals import RedFlag, SocialSignal

Flag = Literal["social", "medical", "mixed", "uncertain", "unknown"]
ModelFlag = Literal["social", "medical", "uncertain"]
SocialAction = Literal["dispatch_sociolance", "transfer_to_brobygger", "brobygger_callback"]
Action = Literal[
    "send_ambulance", "follow_protocol",
    "dispatch_sociolance", "transfer_to_brobygger", "brobygger_callback",
]
FollowUp = Literal["refer_to_brobygger"]

SOCIAL_ACTIONS: tuple[SocialAction, ...] = (
    "dispatch_sociolance", "transfer_to_brobygger", "brobygger_callback",
)
# Urgencies at which the handler has triaged the call as not acute (Dansk Indeks).
NOT_ACUTE = frozenset("CDE")
ACUTE = frozenset("AB")
# Needs where someone on site helps more than a phone call: the sociolance's reason to drive.
ONSITE_NEEDS = frozenset({"homelessness", "dementia_safety", "alcohol", "drugs", "food"})
URGENCY_ORDER = "ABCDE"
# A calibrated social probability below this says the call is more likely medical than
# social. A model may choose a lower threshold on its own validation data (the generator's
# calls part cleanly); on words nobody wrote for it, no route away below this.
MIN_SOCIAL_PROBABILITY = 0.5


class MedicalContent(Protocol):
    """A medical finding in the notes that blocks a route away (`medical_content`)."""

    @property
    def group(self) -> str: ...

    @property
    def evidence(self) -> str: ...


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
    medical_content: Sequence[MedicalContent] = ()
    degraded: Sequence[str] = ()  # what was missing; any of it keeps the protocol


@dataclass(frozen=True)
class Recommendation:
    """The advice and the sentences that explain it, the most urgent sentence first."""

    flag: Flag
    action: Action
    urgency: str | None
    follow_up: FollowUp | None
    rationale: tuple[str, ...]
    # The brobygger route this call would get once triaged C, D or E; preparation only.
    prepared_route: SocialAction | None = None


def recommend(situation: Situation) -> Recommendation:
    """Advise on one call: red flags, then what blocks a route away, then who is on duty."""
    if situation.red_flags or situation.handler_urgency in ACUTE:
        return _red_flag_route(situation)
    situation = _held_to_the_floor(situation)
    blockers = _blockers(situation)
    if blockers:
        return _protocol(situation, blockers)
    return _social_route(situation)


def _held_to_the_floor(situation: Situation) -> Situation:
    """A "social" below MIN_SOCIAL_PROBABILITY counts as uncertain."""
    model = situation.model
    if model is None or model.flag != "social" or (
            model.social_probability >= MIN_SOCIAL_PROBABILITY):
        return situation
    return replace(situation, model=ModelOpinion("uncertain", model.social_probability))


def _red_flag_route(situation: Situation) -> Recommendation:
    flags = situation.red_flags or (RedFlag(
        f"urgency_{situation.handler_urgency}".lower(), "urgency",
        f"hastegrad {situation.handler_urgency}", situation.handler_urgency == "A"),)
    suggested = "A" if any(flag.life_threatening for flag in flags) else "B"
    set_by_handler = situation.handler_urgency
    # The handler's urgency stands, but E (no vehicle) cannot go with an ambulance.
    urgency = set_by_handler if set_by_handler not in (None, "E") else suggested
    named = ", ".join(flag.evidence for flag in flags[:3])
    rationale = []
    if set_by_handler and URGENCY_ORDER.index(set_by_handler) > URGENCY_ORDER.index(suggested):
        # The handler must read this first: the notes and the urgency set disagree.
        rationale.append(
            f"Check the urgency: the notes say {named}, which suggests urgency {suggested}; "
            f"you set {set_by_handler}."
        )
    rationale.append(f"Red flag ({named}): send an ambulance, whatever the model says.")
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


def _blockers(situation: Situation) -> list[str]:
    """Why this call may not be routed away, the most important first; empty if it may."""
    blockers = [f"Degraded answer: {reason} Follow the protocol." for reason in
                situation.degraded]
    if situation.medical_content:
        # Two groups may rest on the same words ("bleg"): each is said once.
        evidence = list(dict.fromkeys(finding.evidence for finding in situation.medical_content))
        named = ", ".join(evidence[:3])
        grave = list(dict.fromkeys(f.evidence for f in situation.medical_content
                                   if f.group in LIFE_THREATENING_GROUPS))
        if grave and situation.handler_urgency in NOT_ACUTE:
            # First of all: the handler must read that the notes and the urgency disagree.
            blockers.insert(0, (
                f"Check the urgency: the notes mention {', '.join(grave[:3])}, which may call "
                f"for an ambulance; you set {situation.handler_urgency}. No route away from "
                "the protocol."
            ))
        elif situation.handler_urgency == "E":
            blockers.append(
                f"Check the urgency: the notes mention {named}, but you set urgency E "
                "(no vehicle). No route away from the protocol."
            )
        else:
            blockers.append(f"Medical content in the notes ({named}): no route away from "
                            "the protocol.")
    model = situation.model
    if model is None:
        blockers.append("No flag model is available: follow the standard protocol.")
    elif model.flag == "uncertain":
        blockers.append(
            f"The model is uncertain (social probability {model.social_probability:.0%}): "
            "follow the standard protocol."
        )
    elif model.flag == "medical":
        blockers.append("No red flag, but the call looks medical: follow the standard protocol.")
    elif not situation.social_signals:
        # No route away without positive evidence: the model's word alone is not enough.
        blockers.append(
            f"Looks social to the model (social probability {model.social_probability:.0%}), "
            "but no social need is named in the notes or symptoms: follow the standard "
            "protocol."
        )
    elif situation.handler_urgency not in NOT_ACUTE and not blockers:
        route = _route(situation)
        blockers.append(
            f"Looks social (social probability {model.social_probability:.0%}): if your "
            f"triage finds no acute need (urgency C, D or E), {_ROUTE_WORDS[route]}."
        )
    return blockers


def _protocol(situation: Situation, blockers: list[str]) -> Recommendation:
    """Follow the protocol: the handler's triage decides; akutbro routes nothing away."""
    model = situation.model
    prepared = None
    if model is None:
        flag: Flag = "unknown"
    elif model.flag != "social":
        flag = model.flag
    elif situation.medical_content:
        flag = "mixed"
    else:
        flag = "social"
        if not situation.degraded and situation.social_signals:
            prepared = _route(situation)  # only the triage is missing
    social = bool(situation.social_signals) or flag in ("social", "mixed")
    follow_up, why = _follow_up(situation, social)
    return Recommendation(
        flag=flag,
        action="follow_protocol",
        urgency=situation.handler_urgency,
        follow_up=follow_up,
        rationale=(*blockers, *why),
        prepared_route=prepared,
    )


def _social_route(situation: Situation) -> Recommendation:
    assert situation.model is not None
    action = _route(situation)
    probability = f"social probability {situation.model.social_probability:.0%}"
    triage = f"Triaged {situation.handler_urgency}, no red flag, no medical content"
    if action == "dispatch_sociolance":
        sentence = f"{triage}, {probability}; a visit on site is indicated: send the sociolance."
    elif action == "transfer_to_brobygger":
        sentence = f"{triage}, {probability}: transfer the caller to the brobygger on duty."
    else:
        sentence = (
            f"{triage}, {probability}. No brobygger is on duty: "
            "book a callback at the next duty start."
        )
    return Recommendation(
        flag="social",
        action=action,
        urgency=situation.handler_urgency,
        follow_up=None,
        rationale=(sentence, "You decide: if in doubt, follow the standard protocol."),
    )


def _route(situation: Situation) -> SocialAction:
    """The brobygger route by the need (a visit on site?) and who is on duty."""
    needs = {signal.code for signal in situation.social_signals}
    if situation.sociolance_on_duty and needs & ONSITE_NEEDS:
        return "dispatch_sociolance"
    if situation.brobygger_on_duty:
        return "transfer_to_brobygger"
    return "brobygger_callback"


_ROUTE_WORDS: dict[SocialAction, str] = {
    "dispatch_sociolance": "send the sociolance",
    "transfer_to_brobygger": "transfer the caller to the brobygger on duty",
    "brobygger_callback": "book a brobygger callback",
}


def _follow_up(situation: Situation, social: bool) -> tuple[FollowUp | None, tuple[str, ...]]:
    if social:
        return "refer_to_brobygger", ("A social need too: refer to a brobygger afterwards.",)
    # A frequent caller without a case is a referral waiting to happen.
    if situation.frequent_caller and not situation.open_case:
        return "refer_to_brobygger", (
            "Frequent caller without a brobygger case: refer afterwards.",
        )
    return None, ()

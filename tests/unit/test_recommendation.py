"""The recommendation: the safety rule first, then the model, then duty hours."""

import itertools

import pytest

from app.triage.recommendation import ModelOpinion, Situation, recommend
from app.triage.signals import RedFlag, SocialSignal

CHEST_PAIN = RedFlag("chest_pain", "notes", "brystsmerter", life_threatening=True)
HEAD = RedFlag("head_injury", "notes", "slået hovedet", life_threatening=False)
URGENCY_A = RedFlag("urgency_a", "urgency", "hastegrad A", life_threatening=True)
URGENCY_B = RedFlag("urgency_b", "urgency", "hastegrad B", life_threatening=False)
LONELY = SocialSignal("loneliness", "notes", "ensom")
DRUNK = SocialSignal("alcohol", "notes", "har drukket")
HOMELESS = SocialSignal("homelessness", "notes", "hjemløs")

SOCIAL = ModelOpinion("social", 0.97)
MEDICAL = ModelOpinion("medical", 0.02)
UNSURE = ModelOpinion("uncertain", 0.5)


def situation(**changes: object) -> Situation:
    base: dict[str, object] = dict(
        red_flags=(),
        social_signals=(),
        handler_urgency=None,
        model=SOCIAL,
        brobygger_on_duty=True,
        sociolance_on_duty=True,
    )
    base.update(changes)
    return Situation(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("flags", "model", "urgency", "social", "duty"),
    list(
        itertools.product(
            [(CHEST_PAIN,), (HEAD,), (URGENCY_A,), (URGENCY_B,), (CHEST_PAIN, HEAD)],
            [SOCIAL, MEDICAL, UNSURE, None],
            [None, "A", "B", "C", "D", "E"],
            [(), (LONELY,), (DRUNK, HOMELESS)],
            [(True, True), (False, False), (True, False)],
        )
    ),
)
def test_any_red_flag_sends_an_ambulance_whatever_else(flags, model, urgency, social, duty) -> None:
    result = recommend(
        situation(
            red_flags=flags,
            model=model,
            handler_urgency=urgency,
            social_signals=social,
            brobygger_on_duty=duty[0],
            sociolance_on_duty=duty[1],
        )
    )
    assert result.action == "send_ambulance"
    assert result.urgency is not None
    assert result.flag in ("medical", "mixed")


@pytest.mark.parametrize(
    ("flags", "handler_urgency", "expected"),
    [
        ((CHEST_PAIN,), None, "A"),
        ((HEAD,), None, "B"),
        ((HEAD, CHEST_PAIN), None, "A"),
        ((URGENCY_B,), "B", "B"),
        ((CHEST_PAIN,), "B", "B"),  # the call-handler decides; a note says A was suggested
        ((HEAD,), "A", "A"),
    ],
)
def test_ambulance_urgency_is_the_handlers_else_from_the_flag(
    flags, handler_urgency, expected
) -> None:
    assert (
        recommend(situation(red_flags=flags, handler_urgency=handler_urgency)).urgency == expected
    )


def test_a_lower_urgency_than_the_flag_suggests_is_pointed_out() -> None:
    result = recommend(situation(red_flags=(CHEST_PAIN,), handler_urgency="C"))
    assert result.urgency == "C"
    assert any("suggests urgency A" in sentence for sentence in result.rationale)


@pytest.mark.parametrize(
    ("social", "model", "flag", "follow_up"),
    [
        ((LONELY,), MEDICAL, "mixed", "refer_to_brobygger"),
        ((), SOCIAL, "mixed", "refer_to_brobygger"),
        ((), MEDICAL, "medical", None),
        ((), None, "medical", None),
    ],
)
def test_a_social_need_in_a_red_flag_call_becomes_a_follow_up(
    social, model, flag, follow_up
) -> None:
    result = recommend(situation(red_flags=(HEAD,), social_signals=social, model=model))
    assert (result.flag, result.action, result.follow_up) == (flag, "send_ambulance", follow_up)


@pytest.mark.parametrize(
    ("model", "urgency", "flag", "expected_urgency"),
    [
        (None, None, "unknown", "B"),
        (None, "C", "unknown", "C"),
        (UNSURE, None, "uncertain", "B"),
        (UNSURE, "D", "uncertain", "D"),
        (MEDICAL, None, "medical", "B"),
        (MEDICAL, "C", "medical", "C"),
    ],
)
def test_no_model_or_an_unsure_one_follows_the_protocol(
    model, urgency, flag, expected_urgency
) -> None:
    result = recommend(situation(model=model, handler_urgency=urgency, social_signals=(LONELY,)))
    assert (result.flag, result.action, result.urgency) == (
        flag,
        "send_ambulance",
        expected_urgency,
    )
    assert result.rationale


@pytest.mark.parametrize(
    ("brobygger", "sociolance", "needs", "action"),
    [
        (True, True, (LONELY,), "transfer_to_brobygger"),
        (True, True, (HOMELESS,), "dispatch_sociolance"),
        (True, False, (HOMELESS,), "transfer_to_brobygger"),
        (False, True, (DRUNK,), "dispatch_sociolance"),
        (False, True, (LONELY,), "brobygger_callback"),
        (False, False, (HOMELESS,), "brobygger_callback"),
        (False, False, (), "brobygger_callback"),
    ],
)
def test_a_social_call_is_routed_by_who_is_on_duty(brobygger, sociolance, needs, action) -> None:
    result = recommend(
        situation(brobygger_on_duty=brobygger, sociolance_on_duty=sociolance, social_signals=needs)
    )
    assert (result.flag, result.action, result.urgency) == ("social", action, None)


@pytest.mark.parametrize(
    ("frequent", "open_case", "follow_up"),
    [(True, False, "refer_to_brobygger"), (True, True, None), (False, False, None)],
)
def test_a_frequent_caller_without_a_case_is_referred(frequent, open_case, follow_up) -> None:
    result = recommend(situation(model=MEDICAL, frequent_caller=frequent, open_case=open_case))
    assert result.follow_up == follow_up

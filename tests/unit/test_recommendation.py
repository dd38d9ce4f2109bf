"""The recommendation: the safety rule first, then the model, then duty hours."""

import itertools
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.triage.notes.signals import RedFlag, SocialSignal
from app.triage.recommendation import SOCIAL_ACTIONS, ModelOpinion, Situation, recommend

CHEST_PAIN = RedFlag("chest_pain", "notes", "brystsmerter", life_threatening=True)
HEAD = RedFlag("head_injury", "notes", "slået hovedet", life_threatening=False)
URGENCY_A = RedFlag("urgency_a", "urgency", "hastegrad A", life_threatening=True)
URGENCY_B = RedFlag("urgency_b", "urgency", "hastegrad B", life_threatening=False)
LONELY = SocialSignal("loneliness", "notes", "ensom")
DRUNK = SocialSignal("alcohol", "notes", "har drukket")
HOMELESS = SocialSignal("homelessness", "notes", "hjemløs")
FEVER = SimpleNamespace(group="fever_infection", evidence="feber")
FELL = SimpleNamespace(group="fall", evidence="faldet")
PILLS = SimpleNamespace(group="poisoning_overdose", evidence="taget alle sine sovepiller")

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
    ("model", "urgency", "flag"),
    [
        (None, None, "unknown"),
        (None, "C", "unknown"),
        (UNSURE, None, "uncertain"),
        (UNSURE, "D", "uncertain"),
        (MEDICAL, None, "medical"),
        (MEDICAL, "E", "medical"),
    ],
)
def test_no_model_or_an_unsure_one_follows_the_protocol(model, urgency, flag) -> None:
    result = recommend(situation(model=model, handler_urgency=urgency, social_signals=(LONELY,)))
    assert (result.flag, result.action, result.urgency) == (flag, "follow_protocol", urgency)
    assert result.follow_up == "refer_to_brobygger"
    assert result.prepared_route is None
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
    ],
)
@pytest.mark.parametrize("urgency", ["C", "D", "E"])
def test_a_triaged_social_call_is_routed_by_who_is_on_duty(
    brobygger, sociolance, needs, action, urgency
) -> None:
    result = recommend(
        situation(brobygger_on_duty=brobygger, sociolance_on_duty=sociolance,
                  social_signals=needs, handler_urgency=urgency)
    )
    assert (result.flag, result.action, result.urgency) == ("social", action, urgency)
    assert result.rationale[0].startswith(f"Triaged {urgency}")


@pytest.mark.parametrize(
    ("brobygger", "sociolance", "needs", "prepared"),
    [
        (True, True, (LONELY,), "transfer_to_brobygger"),
        (True, True, (HOMELESS,), "dispatch_sociolance"),
        (False, False, (LONELY,), "brobygger_callback"),
    ],
)
def test_before_triage_a_social_flag_is_preparation(brobygger, sociolance, needs, prepared):
    result = recommend(situation(brobygger_on_duty=brobygger, sociolance_on_duty=sociolance,
                                 social_signals=needs, handler_urgency=None))
    assert (result.flag, result.action, result.urgency) == ("social", "follow_protocol", None)
    assert result.prepared_route == prepared
    assert "if your triage finds no acute need" in result.rationale[0]


@pytest.mark.parametrize("urgency", [None, "C", "D", "E"])
def test_medical_content_blocks_the_route_and_is_named(urgency) -> None:
    result = recommend(situation(medical_content=(FEVER, FELL), handler_urgency=urgency,
                                 social_signals=(LONELY,)))
    assert (result.flag, result.action) == ("mixed", "follow_protocol")
    assert result.follow_up == "refer_to_brobygger"
    assert result.prepared_route is None
    assert "feber" in result.rationale[0] and "faldet" in result.rationale[0]


def test_urgency_e_beside_medical_content_is_pointed_out_first() -> None:
    result = recommend(situation(medical_content=(FELL,), handler_urgency="E"))
    assert result.rationale[0].startswith("Check the urgency")
    assert "you set urgency E" in result.rationale[0]


@pytest.mark.parametrize(("urgency", "degraded", "first"), [
    ("C", (), "Check the urgency: the notes mention taget alle sine sovepiller, which may call "
              "for an ambulance; you set C. No route away from the protocol."),
    ("D", ("Database unavailable.",), "Check the urgency: the notes mention taget alle sine "
     "sovepiller, which may call for an ambulance; you set D. No route away from the protocol."),
    ("E", (), "Check the urgency: the notes mention taget alle sine sovepiller, which may call "
              "for an ambulance; you set E. No route away from the protocol."),
    (None, (), "Medical content in the notes (feber, taget alle sine sovepiller): no route away "
               "from the protocol."),
])
def test_grave_medical_content_under_a_non_acute_urgency_is_pointed_out_first(
    urgency, degraded, first
) -> None:
    result = recommend(situation(medical_content=(FEVER, PILLS), handler_urgency=urgency,
                                 degraded=degraded))
    assert result.action == "follow_protocol"
    assert result.rationale[0] == first


@pytest.mark.parametrize("urgency", [None, "C", "D", "E"])
def test_a_degraded_answer_routes_nothing_away_and_says_why_first(urgency) -> None:
    result = recommend(situation(degraded=("Database unavailable.",), handler_urgency=urgency))
    assert (result.flag, result.action) == ("social", "follow_protocol")
    assert result.prepared_route is None
    assert result.rationale[0] == "Degraded answer: Database unavailable. Follow the protocol."


def test_a_red_flag_with_urgency_e_never_recommends_an_ambulance_without_a_vehicle() -> None:
    result = recommend(situation(red_flags=(CHEST_PAIN,), handler_urgency="E"))
    assert (result.action, result.urgency) == ("send_ambulance", "A")
    assert result.rationale[0].startswith("Check the urgency")


red_flags = st.lists(st.sampled_from([CHEST_PAIN, HEAD, URGENCY_A, URGENCY_B]), max_size=2)
findings = st.lists(st.sampled_from([FEVER, FELL]), max_size=2)
signals = st.lists(st.sampled_from([LONELY, DRUNK, HOMELESS]), max_size=3)
models = st.one_of(st.none(), st.builds(
    ModelOpinion, st.sampled_from(["social", "medical", "uncertain"]),
    st.floats(0, 1)))
situations = st.builds(
    Situation, red_flags=red_flags, social_signals=signals,
    handler_urgency=st.sampled_from([None, "A", "B", "C", "D", "E"]), model=models,
    brobygger_on_duty=st.booleans(), sociolance_on_duty=st.booleans(),
    frequent_caller=st.booleans(), open_case=st.booleans(), medical_content=findings,
    degraded=st.lists(st.just("Something was missing."), max_size=1))


@given(situations)
def test_no_situation_routes_away_without_every_condition(case: Situation) -> None:
    result = recommend(case)
    if result.action in SOCIAL_ACTIONS:
        assert not case.red_flags and not case.medical_content and not case.degraded
        assert case.handler_urgency in ("C", "D", "E")
        assert case.model is not None and case.model.flag == "social"
        assert case.model.social_probability >= 0.5 and case.social_signals
        assert result.flag == "social"
        assert result.prepared_route is None
    if case.red_flags or case.handler_urgency in ("A", "B"):
        assert result.action == "send_ambulance"
    if result.action == "send_ambulance":
        assert result.urgency in ("A", "B", "C", "D")  # never with E: no vehicle
    assert result.rationale


@pytest.mark.parametrize(
    ("frequent", "open_case", "follow_up"),
    [(True, False, "refer_to_brobygger"), (True, True, None), (False, False, None)],
)
def test_a_frequent_caller_without_a_case_is_referred(frequent, open_case, follow_up) -> None:
    result = recommend(situation(model=MEDICAL, frequent_caller=frequent, open_case=open_case))
    assert result.follow_up == follow_up


@pytest.mark.parametrize("urgency", [None, "C", "D", "E"])
@pytest.mark.parametrize(
    ("model", "needs", "first_words"),
    [
        # The model leans social, but the calibrated probability says medical is likelier.
        (ModelOpinion("social", 0.41), (LONELY,),
         "The model is uncertain (social probability 41%)"),
        (ModelOpinion("social", 0.3), (), "The model is uncertain (social probability 30%)"),
        # Confident, but nothing social is named: no route away without positive evidence.
        (ModelOpinion("social", 0.93), (), "Looks social to the model (social probability 93%)"),
    ],
)
def test_no_route_away_or_preparation_without_positive_evidence(
    model, needs, first_words, urgency
) -> None:
    result = recommend(situation(model=model, social_signals=needs, handler_urgency=urgency))
    assert (result.action, result.prepared_route) == ("follow_protocol", None)
    assert result.rationale[0].startswith(first_words)


def test_a_confident_model_with_a_named_need_is_routed_at_the_floor() -> None:
    result = recommend(situation(model=ModelOpinion("social", 0.5), social_signals=(LONELY,),
                                 handler_urgency="E"))
    assert result.action == "transfer_to_brobygger"


def test_words_two_groups_rest_on_are_named_once() -> None:
    pale = (SimpleNamespace(group="unwell_unclear", evidence="bleg"),
            SimpleNamespace(group="sick_child", evidence="bleg"))
    result = recommend(situation(medical_content=pale, handler_urgency="E"))
    assert result.rationale[0] == ("Check the urgency: the notes mention bleg, but you set "
                                   "urgency E (no vehicle). No route away from the protocol.")


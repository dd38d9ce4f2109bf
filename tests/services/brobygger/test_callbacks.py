"""Callbacks: booked from the handler's feedback, due at the next duty start, worked in order."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.config import Settings
from app.db.engine import unit_of_work
from app.models import BrobyggerCase
from app.services.brobygger import advice as brobygger_advice
from app.services.brobygger import callbacks
from tests.factories import brobygger as make
from tests.factories.brobygger import local

SCHEDULE = Settings(environment="test").brobygger_schedule
RULE = Settings(environment="test").caller_rule


def book(session, received_at, *, person=None, accepted=True, action_taken=None,  # type: ignore[no-untyped-def]
         action="brobygger_callback"):
    advice = make.assessment(session, make.call(session, person, received_at), action=action)
    reply = make.feedback(session, advice, accepted=accepted, action_taken=action_taken)
    return callbacks.book(session, assessment=advice, feedback=reply, schedule=SCHEDULE)


@pytest.mark.parametrize(
    ("received_at", "due_at"),
    [
        (local(2026, 11, 20, 19, 30), local(2026, 11, 23, 8, 0)),  # Friday evening -> Monday
        (local(2026, 11, 21, 23, 50), local(2026, 11, 23, 8, 0)),  # Saturday night
        (local(2026, 4, 2, 21, 0), local(2026, 4, 7, 8, 0)),  # before Easter -> Tuesday
        (local(2026, 11, 17, 6, 15), local(2026, 11, 17, 8, 0)),  # early morning -> same day
    ],
)
def test_a_callback_is_due_at_the_next_duty_start(session_factory, received_at, due_at) -> None:
    with unit_of_work(session_factory) as session:
        callback = book(session, received_at)
        assert callback is not None and callback.due_at == due_at
        assert callback.needs == ["loneliness"] and callback.booked_by == "handler-1"


@pytest.mark.parametrize(
    ("action", "accepted", "action_taken", "booked"),
    [
        ("brobygger_callback", True, None, True),  # the advice, taken
        ("send_ambulance", False, "brobygger_callback", True),  # the handler chose a callback
        ("brobygger_callback", False, "send_ambulance", False),  # overridden: an ambulance
        ("transfer_to_brobygger", True, None, False),  # a live transfer needs no callback
    ],
)
def test_only_an_agreed_callback_is_booked(
    session_factory, action, accepted, action_taken, booked
) -> None:
    with unit_of_work(session_factory) as session:
        result = book(session, local(2026, 11, 20, 20, 0), action=action, accepted=accepted,
                      action_taken=action_taken)
        assert (result is not None) == booked


def test_feedback_sent_twice_books_one_callback(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        advice = make.assessment(session, make.call(session, None, local(2026, 11, 20, 20, 0)))
        first = callbacks.book(session, assessment=advice, feedback=make.feedback(session, advice),
                               schedule=SCHEDULE)
        again = callbacks.book(session, assessment=advice, feedback=make.feedback(session, advice),
                               schedule=SCHEDULE)
        assert first is not None and again is not None and first.id == again.id


def test_the_worklist_is_by_due_time_then_frequent_callers_first(session_factory) -> None:
    monday_morning = local(2026, 11, 23, 8, 5)
    with unit_of_work(session_factory) as session:
        occasional, frequent = make.citizen(session), make.citizen(session)
        for days in range(1, 6):  # five earlier calls in 30 days: a frequent caller
            make.call(session, frequent, local(2026, 11, 20, 12, 0) - timedelta(days=days))
        book(session, local(2026, 11, 20, 18, 0), person=occasional)  # due Monday
        book(session, local(2026, 11, 21, 2, 0), person=frequent)  # due Monday
        book(session, local(2026, 11, 23, 17, 0), person=frequent)  # due Tuesday
        book(session, local(2026, 11, 22, 13, 0))  # unknown caller, due Monday
        items = callbacks.worklist(session, rule=RULE, now=monday_morning)
    assert [(i.due_at.astimezone(make.CPH).day, i.citizen_pseudonym, i.frequent_caller)
            for i in items] == [
        (23, frequent.pseudonym, True),
        (23, occasional.pseudonym, False),
        (23, None, False),
        (24, frequent.pseudonym, True),
    ]
    # The five earlier calls and Saturday's; the Monday evening call is after "now".
    assert items[0].frequent_caller_reason == "6 calls in 30 days (rule: 5 or more)"


def test_no_answer_tries_again_later_then_gives_up(session_factory) -> None:
    monday = local(2026, 11, 23, 9, 0)
    with unit_of_work(session_factory) as session:
        callback = book(session, local(2026, 11, 20, 20, 0))
        assert callback is not None
        callbacks.complete(session, callback, outcome="no_answer", note="telefonsvarer",
                           actor="bro-1", schedule=SCHEDULE, now=monday)
        assert (callback.status, callback.attempts) == ("open", 1)
        assert callback.due_at == local(2026, 11, 23, 11, 0)
        late = local(2026, 11, 23, 15, 30)  # two hours on is after duty: next morning
        callbacks.complete(session, callback, outcome="no_answer", note="", actor="bro-1",
                           schedule=SCHEDULE, now=late)
        assert callback.due_at == local(2026, 11, 24, 8, 0)
        callbacks.complete(session, callback, outcome="no_answer", note="", actor="bro-2",
                           schedule=SCHEDULE, now=local(2026, 11, 24, 8, 30))
        assert (callback.status, callback.completed_by) == ("no_answer", "bro-2")
        assert callback.note.count("no answer") == 3 and "telefonsvarer" in callback.note
        with pytest.raises(callbacks.CallbackClosed):
            callbacks.complete(session, callback, outcome="done", note="", actor="bro-1",
                               schedule=SCHEDULE, now=datetime.now(UTC))


def test_done_closes_the_callback_and_scrubs_the_note(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        callback = book(session, local(2026, 11, 20, 20, 0))
        assert callback is not None
        callbacks.complete(session, callback, outcome="done", note="ring igen på 20123456",
                           actor="bro-1", schedule=SCHEDULE, now=local(2026, 11, 23, 9, 0))
        assert callback.status == "done" and "20123456" not in callback.note
        assert callbacks.worklist(session, rule=RULE, now=local(2026, 11, 23, 9, 5)) == []


def test_an_agreed_follow_up_opens_a_referral_from_the_call(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        person = make.citizen(session)
        row = make.call(session, person, local(2026, 11, 20, 20, 0), municipality_code="0730")
        advice = make.assessment(session, row, action="send_ambulance",
                                 follow_up="refer_to_brobygger", needs=["alcohol", "loneliness"])
        brobygger_advice.on_feedback(session, assessment=advice,
                                     feedback=make.feedback(session, advice), schedule=SCHEDULE)
        case = session.scalars(select(BrobyggerCase)).one()
        assert (case.citizen_id, case.status, case.source, case.call_id) == (
            person.id, "referred", "call", row.call_id)
        assert (case.needs, case.municipality_code) == (["alcohol", "loneliness"], "0730")
        # A second call's follow-up does not open a second case.
        again = make.assessment(session, make.call(session, person, local(2026, 11, 21, 20, 0)),
                                action="send_ambulance", follow_up="refer_to_brobygger")
        brobygger_advice.on_feedback(session, assessment=again,
                                     feedback=make.feedback(session, again), schedule=SCHEDULE)
        assert len(session.scalars(select(BrobyggerCase)).all()) == 1

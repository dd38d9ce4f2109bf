"""One statement reads a citizen's calls, cases and plan: each part as if read on its own."""

from datetime import timedelta

from app.db import unit_of_work
from app.services import cases, plans, snapshot
from tests import bridging_factories as make
from tests.bridging_factories import local

NOW = local(2026, 11, 17, 9, 0)


def test_a_citizen_with_nothing_recorded_has_an_empty_snapshot(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        person = make.citizen(session)
        seen = snapshot.read(session, person.id, as_of=NOW)
    assert (seen.calls.year, seen.calls.recent, seen.calls.this_call_ambulance) == ([], [], None)
    assert seen.context == snapshot.CitizenContext()


def test_every_part_of_the_snapshot_is_read_and_put_back_in_order(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        person, other = make.citizen(session), make.citizen(session)
        # Seven calls over the year, the oldest a year and a day ago, two with ambulances.
        moments = [NOW - timedelta(days=d) for d in (366, 200, 90, 30, 6, 2, 1)]
        for moment in moments:
            make.call(session, person, moment, ambulance="A" if moment == moments[3] else None)
        make.call(session, other, NOW - timedelta(hours=1))  # someone else's
        make.call(session, person, NOW + timedelta(hours=1))  # after the moment
        this_call = make.call(session, person, NOW, ambulance="B")  # re-sent: leave it out
        flagged = make.call(session, person, NOW - timedelta(hours=3))
        make.feedback(session, make.assessment(session, flagged),
                      action_taken="transfer_to_brobygger")
        closed = cases.create(session, citizen=person, needs=["housing"], municipality_code="0751",
                              source="handler", actor="h", at=NOW - timedelta(days=60))
        closed.status, closed.closed_at = "closed", NOW - timedelta(days=40)
        cases.create(session, citizen=person, needs=["loneliness"], municipality_code="0730",
                     source="handler", actor="h", at=NOW - timedelta(days=3))
        plans.save(session, person, helps="Ring til datteren", contacts="", avoid="", actor="b")
        plans.save(session, person, helps="Tal langsomt", contacts="", avoid="", actor="b")
        session.flush()
        seen = snapshot.read(session, person.id, as_of=NOW, leave_out=this_call.call_id)

    year = sorted(event.at for event in seen.calls.year)
    assert year == sorted([*moments[1:], flagged.received_at])  # not 366 days ago
    assert [e.ambulance_urgency for e in seen.calls.year if e.ambulance_urgency] == ["A"]
    assert seen.calls.this_call_ambulance == "B"
    recent = seen.calls.recent
    assert [call.received_at for call in recent] == sorted(
        [flagged.received_at, *moments[-3:], moments[3]], reverse=True)
    assert (recent[0].flag, recent[0].action_taken) == ("social", "transfer_to_brobygger")
    assert recent[-1].action_taken == "ambulance A"
    assert seen.context.phase == "during" and seen.context.open_case
    assert seen.context.case is not None and seen.context.case.needs == ["loneliness"]
    assert seen.context.response_plan == "Hjælper: Tal langsomt"


def test_after_a_closed_case_the_phase_is_after_and_the_case_still_shown(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        person = make.citizen(session)
        case = cases.create(session, citizen=person, needs=["anxiety"], municipality_code="0751",
                            source="handler", actor="h", at=NOW - timedelta(days=60))
        case.status, case.closed_at = "closed", NOW - timedelta(days=10)
        session.flush()
        seen = snapshot.read(session, person.id, as_of=NOW)
    assert (seen.context.phase, seen.context.open_case) == ("after", False)
    assert seen.context.case is not None and seen.context.case.status == "closed"
    assert seen.context.response_plan is None

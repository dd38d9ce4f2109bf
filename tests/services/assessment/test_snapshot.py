"""One statement reads a citizen's calls, cases and plan: each part as if read on its own."""

import random
from datetime import timedelta

import pytest

from app.db.engine import unit_of_work
from app.identifiers import parse_cpr
from app.models import Citizen, PhoneLine
from app.services.assessment import snapshot
from app.services.brobygger import cases, plans
from app.services.citizens import identity
from app.services.citizens.pseudonym import Pseudonymiser
from app.triage.history import (
    DEFAULT_RULE,
    CallCounts,
    CallEvent,
    FrequentCallerRule,
    count_calls,
    windows,
)
from tests.conftest import TEST_SECRET
from tests.factories import brobygger as make
from tests.factories.brobygger import local

NOW = local(2026, 11, 17, 9, 0)


def test_a_citizen_with_nothing_recorded_has_an_empty_snapshot(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        person = make.citizen(session)
        seen = snapshot.read(session, person.id, as_of=NOW, rule=DEFAULT_RULE)
    no_calls = CallCounts({1: 0, 7: 0, 30: 0, 90: 0, 365: 0})
    assert (seen.calls.counts, seen.calls.recent, seen.calls.this_call_ambulance) == (
        no_calls, [], None)
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
        seen = snapshot.read(session, person.id, as_of=NOW, leave_out=this_call.call_id,
                             rule=DEFAULT_RULE)

    # A window of N days is (NOW - N days, NOW]: 3 h ago in all; 1, 2 and 6 days ago from
    # the week on; 30 days ago (A) from 90 days on; 90 and 200 days ago in the year. Not 366
    # days ago, not after NOW, not someone else's, not the call left out.
    assert seen.calls.counts == CallCounts({1: 1, 7: 4, 30: 4, 90: 5, 365: 7}, 1, 0)
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
        seen = snapshot.read(session, person.id, as_of=NOW, rule=DEFAULT_RULE)
    assert (seen.context.phase, seen.context.open_case) == ("after", False)
    assert seen.context.case is not None and seen.context.case.status == "closed"
    assert seen.context.response_plan is None


@pytest.mark.parametrize("rule", [DEFAULT_RULE, FrequentCallerRule(((3, 2), (400, 20)))])
def test_the_database_counts_as_the_core_counts(session_factory, rule) -> None:
    """Calls on and around every window's edge, counted by SQL and by `count_calls`."""
    rng = random.Random(7)
    edges = [timedelta(days=days) for days in windows(rule)]
    offsets = [edge + timedelta(seconds=shift) for edge in edges for shift in (-1, 0, 1)]
    offsets += [timedelta(hours=rng.uniform(0, 24 * 420)) for _ in range(40)]
    with unit_of_work(session_factory) as session:
        person = make.citizen(session)
        events = []
        for offset in offsets:
            urgency = rng.choice([None, None, "A", "B", "C"])
            make.call(session, person, NOW - offset, ambulance=urgency)
            events.append(CallEvent(at=NOW - offset, ambulance_urgency=urgency))
        session.flush()
        seen = snapshot.read(session, person.id, as_of=NOW, rule=rule)
    assert seen.calls.counts == count_calls(events, as_of=NOW, rule=rule)
    assert set(seen.calls.counts.calls_in) == {*windows(DEFAULT_RULE), *windows(rule)}


HASHER = Pseudonymiser(TEST_SECRET)
ANNA_CPR, BO_CPR = parse_cpr("0101501234"), parse_cpr("0202602345")
ANNA_PHONE, SHARED_PHONE = "+4520000001", "+4520000002"


@pytest.mark.parametrize(
    ("cpr", "phone", "presumed", "line"),
    [
        (ANNA_CPR, ANNA_PHONE, "anna", "anna"),
        (None, ANNA_PHONE, "anna", "anna"),  # her phone alone leads to her
        (ANNA_CPR, None, "anna", None),
        (BO_CPR, ANNA_PHONE, "bo", "anna"),  # the CPR number wins; linking decides the rest
        (None, SHARED_PHONE, None, "shared"),  # a shared line leads to no one
        (ANNA_CPR, SHARED_PHONE, "anna", "shared"),
        (parse_cpr("0303703456"), "+4520000003", None, None),  # nobody known
    ],
)
def test_one_statement_reads_the_identifiers_and_the_presumed_citizen(
    session_factory, cpr, phone, presumed, line
) -> None:
    with unit_of_work(session_factory) as session:
        anna = Citizen(pseudonym="P-ANNA", cpr_hash=HASHER.cpr(ANNA_CPR.digits))
        bo = Citizen(pseudonym="P-BO", cpr_hash=HASHER.cpr(BO_CPR.digits))
        session.add_all([anna, bo])
        session.flush()
        session.add_all([PhoneLine(phone_hash=HASHER.phone(ANNA_PHONE), citizen_id=anna.id),
                         PhoneLine(phone_hash=HASHER.phone(SHARED_PHONE), shared=True)])
        for days in (1, 3, 40):
            make.call(session, anna, NOW - timedelta(days=days))
        make.call(session, bo, NOW - timedelta(hours=2), ambulance="A")
        session.flush()
        ids = {"anna": anna.id, "bo": bo.id, None: None}
        hashes = identity.hashes(HASHER, cpr=cpr, phone=phone)
        read = snapshot.read_for_call(session, hashes, as_of=NOW, rule=DEFAULT_RULE,
                                      leave_out="CAD-NONE")
        assert read.known == identity.look_up(session, HASHER, cpr=cpr, phone=phone)
        assert read.presumed_id == ids[presumed]
        assert (read.known.line.citizen if read.known.line else None) == (
            ids[line] if line != "shared" else None)
        if presumed is not None:
            alone = snapshot.read(session, ids[presumed], as_of=NOW, rule=DEFAULT_RULE,
                                  leave_out="CAD-NONE")
            assert read.snapshot == alone
        found = identity.settled(read.known)
        if found is not None and found.citizen is not None:
            assert read.of(found) is read.snapshot  # settled: the history read is its own

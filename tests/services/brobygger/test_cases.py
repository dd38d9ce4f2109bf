"""Brobygger cases: status changes with who and why, and the phase they put the caller in."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.db.engine import unit_of_work
from app.models import CaseEvent, MunicipalContact, ResponsePlan
from app.seed.directory import seed_municipalities
from app.services.brobygger import cases, plans
from app.services.citizens.identity import merge
from tests.factories import brobygger as make
from tests.factories.brobygger import local

MONDAY = local(2026, 11, 16, 10, 0)


def test_status_changes_move_the_caller_from_none_to_during_to_after(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        seed_municipalities(session)
        person = make.citizen(session)
        assert cases.phase_for(session, person.id, as_of=MONDAY) == ("none", None)
        case = cases.create(session, citizen=person, needs=["loneliness"],
                            municipality_code="0751", source="handler", actor="handler-1",
                            at=MONDAY)
        steps = [("active", 1, "during"), ("handed_over", 5, "during"), ("closed", 9, "after")]
        for status, day, phase in steps:
            when = MONDAY + timedelta(days=day)
            cases.change_status(session, case, status=status, note=f"to {status}",
                                actor="bro-1", at=when)
            assert cases.phase_for(session, person.id, as_of=when)[0] == phase
        # Looking back: the phase at a moment uses only what was known then.
        assert cases.phase_for(session, person.id, as_of=MONDAY - timedelta(hours=1))[0] == "none"
        assert cases.phase_for(session, person.id, as_of=MONDAY + timedelta(days=3))[0] == "during"
        phase, shown = cases.phase_for(session, person.id, as_of=MONDAY + timedelta(days=30))
        assert (phase, shown.status if shown else None) == ("after", "closed")


def test_every_change_is_kept_with_who_when_and_a_scrubbed_note(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        person = make.citizen(session)
        case = cases.create(session, citizen=person, needs=[], municipality_code=None,
                            source="brobygger", actor="bro-1", at=MONDAY)
        cases.change_status(session, case, status="active", actor="bro-2", at=MONDAY,
                            note="ringede til datter på 20 12 34 56")
        events = session.scalars(select(CaseEvent).filter_by(case_id=case.id)
                                 .order_by(CaseEvent.id)).all()
        assert [(e.actor, e.from_status, e.to_status) for e in events] == [
            ("bro-1", None, "referred"), ("bro-2", "referred", "active")]
        assert events[1].note == "ringede til datter på [TLF]"


@pytest.mark.parametrize(("path", "refused"), [
    (["closed"], "active"),  # closed is final: a new case instead
    ([], "handed_over"),  # referred cannot be handed over before the work starts
])
def test_changes_not_allowed_from_a_status_are_refused(session_factory, path, refused) -> None:
    with unit_of_work(session_factory) as session:
        case = cases.create(session, citizen=make.citizen(session), needs=[], source="handler",
                            municipality_code="0751", actor="h")
        for status in path:
            cases.change_status(session, case, status=status, note="x", actor="b")
        with pytest.raises(cases.CaseConflict, match="can go to"):
            cases.change_status(session, case, status=refused, note="x", actor="b")


def test_a_hand_over_names_the_municipality_and_its_contact(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        seed_municipalities(session)
        case = cases.create(session, citizen=make.citizen(session), needs=["alcohol"],
                            municipality_code=None, source="brobygger", actor="b")
        cases.change_status(session, case, status="active", note="x", actor="b")
        with pytest.raises(cases.CaseConflict, match="municipality"):
            cases.change_status(session, case, status="handed_over", note="x", actor="b")
        aarhus = session.scalars(select(MunicipalContact).filter_by(
            municipality_code="0751", position=0)).one()
        with pytest.raises(cases.CaseConflict, match="not a contact person"):
            cases.change_status(session, case, status="handed_over", note="x", actor="b",
                                municipality_code="0730", contact_id=aarhus.id)
        cases.change_status(session, case, status="handed_over", note="til Anne", actor="b",
                            municipality_code="0751", contact_id=aarhus.id)
        assert (case.municipality_code, case.contact_name) == ("0751", aarhus.name)


def test_one_open_case_per_citizen(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        person = make.citizen(session)
        first = cases.create(session, citizen=person, needs=[], municipality_code=None,
                             source="handler", actor="h")
        with pytest.raises(cases.CaseConflict, match=f"case {first.id}"):
            cases.create(session, citizen=person, needs=[], municipality_code=None,
                         source="brobygger", actor="b")
        cases.change_status(session, first, status="closed", note="declined", actor="b")
        again = cases.create(session, citizen=person, needs=[], municipality_code=None,
                             source="brobygger", actor="b")
        assert again.id != first.id


def test_a_merge_moves_cases_and_plans_to_the_cpr_citizen(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        phone_only, by_cpr = make.citizen(session), make.citizen(session)
        cases.create(session, citizen=phone_only, needs=["anxiety"], municipality_code=None,
                     source="handler", actor="h", at=MONDAY)
        plans.save(session, by_cpr, helps="rolig stemme", contacts="", avoid="", actor="b")
        plans.save(session, phone_only, helps="kaffe og tid", contacts="", avoid="", actor="b")
        merge(session, source_id=phone_only.id, target_id=by_cpr.id)
        assert cases.phase_for(session, by_cpr.id, as_of=MONDAY + timedelta(days=1))[0] == "during"
        shown = plans.read(session, by_cpr, with_history=True)
        assert shown is not None and shown.version == 2 and shown.helps == "kaffe og tid"
        left = session.scalars(select(ResponsePlan).filter_by(citizen_id=phone_only.id)).all()
        assert left == []

"""Response plans: every save a version, the newest shown, a stale edit refused."""

import pytest

from app.db.engine import unit_of_work
from app.services.assessment import snapshot
from app.services.brobygger import plans
from app.triage.history import DEFAULT_RULE
from tests.factories import brobygger as make
from tests.factories.brobygger import local


def test_every_save_is_a_version_and_the_newest_is_shown(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        person = make.citizen(session)
        assert plans.read(session, person) is None
        plans.save(session, person, helps="Rolig stemme, tal om hunden", contacts="",
                   avoid="", actor="bro-1")
        plans.save(session, person, helps="Rolig stemme; hun kender Lise fra hjemmeplejen",
                   contacts="Hjemmeplejen Randers Nord", avoid="Sirener: gør hende bange",
                   actor="bro-2", based_on_version=1)
        shown = plans.read(session, person, with_history=True)
        assert shown is not None
        assert (shown.version, shown.written_by) == (2, "bro-2")
        assert shown.text == ("Hjælper: Rolig stemme; hun kender Lise fra hjemmeplejen\n"
                              "Ring til: Hjemmeplejen Randers Nord\n"
                              "Undgå: Sirener: gør hende bange")
        assert [p.version for p in shown.previous] == [1]
        assert shown.previous[0].helps == "Rolig stemme, tal om hunden"


def test_a_save_based_on_an_old_version_is_refused(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        person = make.citizen(session)
        plans.save(session, person, helps="a", contacts="", avoid="", actor="bro-1")
        plans.save(session, person, helps="b", contacts="", avoid="", actor="bro-2")
        with pytest.raises(plans.PlanConflict, match="version 2"):
            plans.save(session, person, helps="c", contacts="", avoid="", actor="bro-1",
                       based_on_version=1)


def test_identifiers_are_scrubbed_from_the_plan(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        person = make.citizen(session)
        plan = plans.save(session, person, helps="hans cpr 070585-1237", contacts="datter 20123456",
                          avoid="", actor="bro-1")
        assert (plan.helps, plan.contacts) == ("hans cpr [CPR]", "datter [TLF]")


def test_the_assessment_context_shows_plan_case_and_phase(session_factory) -> None:
    from app.services.brobygger import cases

    with unit_of_work(session_factory) as session:
        person = make.citizen(session)
        assert snapshot.read(session, person.id, as_of=local(2026, 11, 17, 9, 0),
                             rule=DEFAULT_RULE).context == (
            snapshot.CitizenContext())
        cases.create(session, citizen=person, needs=["anxiety"], municipality_code="0751",
                     source="handler", actor="h", at=local(2026, 11, 16, 9, 0))
        plans.save(session, person, helps="Tal langsomt", contacts="", avoid="", actor="b")
        context = snapshot.read(session, person.id, as_of=local(2026, 11, 17, 9, 0),
                             rule=DEFAULT_RULE).context
        assert (context.phase, context.open_case) == ("during", True)
        assert context.case is not None and context.case.needs == ["anxiety"]
        assert context.response_plan == "Hjælper: Tal langsomt"

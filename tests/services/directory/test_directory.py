"""The municipal contact and the open offers a social recommendation names."""

import pytest

from app.db.engine import unit_of_work
from app.seed.directory import seed_directory
from app.services import directory
from app.services.access.audit import Actor
from app.services.directory import directory_cache
from app.services.directory.hsds_io import export_document, import_document
from tests.factories.brobygger import local


@pytest.fixture
def seeded(session_factory, monkeypatch):  # type: ignore[no-untyped-def]
    """The demo directory and municipalities; the snapshot re-checked on every call."""
    monkeypatch.setattr(directory_cache, "CHECK_SECONDS", 0.0)
    with unit_of_work(session_factory) as session:
        seed_directory(session)
    return session_factory


def test_contact_of_a_participating_municipality_says_how_to_hand_over(seeded) -> None:
    with unit_of_work(seeded) as session:
        aarhus = directory.contact_for(session, "0751")
        randers = directory.contact_for(session, "0730")
    assert aarhus is not None and randers is not None
    assert (aarhus.municipality, aarhus.participates, aarhus.handover) == (
        "Aarhus Kommune", True, "direct_to_staff")
    assert aarhus.name and aarhus.phone and aarhus.email and aarhus.hours
    assert "call the staff around the citizen directly" in aarhus.note
    assert randers.handover == "contact_person_only"
    assert "every hand-over through the contact person" in randers.note


def test_contact_of_a_municipality_that_does_not_take_part(seeded) -> None:
    with unit_of_work(seeded) as session:
        samso = directory.contact_for(session, "0741")
    assert samso is not None
    assert (samso.municipality, samso.participates, samso.name) == ("Samsø Kommune", False, None)
    assert "does not take part" in samso.note


def test_contact_outside_the_region_and_without_a_code(seeded) -> None:
    with unit_of_work(seeded) as session:
        copenhagen = directory.contact_for(session, "0101")
        assert directory.contact_for(session, None) is None
    assert copenhagen is not None and not copenhagen.participates
    assert "outside Region Midtjylland" in copenhagen.note


def test_a_region_municipality_before_seeding_is_not_called_outside(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        contact = directory.contact_for(session, "0751")
    assert contact is not None and "outside" not in contact.note
    assert "seed-municipalities" in contact.note


@pytest.mark.parametrize(
    ("needs", "code", "moment", "names"),
    [
        # Friday 23:30 in Aarhus, homeless: the night shelter and the weekend night café.
        (["homelessness"], "0751", local(2026, 11, 20, 23, 30),
         {"Natherberget Aarhus", "Natcaféen Aarhus"}),
        # Tuesday 11:00, lonely: the weekday café is open now.
        (["loneliness"], "0751", local(2026, 11, 17, 11, 0),
         {"Café Fællesskab", "Varmestuen Aarhus"}),
        # Samsø has no local offers: the region-wide dementia line.
        (["dementia_safety"], "0741", local(2026, 11, 17, 11, 0), {"Demenslinjen"}),
        # Afrusning is open around the clock in Aarhus, only Friday and Saturday nights in Randers.
        (["alcohol"], "0751", local(2026, 11, 17, 3, 0), {"Afrusningen Aarhus"}),
    ],
)
def test_offers_are_open_and_fit_the_need(seeded, needs, code, moment, names) -> None:
    with unit_of_work(seeded) as session:
        offers, note = directory.offers_for(session, needs=needs, municipality_code=code, at=moment)
    assert {offer.name for offer in offers} == names and note is None
    assert all(set(offer.needs) & set(needs) for offer in offers)
    assert all(offer.open_until for offer in offers)


def test_none_open_says_when_the_next_opens(seeded) -> None:
    with unit_of_work(seeded) as session:
        offers, note = directory.offers_for(session, needs=["alcohol"], municipality_code="0730",
                                            at=local(2026, 11, 17, 3, 0))
    assert offers == []
    assert note == ("Ingen passende tilbud har åbent nu; næste åbner kl. 08:30: "
                    "Misbrugsbehandlingen Randers (Randers Kommune, Social og Arbejdsmarked).")


def test_an_import_reaches_the_matcher(seeded) -> None:
    at = local(2026, 11, 17, 11, 0)
    with unit_of_work(seeded) as session:
        before, _ = directory.offers_for(session, needs=["loneliness"], municipality_code="0751",
                                         at=at)
        document = export_document(session)
        document["services"] = [s for s in document["services"] if s["name"] != "Café Fællesskab"]
        import_document(session, document, actor=Actor("admin-1", "admin"))
    with unit_of_work(seeded) as session:
        after, _ = directory.offers_for(session, needs=["loneliness"], municipality_code="0751",
                                        at=at)
    assert "Café Fællesskab" in {o.name for o in before}
    assert "Café Fællesskab" not in {o.name for o in after}

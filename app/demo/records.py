"""The records the demo generator makes: calls, outcomes, brobygger cases, and the whole set.

Every record is SYNTHETIC: see DISCLAIMER.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from app.demo.population import Citizen
from app.demo.scenarios import Dispatch

DISCLAIMER = (
    "SYNTHETIC DEMO DATA: every citizen, CPR number, phone number, call and note was invented"
    " by akutbro's demo generator. Nothing describes a real person or a real call; do not use"
    " it for clinical, statistical or operational conclusions."
)


@dataclass(frozen=True, slots=True)
class Call:
    """One synthetic 112 contact as the CAD would report it."""

    call_id: str
    received_at: datetime  # aware, UTC
    citizen_key: str  # the generator's true person; the service links by CPR and phone
    caller_phone: str
    cpr: str | None  # None when the call-handler did not register it
    age: int | None
    sex: str  # "female" / "male" / "unknown"
    municipality_code: str | None
    index_chapter: str | None
    urgency: str | None
    symptoms: tuple[str, ...]
    notes: str
    scenario: str  # what the generator meant the call to be (for tests and inspection)
    lay: bool = False  # the complaint told in lay words, none from the red-flag lexicon


@dataclass(frozen=True, slots=True)
class Outcome:
    """What was sent and what the call turned out to need."""

    call_id: str
    dispatched: Dispatch
    ambulance_urgency: str | None
    medical_need: bool
    social_need: bool
    conveyed: bool


@dataclass(frozen=True, slots=True)
class BrobyggerCase:
    """A brobygger's follow-up of one frequent social caller."""

    case_id: str
    citizen_key: str
    opened_at: datetime
    closed_at: datetime | None
    status: Literal["open", "closed"]


@dataclass(frozen=True)
class DemoData:
    """Everything one generator run made, with the plain statement that it is synthetic."""

    seed: int
    start: date
    days: int
    citizens: tuple[Citizen, ...]
    calls: tuple[Call, ...]
    outcomes: tuple[Outcome, ...]
    cases: tuple[BrobyggerCase, ...]
    disclaimer: str = DISCLAIMER

    def outcomes_by_call(self) -> dict[str, Outcome]:
        """The outcomes keyed by call_id."""
        return {outcome.call_id: outcome for outcome in self.outcomes}

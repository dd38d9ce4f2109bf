"""Synthetic demo data for akutbro: invented citizens, 112 calls, outcomes and brobygger cases.

THE DATA ARE SYNTHETIC. No real person, call or note is represented; CPR numbers and phone
numbers are made up (valid in form only). The generator imitates the AMK dispatch centre
described in the Sociolancen evaluation: 150-250 contacts a day of which 10-15 are social,
a small group of frequent social callers (about 14 calls and 3.7 A / 2.7 B ambulances a
year each, mostly aged 45-60 in Aarhus and Randers), calls that fall while a brobygger
case is open and rise after it closes, and more social calls in the evening and at night.
Pure Python and seeded: the same arguments give the same data.
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from random import Random
from zoneinfo import ZoneInfo

from app.demo import scenarios as sc
from app.demo.notes_da import Caller, NoteSpec, compose_note
from app.demo.population import Citizen, Population
from app.demo.records import DISCLAIMER, BrobyggerCase, Call, DemoData, Outcome
from app.triage.availability import DutySchedule, is_on_duty

__all__ = ["DISCLAIMER", "BrobyggerCase", "Call", "DemoData", "Outcome", "generate"]

CPH = ZoneInfo("Europe/Copenhagen")
# Relative call volume by local hour: medical calls peak by day, social calls by evening/night.
MEDICAL_HOURS = (
    3, 2.5, 2, 2, 2, 2.5, 3.5, 5, 7, 8, 8.5, 8.5, 8, 8, 8, 8, 8, 8, 7.5, 7, 6.5, 6, 5, 4,
)
SOCIAL_HOURS = (7, 6, 5, 4, 3, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 6, 7, 8, 9, 9, 9, 8)
_DISPATCH_SCHEDULE = DutySchedule()
# Medical calls described in lay words, none from the red-flag lexicon: without them the
# model would learn that a note without a keyword is social.
LAY_SHARE = 0.2
# Of those, told beside loneliness or drink: more of them weakened the social concepts
# until demo models under-triaged their holdout beyond the gate.
LAY_SOCIAL_SHARE = 0.15


def generate(
    *, seed: int, start: date, days: int, contacts_per_day: tuple[int, int] = (150, 250)
) -> DemoData:
    """Generate `days` days of synthetic calls from `start` (local dates), reproducibly."""
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    low, high = contacts_per_day
    if not 20 <= low <= high:
        raise ValueError(
            f"contacts_per_day must be (low, high) with 20 <= low <= high, got {contacts_per_day}"
        )
    return _Generator(seed, start, days, (low, high)).run()


@dataclass
class _Planned:
    at: datetime
    citizen: Citizen
    scenario: sc.Scenario | None  # None: a frequent caller's call, decided when built


class _Generator:
    def __init__(self, seed: int, start: date, days: int, volume: tuple[int, int]) -> None:
        self.rng = Random(seed)
        self.seed, self.start, self.days, self.volume = seed, start, days, volume
        self.pop = Population(self.rng, start)
        self.general: list[Citizen] = []
        self.cases: dict[str, BrobyggerCase] = {}

    def run(self) -> DemoData:
        mean = sum(self.volume) / 2
        social_group = [self._frequent_social() for _ in range(max(3, round(0.9 * mean)))]
        medical_group = [self._frequent_medical() for _ in range(max(1, round(0.4 * mean)))]
        for citizen in social_group:
            if self.days >= 60 and self.rng.random() < 0.55:
                self.cases[citizen.citizen_key] = self._case(citizen)
        planned: list[_Planned] = []
        for citizen in social_group:
            rate = self.rng.gammavariate(4, 11.7 / 4)  # calls a year before bursts (x1.25)
            planned += self._frequent_calls(citizen, rate, SOCIAL_HOURS)
        for citizen in medical_group:
            planned += self._frequent_calls(citizen, self.rng.gammavariate(3, 2), MEDICAL_HOURS)
        per_day: dict[date, int] = {}
        for item in planned:
            day = item.at.astimezone(CPH).date()
            per_day[day] = per_day.get(day, 0) + 1
        for offset in range(self.days):
            day = self.start + timedelta(days=offset)
            total = self._daily_total(day)
            for _ in range(max(0, total - per_day.get(day, 0))):
                planned.append(self._general_call(day))
        planned.sort(key=lambda item: item.at)
        calls, outcomes = [], []
        for number, item in enumerate(planned, start=1):
            call, outcome = self._build(f"demo-{self.seed}-{number:07d}", item)
            calls.append(call)
            outcomes.append(outcome)
        citizens = (*social_group, *medical_group, *self.general)
        cases = tuple(sorted(self.cases.values(), key=lambda case: case.opened_at))
        return DemoData(self.seed, self.start, self.days, citizens, tuple(calls),
                        tuple(outcomes), cases)

    # -- who calls -----------------------------------------------------------------------
    def _frequent_social(self) -> Citizen:
        rng = self.rng
        age = rng.randint(45, 60) if rng.random() < 0.65 else rng.randint(22, 85)
        kommune = rng.choices(("0751", "0730", None), (0.5, 0.25, 0.25))[0]
        pool = (("alcohol", 0.45), ("loneliness", 0.4), ("anxiety", 0.35),
                ("psychiatric_distress", 0.25), ("needs_conversation", 0.3),
                ("homelessness", 0.1), ("drugs", 0.12), ("finances_housing", 0.15), ("food", 0.1))
        themes = tuple(code for code, share in pool if rng.random() < share) or ("loneliness",)
        cpr_known = 0.6 if "homelessness" in themes else 0.97
        return self.pop.citizen(group="frequent_social", age=age, municipality_code=kommune,
                                cpr_known=cpr_known, themes=themes[:3])

    def _frequent_medical(self) -> Citizen:
        return self.pop.citizen(group="frequent_medical", age=self.rng.randint(60, 92))

    def _general_citizen(self, scenario: sc.Scenario) -> Citizen:
        rng = self.rng
        low, high = scenario.ages
        if self.general and rng.random() < 0.2:  # a returning caller, if one fits
            for _ in range(3):
                candidate = rng.choice(self.general)
                if low <= candidate.age_on(self.start) <= high:
                    return candidate
        age = rng.randint(low, high)
        citizen = self.pop.citizen(
            group="general", age=age, care_home=age >= 80 and rng.random() < 0.15,
            cpr_known=0.7 if scenario.key == "homeless" else 0.98,
        )
        self.general.append(citizen)
        return citizen

    # -- when they call ------------------------------------------------------------------
    def _daily_total(self, day: date) -> int:
        low, high = self.volume
        base = (low + high) / 2
        weekday = (1.03, 0.98, 0.98, 0.98, 1.0, 1.03, 1.02)[day.weekday()]
        season = 1 + 0.06 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365)
        spread = (high - low) / 7
        return min(high, max(low, round(base * weekday * season + self.rng.gauss(0, spread))))

    def _frequent_calls(
        self, citizen: Citizen, rate: float, hours: tuple[float, ...]
    ) -> list[_Planned]:
        rng, out = self.rng, []
        case = self.cases.get(citizen.citizen_key)
        end = self._local(self.start + timedelta(days=self.days), 0)
        for offset in range(self.days):
            day = self.start + timedelta(days=offset)
            factor = 1.0
            if case is not None:
                moment = self._local(day, 12)
                if case.opened_at <= moment and (case.closed_at is None or moment < case.closed_at):
                    factor = 0.55  # calls fall while the brobygger is in contact
                elif case.closed_at is not None and moment >= case.closed_at:
                    factor = 1.3  # and rise above the old level after the case closes
            for _ in range(_poisson(rng, rate * factor / 365)):
                at = self._local(day, rng.choices(range(24), hours)[0], random_minute=True)
                while at < end:
                    out.append(_Planned(at, citizen, None))
                    if rng.random() >= 0.2:  # a burst: calls again within hours
                        break
                    at = at + timedelta(minutes=rng.randint(30, 480))
        return out

    def _general_call(self, day: date) -> _Planned:
        rng = self.rng
        roll = rng.random()
        if roll < 0.032:
            scenario = _weighted(rng, sc.SOCIAL)
        elif roll < 0.034:
            scenario = sc.LONELY_CHEST_PAIN
        elif roll < 0.0365:
            scenario = sc.INTOXICATED_HEAD_INJURY
        elif roll < 0.0445:
            scenario = sc.mixed_scenario(rng)
        else:
            scenario = _weighted(rng, sc.MEDICAL)
        hours = SOCIAL_HOURS if scenario.kind in ("social", "mixed") else MEDICAL_HOURS
        at = self._local(day, rng.choices(range(24), hours)[0], random_minute=True)
        return _Planned(at, self._general_citizen(scenario), scenario)

    def _case(self, citizen: Citizen) -> BrobyggerCase:
        rng = self.rng
        first_day = self.start + timedelta(days=rng.randint(self.days // 10, self.days * 8 // 10))
        opened = self._duty_time(first_day)
        lasts = timedelta(days=rng.randint(21, 150))
        closed = self._duty_time(opened.astimezone(CPH).date() + lasts)
        end = self._local(self.start + timedelta(days=self.days), 0)
        return BrobyggerCase(
            case_id=f"case-{self.seed}-{len(self.cases) + 1:04d}", citizen_key=citizen.citizen_key,
            opened_at=opened, closed_at=closed if closed < end else None,
            status="closed" if closed < end else "open",
        )

    def _duty_time(self, day: date) -> datetime:
        while True:
            at = self._local(day, self.rng.randint(9, 14), random_minute=True)
            if is_on_duty(_DISPATCH_SCHEDULE, at):
                return at
            day += timedelta(days=1)

    def _local(self, day: date, hour: int, random_minute: bool = False) -> datetime:
        minute = second = 0
        if random_minute:
            minute, second = self.rng.randrange(60), self.rng.randrange(60)
        local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=CPH)
        return local.astimezone(UTC)

    # -- what happens --------------------------------------------------------------------
    def _build(self, call_id: str, item: _Planned) -> tuple[Call, Outcome]:
        rng, citizen = self.rng, item.citizen
        phase = self._phase(citizen, item.at)
        scenario = item.scenario or self._frequent_scenario(citizen)
        frequent = citizen.group != "general"
        handling = sc.handle(rng, scenario, frequent=citizen.group == "frequent_social",
                             phase=phase, on_duty=is_on_duty(_DISPATCH_SCHEDULE, item.at))
        age = citizen.age_on(item.at.astimezone(CPH).date())
        caller = self._caller(scenario, citizen, age)
        context = scenario.context + (("illness",) if citizen.group == "frequent_medical" else ())
        lay = (scenario.kind in ("medical", "mild") and scenario.key not in sc.HARD_CASES
               and rng.random() < LAY_SHARE)
        social = scenario.social
        if lay and rng.random() < LAY_SOCIAL_SHARE:
            social += (rng.choice(("loneliness", "alcohol")),)
        spec = NoteSpec(
            sex=citizen.sex, age=age, caller=caller, red_flags=scenario.red_flags,
            social=social, mild=scenario.mild, negated=scenario.negated,
            context=context, known_caller=frequent and rng.random() < 0.6,
            social_action=scenario.kind in ("social", "mixed"), urgency=handling.urgency,
            coded=handling.symptoms, mention_all=scenario.key in sc.HARD_CASES, lay=lay,
        )
        call = Call(
            call_id=call_id, received_at=item.at, citizen_key=citizen.citizen_key,
            caller_phone=citizen.phone if caller in ("self", "staff") else self.pop.mobile(),
            cpr=citizen.cpr if citizen.cpr and rng.random() < 0.45 else None,
            age=None if rng.random() < 0.04 else age,
            sex="unknown" if rng.random() < 0.02 else citizen.sex,
            municipality_code=None if rng.random() < 0.03 else citizen.municipality_code,
            index_chapter=handling.chapter, urgency=handling.urgency, symptoms=handling.symptoms,
            notes=compose_note(rng, spec), scenario=scenario.key, lay=lay,
        )
        outcome = Outcome(
            call_id=call_id, dispatched=handling.dispatched,
            ambulance_urgency=handling.ambulance_urgency, medical_need=handling.medical_need,
            social_need=handling.social_need, conveyed=handling.conveyed,
        )
        return call, outcome

    def _frequent_scenario(self, citizen: Citizen) -> sc.Scenario:
        rng = self.rng
        if citizen.group == "frequent_medical":
            key = rng.choices(("breathing", "chest_pain", "weakness", "fall", "dizziness",
                               "palpitations"), (0.4, 0.15, 0.15, 0.15, 0.1, 0.05))[0]
            return next(s for s in sc.MEDICAL if s.key == key)
        roll = rng.random()
        if roll < 0.62:
            themes = tuple(rng.sample(citizen.themes, min(len(citizen.themes), rng.randint(1, 2))))
            denials = ("chest_pain", "breathing_difficulty", "suicidal", "unconscious")
            negated = (rng.choice(denials),) if rng.random() < 0.3 else ()
            context = (rng.choice(("alone", "home", "known")),) if rng.random() < 0.3 else ()
            return sc.Scenario("frequent_social", "social", rng.choice(("37", "26", "31", "19")),
                               social=themes, negated=negated, context=context)
        if roll < 0.84:
            if "alcohol" in citizen.themes and rng.random() < 0.35:
                return sc.INTOXICATED_HEAD_INJURY
            key = rng.choices(("chest_pain", "breathing", "overdose", "suicidal", "severe_pain",
                               "seizure", "head_injury"), (3, 3, 2, 2, 2, 1.5, 2))[0]
            return next(s for s in sc.MEDICAL if s.key == key)
        if roll < 0.92:
            return sc.claims_scenario(rng, citizen.themes[:1])
        return sc.mixed_scenario(rng, citizen.themes[:1])

    def _caller(self, scenario: sc.Scenario, citizen: Citizen, age: int) -> Caller:
        rng = self.rng
        if scenario.key in ("cardiac_arrest", "unconscious"):
            return rng.choices(("relative", "bystander", "staff"), (0.5, 0.3, 0.2))[0]
        if scenario.key == "major_trauma":
            return "bystander" if rng.random() < 0.7 else "self"
        if age < 15:
            return "relative"
        if citizen.phone in self.pop.care_home_lines:
            return "staff" if rng.random() < 0.7 else "self"
        if scenario.key == "dementia":
            return rng.choices(("relative", "self", "staff"), (0.6, 0.3, 0.1))[0]
        return rng.choices(("self", "relative", "bystander", "staff"), (0.8, 0.12, 0.04, 0.04))[0]

    def _phase(self, citizen: Citizen, at: datetime) -> str:
        case = self.cases.get(citizen.citizen_key)
        if case is None or at < case.opened_at:
            return "none"
        return "during" if case.closed_at is None or at < case.closed_at else "after"



def _weighted(rng: Random, options: tuple[sc.Scenario, ...]) -> sc.Scenario:
    return rng.choices(options, [s.weight for s in options])[0]


def _poisson(rng: Random, mean: float) -> int:
    # Knuth's method: fine for the small daily means used here.
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count

"""The synthetic demo data behave like the AMK dispatch centre the project describes."""

import re
import time
from collections import Counter
from datetime import date, timedelta
from statistics import mean
from zoneinfo import ZoneInfo

import pytest
from stdnum.dk import cpr as stdnum_cpr

from app.demo.generator import DISCLAIMER, DemoData, generate
from app.demo.lay_phrases_da import LAY_CONTEXT, LAY_PHRASES
from app.demo.population import century_digits, cpr_birth_date
from app.demo.scenarios import HARD_CASES, MEDICAL
from app.triage.notes.signals import find_red_flags, find_social_signals

CPH = ZoneInfo("Europe/Copenhagen")
START = date(2024, 1, 1)


_TIMING: dict[str, float] = {}


@pytest.fixture(scope="module")
def year() -> DemoData:
    began = time.perf_counter()
    data = generate(seed=11, start=START, days=365)
    _TIMING["year"] = time.perf_counter() - began
    return data


def _group_of(data: DemoData) -> dict[str, str]:
    return {c.citizen_key: c.group for c in data.citizens}


def test_same_seed_same_data_and_another_seed_differs() -> None:
    first = generate(seed=5, start=START, days=4)
    assert first == generate(seed=5, start=START, days=4)
    assert first.calls != generate(seed=6, start=START, days=4).calls


def test_a_year_generates_in_well_under_a_minute(year: DemoData) -> None:
    assert len(year.calls) > 60_000
    assert _TIMING["year"] < 30


def test_daily_contacts_within_range_and_ten_to_fifteen_social(year: DemoData) -> None:
    per_day = Counter(c.received_at.astimezone(CPH).date() for c in year.calls)
    assert len(per_day) == 365
    assert all(150 <= n <= 250 for n in per_day.values())
    social = sum(o.social_need and not o.medical_need for o in year.outcomes)
    assert 10 <= social / 365 <= 15


def test_frequent_social_callers_match_the_evaluation(year: DemoData) -> None:
    groups = _group_of(year)
    frequent = [k for k, g in groups.items() if g == "frequent_social"]
    outcomes = year.outcomes_by_call()
    calls = Counter(c.citizen_key for c in year.calls)
    ambulances = Counter(
        (c.citizen_key, outcomes[c.call_id].ambulance_urgency) for c in year.calls
    )
    assert 12 <= mean(calls[k] for k in frequent) <= 16  # evaluation: 14.1 a year
    assert 3.1 <= mean(ambulances[(k, "A")] for k in frequent) <= 4.3  # 3.7
    assert 2.2 <= mean(ambulances[(k, "B")] for k in frequent) <= 3.2  # 2.7
    everyone = len(year.calls) / len(calls)
    assert 1.15 <= everyone <= 1.45  # the average caller: about 1.3 a year


def test_social_group_is_mostly_aarhus_randers_and_aged_45_to_60(year: DemoData) -> None:
    group = [c for c in year.citizens if c.group == "frequent_social"]
    in_cities = sum(c.municipality_code in ("0751", "0730") for c in group)
    middle_aged = sum(45 <= c.age_on(START) <= 60 for c in group)
    assert in_cities / len(group) > 0.6
    assert middle_aged / len(group) > 0.5
    assert {c.municipality_code for c in year.citizens} <= {
        "0710", "0766", "0657", "0661", "0615", "0756", "0665", "0707", "0727", "0730",
        "0760", "0741", "0740", "0746", "0779", "0671", "0706", "0791", "0751",
    }


def test_cpr_numbers_are_valid_dates_with_the_right_century(year: DemoData) -> None:
    with_cpr = [c for c in year.citizens if c.cpr is not None]
    assert len(with_cpr) > 0.9 * len(year.citizens)
    assert any(c.cpr is None for c in year.citizens)  # callers with no known CPR
    for citizen in with_cpr:
        assert re.fullmatch(r"\d{10}", citizen.cpr)
        assert cpr_birth_date(citizen.cpr) == citizen.birth_date
        assert stdnum_cpr.get_birth_date(citizen.cpr) == citizen.birth_date
        assert int(citizen.cpr[-1]) % 2 == (1 if citizen.sex == "male" else 0)
    assert len({c.cpr for c in with_cpr}) == len(with_cpr)


@pytest.mark.parametrize(("year_", "digits"), [
    (1950, (0, 1, 2, 3, 4, 9)), (1920, (0, 1, 2, 3)), (2010, (4, 9, 5, 6, 7, 8)),
    (2040, (5, 6, 7, 8)), (1880, (5, 6, 7, 8)),
])
def test_century_digit_table(year_: int, digits: tuple[int, ...]) -> None:
    assert set(century_digits(year_)) == set(digits)


def test_phones_are_danish_and_a_care_home_line_is_shared(year: DemoData) -> None:
    assert all(re.fullmatch(r"\+45\d{8}", c.phone) for c in year.citizens)
    assert all(re.fullmatch(r"\+45\d{8}", c.caller_phone) for c in year.calls)
    shared = Counter(c.phone for c in year.citizens)
    assert max(shared.values()) >= 3


def test_cpr_often_not_registered_on_the_call(year: DemoData) -> None:
    share = mean(c.cpr is None for c in year.calls)
    assert 0.4 <= share <= 0.8


def test_social_calls_come_more_in_the_evening_and_night(year: DemoData) -> None:
    outcomes = year.outcomes_by_call()

    def late(calls: list) -> float:
        return mean(not 8 <= c.received_at.astimezone(CPH).hour < 18 for c in calls)

    social = [c for c in year.calls if outcomes[c.call_id].social_need]
    medical = [c for c in year.calls if not outcomes[c.call_id].social_need]
    assert late(social) > late(medical) + 0.1


def test_disclaimer_says_synthetic(year: DemoData) -> None:
    assert year.disclaimer == DISCLAIMER
    assert "SYNTHETIC" in year.disclaimer and "invented" in year.disclaimer


def test_calls_are_ordered_aware_and_well_formed(year: DemoData) -> None:
    times = [c.received_at for c in year.calls]
    assert times == sorted(times)
    assert all(t.utcoffset() == timedelta(0) for t in times)
    assert len({c.call_id for c in year.calls}) == len(year.calls)
    assert {c.urgency for c in year.calls} <= {"A", "B", "C", "D", "E", None}
    chapters = {c.index_chapter for c in year.calls} - {None}
    assert all(re.fullmatch(r"\d\d", ch) and 1 <= int(ch) <= 37 for ch in chapters)


def test_hard_cases_exist_and_are_labelled_right(year: DemoData) -> None:
    outcomes = year.outcomes_by_call()
    by_scenario: dict[str, list] = {key: [] for key in HARD_CASES}
    for call in year.calls:
        if call.scenario in by_scenario:
            by_scenario[call.scenario].append(call)
    for key, calls in by_scenario.items():
        assert len(calls) >= 20, key
    for call in by_scenario["lonely_chest_pain"]:
        assert outcomes[call.call_id].medical_need and outcomes[call.call_id].social_need
    for call in by_scenario["intoxicated_head_injury"]:
        assert outcomes[call.call_id].medical_need
    for call in by_scenario["anxious_no_red_flag"]:
        assert not outcomes[call.call_id].medical_need and outcomes[call.call_id].social_need
    # The anxious callers' notes deny chest pain or breathing problems in words.
    denied = [c for c in by_scenario["anxious_no_red_flag"] if re.search(
        r"ingen|ikke|afkræfter|ubesværet|normalt|hele sætninger", c.notes, re.I)]
    assert len(denied) > 0.8 * len(by_scenario["anxious_no_red_flag"])
    # The hard cases say both things in words (typos aside).
    lonely_words = r"ensom|alene|savner|ingen at tale|ingen familie|børnene"
    both = [c for c in by_scenario["lonely_chest_pain"]
            if re.search(r"bryst|elefant", c.notes, re.I)
            and re.search(lonely_words, c.notes, re.I)]
    assert len(both) > 0.8 * len(by_scenario["lonely_chest_pain"])
    fell = [c for c in by_scenario["intoxicated_head_injury"]
            if re.search(r"hoved|panden", c.notes, re.I)]
    assert len(fell) > 0.8 * len(by_scenario["intoxicated_head_injury"])


def test_labels_are_imperfect_like_reality(year: DemoData) -> None:
    outcomes = year.outcomes_by_call()
    looks_social = [c for c in year.calls if c.scenario in ("frequent_social", "lonely_elderly",
                                                            "alcohol", "homeless", "dementia")]
    turned_medical = mean(outcomes[c.call_id].medical_need for c in looks_social)
    assert 0.02 < turned_medical < 0.15


def test_brobygger_cases_open_on_duty_and_calls_fall_during_them(year: DemoData) -> None:
    assert year.cases
    for case in year.cases:
        local = case.opened_at.astimezone(CPH)
        assert local.weekday() < 5 and 8 <= local.hour < 16
        assert (case.closed_at is None) == (case.status == "open")
        assert case.closed_at is None or case.closed_at > case.opened_at
    end = year.calls[-1].received_at
    start = year.calls[0].received_at
    times: dict[str, list] = {}
    for call in year.calls:
        times.setdefault(call.citizen_key, []).append(call.received_at)
    rates = {"before": [0, 0.0], "during": [0, 0.0], "after": [0, 0.0]}  # calls, days at risk
    for case in year.cases:
        closed = case.closed_at or end
        mine = times.get(case.citizen_key, [])
        for phase, lo, hi in (("before", start, case.opened_at), ("during", case.opened_at, closed),
                              ("after", closed, end)):
            rates[phase][0] += sum(lo <= t < hi for t in mine)
            rates[phase][1] += max((hi - lo).total_seconds() / 86400, 0)
    per_30 = {p: 30 * n / max(days, 1) for p, (n, days) in rates.items()}
    assert per_30["during"] < per_30["before"] < per_30["after"]


def test_notes_are_varied_danish_with_abbreviations_and_negations(year: DemoData) -> None:
    notes = [c.notes for c in year.calls]
    assert len(set(notes)) > 0.85 * len(notes)
    text = "\n".join(notes)
    for marker in ("pt.", "ca.", "ambu", "KOL", "etoh", "ingen brystsmerter", "ikke bevidstløs"):
        assert marker in text, marker
    assert re.search(r"bor på [A-ZÆØÅ]\w+(gade|vej)", text)
    assert re.search(r"[Dd]atteren [A-ZÆØÅ][a-zæøå]+ ringer", text)



@pytest.mark.parametrize("phrase", [
    phrase.split(":", 1)[1] for bank in LAY_PHRASES.values() for phrase in bank
] + [phrase for bank in LAY_CONTEXT.values() for phrase in bank])
def test_lay_phrases_hold_no_lexicon_word(phrase: str) -> None:
    assert find_red_flags(symptoms=(), urgency=None, notes=f"han {phrase}") == []
    assert find_social_signals(symptoms=(), notes=f"han {phrase}") == []


def test_a_fifth_of_medical_calls_are_told_in_lay_words(year: DemoData) -> None:
    medical = {s.key for s in MEDICAL}
    calls = [c for c in year.calls if c.scenario in medical]
    lay = [c for c in calls if c.lay]
    assert 0.15 <= len(lay) / len(calls) <= 0.25
    outcomes = year.outcomes_by_call()
    assert mean(outcomes[c.call_id].medical_need for c in lay) > 0.97
    # No red flag is named in their notes (a coded symptom may still be set), but for
    # the odd typo that hides a denial ("ingne smerter i brystet").
    named = [c for c in lay if find_red_flags(symptoms=(), urgency=None, notes=c.notes)]
    assert len(named) < 0.005 * len(lay)
    # Some are told beside loneliness or drink, and are medical all the same.
    beside = [c for c in lay if find_social_signals(symptoms=(), notes=c.notes)]
    assert 0.08 <= len(beside) / len(lay) <= 0.25

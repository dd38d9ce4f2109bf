"""What the model sees: nothing from later calls, nothing of names or streets."""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pytest

from app.demo.generator import generate
from app.triage.history import compute_history
from app.triage.model.examples import examples_from_timeline
from app.triage.model.features import CallFeatures, feature_dict, known_feature_names
from app.triage.model.text import display, ngrams


@dataclass(frozen=True)
class _Call:
    call_id: str
    received_at: datetime
    citizen_key: str | None
    notes: str = "ringer"
    age: int | None = 50
    sex: str = "male"
    municipality_code: str | None = "0751"
    index_chapter: str | None = None
    urgency: str | None = None
    symptoms: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Outcome:
    call_id: str
    medical_need: bool = False
    social_need: bool = True
    ambulance_urgency: str | None = None


T0 = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def _features(notes: str) -> CallFeatures:
    return CallFeatures(
        age=60, sex="female", municipality_code="0751", index_chapter=None, urgency=None,
        symptoms=(), notes=notes, received_at=T0, history=compute_history([], as_of=T0),
    )


def test_a_later_call_never_changes_an_earlier_calls_features() -> None:
    data = generate(seed=31, start=date(2024, 2, 1), days=20)
    calls, outcomes = list(data.calls), list(data.outcomes)
    cut = len(calls) // 2
    early = examples_from_timeline(calls[:cut], outcomes[:cut], data.cases)
    full = examples_from_timeline(calls, outcomes, data.cases)
    assert [e.features for e in early] == [e.features for e in full[:cut]]


def test_history_counts_only_earlier_calls_of_the_same_person() -> None:
    calls = [
        _Call("c1", T0, "k1"),
        _Call("c2", T0 + timedelta(hours=1), "k1"),
        _Call("c3", T0 + timedelta(hours=1), "k2"),  # another person at the same moment
        _Call("c4", T0 + timedelta(days=2), "k1"),
        _Call("c5", T0 + timedelta(days=2), None),  # unlinked: only itself
    ]
    outcomes = [_Outcome("c1", ambulance_urgency="A"), _Outcome("c2"), _Outcome("c3"),
                _Outcome("c4"), _Outcome("c5")]
    by_id = {e.call_id: e.features.history for e in examples_from_timeline(calls, outcomes)}
    assert by_id["c1"].calls_24h == 1 and by_id["c1"].ambulances_a_365d == 0
    assert by_id["c2"].calls_24h == 2 and by_id["c2"].ambulances_a_365d == 1
    assert by_id["c3"].calls_24h == 1
    assert by_id["c4"].calls_24h == 1 and by_id["c4"].calls_7d == 3
    assert by_id["c5"].calls_365d == 1


def test_calls_at_the_same_instant_do_not_see_each_other_out_of_order() -> None:
    calls = [_Call("b", T0, "k"), _Call("a", T0, "k")]
    outcomes = [_Outcome("a"), _Outcome("b")]
    first, second = examples_from_timeline(calls, outcomes)
    assert (first.call_id, second.call_id) == ("a", "b")
    assert first.features.history.calls_24h == 1 and second.features.history.calls_24h == 2


def test_phase_uses_only_cases_opened_before_the_call() -> None:
    @dataclass(frozen=True)
    class Case:
        citizen_key: str
        opened_at: datetime
        closed_at: datetime | None

    calls = [_Call("c1", T0, "k"), _Call("c2", T0 + timedelta(days=5), "k"),
             _Call("c3", T0 + timedelta(days=20), "k")]
    case = Case("k", T0 + timedelta(days=1), T0 + timedelta(days=10))
    examples = examples_from_timeline(calls, [_Outcome(c.call_id) for c in calls], [case])
    assert [e.features.phase for e in examples] == ["none", "during", "after"]


@pytest.mark.parametrize(("first", "second"), [
    ("Datteren Hanne ringer ang. sin mor", "Datteren Karen ringer ang. sin mor"),
    ("bor på Søndergade 12, 2. th. ensom", "bor på Niels Juels Gade 3B, st. tv. ensom"),
    ("fundet på Randersvej af naboen Ole", "fundet på Frederiks Allé af naboen Mohammad"),
    ("bor på jægergårdsgade 4 og har drukket", "bor på skolevej 112 og har drukket"),
    ("har taget 20 piller", "har taget 3 piller"),
])
def test_changing_a_name_street_or_number_changes_nothing(first: str, second: str) -> None:
    assert ngrams(first) == ngrams(second)
    assert feature_dict(_features(first)) == feature_dict(_features(second))


def test_masking_keeps_abbreviations_sentence_starts_and_negations() -> None:
    grams = ngrams("Pt. ringer selv. KOL, etoh. Ingen brystsmerter og ikke bevidstløs")
    assert {"pt", "kol", "etoh", "ingen"} <= set(grams)
    assert "ikke_brystsmerter" in grams and "brystsmerter" not in grams
    assert "ikke_bevidstloes" in grams
    assert "xnavnx" not in grams
    assert display("ingen ikke_brystsmerter") == "ingen brystsmerter"
    assert display("ikke_bevidstloes") == "bevidstløs (negated)"
    # Bigrams stay inside a clause.
    assert "selv kol" not in grams


def test_feature_names_cover_structure_history_concepts_and_words() -> None:
    features = replace(
        _features("Ensom, har drukket. Ingen brystsmerter"), urgency="B", index_chapter="37",
        symptoms=("chest_pain",), phase="during",
    )
    names = feature_dict(features)
    for name in ("age:45-64", "agedec:60", "sex:female", "kommune:0751", "chapter:37",
                 "urgency:B", "hour:14", "weekday:5", "phase:during", "redflag:chest_pain",
                 "redflag:any", "concept:loneliness", "concept:alcohol", "w:ingen",
                 "w:ikke_brystsmerter"):
        assert name in names, name
    # What the matcher understood is a concept, not also words.
    assert "w:ensom" not in names and "w:drukket" not in names
    known = set(known_feature_names())
    assert {n for n in names if not n.startswith("w:")} - known == set()


def test_call_features_refuse_naive_times_and_unknown_values() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        replace(_features("x"), received_at=datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="sex"):
        replace(_features("x"), sex="f")
    with pytest.raises(ValueError, match="phase"):
        replace(_features("x"), phase="open")


def test_clauses_with_findings_are_cut_from_the_words() -> None:
    notes = "Ringer selv, har brystsmerter. Vil gerne snakke, ondt i brystet"
    names = feature_dict(_features(notes))
    assert "redflag:chest_pain" in names
    words = {n for n in names if n.startswith("w:")}
    assert words == {"w:ringer", "w:selv", "w:ringer selv"}

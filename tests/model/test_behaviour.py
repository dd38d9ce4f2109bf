"""Behavioural tests of the trained flag model: direction, invariance, minimum functionality.

The hand-written calls below were written for these tests in a terser, more colloquial
style than the generator's phrase banks, with words the generator never uses.
"""

import json
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
import skops.io as sio

from app.triage.history import CallEvent, compute_history
from app.triage.model import artefact
from app.triage.model.features import CallFeatures
from app.triage.model.predict import FlagModel
from app.triage.model.vectorise import column

AT = datetime(2023, 7, 4, 21, 30, tzinfo=UTC)

SOCIALISH = [  # (notes, age, sex, earlier calls in the last weeks)
    ("Mand 52 år ringer igen, er alene og har det skidt, vil gerne snakke", 52, "male", 6),
    ("Ældre dame på 84, hendes mand døde i vinter, sidder og græder, er så ensom, ingen smerter",
     84, "female", 0),
    ("kender ham, ringer hver aften, er fuld igen og vil bare have nogen at snakke med",
     47, "male", 9),
    ("Hjemløs mand ved banegården, fryser og er sulten, ingen skader, vågen", 44, "male", 0),
    ("angst igen, ringer for at høre en stemme, ingen smerter nogen steder, trækker vejret fint",
     36, "female", 3),
    ("dement mor ringer igen og igen om natten, utryg, datteren kan ikke komme før i morgen",
     88, "female", 4),
]
MEDICAL = [
    ("kvinde 70 år trykken for brystet udstråler til venstre arm", 70, "female"),
    ("Mand faldet om i Netto, trækker ikke vejret normalt, hjertemassage i gang", 66, "male"),
    ("pludselig skæv mund og kan ikke løfte højre arm, snøvler", 77, "male"),
    ("dreng 3 år kramper i 10 min, blå om læberne", 3, "male"),
    ("KOL patient, kan ikke få luft, kan kun sige enkelte ord", 74, "female"),
    ("bløder voldsomt fra låret efter ulykke med motorsav", 51, "male"),
]
NEUTRAL = [
    ("Kvinde 45 år, ondt i ryggen efter havearbejde", 45, "female"),
    ("mand 30 år med feber og hoste i 3 dage", 30, "male"),
    ("faldet på cykel, hævet håndled, kan bevæge fingrene", 23, "female"),
    ("kateter stoppet, hjemmeplejen ringer", 81, "male"),
]
RED_FLAG_PHRASES = [
    "har brystsmerter", "kan ikke få vejret", "bevidstløs", "kramper", "har slået hovedet",
    "bløder kraftigt", "vil tage sit eget liv", "skæv i ansigtet",
]
SOCIAL_PHRASES = ["ensom", "har drukket"]


def _call(notes: str, age: int | None, sex: str, earlier: int = 0) -> CallFeatures:
    events = [CallEvent(AT - timedelta(days=3 * i + 1)) for i in range(earlier)] + [CallEvent(AT)]
    return CallFeatures(
        age=age, sex=sex, municipality_code="0751", index_chapter=None, urgency=None,
        symptoms=(), notes=notes, received_at=AT, history=compute_history(events, as_of=AT),
    )


def _p(model: FlagModel, call: CallFeatures) -> float:
    return model.predict(call).social_probability


@pytest.mark.parametrize(("notes", "age", "sex", "earlier"), SOCIALISH)
def test_social_calls_are_not_called_confidently_medical(trained, notes, age, sex, earlier):
    prediction = trained.model.predict(_call(notes, age, sex, earlier))
    assert prediction.social_probability >= trained.model.thresholds.medical
    assert prediction.flag in ("social", "uncertain")


@pytest.mark.parametrize(("notes", "age", "sex"), MEDICAL)
def test_medical_calls_are_flagged_medical(trained, notes, age, sex):
    assert trained.model.predict(_call(notes, age, sex)).flag == "medical"


def _base_calls(trained) -> list[CallFeatures]:
    hand = [_call(n, a, s, e) for n, a, s, e in SOCIALISH] + [_call(n, a, s) for n, a, s in NEUTRAL]
    held_out = [e.features for e in trained.test_examples if e.social][:40]
    return hand + held_out


@pytest.mark.parametrize("phrase", RED_FLAG_PHRASES)
def test_adding_a_red_flag_never_makes_a_call_more_social(trained, phrase):
    for call in _base_calls(trained):
        worse = replace(call, notes=f"{call.notes}. {phrase}")
        assert _p(trained.model, worse) <= _p(trained.model, call), (call.notes, phrase)


@pytest.mark.parametrize("phrase", SOCIAL_PHRASES)
def test_adding_loneliness_or_drink_never_makes_a_neutral_call_less_social(trained, phrase):
    neutral = [_call(n, a, s) for n, a, s in NEUTRAL]
    neutral += [e.features for e in trained.test_examples if e.medical_need][:40]
    for call in neutral:
        more = replace(call, notes=f"{call.notes}. {phrase}")
        assert _p(trained.model, more) >= _p(trained.model, call), (call.notes, phrase)


@pytest.mark.parametrize(("first", "second"), [
    ("Datteren Hanne ringer, moren er ensom og ked af det", "Datteren Birgitte ringer, moren er "
     "ensom og ked af det"),
    ("bor på Vestergade 7, 1. tv, har drukket og vil snakke",
     "bor på Lyngbyvej 212, st. th, har drukket og vil snakke"),
    ("fundet af naboen Svend på Frederiks Allé, brystsmerter", "fundet af naboen Ali på "
     "Klostergade, brystsmerter"),
])
def test_changing_a_name_or_street_changes_nothing(trained, first, second):
    a = trained.model.predict(_call(first, 60, "female"))
    b = trained.model.predict(_call(second, 60, "female"))
    assert a == b


def test_holdout_calibration_and_under_triage(trained):
    metrics = trained.trained.pedigree["metrics"]
    assert metrics["ece"] < 0.05
    assert metrics["under_triage_rate"] <= 0.02
    assert metrics["roc_auc"] > 0.85
    assert metrics["social_recall"] > 0.3
    # Scored before the call-handler sets urgency and chapter, it stays safe too.
    assert metrics["early_in_call"]["under_triage_rate"] <= 0.03


def test_red_flag_weights_never_point_to_social_nor_social_needs_to_medical(trained):
    calibrated = trained.trained.pipeline.named_steps["model"]
    coef = calibrated.calibrated_classifiers_[0].estimator.estimator.coef_[0]
    from app.triage.vocabulary import RED_FLAG_CODES, SOCIAL_NEED_CODES

    assert all(coef[column(f"redflag:{code}")] <= 0 for code in RED_FLAG_CODES)
    assert all(coef[column(f"concept:{code}")] >= 0 for code in SOCIAL_NEED_CODES)
    assert coef[column("urgency:A")] <= 0 and coef[column("urgency:B")] <= 0


def test_fast_path_equals_the_sklearn_pipeline(trained):
    calls = [e.features for e in trained.examples[::15]][:2500]
    calls += [_call(n, a, s) for n, a, s in MEDICAL + NEUTRAL]
    reference = trained.model.reference_probabilities(calls)
    fast = np.array([_p(trained.model, c) for c in calls])
    assert np.max(np.abs(reference - fast)) < 1e-9


def test_explanations_name_the_reasons_strongest_first(trained):
    lonely = trained.model.predict(_call(*SOCIALISH[1][:3]))
    weights = [abs(c.weight) for c in lonely.contributions]
    assert weights == sorted(weights, reverse=True) and 0 < len(weights) <= 6
    assert any(c.weight > 0 and ("ensom" in c.text or "loneliness" in c.text)
               for c in lonely.contributions)
    chest = trained.model.predict(_call(*MEDICAL[0]))
    assert chest.contributions[0].weight < 0
    assert chest.contributions[0].text == "red flag in notes: chest pain ('trykken for brystet')"


def test_pedigree_is_plain_json_with_data_metrics_and_versions(trained):
    pedigree = trained.model.pedigree
    json.dumps(dict(pedigree))
    assert pedigree["data"]["rows"] == len(trained.examples)
    assert set(pedigree["data"]["splits"]) == {"train", "calibration", "validation", "test"}
    assert {"sklearn", "numpy", "python"} <= set(pedigree["versions"])
    groups = pedigree["metrics"]["groups"]
    assert set(groups) == {"age_band", "sex", "municipality"}
    assert any("skipped" in g for g in groups["municipality"].values())  # tiny Samsø
    assert len(pedigree["metrics"]["curves"]["roc"]) >= 15
    assert len(pedigree["metrics"]["curves"]["calibration"]) == 20


def test_artefact_round_trip_gives_the_same_predictions(trained):
    again = artefact.load(trained.blob, expected_sha256=artefact.sha256(trained.blob),
                          version="test-2")
    assert again.version == "test-2" and again.thresholds == trained.model.thresholds
    for notes, age, sex, earlier in SOCIALISH:
        call = _call(notes, age, sex, earlier)
        assert again.predict(call) == trained.model.predict(call)


def test_artefact_with_the_wrong_checksum_is_refused(trained):
    with pytest.raises(artefact.ArtefactError, match="checksum mismatch"):
        artefact.load(trained.blob, expected_sha256="0" * 64, version="bad")
    tampered = bytearray(trained.blob)
    tampered[len(tampered) // 2] ^= 0xFF
    with pytest.raises(artefact.ArtefactError, match="checksum mismatch"):
        artefact.load(bytes(tampered), expected_sha256=artefact.sha256(trained.blob),
                      version="bad")


def test_artefact_with_an_untrusted_type_is_refused(trained):
    evil = sio.dumps({"format": artefact.FORMAT, "pipeline": trained.trained.pipeline,
                      "thresholds": "{}", "pedigree": "{}", "extra": np.lib.format.open_memmap},
                     compression=zipfile.ZIP_DEFLATED)
    with pytest.raises(artefact.ArtefactError, match="allow-list"):
        artefact.load(evil, expected_sha256=artefact.sha256(evil), version="evil")


def test_the_model_is_immutable(trained):
    with pytest.raises(AttributeError):
        trained.model.version = "other"  # type: ignore[misc]

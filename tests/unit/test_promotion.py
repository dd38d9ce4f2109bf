"""The promotion gate: which figure failed, said in words."""

import pytest

from app.triage.promotion import ChallengeFigures, HoldoutFigures, promotion_verdict


@pytest.mark.parametrize(
    ("under_triage", "auc", "production_auc", "allowed", "failing"),
    [
        (0.010, 0.90, None, True, []),
        (0.0101, 0.90, None, False, ["under-triage rate 1.01%"]),
        (0.005, 0.88, 0.90, True, []),
        (0.005, 0.879, 0.90, False, ["ROC AUC 0.879 is 0.021 below"]),
        (0.020, 0.80, 0.90, False, ["under-triage rate 2.00%", "ROC AUC 0.800 is 0.100 below"]),
        (0.000, 0.95, 0.90, True, []),
    ],
)
def test_promotion_verdict(under_triage, auc, production_auc, allowed, failing) -> None:
    verdict = promotion_verdict(
        HoldoutFigures(under_triage_rate=under_triage, roc_auc=auc), production_auc,
        max_under_triage=0.01, max_auc_drop=0.02,
    )
    assert verdict.allowed is allowed
    if failing:
        assert len(verdict.reasons) == len(failing)
        for reason, start in zip(verdict.reasons, failing, strict=True):
            assert reason.startswith(start)


def test_a_candidate_that_routes_a_medical_challenge_note_away_is_refused_by_name() -> None:
    challenge = ChallengeFigures(341, {"unset": (), "C": (("c7", "har det skidt …"),)})
    verdict = promotion_verdict(
        HoldoutFigures(under_triage_rate=0.005, roc_auc=0.95), None,
        max_under_triage=0.01, max_auc_drop=0.02, challenge=challenge,
    )
    assert not verdict.allowed
    assert verdict.reasons == (
        "routes 1 of 341 medical challenge notes away (urgency C): c7 ('har det skidt …')",)


def test_many_notes_routed_away_are_counted_beyond_the_first_ten() -> None:
    notes = tuple((f"c{i}", "ord") for i in range(12))
    verdict = promotion_verdict(
        HoldoutFigures(under_triage_rate=0.005, roc_auc=0.95), None,
        max_under_triage=0.01, max_auc_drop=0.02,
        challenge=ChallengeFigures(300, {"unset": notes, "C": notes}),
    )
    assert len(verdict.reasons) == 2
    assert verdict.reasons[0].startswith("routes 12 of 300 medical challenge notes away "
                                         "(urgency unset): c0 ('ord')")
    assert verdict.reasons[0].endswith("c9 ('ord') and 2 more")


@pytest.mark.parametrize(("challenge", "unmeasured", "said"), [
    (ChallengeFigures(341, {"unset": (), "C": ()}), None,
     "none of 341 medical challenge notes routed away (urgency unset and urgency C)"),
    (None, "no challenge set at /x.csv", "challenge set not measured: no challenge set at /x.csv"),
])
def test_a_passing_verdict_says_what_the_challenge_set_showed(challenge, unmeasured, said):
    verdict = promotion_verdict(
        HoldoutFigures(under_triage_rate=0.005, roc_auc=0.95), None,
        max_under_triage=0.01, max_auc_drop=0.02, challenge=challenge,
        challenge_unmeasured=unmeasured,
    )
    assert verdict.allowed and verdict.reasons[-1] == said

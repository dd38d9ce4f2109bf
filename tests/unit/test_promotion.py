"""The promotion gate: which figure failed, said in words."""

import pytest

from app.triage.promotion import HoldoutFigures, promotion_verdict


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

"""The safety gate a candidate model must pass before it may serve in production."""

from dataclasses import dataclass


@dataclass(frozen=True)
class HoldoutFigures:
    """The two figures the gate weighs, measured on the candidate's time-ordered holdout."""

    under_triage_rate: float
    roc_auc: float


@dataclass(frozen=True)
class Verdict:
    """Whether promotion is allowed, and every figure that failed, in words."""

    allowed: bool
    reasons: tuple[str, ...]


def promotion_verdict(
    candidate: HoldoutFigures,
    production_auc_on_same_holdout: float | None,
    *,
    max_under_triage: float,
    max_auc_drop: float,
) -> Verdict:
    """Refuse a candidate that under-triages too often or ranks worse than production."""
    failures = []
    if candidate.under_triage_rate > max_under_triage:
        failures.append(
            f"under-triage rate {candidate.under_triage_rate:.2%} on the holdout is above "
            f"the maximum {max_under_triage:.2%}"
        )
    if production_auc_on_same_holdout is not None:
        drop = production_auc_on_same_holdout - candidate.roc_auc
        if drop > max_auc_drop + 1e-9:  # exactly the allowed drop passes, float noise aside
            failures.append(
                f"ROC AUC {candidate.roc_auc:.3f} is {drop:.3f} below the production model's "
                f"{production_auc_on_same_holdout:.3f} on the same holdout "
                f"(allowed drop {max_auc_drop:.3f})"
            )
    if failures:
        return Verdict(False, tuple(failures))
    passed = [f"under-triage rate {candidate.under_triage_rate:.2%} within {max_under_triage:.2%}"]
    if production_auc_on_same_holdout is not None:
        passed.append(
            f"ROC AUC {candidate.roc_auc:.3f} vs production {production_auc_on_same_holdout:.3f}"
        )
    return Verdict(True, tuple(passed))

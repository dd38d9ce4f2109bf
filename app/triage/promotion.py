"""The safety gate a candidate model must pass before it may serve in production."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

NAMED_NOTES = 10  # notes named per urgency in a refusal; the rest are counted


@dataclass(frozen=True)
class HoldoutFigures:
    """The two figures the gate weighs, measured on the candidate's time-ordered holdout."""

    under_triage_rate: float
    roc_auc: float


@dataclass(frozen=True)
class ChallengeFigures:
    """What the gate weighs of the challenge set: the medical notes a model routed away."""

    medical_notes: int
    routed_away: Mapping[str, Sequence[tuple[str, str]]]  # urgency -> (id, first words)


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
    challenge: ChallengeFigures | None = None,
    challenge_unmeasured: str | None = None,
) -> Verdict:
    """Refuse a candidate that under-triages too often, ranks worse than production, or
    routes any medical note of the challenge set away (`challenge`; None: not measured,
    for the reason `challenge_unmeasured`)."""
    failures = []
    if challenge is not None:
        failures += [_routed_away(challenge, urgency, notes)
                     for urgency, notes in challenge.routed_away.items() if notes]
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
    if challenge is not None:
        urgencies = " and ".join(_urgency(u) for u in challenge.routed_away)
        passed.append(f"none of {challenge.medical_notes} medical challenge notes routed away "
                      f"({urgencies})")
    elif challenge_unmeasured:
        passed.append(f"challenge set not measured: {challenge_unmeasured}")
    return Verdict(True, tuple(passed))


def _routed_away(challenge: ChallengeFigures, urgency: str, notes: Sequence[tuple[str, str]]
                 ) -> str:
    named = ", ".join(f"{note_id} ('{words}')" for note_id, words in notes[:NAMED_NOTES])
    more = f" and {len(notes) - NAMED_NOTES} more" if len(notes) > NAMED_NOTES else ""
    return (f"routes {len(notes)} of {challenge.medical_notes} medical challenge notes away "
            f"({_urgency(urgency)}): {named}{more}")


def _urgency(label: str) -> str:
    return "urgency unset" if label == "unset" else f"urgency {label}"

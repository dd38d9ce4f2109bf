"""The flag thresholds, chosen on held-out data by rule, never by hand.

Social threshold: the lowest probability at which the under-triage rate stays within
`max_under_triage` with 95 % confidence: the one-sided Clopper-Pearson upper bound of the
rate observed on the validation split must not exceed the maximum. Meeting the maximum
only on average would exceed it on about half of all new holdouts. Under-triage is the
share of medical-need calls with p >= threshold, i.e. that would be routed to a brobygger.

Medical threshold: the highest probability at which the social rate observed on the
validation split, fitted as a non-decreasing function of p (isotonic regression), is
still at most `max_social_rate` (default 2 %): a call flagged "medical" comes from a
region where at most 2 in 100 validation calls turned out social. (Not 1 %: follow-up
labels carry about 1 % noise, so the 1 % point sits on the noise floor and jumps between
runs.) It is never above the social threshold. Between the two a call is "uncertain"
and follows the protocol.
"""

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import beta
from sklearn.isotonic import IsotonicRegression

Flag = Literal["social", "medical", "uncertain"]
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Thresholds:
    """Where "social" starts and "medical" ends, and what they achieved on validation."""

    social: float  # p >= social: flag "social"
    medical: float  # p < medical: flag "medical"; between: "uncertain"
    max_under_triage: float
    max_social_rate: float
    validation_under_triage: float
    validation_social_recall: float
    validation_rows: int

    def flag(self, probability: float) -> Flag:
        """The flag for a social probability."""
        if probability >= self.social:
            return "social"
        if probability < self.medical:
            return "medical"
        return "uncertain"


def social_threshold(
    medical_probabilities: ArrayLike, max_under_triage: float, confidence: float | None = None
) -> float:
    """The lowest t keeping medical calls with p >= t within the limit (at `confidence`).

    Without a confidence the observed share itself must stay within the limit; with one,
    its one-sided Clopper-Pearson upper bound must. The result may exceed 1: never social.
    """
    probs = np.sort(np.asarray(medical_probabilities, dtype=float))[::-1]
    if probs.size == 0:
        raise ValueError("no medical-need calls to choose the social threshold on")
    if not 0 <= max_under_triage < 1:
        raise ValueError(f"max_under_triage must be in [0, 1), got {max_under_triage}")
    allowed = allowed_routed(probs.size, max_under_triage, confidence)
    # Just above the (allowed+1)-th highest medical probability: that call and all below stay out.
    return float(np.nextafter(probs[allowed], math.inf))


def allowed_routed(medical_calls: int, max_rate: float, confidence: float | None) -> int:
    """How many of n medical calls may be routed while the rate stays within the limit."""
    most = math.floor(max_rate * medical_calls + 1e-9)
    if confidence is None:
        return most
    # The upper bound grows with k: find the largest k whose bound is within the limit.
    low, high = 0, most
    while low < high:
        k = (low + high + 1) // 2
        if upper_bound(k, medical_calls, confidence) <= max_rate:
            low = k
        else:
            high = k - 1
    return low


def upper_bound(events: int, trials: int, confidence: float) -> float:
    """The one-sided Clopper-Pearson upper confidence bound of a rate events/trials."""
    if events >= trials:
        return 1.0
    return float(beta.ppf(confidence, events + 1, trials - events))


def medical_threshold(
    probabilities: ArrayLike, social: ArrayLike, max_social_rate: float
) -> float:
    """The highest t below which the isotonic-fitted social rate stays <= max_social_rate."""
    p = np.asarray(probabilities, dtype=float)
    is_social = np.asarray(social, dtype=float)
    if p.size == 0:
        raise ValueError("no calls to choose the medical threshold on")
    if not 0 <= max_social_rate < 1:
        raise ValueError(f"max_social_rate must be in [0, 1), got {max_social_rate}")
    fitted = IsotonicRegression(out_of_bounds="clip").fit(p, is_social)
    values = np.unique(p)
    low = values[fitted.predict(values) <= max_social_rate + 1e-12]
    if low.size == 0:
        return float(values[0])  # even the lowest calls are too often social: none "medical"
    return float(np.nextafter(low.max(), math.inf))  # that call and all below are "medical"


def choose_thresholds(
    probabilities: ArrayLike,
    *,
    medical_need: ArrayLike,
    social: ArrayLike,
    max_under_triage: float = 0.01,
    max_social_rate: float = 0.02,
) -> Thresholds:
    """Both thresholds from a validation split's probabilities and labels."""
    p = np.asarray(probabilities, dtype=float)
    medical = np.asarray(medical_need, dtype=bool)
    is_social = np.asarray(social, dtype=bool)
    upper = social_threshold(p[medical], max_under_triage, CONFIDENCE)
    lower = min(medical_threshold(p, is_social, max_social_rate), upper)
    return Thresholds(
        social=upper,
        medical=lower,
        max_under_triage=max_under_triage,
        max_social_rate=max_social_rate,
        validation_under_triage=under_triage_rate(p, medical, upper),
        validation_social_recall=social_recall(p, is_social, upper),
        validation_rows=int(p.size),
    )


def under_triage_rate(p: np.ndarray, medical_need: np.ndarray, threshold: float) -> float:
    """Share of medical-need calls the threshold would route to a brobygger."""
    medical = p[medical_need]
    return float(np.mean(medical >= threshold)) if medical.size else 0.0


def social_recall(p: np.ndarray, social: np.ndarray, threshold: float) -> float:
    """Share of social calls the threshold flags as social."""
    found = p[social]
    return float(np.mean(found >= threshold)) if found.size else 0.0

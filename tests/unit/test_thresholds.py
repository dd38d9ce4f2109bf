"""Thresholds come from held-out data by rule: tables of small cases."""

import math

import numpy as np
import pytest

from app.triage.model.thresholds import (
    Thresholds,
    allowed_routed,
    choose_thresholds,
    medical_threshold,
    social_threshold,
    under_triage_rate,
    upper_bound,
)


@pytest.mark.parametrize(("medical_p", "max_rate", "routed"), [
    ([0.9, 0.8, 0.1, 0.05], 0.0, 0),      # nothing medical may be routed: above the top
    ([0.9, 0.8, 0.1, 0.05], 0.25, 1),     # one of four may be routed
    ([0.9, 0.8, 0.1, 0.05], 0.49, 1),     # 1.96 rounds down to one call
    ([0.9, 0.8, 0.1, 0.05], 0.5, 2),
    ([0.5, 0.5, 0.5, 0.1], 0.25, 0),      # ties: routing one would route all three
    ([0.3] * 100, 0.01, 0),
    (list(np.linspace(0, 1, 101)), 0.01, 1),
])
def test_social_threshold_keeps_under_triage_within_the_limit(
    medical_p: list[float], max_rate: float, routed: int
) -> None:
    threshold = social_threshold(medical_p, max_rate)
    p = np.asarray(medical_p)
    assert int((p >= threshold).sum()) == routed
    assert under_triage_rate(p, np.ones(p.size, bool), threshold) <= max_rate
    # The lowest such threshold: a hair lower routes one more medical call.
    lower = np.nextafter(threshold, -math.inf)
    assert (p >= lower).sum() > routed


@pytest.mark.parametrize(("events", "trials", "limit"), [
    (0, 300, 0.01), (5, 1000, 0.0105), (65, 6500, 0.0123), (52, 6500, 0.0101),
])
def test_the_upper_bound_is_above_the_observed_rate(events: int, trials: int, limit: float) -> None:
    bound = upper_bound(events, trials, 0.95)
    assert events / trials < bound <= limit


@pytest.mark.parametrize(("medical_calls", "expected"), [
    (300, 0),      # too few calls to route even one with confidence
    (6500, 51),    # 0.78 % observed keeps the 95 % bound within 1 %
    (65000, 608),  # more data, closer to the limit itself
])
def test_with_confidence_fewer_medical_calls_may_be_routed(
    medical_calls: int, expected: int
) -> None:
    allowed = allowed_routed(medical_calls, 0.01, 0.95)
    assert allowed == expected
    assert upper_bound(allowed, medical_calls, 0.95) <= 0.01
    assert upper_bound(allowed + 1, medical_calls, 0.95) > 0.01
    assert allowed_routed(medical_calls, 0.01, None) == medical_calls // 100


def test_with_too_few_medical_calls_nothing_is_routed() -> None:
    assert upper_bound(0, 100, 0.95) > 0.01
    assert allowed_routed(100, 0.01, 0.95) == 0


UP = math.inf


@pytest.mark.parametrize(("p", "social", "limit", "expected"), [
    # The isotonic fit of [0, 1, 0, 0, 1] is [0, 1/3, 1/3, 1/3, 1].
    ([0.01, 0.02, 0.03, 0.04, 0.6], [0, 1, 0, 0, 1], 0.0, np.nextafter(0.01, UP)),
    ([0.01, 0.02, 0.03, 0.04, 0.6], [0, 1, 0, 0, 1], 0.25, np.nextafter(0.01, UP)),
    ([0.01, 0.02, 0.03, 0.04, 0.6], [0, 1, 0, 0, 1], 0.34, np.nextafter(0.04, UP)),
    ([0.6, 0.04, 0.03, 0.02, 0.01], [1, 0, 0, 1, 0], 0.34, np.nextafter(0.04, UP)),  # any order
    ([0.2, 0.3], [1, 0], 0.1, 0.2),  # even the lowest call is too often social: none medical
    ([0.1, 0.5], [0, 0], 0.02, np.nextafter(0.5, UP)),  # no social call at all
])
def test_medical_threshold_table(
    p: list[float], social: list[int], limit: float, expected: float
) -> None:
    threshold = medical_threshold(p, np.asarray(social, bool), limit)
    assert threshold == expected


def test_choose_thresholds_orders_them_and_reports_validation() -> None:
    rng = np.random.default_rng(1)
    social = rng.random(2000) < 0.1
    medical = ~social
    p = np.where(social, rng.beta(5, 2, 2000), rng.beta(1, 12, 2000))
    t = choose_thresholds(p, medical_need=medical, social=social, max_under_triage=0.01)
    assert t.medical <= t.social
    assert t.validation_under_triage <= 0.01
    assert t.validation_rows == 2000
    assert 0 < t.validation_social_recall <= 1


def test_medical_threshold_never_above_social() -> None:
    p = np.array([0.1, 0.2, 0.3, 0.4])
    t = choose_thresholds(p, medical_need=np.array([1, 1, 1, 1], bool),
                          social=np.array([0, 0, 0, 0], bool), max_under_triage=0.0)
    assert t.medical <= t.social


@pytest.mark.parametrize(("p", "flag"), [
    (0.5, "social"), (0.3, "social"), (0.2999, "uncertain"), (0.05, "uncertain"),
    (0.0499, "medical"), (0.0, "medical"),
])
def test_flag_bands(p: float, flag: str) -> None:
    t = Thresholds(social=0.3, medical=0.05, max_under_triage=0.01, max_social_rate=0.02,
                   validation_under_triage=0.0, validation_social_recall=0.0, validation_rows=1)
    assert t.flag(p) == flag


def test_refuses_empty_or_impossible_inputs() -> None:
    with pytest.raises(ValueError, match="no medical-need calls"):
        social_threshold([], 0.01)
    with pytest.raises(ValueError, match="max_under_triage"):
        social_threshold([0.1], 1.0)
    with pytest.raises(ValueError, match="no calls"):
        medical_threshold([], [], 0.01)

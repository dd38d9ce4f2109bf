"""The loaded flag model: a call's social probability, flag and reasons in well under 1 ms.

The fitted sklearn pipeline is the artefact; scoring one call through it costs milliseconds.
So at load the pipeline is reduced to its closed form: a weight per feature name (the
hasher's column of the name in the classifier's coefficients) and Platt's two numbers.
`reference_probabilities` runs the sklearn pipeline itself, to prove the two agree.
A note made mostly of words outside the training notes' vocabulary is flagged "uncertain"
whatever its probability (`familiarity`).
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline

from app.triage.model.explain import Contribution, contributions
from app.triage.model.familiarity import Familiarity, familiarity, words_read
from app.triage.model.features import (
    CallFeatures,
    Extracted,
    extract,
    feature_dict,
    known_feature_names,
)
from app.triage.model.thresholds import Flag, Thresholds
from app.triage.model.vectorise import column

CONTRIBUTIONS = 6
_CACHE_LIMIT = 500_000  # names whose weight is remembered after the first look-up


@dataclass(frozen=True)
class Prediction:
    """The model's opinion of one call."""

    social_probability: float
    flag: Flag
    contributions: tuple[Contribution, ...]  # strongest first; weight > 0 pushes towards social
    # Share of the note's content words never seen in training; None: the model keeps no
    # vocabulary (an artefact from before it did).
    unfamiliar_words: float | None = None


class FlagModel:
    """An immutable, loaded flag model (build it with `artefact.load`)."""

    __slots__ = ("_version", "_thresholds", "_pedigree", "_pipeline", "_coef", "_intercept",
                 "_slope", "_offset", "_weights", "_baselines", "_vocabulary", "_frozen")

    def __init__(
        self, *, pipeline: Pipeline, thresholds: Thresholds, pedigree: Mapping[str, Any],
        version: str, vocabulary: frozenset[str] | None = None,
    ) -> None:
        model = pipeline.named_steps["model"]
        (calibrated,) = model.calibrated_classifiers_
        classifier = calibrated.estimator.estimator  # CalibratedClassifierCV > Frozen > SGD
        if [bool(c) for c in classifier.classes_] != [False, True]:
            raise ValueError(f"expected classes [False, True], got {list(classifier.classes_)}")
        (sigmoid,) = calibrated.calibrators
        self._version = version
        self._thresholds = thresholds
        self._pedigree = MappingProxyType(dict(pedigree))
        self._pipeline = pipeline
        self._coef = np.asarray(classifier.coef_, dtype=np.float64)[0]
        self._intercept = float(classifier.intercept_[0])
        # Platt: p = 1 / (1 + exp(a z + b)); explanations are in calibrated log-odds (-a z).
        self._slope = float(sigmoid.a_)
        self._offset = float(sigmoid.b_)
        self._weights = {name: self._column_weight(name) for name in known_feature_names()}
        self._baselines = dict(pedigree.get("explanation_baselines", {}))
        self._vocabulary = vocabulary
        self._frozen = True

    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(self, "_frozen", False):
            raise AttributeError("FlagModel is immutable")
        object.__setattr__(self, name, value)

    @property
    def version(self) -> str:
        """The registry's version label of this model."""
        return self._version

    @property
    def thresholds(self) -> Thresholds:
        """The thresholds chosen on held-out data."""
        return self._thresholds

    @property
    def pedigree(self) -> Mapping[str, Any]:
        """Training data summary, metrics, thresholds and versions (read-only)."""
        return self._pedigree

    def predict(self, call: CallFeatures, *, limit: int = CONTRIBUTIONS) -> Prediction:
        """Social probability, flag and the strongest reasons, for one call."""
        extracted = extract(call)
        weights = {name: self._weight(name) for name in extracted.values}
        z = self._intercept + math.fsum(weights[n] * v for n, v in extracted.values.items())
        probability = _expit(-(self._slope * z + self._offset))
        reasons = contributions(
            call, extracted, weights, baselines=self._baselines, scale=-self._slope, limit=limit,
        )
        flag = self._thresholds.flag(probability)
        familiar = self.note_familiarity(extracted)
        if familiar is not None and familiar.unfamiliar:
            flag = "uncertain"  # whatever the probability: the words were never seen
            if limit:
                reasons = (_unfamiliar_reason(familiar), *reasons[:limit - 1])
        return Prediction(
            social_probability=probability,
            flag=flag,
            contributions=reasons,
            unfamiliar_words=None if familiar is None else familiar.unknown_share,
        )

    def note_familiarity(self, extracted: Extracted) -> Familiarity | None:
        """How many of the words the model reads in a note it saw in training (None: no
        vocabulary kept)."""
        if self._vocabulary is None:
            return None
        return familiarity(words_read(extracted.values), self._vocabulary)

    def reference_probabilities(self, calls: Sequence[CallFeatures]) -> np.ndarray:
        """Social probabilities from the sklearn pipeline itself (slow; for checks)."""
        probabilities: np.ndarray = self._pipeline.predict_proba([feature_dict(c) for c in calls])
        return probabilities[:, 1]

    def _weight(self, name: str) -> float:
        weight = self._weights.get(name)
        if weight is None:
            weight = self._column_weight(name)
            if len(self._weights) < _CACHE_LIMIT:
                self._weights[name] = weight  # memo of a pure function: not state
        return weight

    def _column_weight(self, name: str) -> float:
        return float(self._coef[column(name)])


def _unfamiliar_reason(familiar: Familiarity) -> Contribution:
    return Contribution(
        "unfamiliar",
        f"notes: {familiar.unknown_words} of {familiar.content_words} words unlike any training "
        "note: the model cannot judge this call",
        0.0,
    )


def _expit(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)

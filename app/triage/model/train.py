"""Train the social-vs-medical flag model on labelled calls, with its pedigree.

The calls are split by time, never at random: the first 70 % fit a logistic regression
(by SGD, on hashed sparse features), the next 10 % calibrate it (Platt), the next 10 %
choose the thresholds and the last 10 % measure it. Red-flag weights are clipped so they
never push towards social, social-need weights never towards medical, before calibration.
The training split's note words are kept beside the model (`familiarity`).
"""

import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import scipy
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline

from app.triage.model.examples import Example
from app.triage.model.explain import factor_key
from app.triage.model.familiarity import (
    MAX_UNKNOWN_SHARE,
    MIN_CONTENT_WORDS,
    MIN_SEEN,
    familiarity,
    note_vocabulary,
    words_read,
)
from app.triage.model.features import (
    FEATURE_VERSION,
    age_band,
    feature_dict,
    known_feature_names,
)
from app.triage.model.metrics import evaluate
from app.triage.model.thresholds import Thresholds, choose_thresholds
from app.triage.model.vectorise import (
    HIDE_SET_FIELDS,
    HIDE_WORDS,
    N_FEATURES,
    clip_columns,
    column,
    make_hasher,
    vectorise,
)

SPLITS = (("train", 0.7), ("calibration", 0.1), ("validation", 0.1), ("test", 0.1))
HIDE_SET_FIELDS_SHARE = 0.4  # training rows seen as early in the call: no urgency, no chapter
HIDE_WORDS_SHARE = 0.5  # training rows seen without their words: concepts must carry them
EARLY_FIGURES = ("roc_auc", "ece", "under_triage_rate", "social_recall", "flagged_social")
MIN_ROWS = 1_000
# L2 strength. AUC on demo data is flat from 1e-5 to 3e-4; the stronger end keeps rare
# word weights small, so notes worded unlike the training notes lean on concepts instead.
ALPHA = 1e-4
EPOCHS = 10  # averaged SGD: AUC on demo data is the same from 10 epochs on
FAMILIARITY_SAMPLE = 20_000  # test calls the unfamiliar share is measured on, at most
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class TrainedModel:
    """The fitted sklearn pipeline (hashing + calibrated classifier), thresholds, pedigree,
    and the sorted words of the training notes (`familiarity`)."""

    pipeline: Pipeline
    thresholds: Thresholds
    pedigree: dict[str, Any]
    vocabulary: tuple[str, ...] = ()


def train(
    examples: Sequence[Example],
    *,
    max_under_triage: float = 0.01,
    source: str,
    progress: Progress | None = None,
) -> TrainedModel:
    """Fit, calibrate, choose thresholds and evaluate on time-ordered splits."""
    started = time.perf_counter()
    clock = _Stopwatch()
    report = progress or (lambda fraction, message: None)
    if len(examples) < MIN_ROWS:
        raise ValueError(f"need at least {MIN_ROWS} labelled calls to train, got {len(examples)}")
    report(0.0, "ordering calls by time")
    ordered = sorted(examples, key=lambda e: e.features.received_at)
    y = np.fromiter((e.social for e in ordered), dtype=bool, count=len(ordered))
    medical = np.fromiter((e.medical_need for e in ordered), dtype=bool, count=len(ordered))
    spans = _split_bounds(len(ordered))
    _check_splits(spans, y, medical)
    clock.lap("sort_and_split")
    report(0.02, "extracting features")
    train_, calib, valid, test = (slice(*spans[name]) for name, _ in SPLITS)
    # Calls are scored while they happen, often before urgency and chapter are set, and
    # by notes worded unlike the training notes: some training rows hide those parts, so
    # red flags and social concepts learn their full weight instead of sharing it.
    rng = np.random.default_rng(0)
    hide = np.zeros(len(ordered), dtype=np.int8)
    size = spans["train"][1]
    hide[train_] = (rng.random(size) < HIDE_SET_FIELDS_SHARE) * HIDE_SET_FIELDS
    hide[train_] |= (rng.random(size) < HIDE_WORDS_SHARE) * HIDE_WORDS
    X = vectorise(
        [e.features for e in ordered], hide=hide,
        progress=lambda f: report(0.02 + 0.6 * f, "extracting features"),
    )
    clock.lap("features")
    report(0.65, "fitting the classifier")
    X_train = X[train_]
    classifier = SGDClassifier(
        loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None, average=True, random_state=0
    ).fit(X_train, y[train_])
    clipped = _clip(classifier)
    baselines = _baselines(classifier.coef_[0], X_train)
    del X_train
    clock.lap("fit")
    report(0.8, "calibrating")
    calibrated = CalibratedClassifierCV(FrozenEstimator(classifier), method="sigmoid")
    calibrated.fit(X[calib], y[calib])
    report(0.85, "choosing thresholds")
    p_valid = calibrated.predict_proba(X[valid])[:, 1]
    thresholds = choose_thresholds(
        p_valid, medical_need=medical[valid], social=y[valid], max_under_triage=max_under_triage
    )
    report(0.9, "evaluating on the test split")
    p_test = calibrated.predict_proba(X[test])[:, 1]
    tested = ordered[test]
    metrics = evaluate(
        p_test, social=y[test], medical_need=medical[test], thresholds=thresholds,
        groups={
            "age_band": [age_band(e.features.age) for e in tested],
            "sex": [e.features.sex for e in tested],
            "municipality": [e.features.municipality_code or "unknown" for e in tested],
        },
    )
    # The same test calls as scored early in the call, before urgency and chapter are set.
    X_early = vectorise([e.features for e in tested],
                        hide=np.full(len(tested), HIDE_SET_FIELDS, dtype=np.int8))
    early = evaluate(calibrated.predict_proba(X_early)[:, 1], social=y[test],
                     medical_need=medical[test], thresholds=thresholds)
    metrics["early_in_call"] = {key: early[key] for key in EARLY_FIGURES}
    clock.lap("calibrate_and_evaluate")
    report(0.95, "keeping the training notes' words")
    vocabulary = note_vocabulary(e.features.notes for e in ordered[train_])
    metrics["unfamiliar_share"] = _unfamiliar_share(tested, frozenset(vocabulary))
    clock.lap("vocabulary")
    pipeline = Pipeline([("features", make_hasher()), ("model", calibrated)])
    pedigree = {
        "model": "akutbro social-vs-medical flag",
        "feature_version": FEATURE_VERSION,
        "data": _data_summary(ordered, y, medical, spans, source),
        "classifier": {
            "type": "SGDClassifier(loss='log_loss', average=True)", "alpha": ALPHA,
            "epochs": EPOCHS, "n_features": N_FEATURES, "vectoriser": "FeatureHasher (dict)",
            "calibration": "sigmoid (Platt) on the calibration split",
            "clipped_weights": clipped,
        },
        "thresholds": asdict(thresholds),
        "vocabulary": {
            "words": len(vocabulary), "source": "notes of the train split",
            "min_notes_per_word": MIN_SEEN, "min_content_words": MIN_CONTENT_WORDS,
            "max_unknown_share": MAX_UNKNOWN_SHARE,
        },
        "explanation_baselines": baselines,
        "metrics": metrics,
        "training_seconds": round(time.perf_counter() - started, 3),
        "stage_seconds": clock.laps,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": {
            "python": platform.python_version(), "sklearn": sklearn.__version__,
            "numpy": np.__version__, "scipy": scipy.__version__,
        },
    }
    report(1.0, "done")
    return TrainedModel(
        pipeline=pipeline, thresholds=thresholds, pedigree=pedigree, vocabulary=vocabulary
    )


class _Stopwatch:
    """Seconds spent in each named stage."""

    def __init__(self) -> None:
        self._last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self._last = now


def _unfamiliar_share(tested: Sequence[Example], vocabulary: frozenset[str]) -> float:
    """The share of (up to FAMILIARITY_SAMPLE) test calls that would be flagged unfamiliar."""
    step = max(1, len(tested) // FAMILIARITY_SAMPLE)
    sample = tested[::step]
    unfamiliar = sum(
        familiarity(words_read(feature_dict(e.features)), vocabulary).unfamiliar for e in sample
    )
    return round(unfamiliar / len(sample), 5) if sample else 0.0


def _split_bounds(n: int) -> dict[str, tuple[int, int]]:
    bounds, start, cumulative = {}, 0, 0.0
    for name, share in SPLITS:
        cumulative += share
        end = n if name == SPLITS[-1][0] else round(n * cumulative)
        bounds[name] = (start, end)
        start = end
    return bounds


def _check_splits(spans: dict[str, tuple[int, int]], y: np.ndarray, medical: np.ndarray) -> None:
    for name, (start, end) in spans.items():
        social = int(y[start:end].sum())
        if social == 0 or social == end - start:
            raise ValueError(f"the {name} split ({end - start} calls) needs social and other calls")
        if name == "validation" and not medical[start:end].any():
            raise ValueError("the validation split has no medical-need calls")


def _clip(classifier: SGDClassifier) -> dict[str, int]:
    """Zero any weight that points the wrong way; use float64 weights from here on."""
    coef = classifier.coef_.astype(np.float64)
    counts = {"red_flag_towards_social": 0, "social_need_towards_medical": 0}
    for col, sign in clip_columns().items():
        if sign < 0 and coef[0, col] > 0:
            coef[0, col] = 0.0
            counts["red_flag_towards_social"] += 1
        elif sign > 0 and coef[0, col] < 0:
            coef[0, col] = 0.0
            counts["social_need_towards_medical"] += 1
    classifier.coef_ = coef
    classifier.intercept_ = classifier.intercept_.astype(np.float64)
    return counts


def _baselines(coef: np.ndarray, X_train: Any) -> dict[str, float]:
    """Each non-text factor's average push over the training calls (explanations subtract it)."""
    means = np.asarray(X_train.sum(axis=0, dtype=np.float64)).ravel() / max(X_train.shape[0], 1)
    out: dict[str, float] = {}
    for name in known_feature_names():
        col = column(name)
        key = factor_key(name)
        out[key] = out.get(key, 0.0) + float(coef[col] * means[col])
    return out


def _data_summary(
    ordered: Sequence[Example], y: np.ndarray, medical: np.ndarray,
    spans: dict[str, tuple[int, int]], source: str,
) -> dict[str, Any]:
    def moment(i: int) -> str:
        return ordered[i].features.received_at.astimezone(UTC).isoformat(timespec="seconds")

    return {
        "source": source,
        "rows": len(ordered),
        "social_rows": int(y.sum()),
        "medical_rows": int(medical.sum()),
        "social_share": round(float(y.mean()), 5),
        "time_span": {"from": moment(0), "to": moment(len(ordered) - 1)},
        "splits": {
            name: {"rows": end - start, "social_rows": int(y[start:end].sum()),
                   "from": moment(start), "to": moment(end - 1)}
            for name, (start, end) in spans.items()
        },
    }


def holdout(examples: Sequence[Example]) -> list[Example]:
    """The time-ordered test split `train` measures on, for comparing other models on it."""
    ordered = sorted(examples, key=lambda e: e.features.received_at)
    start, end = _split_bounds(len(ordered))["test"]
    return ordered[start:end]

"""How well the flag model does on a time-ordered holdout, overall and per group.

Everything returned is plain JSON (floats, ints, strings, lists, dicts, None) so it can
go straight into the model's pedigree and the admin console.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

from app.triage.model.thresholds import Thresholds, social_recall, under_triage_rate

MIN_GROUP_ROWS = 200
ECE_BINS = 10
CURVE_POINTS = 20
FLAGS = ("social", "uncertain", "medical")
LABELS = ("social", "medical", "other")


def evaluate(
    probabilities: Sequence[float] | np.ndarray,
    *,
    social: Sequence[bool] | np.ndarray,
    medical_need: Sequence[bool] | np.ndarray,
    thresholds: Thresholds,
    groups: Mapping[str, Sequence[str]] | None = None,
    min_group_rows: int = MIN_GROUP_ROWS,
) -> dict[str, Any]:
    """Discrimination, calibration, triage rates, confusion, curves and per-group figures."""
    p = np.asarray(probabilities, dtype=float)
    y = np.asarray(social, dtype=bool)
    medical = np.asarray(medical_need, dtype=bool)
    result = _figures(p, y, medical, thresholds)
    result["confusion"] = confusion(p, y, medical, thresholds)
    result["curves"] = {"roc": roc_points(p, y), "calibration": calibration_points(p, y)}
    result["groups"] = {}
    for group_name, values in (groups or {}).items():
        keys = np.asarray(values, dtype=object)
        per_group: dict[str, Any] = {}
        for key in sorted({str(v) for v in keys}):
            mask = keys == key
            rows = int(mask.sum())
            if rows < min_group_rows:
                per_group[key] = {"rows": rows, "skipped": f"only {rows} rows (< {min_group_rows})"}
            else:
                per_group[key] = _figures(p[mask], y[mask], medical[mask], thresholds)
        result["groups"][group_name] = per_group
    return result


def _figures(p: np.ndarray, y: np.ndarray, medical: np.ndarray, t: Thresholds) -> dict[str, Any]:
    both = 0 < y.sum() < y.size
    return {
        "rows": int(p.size),
        "social_rows": int(y.sum()),
        "medical_rows": int(medical.sum()),
        "roc_auc": float(roc_auc_score(y, p)) if both else None,
        "pr_auc": float(average_precision_score(y, p)) if both else None,
        "brier": float(np.mean((p - y) ** 2)) if p.size else None,
        "ece": expected_calibration_error(p, y),
        "under_triage_rate": under_triage_rate(p, medical, t.social) if medical.any() else None,
        "social_recall": social_recall(p, y, t.social) if y.any() else None,
        "flagged_social": int((p >= t.social).sum()),
        "flagged_uncertain": int(((p >= t.medical) & (p < t.social)).sum()),
    }


def expected_calibration_error(p: np.ndarray, y: np.ndarray, bins: int = ECE_BINS) -> float | None:
    """Mean |predicted - observed| over equal-width bins, weighted by rows."""
    if p.size == 0:
        return None
    index = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            total += mask.sum() * abs(p[mask].mean() - y[mask].mean())
    return float(total / p.size)


def confusion(
    p: np.ndarray, y: np.ndarray, medical: np.ndarray, t: Thresholds
) -> dict[str, dict[str, int]]:
    """Rows: the flag given; columns: what the call turned out to be."""
    flags = np.where(p >= t.social, "social", np.where(p < t.medical, "medical", "uncertain"))
    labels = np.where(medical, "medical", np.where(y, "social", "other"))
    return {
        flag: {label: int(((flags == flag) & (labels == label)).sum()) for label in LABELS}
        for flag in FLAGS
    }


def roc_points(p: np.ndarray, y: np.ndarray, points: int = CURVE_POINTS) -> list[dict[str, float]]:
    """About `points` (false positive rate, true positive rate, threshold) points of the ROC."""
    if not 0 < y.sum() < y.size:
        return []
    fpr, tpr, thresholds = roc_curve(y, p)
    keep = np.unique(np.linspace(0, fpr.size - 1, points + 1).round().astype(int))
    return [
        {"fpr": float(fpr[i]), "tpr": float(tpr[i]), "threshold": float(min(thresholds[i], 1.0))}
        for i in keep
    ]


def calibration_points(
    p: np.ndarray, y: np.ndarray, points: int = CURVE_POINTS
) -> list[dict[str, float]]:
    """Mean predicted vs observed share of social calls in about `points` equal-count bins."""
    if p.size == 0:
        return []
    order = np.argsort(p, kind="stable")
    out = []
    for chunk in np.array_split(order, min(points, p.size)):
        if chunk.size:
            out.append({
                "predicted": float(p[chunk].mean()),
                "observed": float(y[chunk].mean()),
                "rows": int(chunk.size),
            })
    return out

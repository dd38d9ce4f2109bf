"""Calls to a sparse matrix by feature hashing, in worker processes for large sets.

The hasher is stateless, so training, the artefact's sklearn pipeline and the fast scoring
path all map a feature name to the same column: murmurhash3 of the name, modulo
N_FEATURES, without sign flipping.
"""

import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.utils import murmurhash3_32

from app.triage.model.features import (
    WORD,
    CallFeatures,
    clip_sign,
    feature_dict,
    known_feature_names,
)

N_FEATURES = 2**20
CHUNK = 5_000
PARALLEL_FROM = 20_000  # below this, starting workers costs more than it saves
_shared: Sequence[CallFeatures] = ()  # read by forked workers; never pickled
_shared_hide: np.ndarray | None = None
HIDE_SET_FIELDS = 1  # the row as early in the call: no urgency, no index chapter yet
HIDE_WORDS = 2  # the row without its words: concepts and structure must speak alone


def make_hasher(dtype: type = np.float64) -> FeatureHasher:
    """The feature hasher every path shares."""
    return FeatureHasher(
        n_features=N_FEATURES, input_type="dict", alternate_sign=False, dtype=dtype
    )


def column(name: str) -> int:
    """The matrix column of a feature name, exactly as FeatureHasher computes it."""
    h: int = murmurhash3_32(name, seed=0)
    if h == -(2**31):
        return (2**31 - 1 - (N_FEATURES - 1)) % N_FEATURES
    return abs(h) % N_FEATURES


def vectorise(
    calls: Sequence[CallFeatures],
    *,
    hide: np.ndarray | None = None,
    workers: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> sp.csr_matrix:
    """The calls' feature matrix (float32, one row per call, in order).

    `hide` (training only) holds per row HIDE_SET_FIELDS and/or HIDE_WORDS bits: views of
    a call with less in it, so that no feature learns to stand in for another.
    """
    global _shared, _shared_hide
    bounds = [(start, min(start + CHUNK, len(calls))) for start in range(0, len(calls), CHUNK)]
    workers = workers or min(os.cpu_count() or 1, 4)
    parts: list[sp.csr_matrix] = []
    if workers == 1 or len(calls) < PARALLEL_FROM or "fork" not in _start_methods():
        for i, span in enumerate(bounds):
            parts.append(_hash(calls, hide, span))
            if progress:
                progress((i + 1) / len(bounds))
    else:
        _shared, _shared_hide = calls, hide
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for i, part in enumerate(pool.imap(_hash_shared, bounds)):
                    parts.append(part)
                    if progress:
                        progress((i + 1) / len(bounds))
        finally:
            _shared, _shared_hide = (), None
    return sp.vstack(parts, format="csr") if parts else sp.csr_matrix((0, N_FEATURES))


def clip_columns() -> dict[int, int]:
    """Columns whose weight must keep a sign: -1 towards medical only, +1 towards social only."""
    signs = {name: clip_sign(name) for name in known_feature_names()}
    return {column(name): sign for name, sign in signs.items() if sign}


def view(call: CallFeatures, hide: int) -> dict[str, float]:
    """The call's features with the hidden parts left out."""
    if hide & HIDE_SET_FIELDS:
        call = replace(call, urgency=None, index_chapter=None)
    values = feature_dict(call)
    if hide & HIDE_WORDS:
        values = {name: v for name, v in values.items() if not name.startswith(WORD)}
    return values


def _hash(
    calls: Sequence[CallFeatures], hide: np.ndarray | None, span: tuple[int, int]
) -> sp.csr_matrix:
    start, end = span
    if hide is None:
        rows = (feature_dict(call) for call in calls[start:end])
    else:
        rows = (view(calls[i], int(hide[i])) for i in range(start, end))
    return sp.csr_matrix(make_hasher(np.float32).transform(rows))


def _hash_shared(span: tuple[int, int]) -> sp.csr_matrix:
    return _hash(_shared, _shared_hide, span)


def _start_methods() -> list[str]:
    return multiprocessing.get_all_start_methods()

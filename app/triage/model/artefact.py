"""The model artefact: skops bytes (never pickle), a checksum, and a guarded load.

Beside the pipeline it holds the training notes' vocabulary (one word a line), so the
words the model knows are checksummed with it.

`load` refuses a blob whose SHA-256 differs from the registry's, and loads only types on
an explicit allow-list: skops reports every type it does not trust by default, and each of
those must be one this project put there itself.
"""

import hashlib
import json
import zipfile
from dataclasses import asdict
from typing import Any

import skops.io as sio

from app.triage.model.features import FEATURE_VERSION
from app.triage.model.predict import FlagModel
from app.triage.model.thresholds import Thresholds
from app.triage.model.train import TrainedModel

FORMAT = "akutbro-flag-model/1"
# Types skops does not trust by default that a trained pipeline legitimately contains.
ALLOWED_TYPES = frozenset({
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
})


class ArtefactError(Exception):
    """The artefact cannot be loaded: wrong checksum, untrusted content or wrong format."""


def dump(trained: TrainedModel) -> bytes:
    """The trained model as skops bytes (zip-compressed)."""
    payload = {
        "format": FORMAT,
        "pipeline": trained.pipeline,
        "thresholds": json.dumps(asdict(trained.thresholds)),
        "pedigree": json.dumps(trained.pedigree),
        "vocabulary": "\n".join(trained.vocabulary),
    }
    blob: bytes = sio.dumps(payload, compression=zipfile.ZIP_DEFLATED)
    return blob


def sha256(blob: bytes) -> str:
    """The hex SHA-256 of an artefact."""
    return hashlib.sha256(blob).hexdigest()


def load(blob: bytes, *, expected_sha256: str, version: str) -> FlagModel:
    """A FlagModel from an artefact whose checksum and content types are verified first."""
    actual = sha256(blob)
    if actual != expected_sha256.strip().lower():
        raise ArtefactError(
            f"model {version}: checksum mismatch (expected {expected_sha256}, got {actual});"
            " refusing to load"
        )
    try:
        untrusted = set(sio.get_untrusted_types(data=blob))
    except Exception as exc:  # a corrupt zip or schema: say so, never half-load
        raise ArtefactError(f"model {version}: not a readable skops artefact ({exc})") from exc
    unexpected = untrusted - ALLOWED_TYPES
    if unexpected:
        raise ArtefactError(
            f"model {version}: artefact contains types outside the allow-list:"
            f" {', '.join(sorted(unexpected))}"
        )
    payload = sio.loads(blob, trusted=sorted(untrusted))
    return _model(payload, version)


def _model(payload: Any, version: str) -> FlagModel:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ArtefactError(f"model {version}: not an {FORMAT} artefact")
    pedigree = json.loads(payload["pedigree"])
    if pedigree.get("feature_version") != FEATURE_VERSION:
        raise ArtefactError(
            f"model {version}: trained with feature version {pedigree.get('feature_version')},"
            f" this code extracts version {FEATURE_VERSION}; retrain it"
        )
    thresholds = Thresholds(**json.loads(payload["thresholds"]))
    words = payload.get("vocabulary")  # absent from artefacts made before it was kept
    if words is not None and not isinstance(words, str):
        raise ArtefactError(f"model {version}: the vocabulary is not text")
    vocabulary = None if words is None else frozenset(words.split("\n")) - {""}
    try:
        return FlagModel(
            pipeline=payload["pipeline"], thresholds=thresholds, pedigree=pedigree,
            version=version, vocabulary=vocabulary,
        )
    except (AttributeError, KeyError, ValueError) as exc:
        raise ArtefactError(f"model {version}: unexpected pipeline ({exc})") from exc

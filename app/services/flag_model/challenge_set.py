"""The challenge set on disk: where it lies, and a model's figures on it.

A model's figures on a set depend on nothing else, so they are remembered per model
checksum and set fingerprint: the console can show the gate's verdict without assessing
every note again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.triage.challenge import (
    ChallengeResult,
    ChallengeSetError,
    evaluate_challenge,
    read_challenge,
    set_sha256,
)
from app.triage.model.predict import FlagModel

ROOT = Path(__file__).resolve().parents[3]  # the repository (or installed tree) root
_REMEMBERED = 32
_results: dict[tuple[str, str], ChallengeResult] = {}


@dataclass(frozen=True)
class Measured:
    """A model's figures on the challenge set, or why there are none."""

    path: Path
    result: ChallengeResult | None
    unmeasured: str | None = None  # why not measured
    unreadable: bool = False  # a file is there but cannot be read: the gate refuses

    def as_json(self) -> dict[str, Any]:
        """The pedigree's block: the figures, or "measured": false with the reason."""
        if self.result is None:
            return {"measured": False, "path": str(self.path), "reason": self.unmeasured}
        return {**self.result.as_json(), "path": str(self.path)}


def path_of(setting: str) -> Path:
    """The challenge set's path from the setting (relative: from the repository root)."""
    path = Path(setting).expanduser()
    return path if path.is_absolute() else ROOT / path


def measure(setting: str, *, model_sha256: str, load: Callable[[], FlagModel]) -> Measured:
    """The figures of the model with this artefact checksum; `load` runs only if needed."""
    path = path_of(setting)
    if not path.is_file():
        return Measured(path, None, f"no challenge set at {path}")
    try:
        notes = read_challenge(path)
    except (OSError, UnicodeDecodeError, ChallengeSetError) as error:
        return Measured(path, None, f"the challenge set cannot be read: {error}", True)
    key = (model_sha256, set_sha256(notes))
    result = _results.get(key)
    if result is None:
        result = evaluate_challenge(notes, load())
        if len(_results) >= _REMEMBERED:
            _results.pop(next(iter(_results)))
        _results[key] = result
    return Measured(path, result)

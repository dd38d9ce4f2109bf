"""One flag model trained per session on generated calls (small: about 36,000 calls)."""

from dataclasses import dataclass
from datetime import date

import pytest

from app.demo.generator import generate
from app.triage.model import artefact
from app.triage.model.examples import Example, examples_from_timeline
from app.triage.model.predict import FlagModel
from app.triage.model.train import TrainedModel, train


@dataclass(frozen=True)
class Trained:
    examples: list[Example]
    trained: TrainedModel
    blob: bytes
    model: FlagModel

    @property
    def test_examples(self) -> list[Example]:
        """The time-ordered last 10 %: the split the pedigree's metrics come from."""
        return self.examples[int(len(self.examples) * 0.9):]


@pytest.fixture(scope="session")
def trained() -> Trained:
    data = generate(seed=2024, start=date(2023, 1, 1), days=180)
    examples = examples_from_timeline(data.calls, data.outcomes, data.cases)
    model = train(examples, source="demo generator seed 2024, 180 days")
    blob = artefact.dump(model)
    loaded = artefact.load(blob, expected_sha256=artefact.sha256(blob), version="test-1")
    return Trained(examples, model, blob, loaded)

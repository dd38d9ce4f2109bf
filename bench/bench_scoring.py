"""Scoring one call with the flag model, in process: prints p50 and p99; asserts nothing.

The model is trained as `tests/model/conftest.py` trains it (the demo generator, seed
2024, 180 days); the held-out last tenth of its calls are scored one at a time, after a
few hundred to warm the caches as a running service has them.
"""

import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.demo.generator import generate  # noqa: E402
from app.triage.model import artefact  # noqa: E402
from app.triage.model.examples import examples_from_timeline  # noqa: E402
from app.triage.model.train import train  # noqa: E402

CALLS, WARM_UP = 2000, 200


def main() -> None:
    data = generate(seed=2024, start=date(2023, 1, 1), days=180)
    examples = examples_from_timeline(data.calls, data.outcomes, data.cases)
    blob = artefact.dump(train(examples, source="bench: demo generator seed 2024, 180 days"))
    model = artefact.load(blob, expected_sha256=artefact.sha256(blob), version="bench")
    calls = [example.features for example in examples[int(len(examples) * 0.9):][:CALLS]]
    for call in calls[:WARM_UP]:
        model.predict(call)
    timings = []
    for call in calls:
        began = time.perf_counter()
        model.predict(call)
        timings.append(time.perf_counter() - began)
    p50, p99 = (np.percentile(timings, q) * 1e6 for q in (50, 99))
    print(f"scoring one call, {len(timings)} calls: p50 {p50:.0f} µs, p99 {p99:.0f} µs "
          "(target: p50 under 1 ms)")


if __name__ == "__main__":
    main()

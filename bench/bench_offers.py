"""Benchmark directory.offers_for (runs in every assessment); prints figures, asserts nothing.

A fresh SQLite database with the demo directory (36 services); the snapshot is warm, as in
a running service, and re-checked against the version row at its normal interval.

    .venv/bin/python bench/bench_offers.py
"""

import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.db.engine import make_engine, make_session_factory, unit_of_work  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.seed.directory import seed_directory  # noqa: E402
from app.services.directory import offers_for  # noqa: E402

CPH = ZoneInfo("Europe/Copenhagen")
CASES = [
    ("homeless Friday 23:30, Aarhus", ["homelessness", "food"], "0751",
     datetime(2026, 11, 20, 23, 30, tzinfo=CPH)),
    ("lonely Tuesday 11:00, Aarhus", ["loneliness", "needs_conversation"], "0751",
     datetime(2026, 11, 17, 11, 0, tzinfo=CPH)),
    ("alcohol Tuesday 03:00, Randers (none open)", ["alcohol"], "0730",
     datetime(2026, 11, 17, 3, 0, tzinfo=CPH)),
    ("dementia Sunday 14:00, Samsø", ["dementia_safety"], "0741",
     datetime(2026, 11, 22, 14, 0, tzinfo=CPH)),
]
ROUNDS, CALLS = 7, 2000


def main() -> None:
    """Print the median time per call for each case."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        factory = make_session_factory(make_engine(url))
        with unit_of_work(factory) as session:
            seed_directory(session)
        with unit_of_work(factory) as session:
            for label, needs, code, at in CASES:
                offers_for(session, needs=needs, municipality_code=code, at=at)  # warm
                rounds = []
                for _ in range(ROUNDS):
                    start = time.process_time()  # CPU time: other load does not count
                    for _ in range(CALLS):
                        offers_for(session, needs=needs, municipality_code=code, at=at)
                    rounds.append((time.process_time() - start) / CALLS * 1e6)
                print(f"{label:<45} median {statistics.median(rounds):6.0f} µs per call")


if __name__ == "__main__":
    main()

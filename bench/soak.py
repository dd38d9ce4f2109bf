"""Soak POST /v1/assessments at a steady rate for a long while; prints figures, asserts nothing.

The service runs in its own uvicorn process on loopback against a database seeded as
bench_assessments.py seeds it (SQLite by default, PostgreSQL with --postgres), and gets
--rate requests a second (default 50) for --minutes (default 30), on a fixed schedule,
whatever the answers' speed. It prints each minute's figures as it goes, then the errors,
p50/p99 of the first and the last minute and the server's memory (RSS of the uvicorn
process and its workers) at start and end. See bench/README.md.

    .venv/bin/python bench/soak.py --minutes 1            # a quick try
    .venv/bin/python bench/soak.py                        # 30 minutes on SQLite
    .venv/bin/python bench/soak.py --postgres --minutes 30
"""

import argparse
import asyncio
import math
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_assessments, whose helpers

import bench_assessments as bench  # noqa: E402

MAX_IN_FLIGHT = 200  # beyond this the service is far behind: a request is counted, not sent
TIMEOUT_SECONDS = 10.0
WARM_UP_SECONDS = 10  # at the same rate, before the figures start: first connections, caches
SYMPTOMS = ([], [], [], [], ["chest_pain"], ["loneliness"], ["alcohol"])
DATABASE_REASONS = ("database", "internal error")  # degraded answers that are faults here


@dataclass
class Outcome:
    """What the load saw: each answer's (seconds since start, milliseconds), and the faults."""

    latencies: list[tuple[float, float]] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    degraded: int = 0  # answers degraded for the database or an internal error
    answered: int = 0  # HTTP 200

    def minute(self, index: int) -> np.ndarray:
        """The latencies (ms) of the requests sent in that minute (0 = the first)."""
        return np.array([ms for at, ms in self.latencies if int(at // 60) == index])


class Calls:
    """Request bodies as a dispatch system sends them (as bench/assess.lua makes them): the
    phone of a seeded citizen, frequent callers as often as in the seeded history, a CPR
    number in some, symptoms, an index chapter and an urgency sometimes, Danish notes."""

    def __init__(self, citizens: int, frequent_share: float, seed: int) -> None:
        self.citizens, self.frequent_share = citizens, frequent_share
        self.rng = random.Random(seed)
        self.tag = f"SOAK-{int(time.time())}"

    def body(self, n: int) -> dict[str, Any]:
        """The n-th request's body."""
        rng, i = self.rng, self._citizen()
        phone = bench.synthetic_phone(i)
        phone = rng.choice((phone, phone[3:], f"+45 {phone[3:5]} {phone[5:7]} {phone[7:9]} "
                                                  f"{phone[9:]}"))
        cpr = bench.synthetic_cpr(i)
        municipality = bench.MUNICIPALITIES[i % len(bench.MUNICIPALITIES)]
        if rng.random() < bench.CPR_SHARE:
            patient: dict[str, Any] = {"cpr": cpr, "municipality_code": municipality}
        elif rng.random() < 0.2:
            patient = {"sex": "unknown"}
        else:
            age = datetime.now(UTC).year - (1900 + int(cpr[4:6]))
            patient = {"age": age, "sex": "male" if i % 2 else "female",
                       "municipality_code": municipality}
        received = datetime.now(UTC) - timedelta(seconds=rng.uniform(0, 20))
        return {"call_id": f"{self.tag}-{n}", "received_at": received.isoformat(),
                "caller_phone": phone, "patient": patient,
                "index_chapter": rng.choice(bench.CHAPTERS),
                "urgency": rng.choice(bench.URGENCIES), "symptoms": rng.choice(SYMPTOMS),
                "notes": rng.choice(bench.SEED_NOTES)}

    def _citizen(self) -> int:
        if self.rng.random() < self.frequent_share:
            return bench.FREQUENT_EVERY * self.rng.randrange(
                (self.citizens - 1) // bench.FREQUENT_EVERY + 1)
        return self.rng.randrange(self.citizens)


def rss_bytes(pid: int) -> int:
    """Resident memory of the server process and every worker under it."""
    server = psutil.Process(pid)
    total = 0
    for process in (server, *server.children(recursive=True)):
        with suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total


async def drive(base: str, token: str, calls: Calls, *, rate: float, seconds: float,
                outcome: Outcome | None, report: Any = None) -> None:
    """Send rate x seconds requests on a fixed schedule; record them in `outcome` (None: a
    warm-up). `report(minute)` is called as each minute's requests have been sent."""
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT_SECONDS, limits=limits,
                                 headers={"Authorization": f"Bearer {token}"}) as client:
        started = time.perf_counter()
        in_flight: set[asyncio.Task[None]] = set()
        for n in range(int(rate * seconds)):
            due = n / rate
            delay = started + due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if report is not None and n and int(due // 60) > int((n - 1) / rate // 60):
                report(int(due // 60) - 1)
            if len(in_flight) >= MAX_IN_FLIGHT:
                if outcome is not None:
                    outcome.errors["not sent: too many in flight"] += 1
                continue
            task = asyncio.create_task(one(client, calls.body(n), due, outcome))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        await asyncio.gather(*in_flight)


async def one(client: httpx.AsyncClient, body: dict[str, Any], due: float,
              outcome: Outcome | None) -> None:
    """One assessment, timed and classified."""
    started = time.perf_counter()
    try:
        response = await client.post("/v1/assessments", json=body)
    except httpx.HTTPError as error:
        if outcome is not None:
            outcome.errors[type(error).__name__] += 1
        return
    took_ms = (time.perf_counter() - started) * 1000
    if outcome is None:
        return
    if response.status_code != 200:
        outcome.errors[f"HTTP {response.status_code}"] += 1
        return
    outcome.answered += 1
    outcome.latencies.append((due, took_ms))
    reasons = " ".join(response.json().get("degraded_reasons") or ()).lower()
    if any(word in reasons for word in DATABASE_REASONS):
        outcome.degraded += 1


def percentiles(values: np.ndarray) -> str:
    if not len(values):
        return "no answers"
    p50, p99 = np.percentile(values, [50, 99])
    return f"p50 {p50:.2f} ms, p99 {p99:.2f} ms ({len(values)} answers)"


def mib(value: int) -> str:
    return f"{value / 2**20:,.1f} MiB"


def soak(args: argparse.Namespace) -> None:
    """Seed, serve, warm up, soak, report."""
    workdir = Path(tempfile.mkdtemp(prefix="akutbro-soak-"))
    engine = "postgresql" if args.postgres else "sqlite"
    print(f"akutbro soak, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {bench.machine()}")
    print(f"{engine}, {args.calls:,} calls seeded, {args.rate:g} requests/s for "
          f"{args.minutes:g} min, {args.workers} worker(s); work folder {workdir}")
    if args.postgres and (why := bench.postgres_reachable(args.postgres_url)):
        sys.exit(f"PostgreSQL not reachable: {why}")
    with ExitStack() as cleanup:
        if args.postgres:
            url = bench.fresh_postgresql(args.postgres_url)
            if not args.keep:
                cleanup.callback(bench.drop_postgresql, args.postgres_url)
        else:
            url = f"sqlite:///{workdir / 'soak.db'}"
        bench.upgrade(url)
        citizens = max(1, round(args.calls / 5))
        population = bench.Population(args.calls, citizens, datetime.now(UTC), args.seed)
        (bench.seed_postgresql if args.postgres else bench.seed_sqlite)(url, population)
        token = bench.dispatch_key(url)
        print("directory:", bench.seed_directory(url))
        if args.model:
            row, note = bench.trained_model_row(workdir)
            print(("" if row else "no model: ") + note)
            if row is not None:
                bench.install_model(url, row)
        env = {**os.environ, "AKUTBRO_DATABASE_URL": url,
               "AKUTBRO_PSEUDONYM_SECRET": bench.SECRET, "AKUTBRO_ENVIRONMENT": "development",
               "AKUTBRO_LOG_LEVEL": "WARNING"}
        log_path = workdir / "server.log"
        server = cleanup.enter_context(bench.serve(["app.main:create_app", "--factory"], env,
                                                   log_path, args.workers))
        print("smoke:", bench.smoke(server.base, token, citizen=bench.FREQUENT_EVERY))
        recorded_before = bench.count_assessments(url)
        calls = Calls(citizens, population.frequent_share, args.seed)
        asyncio.run(drive(server.base, token, calls, rate=args.rate, seconds=WARM_UP_SECONDS,
                          outcome=None))
        rss_start = rss_bytes(server.pid)
        warm_recorded = bench.count_assessments(url) - recorded_before
        outcome = Outcome()

        def report(minute: int) -> None:
            print(f"  minute {minute + 1:>3}: {percentiles(outcome.minute(minute))}, "
                  f"errors so far {sum(outcome.errors.values())}, "
                  f"RSS {mib(rss_bytes(server.pid))}", flush=True)

        began = time.perf_counter()
        asyncio.run(drive(server.base, token, calls, rate=args.rate,
                          seconds=args.minutes * 60, outcome=outcome, report=report))
        took = time.perf_counter() - began
        rss_end = rss_bytes(server.pid)
        last = math.ceil(args.minutes) - 1
        report(last)
        recorded = bench.count_assessments(url) - recorded_before - warm_recorded
        tracebacks = log_path.read_text().count("Traceback")

    sent = int(args.rate * args.minutes * 60)
    errors = sum(outcome.errors.values())
    print(f"\n## Soak ({datetime.now(UTC):%Y-%m-%d}, {bench.machine()})")
    print(f"{engine}, {args.calls:,} calls seeded, {args.workers} worker(s), "
          f"{args.rate:g}/s for {args.minutes:g} min: {sent:,} requests in {took:.0f} s")
    print(f"errors: {errors}" + (f" ({dict(outcome.errors)})" if errors else "")
          + f"; degraded for the database or an internal error: {outcome.degraded}; "
          f"recorded: {recorded:,} of {outcome.answered:,} answered; "
          f"tracebacks in the server log: {tracebacks}")
    print(f"first minute: {percentiles(outcome.minute(0))}")
    print(f"last minute:  {percentiles(outcome.minute(last))}")
    growth = (rss_end - rss_start) / rss_start * 100
    print(f"server RSS: {mib(rss_start)} at start (after a {WARM_UP_SECONDS} s warm-up), "
          f"{mib(rss_end)} at end: {growth:+.1f} %")
    if not args.keep:
        for path in workdir.glob("*.db*"):
            path.unlink()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="how long to soak")
    parser.add_argument("--rate", type=float, default=50.0, help="requests a second")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--postgres-url", default=os.environ.get("AKUTBRO_TEST_POSTGRES_URL",
                                                                 bench.DEFAULT_POSTGRES),
                        help="an existing database; akutbro_bench is made beside it")
    parser.add_argument("--calls", type=int, default=100_000, help="calls seeded")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="uvicorn worker processes (default: one per core)")
    model = parser.add_mutually_exclusive_group()
    model.add_argument("--with-model", dest="model", action="store_true", default=True,
                       help="train and promote a model first (default)")
    model.add_argument("--without-model", dest="model", action="store_false")
    parser.add_argument("--seed", type=int, default=112)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args(argv)
    if not 0 < args.minutes <= 24 * 60 or not 0 < args.rate <= 1000:
        parser.error("--minutes must be in (0, 1440] and --rate in (0, 1000]")
    return args


if __name__ == "__main__":
    soak(parse_args())

"""Benchmark the flag model: training time and peak memory, and single-call scoring time.

    .venv/bin/python bench/bench_training.py              # a year, 100,000 and 1,000,000 calls
    .venv/bin/python bench/bench_training.py 100000       # just these sizes ("year" for 365 days)

Labelled calls come from the synthetic demo generator: a size above a year is made of
several generator runs with different seeds, each covering the next stretch of time
(made in parallel; not timed). Training then runs in a fresh child process that only
loads the examples and trains, so its peak RSS is the training's own (plus the examples
it holds); the whole process tree's memory (trainer and the feature workers it forks) is
sampled twice a second as PSS, which counts shared pages once. Scoring is timed on
10,000 single calls from the test split through the loaded artefact, explanation included.
"""

import multiprocessing
import os
import pickle
import resource
import sys
import tempfile
import threading
import time
from datetime import date, timedelta

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from app.demo.generator import generate  # noqa: E402
from app.triage.model import artefact  # noqa: E402
from app.triage.model.examples import Example, examples_from_timeline  # noqa: E402
from app.triage.model.train import train  # noqa: E402

CALLS_PER_DAY = 200
CHUNK_DAYS = 500
START = date(2010, 1, 1)


def _chunk(index: int) -> list[Example]:
    data = generate(seed=1000 + index, start=START + timedelta(days=CHUNK_DAYS * index),
                    days=CHUNK_DAYS)
    return examples_from_timeline(data.calls, data.outcomes, data.cases)


def make_examples(calls: int | None) -> tuple[list[Example], float]:
    """About `calls` labelled calls (None: one year), and the seconds it took."""
    began = time.perf_counter()
    if calls is None:
        data = generate(seed=7, start=date(2024, 1, 1), days=365)
        examples = examples_from_timeline(data.calls, data.outcomes, data.cases)
        return examples, time.perf_counter() - began
    chunks = -(-calls // (CALLS_PER_DAY * CHUNK_DAYS))
    with multiprocessing.get_context("fork").Pool(min(2, os.cpu_count() or 1)) as pool:
        parts = pool.map(_chunk, range(chunks))
    examples = [e for part in parts for e in part][:calls]
    return examples, time.perf_counter() - began


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the feature workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _train_child(path: str, results: "multiprocessing.Queue[dict]") -> None:
    with open(path, "rb") as handle:
        examples = pickle.load(handle)
    before = _rss_mb()
    cpu_before = _cpu_seconds()
    began = time.perf_counter()
    trained = train(examples, source=f"bench: {len(examples)} synthetic calls")
    seconds = time.perf_counter() - began
    cpu = _cpu_seconds() - cpu_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    load = os.getloadavg()[0]
    blob = artefact.dump(trained)
    model = artefact.load(blob, expected_sha256=artefact.sha256(blob), version="bench")
    calls = [e.features for e in examples[int(len(examples) * 0.9):]][:10_000]
    for call in calls[:500]:
        model.predict(call)  # warm, as a running service is
    timings = []
    for call in calls:
        start = time.perf_counter()
        model.predict(call)
        timings.append(time.perf_counter() - start)
    metrics = trained.pedigree["metrics"]
    results.put({
        "rows": len(examples), "train_s": seconds, "cpu_s": cpu, "load": load,
        "stages": trained.pedigree["stage_seconds"], "rss_before_mb": before, "peak_mb": peak,
        "worker_peak_mb": workers, "artefact_mb": len(blob) / 2**20,
        "score_p50_us": float(np.percentile(timings, 50) * 1e6),
        "score_p99_us": float(np.percentile(timings, 99) * 1e6),
        "thresholds": trained.pedigree["thresholds"],
        "metrics": {k: metrics[k] for k in ("rows", "roc_auc", "pr_auc", "brier", "ece",
                                            "under_triage_rate", "social_recall",
                                            "flagged_social", "flagged_uncertain")},
        "early": metrics["early_in_call"],
        "confusion": metrics["confusion"],
        "groups": {
            name: {key: {k: v for k, v in figures.items()
                         if k in ("rows", "roc_auc", "under_triage_rate", "social_recall",
                                  "skipped")}
                   for key, figures in groups.items()}
            for name, groups in metrics["groups"].items() if name != "municipality"
        },
    })


def _tree_pss_mb(root: int) -> float:
    """Proportional set size of a process and all its descendants: shared pages counted once."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += sum(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except OSError:
            continue
    return total / 1024


def _watch(pid: int, peak: list[float], stop: threading.Event) -> None:
    while not stop.wait(0.5):
        peak[0] = max(peak[0], _tree_pss_mb(pid))


def run(size: int | None) -> dict:
    """Make the examples, train in a child process, and return its figures."""
    examples, made = make_examples(size)
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as handle:
        pickle.dump(examples, handle, protocol=pickle.HIGHEST_PROTOCOL)
        path = handle.name
    del examples
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_train_child, args=(path, results))
    child.start()
    peak, stop = [0.0], threading.Event()
    watcher = threading.Thread(target=_watch, args=(child.pid, peak, stop), daemon=True)
    watcher.start()
    figures = results.get()
    stop.set()
    watcher.join()
    child.join()
    figures["tree_pss_peak_mb"] = peak[0]
    os.unlink(path)
    figures["make_examples_s"] = made
    return figures


def main(argv: list[str]) -> None:
    sizes: list[int | None] = [None, 100_000, 1_000_000]
    if argv:
        sizes = [None if a == "year" else int(a) for a in argv]
    for size in sizes:
        f = run(size)
        label = "one year (365 days)" if size is None else f"{size:,} calls"
        print(f"== {label}: {f['rows']:,} labelled calls (made in {f['make_examples_s']:.1f} s)")
        print(f"   training: {f['train_s']:.1f} s wall, {f['cpu_s']:.1f} s CPU in all processes "
              f"(load average {f['load']:.1f} on {os.cpu_count()} cores); stages {f['stages']}")
        print(f"   memory: peak of all training processes together (PSS, shared pages once) "
              f"{f['tree_pss_peak_mb']:.0f} MB; trainer's peak RSS {f['peak_mb']:.0f} MB "
              f"(examples loaded: {f['rss_before_mb']:.0f} MB); feature workers' peak RSS "
              f"{f['worker_peak_mb']:.0f} MB (mostly pages shared with the trainer); "
              f"artefact {f['artefact_mb']:.1f} MB")
        print(f"   scoring one call: p50 {f['score_p50_us']:.0f} us, "
              f"p99 {f['score_p99_us']:.0f} us (features, score and explanation)")
        print(f"   thresholds: social >= {f['thresholds']['social']:.4f}, "
              f"medical < {f['thresholds']['medical']:.4f}")
        print("   test split:", ", ".join(
            f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}"
            for k, v in f["metrics"].items()))
        print("   same test calls before urgency/chapter are set:", ", ".join(
            f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in f["early"].items()))
        print("   confusion (flag -> label):", f["confusion"])
        for name, groups in f["groups"].items():
            print(f"   by {name}:", groups)
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])

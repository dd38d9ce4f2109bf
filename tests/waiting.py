"""Waiting in tests: for something to happen, never for a fixed time.

`eventually` polls a condition until it holds and fails the test when it has not held
within a generous deadline. The deadline guards against a hang; it is not a speed target
(those live in `bench/`).
"""

import threading
import time
from collections.abc import Callable

POLL_SECONDS = 0.02


def eventually(
    condition: Callable[[], object], *, within: float = 30.0, what: str = "the condition",
    ignoring: tuple[type[BaseException], ...] = (), every: float = POLL_SECONDS,
) -> None:
    """Return as soon as `condition()` is true, asking every `every` seconds (slower for a
    rate-limited API); errors of the `ignoring` types count as not yet."""
    deadline = time.monotonic() + within
    tick = threading.Event()  # never set: its timed wait is the pause between polls
    while True:
        try:
            if condition():
                return
        except ignoring:
            pass
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not so within {within:.0f} s")
        tick.wait(every)

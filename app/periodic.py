"""A daemon thread that runs one action every few seconds until stopped."""

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Periodic:
    """Run `action` every `interval` seconds in a daemon thread; a failure is logged, not fatal."""

    def __init__(self, name: str, interval: float, action: Callable[[], object]) -> None:
        self._action = action
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop and wait for the thread (at most five seconds)."""
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._action()
            except Exception:
                log.exception("%s failed; trying again in %.1f s", self._thread.name,
                              self._interval)

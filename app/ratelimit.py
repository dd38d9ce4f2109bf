"""Per-caller rate limits: a token bucket per API key (by its role's limit) and per signed-in
console user, answered with 429 and `Retry-After` when empty.

The buckets live in each process's memory: with R replicas of W workers each, a caller may
get up to R x W times its limit. They stop a runaway client from crowding out the others;
they are not a quota.
"""

import math
import threading
import time
from collections.abc import Callable, Mapping

from fastapi import HTTPException, Request, status

from app.config import Settings
from app.services.access.audit import Actor

CONSOLE = "console"  # the limit's name for people signed in to the console
_CHECKED = "akutbro.rate_limit_checked"  # a request scope's mark


def parse_rate_limits(text: str) -> dict[str, float]:
    """'dispatch:6000,admin:120' -> requests a minute by role; ValueError on a bad entry."""
    limits = {}
    for entry in filter(None, (part.strip() for part in text.split(","))):
        name, _, number = entry.partition(":")
        try:
            per_minute = float(number)
        except ValueError:
            per_minute = -1.0
        if not name.strip() or not per_minute > 0:
            raise ValueError(f"rate limit '{entry}': write role:requests-a-minute, e.g. admin:120")
        limits[name.strip()] = per_minute
    return limits


class RateLimiter:
    """Token buckets, one per caller: each holds a minute's worth of requests and refills
    at its limit's pace. A caller whose kind has no limit is never held back."""

    def __init__(self, per_minute: Mapping[str, float],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._per_minute = dict(per_minute)
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # caller -> (tokens, as of)
        self._lock = threading.Lock()

    def wait_seconds(self, caller: str, kind: str) -> float:
        """0.0 and one request taken from the caller's bucket, or the seconds until the
        bucket holds a request again (nothing taken)."""
        capacity = self._per_minute.get(kind)
        if capacity is None:
            return 0.0
        per_second = capacity / 60
        now = self._clock()
        with self._lock:
            tokens, then = self._buckets.get(caller, (capacity, now))
            tokens = min(capacity, tokens + (now - then) * per_second)
            if tokens >= 1:
                self._buckets[caller] = (tokens - 1, now)
                return 0.0
            self._buckets[caller] = (tokens, now)
        return (1 - tokens) / per_second


def limiter(settings: Settings) -> RateLimiter | None:
    """The limiter the settings ask for; None when limits are off."""
    if not settings.rate_limits_enabled:
        return None
    return RateLimiter(parse_rate_limits(settings.rate_limits))


def check(request: Request, caller: str, kind: str) -> None:
    """Raise 429 with `Retry-After` when this caller is over its limit; the app's limiter
    is None when limits are off."""
    limiter: RateLimiter | None = request.app.state.rate_limiter
    if limiter is None:
        return
    wait = limiter.wait_seconds(caller, kind)
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"too many requests for this {'user' if kind == CONSOLE else 'API key'}: "
            f"try again in {seconds} s",
            headers={"Retry-After": str(seconds)},
        )


def check_api_key(request: Request, actor: Actor) -> None:
    """The limit of an API key's role, per key; the console's users have theirs
    (`check_console_user`)."""
    # Checked once per request, though a route may resolve its caller twice (app.api_route).
    if request.scope.get(_CHECKED) or actor is getattr(request.state, "console_actor", None):
        return
    request.scope[_CHECKED] = True
    check(request, f"key:{actor.name}", actor.role)


def check_console_user(request: Request, username: str) -> None:
    """The console's limit, per signed-in person."""
    check(request, f"console:{username}", CONSOLE)

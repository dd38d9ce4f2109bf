"""Per-caller token buckets: a minute's worth at once, then the limit's pace; Retry-After
says when the next request will pass."""

import pytest

from app.ratelimit import RateLimiter, parse_rate_limits


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_minutes_worth_passes_at_once_and_the_next_waits_for_its_token() -> None:
    clock = Clock()
    limiter = RateLimiter({"admin": 6}, clock)  # one request every 10 s
    assert [limiter.wait_seconds("key:a", "admin") for _ in range(6)] == [0.0] * 6
    assert limiter.wait_seconds("key:a", "admin") == pytest.approx(10.0)
    clock.now += 4
    assert limiter.wait_seconds("key:a", "admin") == pytest.approx(6.0)
    clock.now += 6
    assert limiter.wait_seconds("key:a", "admin") == 0.0


def test_a_steady_rate_within_the_limit_always_passes() -> None:
    clock = Clock()
    limiter = RateLimiter({"dispatch": 3000}, clock)  # 50 a second
    waits = []
    for _ in range(50 * 600):  # ten minutes at 49 a second
        clock.now += 1 / 49
        waits.append(limiter.wait_seconds("key:cad", "dispatch"))
    assert max(waits) == 0.0


def test_each_caller_has_its_own_bucket_and_unlisted_kinds_are_free() -> None:
    limiter = RateLimiter({"admin": 1}, Clock())
    assert limiter.wait_seconds("key:a", "admin") == 0.0
    assert limiter.wait_seconds("key:a", "admin") > 0
    assert limiter.wait_seconds("key:b", "admin") == 0.0
    assert all(limiter.wait_seconds("key:c", "auditor") == 0.0 for _ in range(100))


@pytest.mark.parametrize(("text", "limits"), [
    ("dispatch:6000,admin:120", {"dispatch": 6000.0, "admin": 120.0}),
    (" dispatch : 6000 , ", {"dispatch": 6000.0}),
    ("console:0.5", {"console": 0.5}),
    ("", {}),
])
def test_limits_read_as_role_and_requests_a_minute(text: str, limits: dict[str, float]) -> None:
    assert parse_rate_limits(text) == limits


@pytest.mark.parametrize("text", ["dispatch", "dispatch:", "dispatch:many", ":60",
                                  "admin:0", "admin:-5"])
def test_a_bad_limit_is_refused_with_the_form_to_use(text: str) -> None:
    with pytest.raises(ValueError, match="role:requests-a-minute"):
        parse_rate_limits(text)

"""Waiting for a condition, never for a time: the one poll loop of the tests, the benchmarks
and their servers. Between two looks it yields the CPU for ``POLL_S`` — how often to look,
never how long to wait — and it gives up, naming what it waited for, after ``timeout``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
POLL_S = 0.05


def wait_until(
    condition: Callable[[], T],
    *,
    timeout: float,
    what: str | Callable[[], str],
    give_up: Callable[[], str | None] = lambda: None,
) -> T:
    """``condition()``'s first true value. A TimeoutError naming ``what`` (text, or a function
    making it then) after ``timeout`` seconds; a RuntimeError with ``give_up()``'s text as soon
    as it returns one (a server that exited: waiting longer cannot help)."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if (reason := give_up()) is not None:
            raise RuntimeError(reason)
        if time.monotonic() > deadline:
            raise TimeoutError(f"after {timeout:g} s: {what() if callable(what) else what}")
        time.sleep(POLL_S)
    return value

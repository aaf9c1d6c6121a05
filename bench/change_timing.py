"""A filter change timed in the page's own clock (``change_times.js``): from the click to the
first frame showing the change on the map, and to the first showing the server's answer.
Polling from Playwright would read both late whenever the page's main thread is busy drawing
the rerun's deltas, and so hide a map that answered in the next frame."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path


@functools.cache
def _script() -> str:
    return (Path(__file__).parent / "change_times.js").read_text("utf-8")


def timed_change(
    page,
    click: Callable[[], None],
    *,
    map_shows: str,
    server_answered: str,
    timeout_ms: float = 120_000,
) -> tuple[float, float]:
    """Seconds from ``click``'s click to the map showing the change and to the server's
    answer; each condition is the source of a JS function returning true or false."""
    page.evaluate(_script(), [map_shows, server_answered])
    click()
    page.wait_for_function(
        "() => window.__changeTimes.map !== null && window.__changeTimes.server !== null",
        timeout=timeout_ms,
    )
    times = page.evaluate("window.__changeTimes")
    return (times["map"] - times["click"]) / 1000, (times["server"] - times["click"]) / 1000

"""Soak: sessions opened and closed in turn against one server; does its memory come back?

``python -m bench.soak --sessions 200`` prints the server's resident memory before, right after
the sessions and after the disconnected-session TTL (shortened here so the run is minutes, not
hours; Streamlit's default is 120 s). Each session is the load generator's visit
(``bench.load.visit``: Streamlit's own protocol, as the browser speaks it, with the map's
reports): a shared link, the map's first report, two filters, a project, then it leaves. The
server holds the same session, runs and state as for a browser's visit (not the page's files,
which the generator does not fetch), and a visit costs a fraction of a second instead of
Chromium's seconds of drawing, so the run can hold more sessions.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass

from bench.load import visit
from bench.report import block_name, recorded
from bench.stream_session import stream_url
from devkit.browser import rss_mb, running_streamlit
from devkit.waiting import wait_until
from geo import paths

TTL_S = 5
STEADY_S = 4.0  # memory within 1 MB for this long after the TTL: the sessions are gone


@dataclass(frozen=True)
class SoakResult:
    sessions: int
    baseline_mb: float
    after_sessions_mb: float
    after_ttl_mb: float

    @property
    def growth_mb(self) -> float:
        """Memory kept after every session has ended and expired."""
        return self.after_ttl_mb - self.baseline_mb


def soak(sessions: int, *, env: dict[str, str] | None = None, warmup: int = 3) -> SoakResult:
    server_env = {
        "BOUNDARIES_DIR": str(paths.boundaries_dir()),
        "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(TTL_S),
        **(env or {}),
    }
    with running_streamlit(server_env) as (base, process):
        for _ in range(warmup):  # caches, imports and published files: not per session
            visit(stream_url(base))
        baseline = _settled_rss(process.pid)
        for _ in range(sessions):
            visit(stream_url(base))
        after = rss_mb(process.pid)
        settled = _settled_rss(process.pid)
    return SoakResult(sessions, baseline, after, settled)


def _settled_rss(pid: int) -> float:
    """Memory once disconnected sessions have expired: read until, after their TTL, it has
    stayed within 1 MB for ``STEADY_S`` (at most TTL plus a minute)."""
    expired = time.monotonic() + TTL_S
    readings: list[tuple[float, float]] = []  # (when, MB)

    def steady() -> bool:
        now = time.monotonic()
        readings.append((now, rss_mb(pid)))
        recent = [mb for when, mb in readings if when >= now - STEADY_S]
        spanned = readings[0][0] <= now - STEADY_S
        return now >= expired and spanned and max(recent) - min(recent) < 1.0

    wait_until(steady, timeout=TTL_S + 60, what="the server's memory never settled")
    return readings[-1][1]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--sessions", type=int, default=200)
    args = parser.parse_args()
    start = time.monotonic()
    result = soak(args.sessions)
    print(
        f"sessions: {result.sessions} (TTL {TTL_S} s), {time.monotonic() - start:.0f} s; "
        f"server RSS: {result.baseline_mb:.1f} MB before, {result.after_sessions_mb:.1f} MB "
        f"after the sessions, {result.after_ttl_mb:.1f} MB after the TTL; kept: "
        f"{result.growth_mb:+.1f} MB ({result.growth_mb * 1024 / result.sessions:+.1f} KB per session)"
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    with recorded(block_name("bench.soak")):
        status = main()
    sys.exit(status)

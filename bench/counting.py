"""``python -m bench.counting``: what counting costs (docs/counts.md), measured against the
same app with ``COUNTS=off`` in one run: the server's CPU per visit (``bench.load``'s visit,
one visitor at a time) and a filter click's time to the server's answer in Chromium, in the
page's own clock. The two servers take turns, round after round, so that the machine's
drift falls on both alike."""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.__main__ import _boundaries, _browser_filter_changes
from bench.load import run_load
from bench.report import recorded
from bench.stream_session import stream_url
from devkit.browser import launch_chromium, running_streamlit
from geo.counts.database import open_database


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.counting", description=__doc__)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--visits", type=int, default=30, help="visits per server per round")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="kasegi-bench-counting-"))
    boundaries = _boundaries(workdir)
    database = f"sqlite://{workdir / 'counts.sqlite3'}"
    settings = {
        "off": {"BOUNDARIES_DIR": str(boundaries), "COUNTS": "off"},
        "on": {"BOUNDARIES_DIR": str(boundaries), "COUNTS_DATABASE_URL": database},
    }
    cpu: dict[str, list[float]] = {"off": [], "on": []}
    change: dict[str, list[float]] = {"off": [], "on": []}
    with (
        running_streamlit(settings["off"]) as (off_base, off_process),
        running_streamlit(settings["on"]) as (on_base, on_process),
        sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright)
        servers = {"off": (off_base, off_process.pid), "on": (on_base, on_process.pid)}
        for number in range(args.rounds):
            order = ("off", "on") if number % 2 == 0 else ("on", "off")
            for name in order:
                base, pid = servers[name]
                load = run_load(stream_url(base), [pid], args.visits, 1, empty=False)
                if load["failures"]:
                    raise RuntimeError(f"{name}: {load['errors']}")
                cpu[name].append(load["cpu_per_visit"])
                change[name] += _browser_filter_changes(browser, base)["floor_s"]
        browser.close()
    counted = sum(row[3] for row in open_database(database).rows())
    with recorded("bench.counting"):
        _report(cpu, change, counted, args)
    return 0


def _report(cpu: dict, change: dict, counted: int, args: argparse.Namespace) -> None:
    off_cpu, on_cpu = statistics.median(cpu["off"]), statistics.median(cpu["on"])
    off_change, on_change = statistics.median(change["off"]), statistics.median(change["on"])
    print(
        f"{args.rounds} rounds; each: {args.visits} visits (one at a time) and 9 filter clicks "
        "in Chromium per server, the two servers taking turns.\n"
    )
    print("| measure | counting off | counting on (SQLite) | on ÷ off |")
    print("| --- | --- | --- | --- |")
    print(
        f"| server CPU per visit (median of rounds) | {off_cpu * 1000:.0f} ms | "
        f"{on_cpu * 1000:.0f} ms | {on_cpu / off_cpu:.3f} |"
    )
    print(
        f"| filter click → server's answer (median of {len(change['on'])}) | "
        f"{off_change * 1000:.0f} ms | {on_change * 1000:.0f} ms | {on_change / off_change:.3f} |"
    )
    print(f"\nEvents counted by the counting server in the run: {counted:,}.")


if __name__ == "__main__":
    raise SystemExit(main())

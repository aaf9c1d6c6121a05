"""Visitor capacity without a browser: ``python -m bench.load --visitors 100``.

Each simulated visitor speaks Streamlit's own WebSocket protocol (``/_stcore/stream``, the
``BackMsg`` / ``ForwardMsg`` protobufs of ``streamlit.proto``) as the browser's frontend does:
it opens a shared link (a rerun with its query string), lets the map report its first view
(the value the map component sends once drawn), changes two filters (the filter panel's
state value, as its script sends it), selects a project in the list (a button trigger) and
leaves. Every step waits for the script to finish and is timed; the server's CPU time is read
from ``/proc``. Visitors run in threads, ``--concurrency`` at a time, against a server the
command starts on 127.0.0.1 (and an empty Streamlit page as the reference), and it stops by
itself.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from websockets.exceptions import WebSocketException

from bench.report import block_name, recorded
from bench.stream_session import (
    LOST,
    Session,
    component_state,
    cpu_seconds,
    stream_url,
    trigger_state,
)
from bench.visit_plan import SHARED_LINK, VISIT_STEPS
from components.map.component import COMPONENT_NAME, REPORT
from components.ui.filter_panel import COMPONENT_NAME as PANEL_NAME
from devkit.app_driver import panel_change
from devkit.browser import rss_mb, running_streamlit
from geo import paths

# What the map reports (a 1400 px page, as Chromium sent it): the view once the map is drawn,
# and after a project is selected in the list, the view it was fitted to (room left for its
# popup, which then opens without moving the map: one report, one rerun; the link follows).
_NO_CLICK = {"last_object_clicked_count": None, "last_active_drawing": None}


def _view(south: float, west: float, north: float, east: float, zoom: int) -> dict:
    return {
        **_NO_CLICK,
        "counting_refused": False,  # the browser does not refuse counting (docs/counts.md)
        "bounds": {
            "_southWest": {"lat": south, "lng": west},
            "_northEast": {"lat": north, "lng": east},
        },
        "zoom": zoom,
        "center": {"lat": (south + north) / 2, "lng": (west + east) / 2},
    }


MAP_FIRST_VALUE = _view(33.4544, 134.0277, 36.3373, 137.1698, 8)
MAP_AFTER_SELECT = _view(34.5544, 135.2753, 34.9155, 135.6681, 11)


@dataclass(frozen=True)
class Step:
    """One rerun of the visit: the widget states it sends, read off the last run's widgets
    (the map's component as the open drew it), and the Markdown its run must show."""

    states: Callable[[Session], list] = lambda session: []
    expect: str | None = None
    fragment: tuple[str, str] | None = None  # (kind, label) of a widget in the fragment it reruns


MAP = ("bidi_component", COMPONENT_NAME)  # the map, in a fragment of its own
PANEL = ("bidi_component", PANEL_NAME)  # the filter panel


def _map_reports(value: dict) -> Callable[[Session], list]:
    return lambda s: [component_state(s.first_widget(*MAP), {REPORT: value})]


def _check(option: str) -> Callable[[Session], list]:
    """A click on the filter option whose label starts with ``option``: what the filter
    panel sends (``devkit.app_driver.panel_change``) after the run that drew it."""

    def states(session: Session) -> list:
        data = json.loads(session.widget(*PANEL).json)
        facet, value = next(
            (group["name"], o["value"])
            for group in data["facets"]
            for o in group["options"]
            if o["label"].startswith(option)
        )
        change = panel_change(data, **{facet: [*data["chosen"][facet], value]})
        return [component_state(session.first_widget(*PANEL), change)]

    return states


def _select_first_listed(session: Session) -> list:
    pick = next(p for k, p in session.widgets.items() if k.startswith("button:No") and p.id)
    return [trigger_state(pick)]


STEPS = {
    "open": Step(),
    "map reports": Step(_map_reports(MAP_FIRST_VALUE), fragment=MAP),
    "filter 1": Step(_check("大阪府"), "**4 / 23 件**"),  # the link's sector in Osaka
    "filter 2": Step(_check("地場産業"), "**5 / 23 件**"),  # a second sector adds No.9 (堺市)
    "select": Step(_select_first_listed, "#### No"),  # the detail panel shows the project
    "map follows": Step(_map_reports(MAP_AFTER_SELECT), fragment=MAP),
}
assert tuple(STEPS) == VISIT_STEPS, "bench.visit_plan orders the steps"


@dataclass
class Failover:
    """What visits did when their server died: each lost connection, whether the view the
    new server rebuilt from the URL was the one the visitor had, and what it showed."""

    reconnects: int = 0
    restored: int = 0
    wrong: list[str] = field(default_factory=list)


def visit(
    url: str,
    *,
    empty: bool = False,
    server_pid: int | None = None,
    query: str = SHARED_LINK,
    failover: Failover | None = None,
) -> dict[str, float]:
    """One visitor: the seconds of each step, the counts of reruns and messages, and (given
    the server's pid, with nobody else connected) the server CPU of each step as ``cpu:step``.

    With ``failover``, a connection lost during a step is survived as Streamlit's frontend
    does (``Session.reconnect``): the view rebuilt from the URL is compared with the one the
    visitor had, and the step is sent again unless the URL already holds it."""
    steps: dict[str, float] = {}
    with Session(url, query=query, server_pid=server_pid) as session:
        seen = {}  # query string → the view its finished run showed
        for number, name in enumerate(VISIT_STEPS):
            label, step = (f"rerun {number}", Step()) if empty and number else (name, STEPS[name])
            before = session.query
            while True:
                try:
                    fragment = session.fragment_of(*step.fragment) if step.fragment else ""
                    steps[label] = session.rerun(*step.states(session), fragment_id=fragment)
                    break
                except LOST as lost:
                    if failover is None or isinstance(lost, TimeoutError):  # slow, not lost
                        raise
                    done = session.reconnect()
                    failover.reconnects += 1
                    if session.query == before and before in seen:
                        expected = seen[before]
                    elif session.query != before:  # the URL holds the step: it was done
                        expected = None
                    else:
                        expected = session.view()  # lost at the open: nothing to compare
                    if expected is None or session.view() == expected:
                        failover.restored += 1
                    else:
                        failover.wrong.append(f"{name}: {expected} → {session.view()}")
                    if session.query != before:
                        steps[label] = done
                        break
            if step.expect:
                _expect(session, step.expect)
            seen[session.query] = session.view()
            if server_pid:
                steps[f"cpu:{label}"] = session.last_cpu
        steps["reruns"] = session.reruns
        steps["messages"] = session.messages
    return steps


def _expect(session: Session, text: str) -> None:
    if not any(t.startswith(text) for t in session.texts):
        raise LookupError(f"expected {text!r} after the step, got {session.texts[:3]}")


def run_load(
    url: str,
    pids: Sequence[int],
    visitors: int,
    concurrency: int,
    *,
    empty: bool,
    failover: Failover | None = None,
) -> dict:
    """``visitors`` visits, ``concurrency`` at a time: latencies per step, CPU per visit (of
    all ``pids``, the servers behind ``url``), their peak memory (one visitor at a time on one
    server: also each step's server CPU). With ``failover``, visits survive a server's death
    (``visit``) and what happened is counted in it."""
    pids = list(pids)
    started_cpu, started = _cpu_of(pids), time.perf_counter()
    started_client = time.process_time()  # the visitors' own CPU (this process, all threads)
    latencies: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()
    failures = 0
    errors: Counter[str] = Counter()  # why visits failed: the exception's type and first words
    single = pids[0] if concurrency == 1 and len(pids) == 1 else None

    def one(_: int) -> None:
        nonlocal failures
        mine = Failover() if failover is not None else None
        try:
            steps = visit(url, empty=empty, server_pid=single, failover=mine)
        except (TimeoutError, OSError, LookupError, StopIteration, WebSocketException) as error:
            with lock:
                failures += 1
                errors[f"{type(error).__name__}: {str(error)[:80]}"] += 1
            return
        finally:
            if mine is not None:
                with lock:
                    failover.reconnects += mine.reconnects
                    failover.restored += mine.restored
                    failover.wrong.extend(mine.wrong)
        with lock:
            for name, value in steps.items():
                latencies[name].append(value)

    with _PeakMemory(pids) as memory, ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(visitors)))
    return {
        "cpu_per_visit": (_cpu_of(pids) - started_cpu) / max(visitors - failures, 1),
        "client_cpu_per_visit": (time.process_time() - started_client)
        / max(visitors - failures, 1),
        "wall": time.perf_counter() - started,
        "latencies": dict(latencies),
        "failures": failures,
        "errors": dict(errors),
        "peak_mb": memory.peak,
    }


def _cpu_of(pids: Sequence[int]) -> float:
    """CPU seconds of the processes still running (a killed server's time is gone with it)."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            total += cpu_seconds(pid)
    return total


class _PeakMemory:
    """The largest resident memory of any of the servers while the block runs (sampled every
    0.1 s)."""

    def __init__(self, pids: Sequence[int]) -> None:
        self.pids, self.peak = list(pids), 0.0
        self._sample_once()
        self._done = threading.Event()

    def __enter__(self) -> _PeakMemory:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()

    def _sample_once(self) -> None:
        for pid in self.pids:  # a killed server has no memory left (or is a zombie)
            with contextlib.suppress(FileNotFoundError, ProcessLookupError, RuntimeError):
                self.peak = max(self.peak, rss_mb(pid))

    def _sample(self) -> None:
        while not self._done.wait(0.1):
            self._sample_once()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


REFERENCE_VISITS = 10  # an empty page's CPU varies little: 70 reruns measure it
# The empty page under this repository's server settings (.streamlit/config.toml), and under
# Streamlit's defaults for the two this app changes (what the capacity issue measured).
REFERENCE_SETTINGS = {
    "these settings": {},
    "Streamlit's defaults": {
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "auto",
        "STREAMLIT_RUNNER_POST_SCRIPT_GC": "true",
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument(
        "--visitors", type=int, default=100, help="visits per level (at least the level)"
    )
    parser.add_argument(
        "--concurrency", type=int, nargs="*", default=[10, 50, 100, 200], help="levels to run"
    )
    parser.add_argument("--single", type=int, default=20, help="visits one at a time")
    parser.add_argument(
        "--browser", type=int, default=2, help="visits in Chromium to check the generator against"
    )
    args = parser.parse_args()
    env = {"BOUNDARIES_DIR": str(paths.boundaries_dir()), "DATASET_DIR": str(paths.dataset_dir())}
    rows = []
    references = {}
    for name, settings in REFERENCE_SETTINGS.items():
        with running_streamlit(settings, "bench/empty_app.py") as (base, process):
            url = stream_url(base)
            run_load(url, [process.pid], 2, 2, empty=True)  # warm-up
            references[name] = run_load(url, [process.pid], REFERENCE_VISITS, 1, empty=True)
    with running_streamlit(env) as (base, process):
        url = stream_url(base)
        run_load(url, [process.pid], 3, 3, empty=False)  # warm-up: data read once per process
        idle = rss_mb(process.pid)
        checked = compare_with_browser(base, process.pid, args.browser) if args.browser else None
        single = run_load(url, [process.pid], args.single, 1, empty=False)
        for level in args.concurrency:
            result = run_load(url, [process.pid], max(args.visitors, level), level, empty=False)
            rows.append((level, result))
            print(f"concurrency {level}: done in {result['wall']:.0f} s", flush=True)
        after = rss_mb(process.pid)
    _report(references, single, rows, idle, after)
    if checked:
        _report_check(checked)


def compare_with_browser(base: str, pid: int, visits: int) -> dict[str, list[dict]]:
    """The same visit by Chromium and by the generator, in turn, one at a time: the reruns and
    messages each caused, and the server CPU each cost."""
    from playwright.sync_api import sync_playwright  # only for this check

    from bench.browser_visit import browser_visit
    from devkit.browser import launch_chromium

    results: dict[str, list[dict]] = {"Chromium": [], "generator": []}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for _ in range(visits):
            for name, run in (
                ("Chromium", lambda: browser_visit(browser, base)),
                ("generator", lambda: visit(stream_url(base))),
            ):
                started = cpu_seconds(pid)
                steps = run()
                results[name].append({**steps, "cpu": cpu_seconds(pid) - started})
        browser.close()
    return results


def _report_check(results: dict[str, list[dict]]) -> None:
    print("\nchecked against Chromium, the same visit one at a time (median of each):")
    medians = {
        name: {k: statistics.median(v[k] for v in visits) for k in ("reruns", "messages", "cpu")}
        for name, visits in results.items()
    }
    browser, ours = medians["Chromium"], medians["generator"]
    for key, unit in (("reruns", ""), ("messages", ""), ("cpu", " s of server CPU")):
        gap = (ours[key] - browser[key]) / browser[key] * 100
        print(
            f"  {key}: Chromium {browser[key]:.4g}{unit}, generator {ours[key]:.4g}{unit} "
            f"({gap:+.0f} %)"
        )
    print(
        "  (the server CPU of a browser's visit also serves Streamlit's page, its scripts and "
        "the map's files over HTTP; the generator speaks only the WebSocket)"
    )


def _median_ms(result: dict, *names: str) -> float:
    values = [v for name in names for v in result["latencies"].get(name, [])]
    return statistics.median(values) * 1000


def _mean_ms(result: dict, *names: str) -> float:
    """For CPU times: /proc counts them in 10 ms ticks, so a median of single steps would be
    a multiple of 10 ms; the mean over many steps is not."""
    values = [v for name in names for v in result["latencies"].get(name, [])]
    return statistics.fmean(values) * 1000


def _report(references: dict, single: dict, rows: list, idle: float, after: float) -> None:
    visit_cpu = single["cpu_per_visit"]
    reruns = [f"cpu:rerun {n}" for n in range(1, len(VISIT_STEPS))]
    change = _mean_ms(single, "cpu:filter 1", "cpu:filter 2")
    print(f"\nserver CPU, one visitor at a time ({len(VISIT_STEPS)} reruns a visit):")
    for name, reference in references.items():
        empty_visit, empty_rerun = reference["cpu_per_visit"], _mean_ms(reference, *reruns)
        print(
            f"  empty Streamlit page, {name}: {empty_visit * 1000:.0f} ms a visit, "
            f"{empty_rerun:.0f} ms a rerun; this app {visit_cpu / empty_visit:.1f}× its visit, "
            f"{change / empty_rerun:.1f}× its rerun"
        )
    print(
        f"  this app: {visit_cpu * 1000:.0f} ms a visit, {change:.0f} ms a filter change\n"
        "  per step: "
        + ", ".join(f"{s} {_mean_ms(single, f'cpu:{s}'):.0f} ms" for s in VISIT_STEPS)
    )
    print(
        f"  messages a visit {statistics.median(single['latencies']['messages']):.0f}, "
        f"reruns {statistics.median(single['latencies']['reruns']):.0f}"
    )
    print(
        "\nlatency, one visitor at a time: "
        + ", ".join(f"{s} {_median_ms(single, s):.0f} ms" for s in VISIT_STEPS)
    )
    print()
    print(
        "| concurrent visitors | visits | failed | CPU per visit | "
        + " | ".join(f"{s} p50 / p95" for s in VISIT_STEPS)
        + " | memory per session |"
    )
    print("| ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in VISIT_STEPS) + " | ---: |")
    for level, result in rows:
        cells = []
        for s in VISIT_STEPS:
            values = result["latencies"].get(s, [])
            cells.append(f"{_percentile(values, 0.5):.2f} / {_percentile(values, 0.95):.2f} s")
        visits = len(result["latencies"].get("open", [])) + result["failures"]
        per_session = (result["peak_mb"] - idle) / level
        print(
            f"| {level} | {visits} | {result['failures']} | "
            f"{result['cpu_per_visit'] * 1000:.0f} ms | "
            + " | ".join(cells)
            + f" | {per_session:.2f} MB |"
        )
    passing = [
        level
        for level, result in rows
        if any(_percentile(result["latencies"].get(s, []), 0.95) > 1 for s in VISIT_STEPS)
    ]
    print(
        "\np95 passes 1 s at "
        + (f"{passing[0]} concurrent visitors" if passing else "none of the levels run")
    )
    print(f"server memory: {idle:.0f} MB before the runs, {after:.0f} MB after them")


if __name__ == "__main__":
    with recorded(block_name("bench.load")):
        main()

"""Visitor capacity without a browser: ``python -m bench.load --visitors 100``.

Each simulated visitor speaks Streamlit's own WebSocket protocol (``/_stcore/stream``, the
``BackMsg`` / ``ForwardMsg`` protobufs of ``streamlit.proto``) as the browser's frontend does:
it opens a shared link (a rerun with its query string), lets the map report its first view
(the component value st_folium sends once drawn), changes two filters (a widget's new value
by its id, as the multiselect sends it), selects a project in the list (a button trigger) and
leaves. Every step waits for the script to finish and is timed; the server's CPU time is read
from ``/proc``. Visitors run in threads, ``--concurrency`` at a time, against a server the
command starts on 127.0.0.1 (and an empty Streamlit page as the reference), and it stops by
itself.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.exceptions import WebSocketException
from websockets.sync.client import connect

from bench.visit_plan import SHARED_LINK, VISIT_STEPS
from devkit.browser import rss_mb, running_streamlit
from geo import paths

TICKS = os.sysconf("SC_CLK_TCK")
STEP_TIMEOUT_S = 60
# What st_folium reports (a 1400 px page, as Chromium sent it): the view once the map is drawn,
# and after a project is selected in the list, the view it was fitted to (room left for its
# popup, which then opens without moving the map: one report, one rerun; the link follows).
_NO_CLICK = {"last_object_clicked_count": 0, "last_active_drawing": None}


def _view(south: float, west: float, north: float, east: float, zoom: int) -> dict:
    return {
        **_NO_CLICK,
        "bounds": {
            "_southWest": {"lat": south, "lng": west},
            "_northEast": {"lat": north, "lng": east},
        },
        "zoom": zoom,
        "center": {"lat": (south + north) / 2, "lng": (west + east) / 2},
    }


MAP_FIRST_VALUE = _view(33.4544, 134.0277, 36.3373, 137.1698, 8)
MAP_AFTER_SELECT = _view(34.5544, 135.2753, 34.9155, 135.6681, 11)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


@dataclass
class Session:
    """One visitor's connection: sends reruns, reads messages until the script finishes."""

    url: str
    query: str = ""
    widgets: dict[str, object] = field(default_factory=dict)  # element kind + label → proto
    cached: dict[str, ForwardMsg] = field(default_factory=dict)  # as the frontend caches
    texts: list[str] = field(default_factory=list)  # Markdown of the last run
    messages: int = 0
    reruns: int = 0
    server_pid: int | None = None  # given: each rerun's server CPU (one visitor at a time)
    last_cpu: float = 0.0

    def __enter__(self) -> Session:
        # No keepalive pings (the browser sends none): a busy server is measured, not dropped.
        self._connection = connect(
            self.url,
            subprotocols=["streamlit"],
            open_timeout=30,
            max_size=None,
            ping_interval=None,
        )
        self.socket = self._connection.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._connection.__exit__(*exc)

    def rerun(self, *states) -> float:
        """Send a rerun with these widget states; seconds until the script finished."""
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query
        client.cached_message_hashes.extend(sorted(self.cached))
        for state in states:
            client.widget_states.widgets.append(state)
        started = time.perf_counter()
        started_cpu = cpu_seconds(self.server_pid) if self.server_pid else 0.0
        self.texts, self.widgets = [], {}  # what this run draws
        self.socket.send(message.SerializeToString())
        self.reruns += 1
        self._read_until_finished()
        if self.server_pid:
            self.last_cpu = cpu_seconds(self.server_pid) - started_cpu
        return time.perf_counter() - started

    def _read_until_finished(self) -> None:
        deadline = time.monotonic() + STEP_TIMEOUT_S
        while time.monotonic() < deadline:
            data = self.socket.recv(timeout=STEP_TIMEOUT_S)
            message = ForwardMsg()
            message.ParseFromString(data)
            self.messages += 1
            if message.WhichOneof("type") == "ref_hash":  # one the client said it had
                message = self.cached[message.ref_hash]  # read only: no copy
            elif message.metadata.cacheable and message.hash:
                self.cached[message.hash] = message
            kind = message.WhichOneof("type")
            if kind == "page_info_changed":  # the app wrote its URL: the next rerun sends it
                self.query = message.page_info_changed.query_string
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                which = element.WhichOneof("type")
                proto = getattr(element, which)
                label = getattr(proto, "label", "") or getattr(proto, "component_name", "")
                self.widgets[f"{which}:{label}"] = proto
                if which == "markdown":
                    self.texts.append(proto.body)
            elif kind == "script_finished":
                return
        raise TimeoutError("the script did not finish")

    def widget(self, kind: str, label_start: str):
        for key, proto in self.widgets.items():
            which, label = key.split(":", 1)
            if which == kind and label.startswith(label_start):
                return proto
        raise LookupError(f"no {kind} labelled {label_start!r}")


def _multiselect_state(proto, option_starts: list[str]):
    """The options (as shown, with their counts) that start with ``option_starts``."""
    state = BackMsg().rerun_script.widget_states.widgets.add()
    state.id = proto.id
    for start in option_starts:
        state.string_array_value.data.append(next(o for o in proto.options if o.startswith(start)))
    return state


def _trigger_state(proto):
    state = BackMsg().rerun_script.widget_states.widgets.add()
    state.id = proto.id
    state.trigger_value = True
    return state


def _component_state(proto, value: dict):
    state = BackMsg().rerun_script.widget_states.widgets.add()
    state.id = proto.id
    state.json_value = json.dumps(value)
    return state


def visit(
    url: str, *, empty: bool = False, server_pid: int | None = None, query: str = SHARED_LINK
) -> dict[str, float]:
    """One visitor: the seconds of each step, the counts of reruns and messages, and (given
    the server's pid, with nobody else connected) the server CPU of each step as ``cpu:step``."""
    steps: dict[str, float] = {}
    with Session(url, query=query, server_pid=server_pid) as session:

        def step(name: str, *states) -> None:
            steps[name] = session.rerun(*states)
            if server_pid:
                steps[f"cpu:{name}"] = session.last_cpu

        step("open")
        if empty:  # the same number of reruns as a visitor's, with nothing to change
            for number in range(1, len(VISIT_STEPS)):
                step(f"rerun {number}")
        else:
            map_component = session.widget("component_instance", "streamlit_folium")
            step("map reports", _component_state(map_component, MAP_FIRST_VALUE))
            prefectures = session.widget("multiselect", "府県")
            step("filter 1", _multiselect_state(prefectures, ["大阪府"]))
            _expect(session, "**4 / 23 件**")  # the link's sector, now in Osaka
            sectors = session.widget("multiselect", "分野")  # this run's options (counts)
            step("filter 2", _multiselect_state(sectors, ["医療", "地場産業"]))
            _expect(session, "**5 / 23 件**")  # a second sector adds No.9 (堺市)
            pick = next(p for k, p in session.widgets.items() if k.startswith("button:No") and p.id)
            step("select", _trigger_state(pick))
            _expect(session, "#### No")  # the detail panel shows the chosen project
            step("map follows", _component_state(map_component, MAP_AFTER_SELECT))
        steps["reruns"] = session.reruns
        steps["messages"] = session.messages
    return steps


def _expect(session: Session, text: str) -> None:
    if not any(t.startswith(text) for t in session.texts):
        raise LookupError(f"expected {text!r} after the step, got {session.texts[:3]}")


def run_load(url: str, pid: int, visitors: int, concurrency: int, *, empty: bool) -> dict:
    """``visitors`` visits, ``concurrency`` at a time: latencies per step, CPU per visit, the
    server's peak memory (one visitor at a time: also each step's server CPU)."""
    started_cpu, started = cpu_seconds(pid), time.perf_counter()
    latencies: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()
    failures = 0

    def one(_: int) -> None:
        nonlocal failures
        try:
            steps = visit(url, empty=empty, server_pid=pid if concurrency == 1 else None)
        except (TimeoutError, OSError, LookupError, StopIteration, WebSocketException):
            with lock:
                failures += 1
            return
        with lock:
            for name, value in steps.items():
                latencies[name].append(value)

    with _PeakMemory(pid) as memory, ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(visitors)))
    return {
        "cpu_per_visit": (cpu_seconds(pid) - started_cpu) / max(visitors - failures, 1),
        "wall": time.perf_counter() - started,
        "latencies": dict(latencies),
        "failures": failures,
        "peak_mb": memory.peak,
    }


class _PeakMemory:
    """The server's largest resident memory while the block runs (sampled every 0.1 s)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, rss_mb(pid)
        self._done = threading.Event()

    def __enter__(self) -> _PeakMemory:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(0.1):
            self.peak = max(self.peak, rss_mb(self.pid))


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
            run_load(url, process.pid, 2, 2, empty=True)  # warm-up
            references[name] = run_load(url, process.pid, REFERENCE_VISITS, 1, empty=True)
    with running_streamlit(env) as (base, process):
        url = stream_url(base)
        run_load(url, process.pid, 3, 3, empty=False)  # warm-up: data read once per process
        idle = rss_mb(process.pid)
        checked = compare_with_browser(base, process.pid, args.browser) if args.browser else None
        single = run_load(url, process.pid, args.single, 1, empty=False)
        for level in args.concurrency:
            result = run_load(url, process.pid, max(args.visitors, level), level, empty=False)
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


def stream_url(base: str) -> str:
    parts = urlsplit(base)
    return f"ws://{parts.netloc}/_stcore/stream"


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
    main()

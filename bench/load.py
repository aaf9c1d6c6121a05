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

from devkit.browser import rss_mb, running_streamlit
from geo import paths

TICKS = os.sysconf("SC_CLK_TCK")
STEP_TIMEOUT_S = 60
# What st_folium reports once the map is drawn (the view of the Kansai map in a 1400 px page).
MAP_FIRST_VALUE = {
    "last_clicked": None,
    "last_object_clicked": None,
    "last_object_clicked_tooltip": None,
    "last_object_clicked_popup": None,
    "last_active_drawing": None,
    "all_drawings": None,
    "last_object_clicked_count": None,
    "bounds": {
        "_southWest": {"lat": 33.62, "lng": 134.23},
        "_northEast": {"lat": 36.16, "lng": 136.95},
    },
    "zoom": 8,
    "center": {"lat": 34.9, "lng": 135.6},
}


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
        self.texts, self.widgets = [], {}  # what this run draws
        self.socket.send(message.SerializeToString())
        self.reruns += 1
        self._read_until_finished()
        return time.perf_counter() - started

    def _read_until_finished(self) -> None:
        deadline = time.monotonic() + STEP_TIMEOUT_S
        while time.monotonic() < deadline:
            data = self.socket.recv(timeout=STEP_TIMEOUT_S)
            message = ForwardMsg()
            message.ParseFromString(data)
            self.messages += 1
            if message.WhichOneof("type") == "ref_hash":  # one the client said it had
                cached = self.cached[message.ref_hash]
                message = ForwardMsg()
                message.CopyFrom(cached)
            elif message.metadata.cacheable and message.hash:
                self.cached[message.hash] = message
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
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


def visit(url: str, *, empty: bool = False) -> dict[str, float]:
    """One visitor; returns the seconds of each step (and counts of reruns and messages)."""
    steps: dict[str, float] = {}
    with Session(url, query="sector=medical") as session:
        steps["open"] = session.rerun()
        if empty:
            steps["rerun"] = session.rerun()
        else:
            map_component = session.widget("component_instance", "streamlit_folium")
            steps["map reports"] = session.rerun(_component_state(map_component, MAP_FIRST_VALUE))
            prefectures = session.widget("multiselect", "府県")
            steps["filter 1"] = session.rerun(_multiselect_state(prefectures, ["大阪府"]))
            _expect(session, "**4 / 23 件**")  # the link's sector, now in Osaka
            sectors = session.widget("multiselect", "分野")  # this run's options (counts)
            steps["filter 2"] = session.rerun(_multiselect_state(sectors, ["医療", "地場産業"]))
            _expect(session, "**5 / 23 件**")  # a second sector adds No.9 (堺市)
            pick = next(p for k, p in session.widgets.items() if k.startswith("button:No") and p.id)
            steps["select"] = session.rerun(_trigger_state(pick))
            _expect(session, "#### No")  # the detail panel shows the chosen project
        steps["reruns"] = session.reruns
        steps["messages"] = session.messages
    return steps


def _expect(session: Session, text: str) -> None:
    if not any(t.startswith(text) for t in session.texts):
        raise LookupError(f"expected {text!r} after the step, got {session.texts[:3]}")


def run_load(url: str, pid: int, visitors: int, concurrency: int, *, empty: bool) -> dict:
    """``visitors`` visits, ``concurrency`` at a time; latencies per step, CPU per visit."""
    started_cpu, started = cpu_seconds(pid), time.perf_counter()
    latencies: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()
    failures = 0

    def one(_: int) -> None:
        nonlocal failures
        try:
            steps = visit(url, empty=empty)
        except (TimeoutError, OSError, LookupError, StopIteration, WebSocketException):
            with lock:
                failures += 1
            return
        with lock:
            for name, value in steps.items():
                latencies[name].append(value)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(visitors)))
    return {
        "cpu_per_visit": (cpu_seconds(pid) - started_cpu) / max(visitors - failures, 1),
        "wall": time.perf_counter() - started,
        "latencies": dict(latencies),
        "failures": failures,
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--visitors", type=int, default=100)
    parser.add_argument(
        "--concurrency", type=int, nargs="*", default=[10, 50, 100, 200], help="levels to run"
    )
    args = parser.parse_args()
    env = {"BOUNDARIES_DIR": str(paths.boundaries_dir()), "DATASET_DIR": str(paths.dataset_dir())}
    rows = []
    with running_streamlit({}, "bench/empty_app.py") as (base, process):
        url = _stream_url(base)
        run_load(url, process.pid, 5, 5, empty=True)  # warm-up
        reference = run_load(url, process.pid, args.visitors, 10, empty=True)
    with running_streamlit(env) as (base, process):
        url = _stream_url(base)
        run_load(url, process.pid, 3, 3, empty=False)  # warm-up: data read once per process
        idle = rss_mb(process.pid)
        single = run_load(url, process.pid, 10, 1, empty=False)
        for level in args.concurrency:
            result = run_load(url, process.pid, args.visitors, level, empty=False)
            rows.append((level, result))
            print(f"concurrency {level}: done in {result['wall']:.0f} s", flush=True)
        after = rss_mb(process.pid)
    _report(reference, single, rows, idle, after, args.visitors)


def _stream_url(base: str) -> str:
    parts = urlsplit(base)
    return f"ws://{parts.netloc}/_stcore/stream"


def _report(reference, single, rows, idle, after, visitors) -> None:
    empty_visit = reference["cpu_per_visit"]
    empty_rerun = statistics.median(reference["latencies"]["rerun"])
    print(f"\nempty Streamlit page: CPU per visit {empty_visit * 1000:.0f} ms")
    print(
        f"one visitor at a time: CPU per visit {single['cpu_per_visit'] * 1000:.0f} ms "
        f"({single['cpu_per_visit'] / empty_visit:.1f}× the empty page); "
        f"reruns per visit {statistics.median(single['latencies']['reruns']):.0f}, "
        f"messages {statistics.median(single['latencies']['messages']):.0f}"
    )
    steps = [s for s in single["latencies"] if s not in ("reruns", "messages")]
    print(
        "single visitor, median per step: "
        + ", ".join(f"{s} {statistics.median(single['latencies'][s]) * 1000:.0f} ms" for s in steps)
        + f"; empty page rerun {empty_rerun * 1000:.0f} ms"
    )
    print()
    print(
        "| concurrent visitors | visits | failed | CPU per visit | "
        + " | ".join(f"{s} p50 / p95" for s in steps)
        + " |"
    )
    print("| ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in steps) + " |")
    for level, result in rows:
        cells = []
        for s in steps:
            values = result["latencies"].get(s, [])
            cells.append(f"{_percentile(values, 0.5):.2f} / {_percentile(values, 0.95):.2f} s")
        print(
            f"| {level} | {visitors} | {result['failures']} | "
            f"{result['cpu_per_visit'] * 1000:.0f} ms | " + " | ".join(cells) + " |"
        )
    print(f"\nserver memory: {idle:.0f} MB before the runs, {after:.0f} MB after them")


if __name__ == "__main__":
    main()

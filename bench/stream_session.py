"""One visitor's connection, without a browser: Streamlit's own WebSocket protocol
(``/_stcore/stream``, the ``BackMsg`` / ``ForwardMsg`` protobufs of ``streamlit.proto``) as
its frontend speaks it — reruns with widget states, the messages read until the script
finishes, the frontend's message cache, and its reconnection when the server goes away.
``bench.load`` makes visits of it; the tests use it through a balancer.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.exceptions import WebSocketException
from websockets.sync.client import connect

from devkit.browser import wait_healthy

TICKS = os.sysconf("SC_CLK_TCK")
STEP_TIMEOUT_S = 60
LOST = (OSError, WebSocketException)  # the connection died under a step
RECONNECT_TIMEOUT_S = 60


def stream_url(base: str) -> str:
    parts = urlsplit(base)
    return f"ws://{parts.netloc}/_stcore/stream"


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
    _first: dict[str, object] = field(default_factory=dict)
    fragments: dict[str, str] = field(default_factory=dict)  # element → its fragment's id

    def __enter__(self) -> Session:
        self._connect()
        return self

    def __exit__(self, *exc) -> None:
        self._connection.__exit__(*exc)

    def _connect(self) -> None:
        # No keepalive pings (the browser sends none): a busy server is measured, not dropped.
        self._connection = connect(
            self.url,
            subprotocols=["streamlit"],
            open_timeout=30,
            max_size=None,
            ping_interval=None,
        )
        self.socket = self._connection.__enter__()

    def reconnect(self) -> float:
        """What Streamlit's frontend does when its WebSocket dies: ask ``/_stcore/health``
        until the address answers (a balancer's live copy), open a new WebSocket and rerun
        with the page's query string. Returns the seconds of that run."""
        address = urlunsplit(urlsplit(self.url)._replace(scheme="http", path=""))
        deadline = time.monotonic() + RECONNECT_TIMEOUT_S
        while True:
            with contextlib.suppress(*LOST):
                self._connection.__exit__(None, None, None)
            # Polled as soon as the frontend does; a copy lost again (a rolling restart
            # reaching the copy it moved to) is one more round, as in the frontend.
            wait_healthy(address, timeout=max(deadline - time.monotonic(), 0.1))
            try:
                self._connect()
                return self.rerun()
            except LOST as lost:
                if isinstance(lost, TimeoutError) or time.monotonic() > deadline:
                    raise

    def first_widget(self, kind: str, label_start: str):
        """A widget as this visit first saw it (the frontend keeps a component's first id)."""
        key = f"{kind}:{label_start}"
        if key not in self._first:
            self._first[key] = self.widget(kind, label_start)
        return self._first[key]

    def fragment_of(self, kind: str, label_start: str) -> str:
        """The id of the fragment a widget was drawn in ("" for none)."""
        for key, fragment in self.fragments.items():
            which, label = key.split(":", 1)
            if which == kind and label.startswith(label_start):
                return fragment
        raise LookupError(f"no {kind} labelled {label_start!r}")

    def view(self) -> tuple[str | None, str | None]:
        """What a visitor checks of a view: the count line and the open project's heading."""
        count = next((t for t in self.texts if t.startswith("**") and " 件**" in t), None)
        heading = next((t for t in self.texts if t.startswith("#### ")), None)
        return count, heading

    def rerun(self, *states, fragment_id: str = "") -> float:
        """Send a rerun with these widget states; seconds until the script finished. With
        ``fragment_id`` (a widget inside a fragment changed), only that fragment runs, as the
        frontend asks: what the page showed outside it stays."""
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query
        client.cached_message_hashes.extend(sorted(self.cached))
        if fragment_id:
            client.fragment_id = fragment_id
        for state in states:
            client.widget_states.widgets.append(state)
        started = time.perf_counter()
        started_cpu = cpu_seconds(self.server_pid) if self.server_pid else 0.0
        if not fragment_id:
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
                self.fragments[f"{which}:{label}"] = message.delta.fragment_id
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


def trigger_state(proto):
    state = BackMsg().rerun_script.widget_states.widgets.add()
    state.id = proto.id
    state.trigger_value = True
    return state


def component_state(proto, value: dict):
    state = BackMsg().rerun_script.widget_states.widgets.add()
    state.id = proto.id
    state.json_value = json.dumps(value)
    return state

"""The load generator's visit, done by Chromium: what bench/load.py is checked against.

A person's steps (open the shared link, choose 大阪府, add 地場産業, select a project in the
list), each awaited by what it draws; every WebSocket frame the page receives is parsed as a
``ForwardMsg`` and counted, and the ``script_finished`` ones count the reruns.
"""

from __future__ import annotations

import time

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.visit_plan import FILTER_STEPS, SHARED_LINK, VISIT_STEPS
from devkit.pages import click_option, offline_page

TIMEOUT_S = 60


class _Frames:
    def __init__(self) -> None:
        self.messages = 0
        self.finished = 0
        self.socket = None  # the app's WebSocket, once the page has opened it

    def open(self, socket) -> None:
        self.socket = socket
        socket.on("framereceived", self.receive)

    def receive(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        message.ParseFromString(payload)
        self.messages += 1
        self.finished += message.WhichOneof("type") == "script_finished"


def browser_visit(browser, base: str) -> dict[str, float]:
    """One visit in Chromium: seconds per step, reruns and messages received."""
    page = offline_page(browser)
    frames = _Frames()
    page.on("websocket", frames.open)
    steps: dict[str, float] = {}
    try:
        started = time.perf_counter()
        page.goto(f"{base}/?{SHARED_LINK}")
        _wait(page, frames, reruns=2, text="/ 23 件")  # the script, then the map's first report
        steps["open + map reports"] = time.perf_counter() - started
        for name, option, text in FILTER_STEPS:
            started = time.perf_counter()
            _choose(page, option)
            _wait(page, frames, reruns=VISIT_STEPS.index(name) + 1, text=text)
            steps[name] = time.perf_counter() - started
        started = time.perf_counter()
        page.locator("[data-testid='stButton'] button").filter(has_text="No.").first.click()
        _wait(page, frames, reruns=VISIT_STEPS.index("select") + 1, text=None)
        page.locator("h4").filter(has_text="No.").first.wait_for(timeout=TIMEOUT_S * 1000)
        steps["select"] = time.perf_counter() - started
        # The map follows the selection (fitted with room for the popup) and reports that
        # view: the visit has settled once that rerun is done, however long the map takes.
        # A map that reports less times out here; a report too many by then is counted.
        _wait(page, frames, reruns=len(VISIT_STEPS), text=None)
    finally:
        page.context.close()
    steps["reruns"] = frames.finished
    steps["messages"] = frames.messages
    return steps


def _choose(page, option: str) -> None:
    click_option(page, option)


def _wait(page, frames: _Frames, *, reruns: int, text: str | None) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while frames.finished < reruns:  # each pass waits for the next frame, however long
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{frames.finished} of {reruns} runs finished")
        if frames.socket is None:  # the page has not opened the app's WebSocket yet
            page.wait_for_event("websocket", timeout=left * 1000)
            continue
        frames.socket.wait_for_event("framereceived", timeout=left * 1000)
    if text:
        page.get_by_text(text).first.wait_for(timeout=TIMEOUT_S * 1000)

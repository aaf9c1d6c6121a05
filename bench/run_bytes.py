"""What one filter change sends, element by element: ``python -m bench.run_bytes``.

A real server and Debian's Chromium (offline); the WebSocket frames the browser receives
while it selects each sector in turn (and clears it again) are decoded as Streamlit's
``ForwardMsg`` and summed by kind: which element, and how many bytes of it, every rerun sends
again. ``--before DIR`` measures another checkout in the same run, column by column. A
``ref_hash`` is an element the browser already held, sent as a reference to it.
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

from playwright.sync_api import sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.__main__ import SECTOR_LABELS, _browser_filter_changes
from bench.report import block_name, recorded
from devkit.browser import launch_chromium, running_streamlit


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run_bytes", description=__doc__)
    parser.add_argument("--before", type=Path, help="another checkout, measured alongside")
    args = parser.parse_args()
    checkouts = {"before": args.before, "ours": None} if args.before else {"ours": None}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        tables = {name: _per_change(browser, checkout) for name, checkout in checkouts.items()}
        browser.close()
    _report(tables)


def _per_change(browser, checkout: Path | None) -> dict[str, tuple[float, float]]:
    """Kind → (bytes, messages) per filter change, the mean over ``bench``'s changes."""
    changes: list[list] = []
    with running_streamlit({}, cwd=checkout) as (base, _):
        _browser_filter_changes(browser, base, changes)
    totals: collections.Counter = collections.Counter()
    counts: collections.Counter = collections.Counter()
    for frames in changes:
        for frame in frames:
            data = frame.encode() if isinstance(frame, str) else frame
            kind = _kind(data)
            totals[kind] += len(data)
            counts[kind] += 1
    return {kind: (totals[kind] / len(changes), counts[kind] / len(changes)) for kind in totals}


def _kind(data: bytes) -> str:
    message = ForwardMsg()
    message.ParseFromString(data)
    kind = message.WhichOneof("type")
    if kind != "delta":
        return kind
    delta = message.delta.WhichOneof("type")
    if delta == "new_element":
        element = message.delta.new_element
        name = element.WhichOneof("type")
        if name == "component_instance":
            return f"element: {element.component_instance.component_name}"
        return f"element: {name}"
    return "block" if delta == "add_block" else delta


def _report(tables: dict[str, dict[str, tuple[float, float]]]) -> None:
    names = list(tables)
    kinds = sorted(
        {k for t in tables.values() for k in t}, key=lambda k: -tables["ours"].get(k, (0, 0))[0]
    )
    print("| sent per filter change | " + " | ".join(names) + " |")
    print("| --- |" + " ---: |" * len(names))
    for kind in kinds:
        cells = [
            f"{tables[n].get(kind, (0, 0))[0] / 1024:.1f} KB ({tables[n].get(kind, (0, 0))[1]:.0f})"
            for n in names
        ]
        print(f"| {kind} | " + " | ".join(cells) + " |")
    sums = [
        f"**{sum(b for b, _ in tables[n].values()) / 1024:.1f} KB "
        f"({sum(c for _, c in tables[n].values()):.0f})**"
        for n in names
    ]
    print("| **all** (messages) | " + " | ".join(sums) + " |")
    print(f"(the mean of {len(SECTOR_LABELS)} filter changes: each sector chosen in turn)")


if __name__ == "__main__":
    with recorded(block_name("bench.run_bytes")):
        main()

"""`python -m bench`: our app against a naive baseline, measured in the same run.

Figures: server time per rerun after a filter change (AppTest, in process), bytes sent to the
browser per filter change and time from filter change to markers updated (real server, Debian's
Chromium, WebSocket frames counted), and page load → markers visible against an empty
Streamlit page. Prints a Markdown table for docs/speed.md. With ``--before DIR`` (another
checkout of the app), its browser figures are measured in the same run, as a third column.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import sync_playwright
from streamlit.testing.v1 import AppTest

from bench.change_timing import timed_change
from bench.report import block_name, recorded
from components.map.assets import publish_files
from devkit.app_driver import has_panel, send_filters
from devkit.browser import SERVER, launch_chromium, running_streamlit, streamlit_server
from devkit.pages import RUN_MARK, last_run, offline_page, option_box, wait_ready
from geo import paths
from geo.boundaries.n03_build import build_boundaries
from geo.boundaries.n03_sources import fetch_sources, resolve_sources
from geo.dataset import load_dataset
from geo.fields import REGISTRY
from geo.paths import REPO_ROOT, SHARED_BOUNDARIES
from geo.projects import load_projects

APPS = {"ours": SERVER, "naive": "bench/naive_app.py"}  # what each server runs
PAGE_SCRIPTS = {SERVER: "app.py"}  # AppTest runs the page itself (serve.py serves app.py)
# Markers shown: ours in the page (the map component), the naive app's (and an older checkout's)
# in st_folium's iframe.
MARKERS_JS = (
    "() => { const f = document.querySelector(\"iframe[data-kasegi-map], iframe[title*='st_folium']\");"
    " const d = f ? f.contentDocument : document;"
    " return d ? d.querySelectorAll('.kasegi-marker').length : -1; }"
)
# The page's text the server wrote (our header's result count; the naive app's whole page), not
# the filter panel's own count, which the browser updates before the server hears of the click.
SERVER_TEXT_JS = "(document.querySelector('.st-key-page_header') || document.body).innerText"
REPEAT = 7
SECTOR = "medical"
KANSAI = load_dataset(paths.dataset_dir())
SECTOR_LABELS = {s.slug: s.label.ja for s in KANSAI.sectors}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--before", type=Path, help="another checkout, measured alongside")
    before = parser.parse_args().before
    workdir = Path(tempfile.mkdtemp(prefix="kasegi-bench-"))
    boundaries = _boundaries(workdir)
    os.environ["BOUNDARIES_DIR"] = str(boundaries)
    # Leaflet for the baseline app, served from bench/static (content-addressed names).
    published = publish_files(None, REPO_ROOT / "bench" / "static")
    os.environ["BENCH_LEAFLET_JS"] = f"/app/static/{published['leaflet_js']}"
    os.environ["BENCH_LEAFLET_CSS"] = f"/app/static/{published['leaflet_css']}"
    results = {name: {"rerun_s": _server_rerun_times(script)} for name, script in APPS.items()}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        apps = [(name, script, None) for name, script in APPS.items()]
        if before is not None:  # its server rerun in AppTest would import our modules: none
            apps.append(("before", "app.py", before))
            results["before"] = {"rerun_s": []}
        for name, script, checkout in apps:
            env = {"BOUNDARIES_DIR": str(boundaries)}
            with running_streamlit(env, script, cwd=checkout) as (base, _):
                results[name].update(_browser_filter_changes(browser, base))
                results[name]["load_s"] = _page_loads(browser, base, ready=MARKERS_JS, expect=23)
                if name != "naive":  # it has no links: its plain page load is the baseline
                    query, ready = _shared_link()
                    results[name]["link_s"] = _page_loads(
                        browser, f"{base}/?{query}", ready=ready, expect=1
                    )
        with streamlit_server({}, "bench/empty_app.py") as base:
            empty = _page_loads(
                browser,
                base,
                ready="() => document.body.innerText.includes('empty page ready') ? 1 : 0",
                expect=1,
            )
        browser.close()
    _report(results, empty)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _boundaries(workdir: Path) -> Path:
    sources = resolve_sources([str(SHARED_BOUNDARIES)] if SHARED_BOUNDARIES.is_dir() else [])
    build_boundaries(fetch_sources(sources, workdir / "raw", progress=False), workdir)
    return workdir


def _server_rerun_times(script: str) -> list[float]:
    page = PAGE_SCRIPTS.get(script, script)
    at = AppTest.from_file(str(REPO_ROOT / page), default_timeout=120).run()
    times = []
    for i in range(REPEAT * 2):
        change = _sector_change(at, on=i % 2 == 0)
        start = time.perf_counter()
        change()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return times


def _sector_change(at: AppTest, *, on: bool) -> Callable[[], object]:
    """The run of ``SECTOR`` turned on or off: in our app's filter panel (what its script
    sends), an earlier checkout's checkbox, or the naive app's multiselect."""
    if has_panel(at):
        return lambda: send_filters(at, sectors=[SECTOR] if on else [])
    key = REGISTRY["sectors"].widget
    boxes = [b for b in at.checkbox if b.key == f"{key}__{SECTOR}"]  # an earlier checkout's
    if boxes:
        return boxes[0].set_value(on).run
    return at.multiselect(key=key).set_value([SECTOR] if on else []).run


def _browser_filter_changes(
    browser, base: str, frames: list[list] | None = None
) -> dict[str, list[float]]:
    """Select each sector in turn (a state the browser has not seen), then clear it again.

    Measured on the selection, in the page's clock from the click (``change_times.js``): time
    to the server's result count (Streamlit's round trip), time to the markers updating, and
    the bytes of WebSocket frames the browser received (each change's frames appended to
    ``frames`` when given: ``bench.run_bytes``).
    """
    page = offline_page(browser)
    received: list = []
    page.on(
        "websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(payload))
    )
    page.goto(base)
    page.wait_for_function(f"({MARKERS_JS})() === 23", timeout=90_000)
    _settled(page, 0)
    counts = _sector_counts()
    times, floors, sizes = [], [], []
    for slug, label in SECTOR_LABELS.items():
        received.clear()
        turn_on, turn_off = _sector_clicks(page, label)
        before = last_run(page)
        shown = f"() => ({MARKERS_JS})() === {counts[slug]}"
        # "3 / 23" is in "23 / 23": the whole number, in the server's text
        answered = f"() => /(^|[^0-9]){counts[slug]} \\/ 23 /.test({SERVER_TEXT_JS})"
        to_map, to_server = timed_change(page, turn_on, map_shows=shown, server_answered=answered)
        floors.append(to_server)
        times.append(to_map)
        _settled(page, before)  # the run has finished sending
        sizes.append(sum(len(payload) for payload in received))
        if frames is not None:
            frames.append(list(received))
        before = last_run(page)
        turn_off()
        page.wait_for_function(f"({MARKERS_JS})() === 23", timeout=60_000, polling=10)
        _settled(page, before)
    page.context.close()
    return {"update_s": times, "floor_s": floors, "bytes": sizes}


def _sector_clicks(page, label: str):
    """(the click that turns sector ``label`` on, the one that turns it off): our app's
    checkbox, or a multiselect's option (the naive app, an earlier checkout), its list
    opened before the timed click."""
    box = option_box(page, label)
    if box.count():
        option = box.locator("xpath=ancestor::label[1]")
        option.scroll_into_view_if_needed()  # the sidebar scrolls: the last ones are below
        option.hover()
        return option.click, option.click
    page.locator(".stMultiSelect").first.click()
    option = page.get_by_role("option").filter(has_text=label).first
    option.scroll_into_view_if_needed()  # the list scrolls: the last ones are below
    option.hover()

    def clear() -> None:
        page.locator("h1, [data-testid='stMarkdown']").first.click()
        page.locator(
            ".stMultiSelect [aria-label*='Clear'], .stMultiSelect [title='Clear all']"
        ).first.click()

    return option.click, clear


def _settled(page, before: int) -> None:
    """The change's run is over: a later run mark (our app), else Streamlit's script state
    (an app without the mark reruns once a change and its map reports nothing)."""
    if page.locator(RUN_MARK).count():
        wait_ready(page, after=before)
    else:
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")


def _sector_counts() -> dict[str, int]:
    projects = load_projects(paths.projects_csv(), KANSAI)
    return {slug: sum(slug in s for s in projects["sectors"]) for slug in SECTOR_LABELS}


def _shared_link() -> tuple[str, str]:
    """A shared link naming a sector and one of its projects, and the condition that its view
    is shown: the sector's markers on the map and the project's detail beside it."""
    projects = load_projects(paths.projects_csv(), KANSAI)
    rows = projects[[SECTOR in s for s in projects["sectors"]]]
    first = rows.iloc[0]
    heading = f"No.{int(first['no'])} "
    ready = (
        f"() => ({MARKERS_JS})() === {len(rows)}"
        " && (document.querySelector('.st-key-detail_panel')?.innerText ?? '')"
        f".includes({heading!r}) ? 1 : 0"
    )
    return f"sector={SECTOR}&p={first['id']}", ready


def _page_loads(browser, base: str, ready: str, expect: int) -> list[float]:
    times = []
    for _ in range(5):
        page = offline_page(browser)
        start = time.perf_counter()
        page.goto(base)
        page.wait_for_function(f"({ready})() === {expect}", timeout=90_000, polling=10)
        times.append(time.perf_counter() - start)
        page.context.close()
    return times


def _report(results: dict, empty: list[float]) -> None:
    med = statistics.median
    ours, naive = results["ours"], results["naive"]
    rows = [
        (
            "server rerun after a filter change, AppTest wall time (median)",
            f"{med(ours['rerun_s']) * 1000:.0f} ms",
            f"{med(naive['rerun_s']) * 1000:.0f} ms",
            f"{med(naive['rerun_s']) / med(ours['rerun_s']):.1f}×",
        ),
        (
            "bytes sent to the browser per filter change (median)",
            f"{med(ours['bytes']) / 1024:.1f} KB",
            f"{med(naive['bytes']) / 1024:.1f} KB",
            f"{med(naive['bytes']) / med(ours['bytes']):.1f}×",
        ),
        (
            "filter change → markers updated in Chromium (median)",
            f"{med(ours['update_s']) * 1000:.0f} ms",
            f"{med(naive['update_s']) * 1000:.0f} ms",
            f"{med(naive['update_s']) / med(ours['update_s']):.1f}×",
        ),
        (
            "filter change → the server's result count, Streamlit's round trip (median)",
            f"{med(ours['floor_s']) * 1000:.0f} ms",
            f"{med(naive['floor_s']) * 1000:.0f} ms",
            f"markers {med(ours['update_s']) / med(ours['floor_s']):.2f}× the round trip",
        ),
        (
            "page load → 23 markers visible (median)",
            f"{med(ours['load_s']) * 1000:.0f} ms",
            f"{med(naive['load_s']) * 1000:.0f} ms",
            f"{med(ours['load_s']) / med(empty):.2f}× empty page",
        ),
        (
            "shared link (sector and project) → its markers and detail shown (median)",
            f"{med(ours['link_s']) * 1000:.0f} ms",
            f"{med(naive['load_s']) * 1000:.0f} ms (23 markers)",
            f"{med(ours['link_s']) / med(empty):.2f}× empty page,"
            f" {med(ours['link_s']) / med(naive['load_s']):.2f}× naive",
        ),
    ]
    print(f"empty Streamlit page load (median of {len(empty)}): {med(empty) * 1000:.0f} ms")
    print(
        f"runs: {REPEAT * 2} AppTest reruns and {len(SECTOR_LABELS)} browser filter changes per app, 5 page loads each; python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    print("\n| measure | ours | naive | ratio |\n| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if "before" in results:
        before = results["before"]
        print("\n| measure (browser) | before | ours |\n| --- | --- | --- |")
        for key, label, unit in (
            ("bytes", "bytes per filter change (median)", 1 / 1024),
            ("update_s", "filter change → markers updated (median)", 1000),
            ("floor_s", "Streamlit's floor (median)", 1000),
            ("load_s", "page load → 23 markers (median)", 1000),
            ("link_s", "shared link → its markers and detail (median)", 1000),
        ):
            suffix = " KB" if key == "bytes" else " ms"
            print(
                f"| {label} | {med(before[key]) * unit:.1f}{suffix} | "
                f"{med(ours[key]) * unit:.1f}{suffix} |"
            )
    for name, values in results.items():  # every sample, for whoever checks the medians
        rounded = {k: [round(v, 4) for v in vals] for k, vals in values.items()}
        print(name, rounded, file=sys.stderr)


if __name__ == "__main__":
    with recorded(block_name("bench")):
        status = main()
    sys.exit(status)

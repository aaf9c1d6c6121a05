"""How the app grows from 23 to 10,000 projects: ``python -m bench.scale``.

Generated tables of 1,000, 5,000 and 10,000 firms (``devkit.tables``, built as
``python -m geo dataset`` builds a dataset) beside the Kansai table of 23, each served by a
real Streamlit server to Debian's Chromium with the network blocked, in one run:

- page load → markers (or clusters) drawn, median of 3 loads after a warm-up;
- filter change (a prefecture on, then off) → the map drawn with the new set, median, and
  → the server's run for it finished (Streamlit's round trip, the same clicks);
- bytes the browser received per filter change, median;
- server CPU per filter change (the server process's CPU time over the changes);
- server memory per session: RSS after 5 more open sessions, less RSS before, over 5;
- opening and matching an upload of that size (read the .xlsx, match, place, join).

With ``--before DIR`` (another checkout of the app, e.g. a ``git worktree`` of an earlier
commit), the same figures of that checkout are measured in the same run, size by size, and
the table gives both. Prints a table and writes ``docs/scale.png`` (docs/speed.md's chart).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.change_timing import timed_change
from bench.report import block_name, recorded
from bench.stream_session import cpu_seconds
from devkit.browser import launch_chromium, rss_mb, running_streamlit
from devkit.pages import LAST_RUN_JS, last_run, offline_page, option_box, wait_ready
from devkit.tables import firm_table, write_firm_dataset
from geo import paths
from geo.boundaries.built_layers import read_boundaries
from geo.intake.builder import build_dataset
from geo.intake.reader import read_table
from geo.intake.roles import guess_roles
from geo.paths import REPO_ROOT
from geo.table.prepare import prepare

SIZES = (23, 1000, 5000, 10000)
SHOWN = (
    "() => +(document.querySelector('[data-kasegi-map] .leaflet-container')?.dataset.shown ?? -1)"
)
CHART = REPO_ROOT / "docs" / "scale.png"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--before", type=Path, help="another checkout, measured alongside")
    args = parser.parse_args()
    boundaries_dir = paths.boundaries_dir()
    municipalities, prefectures, _ = read_boundaries(boundaries_dir)
    workdir = Path(tempfile.mkdtemp(prefix="kasegi-scale-"))
    results = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for size in args.sizes:
            if size == 23:
                dataset_dir = paths.dataset_dir()
            else:
                dataset_dir = write_firm_dataset(
                    workdir / f"n{size}", size, municipalities, prefectures
                )
            upload = _upload_seconds(size, municipalities, prefectures)
            for name, checkout in (("before", args.before), ("ours", REPO_ROOT)):
                if checkout is None:
                    continue
                figures = _browser_figures(browser, dataset_dir, boundaries_dir, checkout)
                results.setdefault(name, {})[size] = {**figures, "upload_s": upload}
                print(f"{name} {size:>6,} rows: {figures}", file=sys.stderr, flush=True)
        browser.close()
    for name, figures in results.items():
        print(f"\n{name}:\n")
        _report(figures)
    _chart(results)


def _browser_figures(browser, dataset_dir: Path, boundaries_dir: Path, checkout: Path) -> dict:
    env = {"DATASET_DIR": str(dataset_dir), "BOUNDARIES_DIR": str(boundaries_dir)}
    with running_streamlit(env, cwd=checkout) as (base, process):
        _load(browser, base)  # warm-up: the table is read and joined once per process
        loads = [_load(browser, base)[0] for _ in range(3)]
        idle = rss_mb(process.pid)
        pages = [_load(browser, base, keep=True)[1] for _ in range(5)]
        per_session = (rss_mb(process.pid) - idle) / 5
        started = cpu_seconds(process.pid)
        changes, round_trips, sizes = _filter_changes(pages[0])
        cpu = (cpu_seconds(process.pid) - started) / len(changes)
        for page in pages:
            page.context.close()
    return {
        "load_s": statistics.median(loads),
        "change_s": statistics.median(changes),
        "server_s": statistics.median(round_trips),
        "change_kb": statistics.median(sizes) / 1e3,
        "change_cpu_ms": cpu * 1000,
        "session_mb": per_session,
    }


def _load(browser, base: str, *, keep: bool = False):
    page = offline_page(browser)
    started = time.perf_counter()
    page.goto(base)
    page.wait_for_function(f"({SHOWN})() > 0", timeout=180_000, polling=20)
    seconds = time.perf_counter() - started
    if not keep:
        page.context.close()
    return seconds, page


def _filter_changes(page) -> tuple[list[float], list[float], list[int]]:
    """Each change's seconds to the map drawn and to the server's run finished, its bytes."""
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(len(p))))
    page.reload()
    page.wait_for_function(f"({SHOWN})() > 0", timeout=180_000, polling=20)
    wait_ready(page)
    total = page.evaluate(f"({SHOWN})()")
    times, round_trips, sizes = [], [], []
    for prefecture in ("大阪府", "兵庫県", "京都府"):
        option = option_box(page, prefecture).locator("xpath=ancestor::label[1]")
        for clear in (False, True):
            received.clear()
            before = last_run(page)
            shown = (
                f"({SHOWN})() === {total}" if clear else f"({SHOWN})() > 0 && ({SHOWN})() < {total}"
            )
            to_map, to_server = timed_change(
                page,
                option.click,  # on, then off again
                map_shows=f"() => {shown}",
                server_answered=f"() => ({LAST_RUN_JS})() > {before}",
            )
            times.append(to_map)
            round_trips.append(to_server)
            wait_ready(page, after=before)  # the run's last messages
            sizes.append(sum(received))
    return times, round_trips, sizes


def _upload_seconds(size: int, municipalities, prefectures) -> float:
    data = firm_table(municipalities, size, seed=3).xlsx()
    times = []
    for _ in range(3):
        started = time.perf_counter()
        table = read_table(data, "firms.xlsx")
        build = build_dataset(table, guess_roles(table.columns), municipalities, prefectures)
        prepare(build.projects, municipalities, prefectures)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _report(results: dict[int, dict]) -> None:
    reference = results.get(23, {})
    print(
        "| rows | page load | × 23-row load | filter change | × 23-row change "
        "| the server's run | change ÷ run | bytes per change "
        "| server CPU per change | memory per session | upload: open and match |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, f in results.items():
        load = f"{f['load_s'] / reference['load_s']:.2f}×" if reference else ""
        change = f"{f['change_s'] / reference['change_s']:.2f}×" if reference else ""
        print(
            f"| {size:,} | {f['load_s']:.2f} s | {load} | {f['change_s']:.2f} s | {change} | "
            f"{f['server_s']:.2f} s | {f['change_s'] / f['server_s']:.2f}× | "
            f"{f['change_kb']:.1f} KB | {f['change_cpu_ms']:.0f} ms | {f['session_mb']:.1f} MB | "
            f"{f['upload_s']:.2f} s |"
        )


def _chart(results: dict[str, dict[int, dict]]) -> None:
    """One panel per figure, a line per checkout (ours solid, the one before dashed)."""
    import matplotlib

    matplotlib.use("agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, 2.6), dpi=120)
    panels = (
        ("load_s", "page load (s)"),
        ("change_s", "filter change (s)"),
        ("change_kb", "KB per change"),
        ("upload_s", "upload: open + match (s)"),
    )
    for k, (key, label) in enumerate(panels):
        axes = figure.add_subplot(1, len(panels), k + 1)
        axes.set_xscale("log")  # before the ticks, which it would replace
        for name, figures in results.items():
            sizes = list(figures)
            axes.plot(
                sizes,
                [figures[s][key] for s in sizes],
                marker="o",
                color="#332288" if name == "ours" else "#999933",
                linestyle="-" if name == "ours" else "--",
                label=name,
            )
            axes.set_xticks(sizes, [f"{s:,}" for s in sizes], rotation=45)
        axes.set_title(label, fontsize=8)
        axes.tick_params(labelsize=7)
        axes.set_ylim(bottom=0)
        if k == 0 and len(results) > 1:
            axes.legend(fontsize=6)
    figure.tight_layout()
    CHART.parent.mkdir(exist_ok=True)
    figure.savefig(CHART)
    print(f"\nwrote {CHART}", file=sys.stderr)


if __name__ == "__main__":
    with recorded(block_name("bench.scale")):
        main()

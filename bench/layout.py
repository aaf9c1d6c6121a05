"""The map-first layout, measured: ``python -m bench.layout [--repo DIR]``.

Opens the app's first view (``/``, Japanese, sidebar open) in Debian's Chromium at the four
window sizes of the layout issue and prints, for each, the map frame (size and place), its
share of the window, how much of the map the 23 projects span, and whether the map's bottom
edge and the whole legend are inside the window. ``--repo`` measures another checkout (an
older version: the "before" column) with this machine's boundaries.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from devkit.browser import launch_chromium, running_streamlit
from devkit.layout import measure
from devkit.pages import offline_page, open_map
from geo import paths

SIZES = ((1280, 720), (1400, 900), (1920, 1080), (1024, 768))


def measure_sizes(base: str, browser, shots: Path | None = None) -> list[dict]:
    rows = []
    for width, height in SIZES:
        page = offline_page(browser, viewport={"width": width, "height": height})
        frame = open_map(page, base, markers=23)
        figures = measure(page, frame)
        figures["size"] = (width, height)
        if shots is not None:
            page.screenshot(path=str(shots / f"layout-{width}x{height}.png"))
        page.context.close()
        rows.append(figures)
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| window | map frame | share of the window | 23 projects span (of the map) "
        "| map bottom and legend visible |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for f in rows:
        box = f["box"]
        lines.append(
            f"| {f['size'][0]} × {f['size'][1]} | {box['width']:.0f} × {box['height']:.0f} at "
            f"y = {box['y']:.0f} | {f['share']:.0%} | {f['span']:.0%} | "
            f"{'yes' if f['bottom_and_legend_visible'] else 'no'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.layout", description=__doc__)
    parser.add_argument("--repo", type=Path, default=None, help="another checkout to measure")
    parser.add_argument("--shots", type=Path, default=None, help="save a screenshot per size")
    args = parser.parse_args()
    env = {"BOUNDARIES_DIR": str(paths.boundaries_dir())}
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    with running_streamlit(env, cwd=args.repo) as (base, _), sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        rows = measure_sizes(base, browser, args.shots)
        browser.close()
    print(table(rows))


if __name__ == "__main__":
    main()

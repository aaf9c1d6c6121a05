"""The printable map's speed: ``python -m bench.printing``.

Times ``geo.output.printing.print_map`` for the 23 projects on A4 (PDF, PNG at 300 dpi, SVG), warm
(fonts loaded once per process, as in the app), the median of five runs, beside a naive
baseline in the same run: matplotlib's defaults for the PDF fonts (``ps.fonttype`` 3 splits
the glyphs every 256 characters into another subset of the whole CJK font, and text without a
language shapes digits two ways), which is what a first version would use.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import geo.output.printing
from bench.report import block_name, recorded
from geo import paths
from geo.boundaries.built_layers import read_boundaries
from geo.dataset import load_dataset
from geo.output.printing import PrintView, print_map
from geo.projects import load_projects
from geo.table.prepare import prepare

RUNS = 5


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.printing", description=__doc__)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    dataset = load_dataset(paths.dataset_dir())
    municipalities, prefectures, meta = read_boundaries(paths.boundaries_dir())
    table = prepare(load_projects(paths.projects_csv(), dataset), municipalities, prefectures)

    def make(fmt: str) -> Callable[[], bytes]:
        return lambda: print_map(
            table,
            dataset=dataset,
            municipalities=municipalities,
            prefectures=prefectures,
            view=PrintView(link="http://localhost:8501/?lang=ja"),
            fmt=fmt,
            as_of=meta.get("as_of"),
        )

    started = time.perf_counter()
    make("pdf")()
    print(
        f"first document in a fresh process (fonts loaded): {time.perf_counter() - started:.2f} s"
    )
    print(f"\n| A4, 23 projects, median of {args.runs} | ours | naive | size |")
    print("| --- | ---: | ---: | ---: |")
    for fmt in ("pdf", "png", "svg"):
        ours, size = _median(make(fmt), args.runs)
        naive, _ = _median(_naive(make(fmt)), args.runs)
        print(f"| {fmt.upper()} | {ours:.2f} s | {naive:.2f} s | {size / 1e3:.0f} kB |")


def _median(run: Callable[[], bytes], runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(run())
        times.append(time.perf_counter() - started)
    return statistics.median(times), size


def _naive(run: Callable[[], bytes]) -> Callable[[], bytes]:
    """``run`` with matplotlib's default font subsetting and text shaping."""
    original = geo.output.printing.pyplot

    def defaults():
        plt = original()
        plt.rcParams.update({"ps.fonttype": 3, "text.language": None})
        return plt

    def wrapped() -> bytes:
        geo.output.printing.pyplot = defaults
        try:
            return run()
        finally:
            geo.output.printing.pyplot = original

    return wrapped


if __name__ == "__main__":
    with recorded(block_name("bench.printing")):
        main()

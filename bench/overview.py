"""The overview's cost at 5,000 rows: ``python -m bench.overview``.

For a filter on each sector in turn (and none): server time per rerun with the overview
collapsed (its default: nothing is computed) and open (aggregates, specs and tables built, and
serialised as Streamlit serialises a chart: its data as Arrow, its spec as JSON), and the
bytes the open charts carry. Naive baseline in the same run: the same heatmap and bars fed one
row per project and sector, aggregated by Vega in the browser (what an Altair chart over the
table would send).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from bench.report import block_name, recorded
from devkit.tables import write_firm_dataset
from geo import paths
from geo.boundaries.built_layers import read_boundaries
from geo.dataset import load_dataset
from geo.projects import load_projects
from geo.table.filters import Filters, filter_projects
from geo.table.prepare import prepare


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.overview", description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    from components.ui.overview_panel import numbers_table, overview_charts, render_overview

    municipalities, prefectures, _ = read_boundaries(paths.boundaries_dir())
    with tempfile.TemporaryDirectory() as folder:
        directory = write_firm_dataset(
            Path(folder) / "firms", args.rows, municipalities, prefectures
        )
        dataset = load_dataset(directory)
        table = prepare(
            load_projects(directory / "projects.csv", dataset), municipalities, prefectures
        )
    rows: dict[str, dict[str, list[float]]] = {
        name: {"ms": [], "bytes": []}
        for name in ("collapsed", "open: charts", "open: tables", "naive")
    }
    for sector in [None, *(s.slug for s in dataset.sectors)]:
        filters = Filters(sectors=frozenset({sector} if sector else ()))
        shown = filter_projects(table, filters)
        started = time.perf_counter()
        render_overview(shown, filters, dataset, "ja")  # bare mode: the expander reports no state
        rows["collapsed"]["ms"].append((time.perf_counter() - started) * 1000)
        rows["collapsed"]["bytes"].append(0)
        for shown_as, send in (
            ("open: charts", lambda chart: _sent_bytes(chart.data, chart.spec)),
            (
                "open: tables",
                lambda chart: len(convert_anything_to_arrow_bytes(numbers_table(chart, "ja"))),
            ),
        ):
            started = time.perf_counter()
            sent = sum(send(chart) for chart in overview_charts(shown, dataset, "ja"))  # noqa: B023
            rows[shown_as]["ms"].append((time.perf_counter() - started) * 1000)
            rows[shown_as]["bytes"].append(sent)
        specs = [chart.spec for chart in overview_charts(shown, dataset, "ja")]
        started = time.perf_counter()
        naive = _naive_rows(shown)
        sent = sum(_sent_bytes(naive, spec) for spec in specs)
        rows["naive"]["ms"].append((time.perf_counter() - started) * 1000)
        rows["naive"]["bytes"].append(sent)
    _report_counts(table, dataset)
    print(
        f"overview at {len(table):,} rows, a filter on each of {len(dataset.sectors)} sectors "
        "and none (median):"
    )
    print("\n| overview | server time per rerun | bytes per filter change |")
    print("| --- | ---: | ---: |")
    for name, figures in rows.items():
        print(
            f"| {name} | {statistics.median(figures['ms']):.1f} ms | "
            f"{statistics.median(figures['bytes']) / 1000:.1f} KB |"
        )


def _report_counts(table: pd.DataFrame, dataset) -> None:
    """The count colouring's share of the layer (both levels' areas and legends), per filter."""
    from components.map.areas import count_levels

    times, sizes = [], []
    for sector in [None, *(s.slug for s in dataset.sectors)]:
        shown = filter_projects(table, Filters(sectors=frozenset({sector} if sector else ())))
        started = time.perf_counter()
        levels = count_levels(shown, "ja")
        times.append((time.perf_counter() - started) * 1000)
        sizes.append(len(json.dumps(levels, ensure_ascii=False).encode()))
    print(
        f"count colouring at {len(table):,} rows (median over the same filters): "
        f"{statistics.median(times):.1f} ms to build, {statistics.median(sizes) / 1000:.1f} KB "
        "in the layer"
    )


def _naive_rows(shown: pd.DataFrame) -> pd.DataFrame:
    """One row per project and sector, for Vega to count: the rows travel, not the counts."""
    pairs = [
        (pid, sector, prefecture, round_no)
        for pid, sectors, prefecture, round_no in zip(
            shown["id"], shown["sectors"], shown["prefecture_code"], shown["round"], strict=True
        )
        for sector in sectors
    ]
    return pd.DataFrame(pairs, columns=["id", "sectors", "prefectures", "rounds"])


def _sent_bytes(data: pd.DataFrame, spec: dict) -> int:
    """What Streamlit sends for a chart: its data as Arrow bytes and its spec as JSON."""
    return len(convert_anything_to_arrow_bytes(data)) + len(json.dumps(spec))


if __name__ == "__main__":
    with recorded(block_name("bench.overview")):
        main()

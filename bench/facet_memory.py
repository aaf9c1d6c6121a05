"""Memory of one run's filtering over a table whose facet has a value per row:
``python -m bench.facet_memory``.

Each run of the page filters the table and counts every facet's values. Ours
(``geo.table.filters.FacetIndex``) keeps (project, value) pairs; the naive baseline — what
the app did before — keeps a values × rows boolean matrix and multiplies it as 64-bit
integers. Peak memory (``tracemalloc``) of one run's work, at 2,000 – 20,000 rows with one
sector per row; the naive baseline stops at 6,000 rows (3 GiB a run at 20,000). An upload
of such a table is refused anyway (``geo.intake.limits.MAX_FACET_VALUES``); a dataset folder
is not, and its index must stay linear.
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
import pandas as pd

from bench.report import block_name, recorded
from geo.fields import REGISTRY
from geo.table.filters import Filters, facet_index

ROWS = (2_000, 6_000, 20_000)
NAIVE_ROWS = (2_000, 6_000)


def distinct_table(rows: int) -> pd.DataFrame:
    """``rows`` projects, each of a sector of its own, in 7 prefectures and 5 rounds."""
    return pd.DataFrame(
        {
            "sectors": [[f"s{n}"] for n in range(rows)],
            "prefecture_code": [f"{25 + n % 7:02d}" for n in range(rows)],
            "round": [1 + n % 5 for n in range(rows)],
            "search_text": ["" for _ in range(rows)],
        }
    )


def one_run(index, filters: Filters) -> None:
    """What a rerun asks of the index: the shown rows and each facet's counts."""
    index.match(filters)
    for field in REGISTRY.facets:
        index.counts(filters, field.name)


def naive_index(table: pd.DataFrame) -> dict[str, tuple[dict, np.ndarray]]:
    """The baseline's index, built once per table: per facet, value → row of a values × rows
    boolean matrix (held: values × rows bytes)."""
    index = {}
    for field in REGISTRY.facets:
        cells = table[field.column].tolist()
        values = list(dict.fromkeys(v for c in cells for v in (c if field.multi else [c])))
        row_of = {v: k for k, v in enumerate(values)}
        matrix = np.zeros((len(values), len(cells)), dtype=bool)
        for j, cell in enumerate(cells):
            for v in cell if field.multi else [cell]:
                matrix[row_of[v], j] = True
        index[field.name] = (row_of, matrix)
    return index


def naive_run(index: dict[str, tuple[dict, np.ndarray]], filters: Filters) -> None:
    """The baseline's run: each facet's counts a matrix-vector product in 64-bit integers."""
    size = next(iter(index.values()))[1].shape[1]
    masks = {}
    for name, (row_of, matrix) in index.items():
        chosen = [row_of[v] for v in filters.chosen(name) if v in row_of]
        masks[name] = matrix[chosen].any(axis=0) if filters.chosen(name) else np.ones(size, bool)
    for name, (_, matrix) in index.items():
        others = np.logical_and.reduce([m for n, m in masks.items() if n != name])
        _ = matrix @ others.astype(np.int64)


def peak_mb(work) -> tuple[float, float]:
    """(peak MB allocated during ``work()``, seconds)."""
    tracemalloc.start()
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20, elapsed


def main() -> None:
    filters = Filters(prefectures={"27"})
    print(
        "| rows (one sector each) | ours: MB a run | ours: s a run | naive: MB a run | naive: s a run |"
    )
    print("|---|---|---|---|---|")
    for rows in ROWS:
        table = distinct_table(rows)
        index = facet_index(table)
        ours = peak_mb(lambda: one_run(index, filters))  # noqa: B023 (called at once)
        naive = None
        if rows in NAIVE_ROWS:
            held = naive_index(table)
            naive = peak_mb(lambda: naive_run(held, filters))  # noqa: B023 (called at once)
        naive_text = f"{naive[0]:,.1f} | {naive[1]:.2f}" if naive else "– (not run) | –"
        print(f"| {rows:,} | {ours[0]:,.2f} | {ours[1]:.3f} | {naive_text} |")


if __name__ == "__main__":
    with recorded(block_name("bench.facet_memory")):
        main()

"""The programme at a glance: counts of the shown projects by sector × prefecture and by round.

Aggregates only (a few dozen numbers, whatever the table's size): the overview charts send
these, never rows. A project of several sectors is counted once in each of its sectors, so the
matrix can add up to more than the number of projects; ``multi_sector`` says by how much.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

# Column names are the filter facets they set when a cell or bar is clicked.
MATRIX_COLUMNS = ("sectors", "prefectures", "count")
ROUND_COLUMNS = ("rounds", "count")


def sector_prefecture_counts(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per (sector, prefecture) with at least one project, sorted by both."""
    pairs = Counter(
        (sector, prefecture)
        for sectors, prefecture in zip(
            projects["sectors"].tolist(), projects["prefecture_code"].tolist(), strict=True
        )
        for sector in set(sectors)  # a sector named twice counts once
    )
    keys = sorted(pairs)
    return pd.DataFrame(
        {
            "sectors": [sector for sector, _ in keys],
            "prefectures": [prefecture for _, prefecture in keys],
            "count": [pairs[key] for key in keys],
        },
        columns=list(MATRIX_COLUMNS),
    ).astype({"count": int})


def round_counts(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per round with at least one project, in round order."""
    counts = projects["round"].value_counts().sort_index()
    return pd.DataFrame({"rounds": counts.index.astype(int), "count": counts.to_numpy()})


def multi_sector(projects: pd.DataFrame) -> int:
    """How many projects the matrix counts more than once (they have several sectors)."""
    return sum(len(set(sectors)) > 1 for sectors in projects["sectors"].tolist())

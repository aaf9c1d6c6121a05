"""Filtering the project table: facets (sector, prefecture, round) and a folded keyword search."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# Katakana ァ (U+30A1) … ヶ (U+30F6) map to hiragana by a fixed offset.
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
SEARCH_COLUMNS: tuple[str, ...] = (
    "name_ja",
    "name_en",
    "summary_ja",
    "summary_en",
    "lead",
    "lead_en",
    "area_label",
    "area_label_en",
    "applicant",
)


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects; empty facets mean "all"."""

    sectors: frozenset[str] = field(default_factory=frozenset)
    prefectures: frozenset[str] = field(default_factory=frozenset)
    rounds: frozenset[int] = field(default_factory=frozenset)
    keyword: str = ""

    @property
    def active(self) -> bool:
        return bool(self.sectors or self.prefectures or self.rounds or self.keyword.strip())


def fold_text(text: str) -> str:
    """Normalise for matching: NFKC (full-width → ASCII), casefold, katakana → hiragana.

    So 「ＩＰＳ」 finds 「iPS」 and 「カバン」 finds 「かばん」.
    """
    return unicodedata.normalize("NFKC", text).casefold().translate(_KATAKANA_TO_HIRAGANA)


def search_text(projects: pd.DataFrame) -> pd.Series:
    """One folded string per project over every searchable column (computed once)."""
    present = [c for c in SEARCH_COLUMNS if c in projects.columns]
    columns = [projects[c].fillna("").astype(str).tolist() for c in present]
    joined = ["\n".join(cells) for cells in zip(*columns, strict=True)]
    return pd.Series([fold_text(text) for text in joined], index=projects.index, dtype=object)


def filter_projects(
    projects: pd.DataFrame, filters: Filters, index: FacetIndex | None = None
) -> pd.DataFrame:
    """Projects matching every active facet (any of its values) and every keyword term.
    ``index``: the table's ``facet_index``, when it has one (the app builds it once)."""
    return projects[(index or facet_index(projects)).match(filters)]


# facet → the column it reads; "sectors" holds several values per project.
FACET_COLUMNS: dict[str, str] = {
    "sectors": "sectors",
    "prefectures": "prefecture_code",
    "rounds": "round",
}


@dataclass(frozen=True, eq=False)
class FacetIndex:
    """A table's facets as boolean columns, built once per table (``facet_index``): a filter
    and each facet's counts are then a few vectorised operations over all rows, not a pass
    over row objects. ``matrix[facet]`` has a row per value: does each project have it?"""

    size: int
    values: dict[str, tuple]  # facet → its values, in the order of ``matrix``'s rows
    matrix: dict[str, np.ndarray]  # facet → bool (values × projects)
    haystack: pd.Series  # ``search_text``, numbered from 0

    def match(self, filters: Filters) -> np.ndarray:
        """Which projects match every active facet and every keyword term."""
        return self._mask(filters, skip=None)

    def counts(self, filters: Filters, facet: str) -> dict:
        """For each value of ``facet`` with any, how many projects have it under the other
        filters: one matrix-vector product."""
        totals = self.matrix[facet] @ self._mask(filters, skip=facet).astype(np.int64)
        return {v: int(n) for v, n in zip(self.values[facet], totals, strict=True) if n}

    def _mask(self, filters: Filters, skip: str | None) -> np.ndarray:
        mask = np.ones(self.size, dtype=bool)
        for facet in FACET_COLUMNS:
            chosen = getattr(filters, facet)
            if facet == skip or not chosen:
                continue
            rows = [k for k, value in enumerate(self.values[facet]) if value in chosen]
            mask &= self.matrix[facet][rows].any(axis=0)  # no rows: nothing matches
        for term in fold_text(filters.keyword).split():
            mask &= self.haystack.str.contains(term, regex=False).to_numpy(dtype=bool)
        return mask


def facet_index(projects: pd.DataFrame) -> FacetIndex:
    """The ``FacetIndex`` of ``projects`` (``prepare``'s or ``load_projects``' columns)."""
    values: dict[str, tuple] = {}
    matrix: dict[str, np.ndarray] = {}
    for facet, column in FACET_COLUMNS.items():
        cells = projects[column].tolist()
        if facet == "sectors":
            found = tuple(dict.fromkeys(v for cell in cells for v in cell))
            row_of = {v: k for k, v in enumerate(found)}
            rows = np.zeros((len(found), len(cells)), dtype=bool)
            for j, cell in enumerate(cells):
                rows[[row_of[v] for v in cell], j] = True
        else:
            found = tuple(v for v in dict.fromkeys(cells) if not pd.isna(v))
            row_of = {v: k for k, v in enumerate(found)}
            codes = np.fromiter((row_of.get(v, -1) for v in cells), np.int64, len(cells))
            rows = np.arange(len(found))[:, None] == codes[None, :]
        values[facet], matrix[facet] = found, rows
    haystack = projects["search_text"] if "search_text" in projects else search_text(projects)
    return FacetIndex(len(projects), values, matrix, haystack.reset_index(drop=True))

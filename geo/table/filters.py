"""Filtering the project table: facets (sector, prefecture, round) and a folded keyword search."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.fields import REGISTRY

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


class Filters:
    """What the filters select: each facet's chosen values (none chosen: all) and a keyword.
    Its facets are the registry's (``geo.fields``): ``filters.sectors``, ``filters.chosen(f)``."""

    __slots__ = ("_chosen", "keyword")

    def __init__(self, *, keyword: str = "", **chosen: Iterable) -> None:
        names = REGISTRY.facet_names
        unknown = sorted(set(chosen) - set(names))
        if unknown:
            raise TypeError(f"no facet named {unknown[0]!r} (known: {', '.join(names)})")
        values = tuple((name, frozenset(chosen.get(name, ()))) for name in names)
        object.__setattr__(self, "_chosen", values)
        object.__setattr__(self, "keyword", keyword)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Filters are immutable")

    def __getattr__(self, name: str) -> frozenset:
        for facet, values in object.__getattribute__(self, "_chosen"):
            if facet == name:
                return values
        raise AttributeError(name)

    def chosen(self, facet: str) -> frozenset:
        """The values chosen for ``facet`` (a facet this object predates: none)."""
        return next((values for name, values in self._chosen if name == facet), frozenset())

    def items(self) -> tuple[tuple[str, frozenset], ...]:
        return self._chosen

    @property
    def active(self) -> bool:
        return any(values for _, values in self._chosen) or bool(self.keyword.strip())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Filters):
            return NotImplemented
        return (self._chosen, self.keyword) == (other._chosen, other.keyword)

    def __hash__(self) -> int:
        return hash((self._chosen, self.keyword))

    def __reduce__(self) -> tuple:
        """Pickled by its values (a print or an upload runs in a worker process)."""
        return (_filters_of, (self.keyword, self._chosen))

    def __repr__(self) -> str:
        chosen = ", ".join(f"{n}={sorted(v, key=str)}" for n, v in self._chosen if v)
        keyword = f", keyword={self.keyword!r}" if self.keyword else ""
        return f"Filters({chosen}{keyword})"


def _filters_of(keyword: str, chosen: tuple[tuple[str, frozenset], ...]) -> Filters:
    return Filters(keyword=keyword, **dict(chosen))


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
        for facet in self.values:
            chosen = filters.chosen(facet)
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
    for field in REGISTRY.facets:
        facet, cells = field.name, projects[field.column].tolist()
        if field.multi:
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

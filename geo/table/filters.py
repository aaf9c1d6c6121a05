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
class FacetEntries:
    """One facet of a table as its (project, value) pairs: ``rows[k]`` has ``values[codes[k]]``.
    Memory is linear in the table whatever the number of values (a values × rows matrix
    grows with their product: 20,000 rows of one value each would be 400 million cells)."""

    values: tuple
    codes: np.ndarray  # int32, one per pair
    rows: np.ndarray  # int32, one per pair


@dataclass(frozen=True, eq=False)
class FacetIndex:
    """A table's facets as (project, value) pairs, built once per table (``facet_index``): a
    filter and each facet's counts are then a few vectorised operations over those pairs, not
    a pass over row objects."""

    size: int
    facets: dict[str, FacetEntries]
    haystack: pd.Series  # ``search_text``, numbered from 0

    @property
    def values(self) -> dict[str, tuple]:
        """Each facet's values, in their first appearance's order."""
        return {name: entries.values for name, entries in self.facets.items()}

    def match(self, filters: Filters) -> np.ndarray:
        """Which projects match every active facet and every keyword term."""
        return self._mask(filters, skip=None)

    def counts(self, filters: Filters, facet: str) -> dict:
        """For each value of ``facet`` with any, how many projects have it under the other
        filters: one count over the pairs of the matching projects."""
        entries = self.facets[facet]
        shown = self._mask(filters, skip=facet)[entries.rows]
        totals = np.bincount(entries.codes[shown], minlength=len(entries.values))
        return {v: int(n) for v, n in zip(entries.values, totals, strict=True) if n}

    def _mask(self, filters: Filters, skip: str | None) -> np.ndarray:
        mask = np.ones(self.size, dtype=bool)
        for facet, entries in self.facets.items():
            chosen = filters.chosen(facet)
            if facet == skip or not chosen:
                continue
            wanted = [k for k, value in enumerate(entries.values) if value in chosen]
            having = np.zeros(self.size, dtype=bool)  # no value known: nothing matches
            having[entries.rows[np.isin(entries.codes, wanted)]] = True
            mask &= having
        for term in fold_text(filters.keyword).split():
            mask &= self.haystack.str.contains(term, regex=False).to_numpy(dtype=bool)
        return mask


def facet_index(projects: pd.DataFrame) -> FacetIndex:
    """The ``FacetIndex`` of ``projects`` (``prepare``'s or ``load_projects``' columns)."""
    facets: dict[str, FacetEntries] = {}
    for field in REGISTRY.facets:
        cells = projects[field.column].tolist()
        if field.multi:
            pairs = [(j, v) for j, cell in enumerate(cells) for v in cell]
        else:
            pairs = [(j, v) for j, v in enumerate(cells) if not pd.isna(v)]
        found = tuple(dict.fromkeys(v for _, v in pairs))
        code_of = {v: k for k, v in enumerate(found)}
        rows = np.fromiter((j for j, _ in pairs), np.int32, len(pairs))
        codes = np.fromiter((code_of[v] for _, v in pairs), np.int32, len(pairs))
        facets[field.name] = FacetEntries(found, codes, rows)
    haystack = projects["search_text"] if "search_text" in projects else search_text(projects)
    return FacetIndex(len(projects), facets, haystack.reset_index(drop=True))
